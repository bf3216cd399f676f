"""Both engines on one synthetic portfolio of N entries: do the two sites show the same?

    python benchmarks/parity.py 1000            # about a minute and ~1 GiB for Zensical

Generates N entries (generate.py) plus one private and one draft entry carrying
canaries, builds with `--engine mkdocs` and `--engine zensical`, parses both sites
and compares page titles, matrix cells, evidence links, timeline chapters and tags
(tests/paritykit.py, the comparison tests/test_engine_parity.py runs at 150 entries),
and looks for the canaries in every output byte. Exit 0 when the sites agree.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from generate import generate  # noqa: E402
from paritykit import canaries_in_tree, differences, site_facts  # noqa: E402

BIN = Path(sys.executable).parent
PORTFOLIO = [str(BIN / "portfolio")] if (BIN / "portfolio").exists() else [sys.executable, "-m", "portfolio"]
PRIVATE, DRAFT = "zqxbenchprivate", "zqxbenchdraft"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--work", type=Path, help="where to generate the portfolio (default: a temporary folder)")
    args = parser.parse_args()
    root = generate(args.n, args.work or Path(tempfile.mkdtemp(prefix="portfolio-parity-")))
    secret = "---\ntitle: {title}\ndate: 2020-02-02\n{flag}: true\ntags: [{canary}]\nskills: {{debugging: expert}}\n---\n\nBody {canary}.\n"
    (root / "content" / "posts" / f"2020-02-02-{PRIVATE}.md").write_text(secret.format(title=PRIVATE, flag="private", canary=PRIVATE))
    (root / "content" / "posts" / f"2020-02-03-{DRAFT}.md").write_text(secret.format(title=DRAFT, flag="draft", canary=DRAFT))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    facts = {}
    for engine in ("mkdocs", "zensical"):
        start = time.perf_counter()
        done = subprocess.run(
            [*PORTFOLIO, "build", "--strict", "--engine", engine, "-d", f"site-{engine}"], cwd=root, env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise SystemExit(f"build --engine {engine} failed:\n{done.stderr}")
        print(f"built with {engine} in {time.perf_counter() - start:.1f} s", flush=True)
        facts[engine] = site_facts(root / f"site-{engine}")
        leaked = canaries_in_tree(root / f"site-{engine}", [PRIVATE, DRAFT])
        if leaked:
            raise SystemExit(f"{engine}: private or draft content published: {leaked[:5]}")
    found = differences(facts["mkdocs"], facts["zensical"])
    counts = {key: len(value) for key, value in facts["mkdocs"].items()}
    print(f"compared at {args.n} entries: {counts}")
    if found:
        print("\n".join(found[:50]))
        raise SystemExit(f"{len(found)} differences between the engines' sites")
    print("the two sites agree: titles, matrix cells, evidence links, timeline chapters and tags; no private or draft byte in either")


if __name__ == "__main__":
    main()

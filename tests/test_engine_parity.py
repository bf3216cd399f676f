"""The same portfolio on both engines: `build --engine zensical` shows what `build` (MkDocs) shows.

For the example portfolio and a synthetic one of 150 entries (benchmarks/generate.py,
plus a private and a draft entry carrying canaries), each site is parsed and its
page titles, matrix cells, evidence links, timeline chapters and tags are compared;
links by the page they lead to. Neither site holds a private or draft byte.
The same comparison at 1,000 entries is `python benchmarks/parity.py 1000`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from paritykit import canaries_in_tree, differences, site_facts
from sitekit import copy_example, entry, require_engine, run, write_tree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate

pytestmark = pytest.mark.slow  # builds four sites, one of 150 entries, on both engines

PRIVATE, DRAFT = "zqxparityprivate", "zqxparitydraft"


def _build_both(root: Path) -> dict[str, Path]:
    sites = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        for engine in ("mkdocs", "zensical"):
            require_engine(engine)
            result = run(["build", "--strict", "--engine", engine, "-d", f"site-{engine}"])
            assert result.exit_code == 0, result.output
            sites[engine] = root / f"site-{engine}"
    return sites


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _build_both(copy_example(tmp_path_factory.mktemp("parity-example")))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = generate(150, tmp_path_factory.mktemp("parity-150"))
    write_tree(
        root,
        {
            f"content/posts/2020-02-02-{PRIVATE}.md": entry(
                f"Private {PRIVATE}", "2020-02-02", f"Body {PRIVATE}", private=True, tags=[PRIVATE], skills={"debugging": "expert"}
            ),
            f"content/decisions/2020-02-03-{DRAFT}.md": entry(
                f"Draft {DRAFT}", "2020-02-03", f"Body {DRAFT}", draft=True, tags=[DRAFT], status="proposed", highlight=True
            ),
        },
    )
    return _build_both(root)


def test_the_example_shows_the_same_on_both_engines(example: dict[str, Path]) -> None:
    mkdocs, zensical = site_facts(example["mkdocs"]), site_facts(example["zensical"])
    assert len(mkdocs["titles"]) > 25 and sum(len(cells) for cells in mkdocs["matrix"].values()) > 0
    assert differences(mkdocs, zensical) == []


def test_a_150_entry_portfolio_shows_the_same_on_both_engines(synthetic: dict[str, Path]) -> None:
    mkdocs, zensical = site_facts(synthetic["mkdocs"]), site_facts(synthetic["zensical"])
    generated = ("decisions/graph/", "decisions/review/")  # pages of the site, not entries
    entries = [url for url in mkdocs["titles"] if url.count("/") == 2 and not url.startswith("skills/") and url not in generated]
    assert len(entries) == 150  # the private and the draft entry are not published
    assert len(mkdocs["chapters"]) == 5 and mkdocs["tags"]
    assert differences(mkdocs, zensical) == []


def test_neither_engine_publishes_a_private_or_draft_byte(example: dict[str, Path], synthetic: dict[str, Path]) -> None:
    for sites in (example, synthetic):
        for site in sites.values():
            assert canaries_in_tree(site, [PRIVATE, DRAFT]) == []
    # The example's own draft and private entries are not published either.
    for site in example.values():
        assert not (site / "posts" / "future-times-are-not-instants").exists()
        assert not (site / "postmortems" / "declined-reminders-rewrite-lead").exists()

"""Property: a file under content/ reaches an output only when it is known to be public.

Hypothesis draws portfolios whose content folder holds files of every kind
(extensions, hidden and backup names, symbolic links in and out, git-ignored
ones, Markdown under every extension, in every folder), each with a canary of
its own in its bytes and linked from a public page, from a private entry or
from nothing. After a build and a deploy to a real bare repository, each
canary is in the site (pages, search index, sitemap, feeds) and on the deploy
branch exactly when the allowlist rule says the file is public; for every
other file it is in no byte of any output.
"""

from __future__ import annotations

import itertools
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from robustkit import output_bytes  # noqa: E402
from sitekit import MKDOCS_YML, basic_files, entry, write_tree  # noqa: E402

from portfolio.cli import cli  # noqa: E402

pytestmark = pytest.mark.slow  # builds, deploys, kills or drives a browser: see CONTRIBUTING.md

FOLDERS = ["", "posts/", "decisions/", "notes/", "notes/deep/", "assets/", "assets/img/", "posts/sub/"]
EXTENSIONS = [".png", ".pdf", ".txt", ".html", ".css", ".js", ".json", ".svg", ".csv", ""]
DECORATIONS = ["plain", "hidden", "tilde", "hash", "orig", "bak", "swp"]
LINKS = ["public-md", "public-html", "private", "none"]
KINDS = ["file", "link-in", "link-out", "ignored"]
MARKDOWN = [".md", ".MD", ".markdown", ".mdown", ".mkd", ".mkdn", ".Md"]


@dataclass(frozen=True)
class Spec:
    folder: str
    stem: str
    extension: str
    decoration: str
    link: str
    kind: str

    def name(self, index: int) -> str:
        base = f"{self.stem}{index}{self.extension}"
        return {
            "plain": base,
            "hidden": f".{base}",
            "tilde": f"{base}~",
            "hash": f"#{base}#",
            "orig": f"{base}.orig",
            "bak": f"{base}.bak",
            "swp": f"{base}.swp",
        }[self.decoration]

    def public(self, rel: str) -> bool:
        """The README's rule, written independently of the code under test."""
        if self.decoration != "plain" or self.kind in ("link-out", "ignored"):
            return False
        return self.link in ("public-md", "public-html") or rel.startswith("assets/")


stems = st.text(alphabet="abcxyzß张 -_", min_size=1, max_size=8).map(str.strip).filter(lambda s: s and s[0] not in "-_#")
specs = st.builds(
    Spec,
    st.sampled_from(FOLDERS),
    stems,
    st.sampled_from(EXTENSIONS),
    st.sampled_from(DECORATIONS),
    st.sampled_from(LINKS),
    st.sampled_from(KINDS),
)


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def branch_bytes(bare: Path) -> dict[str, bytes]:
    names = git(bare, "ls-tree", "-r", "-z", "--name-only", "gh-pages").stdout.decode().split("\0")
    return {name: git(bare, "show", f"gh-pages:{name}").stdout for name in names if name}


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
    database=None,
)
@given(
    files=st.lists(specs, min_size=4, max_size=12),
    markdown=st.lists(
        st.tuples(st.sampled_from(MARKDOWN), st.sampled_from(["private", "draft"]), st.sampled_from(["posts/", "notes/", ""])),
        min_size=1,
        max_size=4,
    ),
)
def test_a_canary_reaches_an_output_only_when_its_file_is_public(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, files: list[Spec], markdown: list[tuple[str, str, str]]
) -> None:
    base = tmp_path_factory.mktemp("canaries")
    root = base / "me"
    tree: dict[str, str | bytes] = dict(basic_files())
    # A public page may link a file that is never published (a backup): the link is broken on the site,
    # which this portfolio chooses to hear about as information, so that its strict deploy goes ahead.
    tree["mkdocs.yml"] = MKDOCS_YML + "site_url: https://example.com/me/\nvalidation:\n  links:\n    not_found: info\n"
    tree[".gitignore"] = "site/\n.portfolio/\n"
    outside = base / "outside"
    outside.mkdir()
    expected: dict[str, bool] = {}
    public_links, private_links, ignored, links = [], [], [], []
    for index, spec in enumerate(files):
        canary = f"zq{index}canary"
        rel = spec.folder + spec.name(index)
        if spec.kind == "link-out":
            (outside / f"target{index}").write_bytes(f"outside {canary}\n".encode())
            links.append((rel, outside / f"target{index}"))
        elif spec.kind == "link-in":
            tree[f"shared/target{index}"] = f"shared {canary}\n".encode()
            links.append((rel, root / f"shared/target{index}"))
        else:
            tree[f"content/{rel}"] = f"data {canary}\n".encode()
            if spec.kind == "ignored":
                ignored.append(f"/content/{rel}")
        target = quote("../" + rel)
        if spec.link == "public-md":
            public_links.append(f"[file {index}]({target})")
        elif spec.link == "public-html":
            public_links.append(f'<a href="{target}">file {index}</a>')
        elif spec.link == "private":
            private_links.append(f"[file {index}]({target})")
        expected[canary] = spec.public(rel)
    for index, (suffix, flag, folder) in enumerate(markdown):
        canary = f"zqmd{index}canary"
        name = f"content/{folder}2023-02-0{index + 1}-secret{index}{suffix}"
        if folder == "posts/":
            tree[name] = entry(f"Secret {canary}", f"2023-02-0{index + 1}", f"Body {canary}.", **{flag: True})
        else:
            tree[name] = f"---\ntitle: Page {canary}\n{flag}: true\n---\n\n{canary}\n"
        expected[canary] = False
    tree["content/posts/2023-01-01-links.md"] = entry("Links", "2023-01-01", "\n\n".join(public_links) or "No links.")
    tree["content/posts/2023-01-02-private-links.md"] = entry(
        "Hidden links", "2023-01-02", "\n\n".join(private_links) or "None.", private=True
    )
    tree[".gitignore"] += "".join(f"{quote_glob(path)}\n" for path in ignored)
    write_tree(root, tree)
    for rel, target in links:
        (root / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / rel).symlink_to(target)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "me@example.com")
    git(root, "config", "user.name", "Me")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sources")
    bare = base / "origin.git"
    git(base, "init", "-q", "--bare", str(bare))
    git(root, "remote", "add", "origin", str(bare))
    monkeypatch.chdir(root)

    result = CliRunner().invoke(cli, ["deploy"])
    assert result.exit_code == 0, result.output

    outputs = {"site": output_bytes(root / "site"), "deploy branch": branch_bytes(bare)}
    for canary, public in expected.items():
        for where, blobs in outputs.items():
            found = [name for name, data in blobs.items() if canary.encode() in data]
            if public:
                assert found, f"{canary} ({describe(canary, files)}) is public but missing from the {where}"
            else:
                assert not found, f"{canary} ({describe(canary, files)}) leaked into the {where}: {found}"


def quote_glob(path: str) -> str:
    """A .gitignore line that matches exactly this path."""
    return "".join(f"\\{char}" if char in "[]*?!#\\ " else char for char in path)


def describe(canary: str, files: list[Spec]) -> str:
    if canary.startswith("zqmd"):
        return "a private or draft Markdown file"
    return repr(files[int(canary[2:-6])])


def test_the_rule_is_tested_on_every_combination_of_decoration_and_link() -> None:
    """A positive control for the property above: the hand-written rule publishes some and refuses others."""
    verdicts = {
        Spec("posts/", "x", ".png", d, link, k).public("posts/x1.png") for d, link, k in itertools.product(DECORATIONS, LINKS, KINDS)
    }
    assert verdicts == {True, False}

"""Builds that skip what did not change: a current site is left alone, an edit renders only what it touches,
and after any series of edits the site is, file for file, what a clean build makes."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sitekit import REPO, copy_example, run

from portfolio.site import engines
from portfolio.site.freshness import MARKER

pytestmark = pytest.mark.usefixtures("latin_fonts")

CURRENT = re.compile(r"The site in .*site/ is current: nothing changed since it was built \(--force builds it again\)\.")


def _build(root: Path, *args: str) -> str:
    result = run(["build", "-f", str(root / "mkdocs.yml"), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file() and p.name != MARKER}


def _inode(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def _generated(root: Path, entries: int) -> Path:
    """A portfolio from the benchmarks' generator: every kind, tags, skills, links between entries, cards."""
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root.mkdir(parents=True, exist_ok=True)
    module.generate(entries, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name:", "site_url: https://example.org/portfolio/\nsite_name:", 1))
    return root


def _example(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    return copy_example(root)


def _entries(root: Path) -> list[Path]:
    return sorted(path for path in (root / "content").rglob("*.md") if re.match(r"\d{4}-\d\d-\d\d-", path.name))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def _change(root: Path) -> Path:
    entry = _entries(root)[len(_entries(root)) // 2]
    _append(entry, f"A sentence added later, number {len(entry.read_text())}.")
    return entry


def _add(root: Path) -> Path:
    source = _entries(root)[1]
    added = source.with_name(source.name[:11] + "an-added-entry.md")
    text = source.read_text(encoding="utf-8")
    added.write_text(re.sub(r"(?m)^title: .*$", "title: An added entry", text, count=1), encoding="utf-8")
    return added


def _make_private(root: Path) -> Path:
    entry = _entries(root)[2]
    entry.write_text(entry.read_text(encoding="utf-8").replace("---\n", "---\nprivate: true\n", 1), encoding="utf-8")
    return entry


def _added(root: Path) -> Path:
    return next(path for path in _entries(root) if "an-added-entry" in path.name or "a-new-name" in path.name)


def _rename(root: Path) -> Path:
    """The added entry under another name (no other entry refers to it)."""
    entry = _added(root)
    renamed = entry.with_name(entry.name[:11] + "a-new-name.md")
    entry.rename(renamed)
    return renamed


def _delete(root: Path) -> Path:
    entry = _added(root)
    entry.unlink()
    return entry


EDITS: list[tuple[str, Callable[[Path], Path]]] = [
    ("change a body", _change),
    ("add an entry", _add),
    ("change a body again", _change),
    ("make an entry private", _make_private),
    ("rename an entry", _rename),
    ("delete an entry", _delete),
    ("change a body once more", _change),
]


@pytest.mark.slow  # builds a site fifteen times
@pytest.mark.parametrize("make", [_example, pytest.param(lambda root: _generated(root, 60), id="generated")], ids=["example", "generated"])
def test_after_each_edit_the_site_equals_a_clean_build_file_by_file(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    root = make(tmp_path / "portfolio")
    _build(root)
    for step, (what, edit) in enumerate(EDITS):
        edited = edit(root)
        others = [path for path in _entries(root) if path != edited and _page(root, path).is_file()]
        page_of = {path: _page(root, path) for path in others[:3]}
        before = {path: _inode(page) for path, page in page_of.items()}

        _build(root)

        clean = tmp_path / f"clean-{step}"
        shutil.copytree(root, clean, ignore=shutil.ignore_patterns("site", ".portfolio", ".site.*"))
        _build(clean)
        ours, theirs = _files(root / "site"), _files(clean / "site")
        assert sorted(ours) == sorted(theirs), what
        differ = [name for name in ours if ours[name] != theirs[name]]
        assert differ == [], f"after '{what}' these files differ from a clean build: {differ}"
        if what.startswith("change"):
            # Only what the edit touches was rendered again: other entries' pages are the very files of before.
            assert {path: _inode(page) for path, page in page_of.items()} == before, what


def _page(root: Path, entry: Path) -> Path:
    """The built page of an entry: ``content/posts/2024-01-02-x.md`` -> ``site/posts/x/index.html``."""
    return root / "site" / entry.parent.name / entry.stem[11:] / "index.html"


def test_a_build_with_nothing_changed_leaves_the_site_as_it_is(tmp_path: Path, engine: str) -> None:
    root = _example(tmp_path)
    _build(root, "--engine", engine)
    home = root / "site/index.html"
    before = _inode(home)

    output = _build(root, "--engine", engine)

    assert CURRENT.search(output), output
    assert _inode(home) == before  # the engine did not run: the page was not even rewritten
    # Built by the other engine, the site is not current for this one.
    other = "zensical" if engine == "mkdocs" else "mkdocs"
    if engines.get(other).installed():
        assert not CURRENT.search(_build(root, "--engine", other))
        assert not CURRENT.search(_build(root, "--engine", engine))
        before = _inode(home)

    output = _build(root, "--engine", engine, "--force")

    assert not CURRENT.search(output) and "Built " in output
    assert _inode(home) != before


@pytest.mark.parametrize("change", ["delete", "same size"])
def test_a_site_changed_by_hand_is_built_again(tmp_path: Path, change: str) -> None:
    root = _example(tmp_path)
    _build(root)
    tags = root / "site/tags/index.html"
    built = tags.read_bytes()
    if change == "delete":
        tags.unlink()
    else:
        tags.write_bytes(built.replace(b"<title>", b"<TITLE>", 1))

    output = _build(root)

    assert not CURRENT.search(output)
    assert tags.read_bytes() == built


def test_a_strict_build_after_a_lenient_one_runs_the_engine(tmp_path: Path) -> None:
    root = _example(tmp_path)
    _build(root)

    output = _build(root, "--strict")

    assert not CURRENT.search(output)
    assert CURRENT.search(_build(root, "--strict"))


def test_a_strict_build_after_an_edit_renders_every_page(tmp_path: Path) -> None:
    """The engine checks the links of the pages it renders: a heading the edit removed may be what another page links to."""
    root = _example(tmp_path)
    _build(root, "--strict")
    edited = _change(root)
    other = next(_page(root, path) for path in _entries(root) if path != edited)
    before = _inode(other)

    _build(root, "--strict")

    assert _inode(other) != before


def test_another_output_folder_is_built_not_called_current(tmp_path: Path) -> None:
    root = _example(tmp_path)
    _build(root)

    output = _build(root, "-d", str(root / "elsewhere"))

    assert not CURRENT.search(output)
    assert (root / "elsewhere/index.html").is_file()


def test_a_partial_build_never_writes_into_the_files_of_the_previous_site(tmp_path: Path) -> None:
    """The new site starts as hard links to the previous one's files: a file written in place would change
    the site still being served (and stay changed if the build failed)."""
    root = _example(tmp_path)
    _build(root)
    witness = tmp_path / "witness"
    for path in (root / "site").rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            target = witness / path.relative_to(root / "site")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
    digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in witness.rglob("*") if p.is_file()}
    edited = _change(root)

    _build(root)

    assert edited.read_text() and "A sentence added later" in (_page(root, edited)).read_text(encoding="utf-8")
    changed = [p.relative_to(witness).as_posix() for p, digest in digests.items() if hashlib.sha256(p.read_bytes()).hexdigest() != digest]
    assert changed == []

"""`check --changed REF`: check only what a change touched, for fast hooks on large wikis.

The files changed against REF (committed, staged, unstaged or new), plus the
entries that refer to them (found by a plain text search for their slugs),
are read and checked in full; every other entry contributes only its slug,
read from its file name or a ``slug:`` line, so references into it still
resolve. A change to skills.yml, career.yml, authors.yml or mkdocs.yml
touches everything: then everything is checked.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from portfolio.errors import UsageError
from portfolio.model.entries import kind_of_path, markdown_sources
from portfolio.model.project import Project
from portfolio.model.slugs import slug_from_filename
from portfolio.system.git import git, toplevel

__all__ = ["Selection", "select_changed", "changed_files"]

_SLUG_LINE = re.compile(rb"^slug:\s*['\"]?([a-z0-9-]+)['\"]?\s*$", re.M)
_GLOBAL = {"skills.yml", "career.yml", "authors.yml", "mkdocs.yml", "mkdocs.yaml", "portfolio.yml"}


@dataclass
class Selection:
    only: set[str] | None  # None: check everything
    elsewhere: dict[str, str]
    changed: int
    total: int
    reason: str
    #: Every changed file, relative to the repository's root (what `affects:` patterns match).
    paths: list[str] = field(default_factory=list)


def _git(root: Path, *args: str) -> str:
    result = git(root, *args)
    if result.returncode != 0:
        raise UsageError(f"git {' '.join(args)}: {result.stderr.strip() or 'failed'}")
    return result.stdout


def changed_files(root: Path, ref: str) -> tuple[Path, list[str]]:
    """The repository's root and the files changed against ``ref`` (committed, staged, unstaged or new),
    relative to that root, sorted; a usage error outside a repository or for a ref that does not exist."""
    top = toplevel(root)
    if top is None:
        raise UsageError(f"{root}: not a git repository; --changed compares against a git ref")
    if git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise UsageError(f"--changed {ref}: no such git ref; expected a branch, tag or commit such as HEAD or main")
    names = _git(root, "diff", "--name-only", "--no-renames", ref, "--").splitlines()
    # From the root: new files anywhere in the repository, named like diff's names, also when the
    # portfolio is in a subfolder (a change to code outside it matters to `affects:`).
    names += _git(top, "ls-files", "--others", "--exclude-standard").splitlines()
    return top, sorted({name for name in names if name})


def _changed(root: Path, ref: str) -> tuple[set[Path], list[str]]:
    top, names = changed_files(root, ref)
    return {(top / name).resolve() for name in names}, names


def _slug_of(path: str, rel: str) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    match = _SLUG_LINE.search(head.split(b"\n---", 1)[0]) if head.startswith(b"---") else None
    if match:
        return match.group(1).decode()
    return slug_from_filename(os.path.splitext(os.path.basename(rel))[0])


def select_changed(project: Project, ref: str) -> Selection:
    changed, names = _changed(project.root, ref)
    files = markdown_sources(project.content_dir)
    total = len(files)
    if any(path.name in _GLOBAL and path.parent == project.root for path in changed):
        return Selection(None, {}, len(changed), total, "a project file changed; checking everything", names)
    changed_md = {str(path) for path in changed if path.suffix in (".md", ".markdown")}
    slugs: dict[str, str] = {}
    for path, rel in files:
        if kind_of_path(rel) is not None:
            slugs.setdefault(_slug_of(path, rel), path)
    wanted = {path for path, _ in files if str(Path(path).resolve()) in changed_md}
    # Slugs of changed entries, including deleted ones (from their file names), to find who refers to them.
    touched = {
        _slug_of(str(path), path.name)
        for path in changed
        if path.suffix in (".md", ".markdown") and path.is_relative_to(project.content_dir)
    }
    if touched:
        needles = [slug.encode() for slug in touched if slug]
        for path, _ in files:
            if path in wanted:
                continue
            try:
                data = Path(path).read_bytes()
            except OSError:
                continue
            if any(needle in data for needle in needles):
                wanted.add(path)
    elsewhere = {slug: path for slug, path in slugs.items() if path not in wanted}
    return Selection(wanted, elsewhere, len(changed_md), total, "", names)

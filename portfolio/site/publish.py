"""What may be published besides the pages: an allowlist, because a portfolio folder holds secrets.

A content folder holds more than pages: the image of a private post, an
editor's backup of a private entry (``x.md~``), a git-ignored note, a
downloaded PDF. None of it is published unless it is known to be public:

* a file that a staged page links to or shows (Markdown links and images,
  reference definitions, ``src``/``href`` in raw HTML), or that ``mkdocs.yml``
  names (``extra_css``, ``extra_javascript``, ``theme.logo``/``favicon``), or
  that an author of a staged page uses as an avatar;
* a file under ``content/assets/``, the documented public folder;
* a well-known file at the top of the content folder (``CNAME``,
  ``robots.txt``, favicons).

Never, whatever links to it: hidden files, editor backups and temporary
files, special files, links that lead out of the portfolio, and files git
ignores. Everything left out is listed with its reason for ``build -v``.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio.model.addresses import PUBLIC_FOLDER, WELL_KNOWN
from portfolio.model.entries import Entry, Page
from portfolio.model.markup import html_targets, is_markdown_name, is_relative_link, link_targets, split_target
from portfolio.system.git import ignored
from portfolio.system.walk import special_kind, walk

__all__ = ["LeftOut", "Publication", "plan_files", "theme_files", "is_backup", "references", "DATA_FILES"]

#: The portfolio's own data: never published, wherever it lies.
DATA_FILES = frozenset({"skills.yml", "career.yml", "authors.yml", "portfolio.yml", "mkdocs.yml", "mkdocs.yaml"})

_BACKUP = re.compile(r"(?:~|\.(?:orig|rej|bak|backup|old|swp|swo|swn|tmp|temp|part|crdownload|kate-swp))$|^#.*#$", re.I)


def is_backup(name: str) -> bool:
    """An editor backup, a merge leftover or a temporary file: ``x.md~``, ``#x.md#``, ``x.md.orig``, ``x.swp``."""
    return bool(_BACKUP.search(name))


@dataclass(frozen=True)
class LeftOut:
    """A file that is not published, and why (for ``build -v``)."""

    path: str  # as shown to the person
    reason: str


@dataclass
class Publication:
    """Staged path -> source file for every non-page file to publish, and what was left out."""

    files: dict[str, Path] = field(default_factory=dict)
    left_out: list[LeftOut] = field(default_factory=list)


def _config_references(config: dict[str, Any]) -> set[str]:
    """Files of the content folder that mkdocs.yml names (relative to docs_dir)."""
    names: list[Any] = []
    for key in ("extra_css", "extra_javascript"):
        value = config.get(key)
        if isinstance(value, list):
            for item in value:
                names.append(item.get("path") if isinstance(item, dict) else item)
    theme = config.get("theme")
    if isinstance(theme, dict):
        names += [theme.get("logo"), theme.get("favicon")]
    found = set()
    for name in names:
        if isinstance(name, str) and is_relative_link(name.lstrip("/")) and "://" not in name:
            found.add(posixpath.normpath(name.lstrip("/")))
    return found


def references(body: str, source_rel: str) -> set[str]:
    """Content-relative paths of the files a page at ``source_rel`` links to or shows.

    A link that climbs out of the content folder (``../../x``) names nothing.
    """
    folder = posixpath.dirname(source_rel)
    found = set()
    for target in (*link_targets(body), *html_targets(body)):
        target = target.strip()
        if target.startswith("/") and not target.startswith("//"):
            base, target = "", target.lstrip("/")
        elif is_relative_link(target):
            base = folder
        else:
            continue
        path, _ = split_target(target)
        if not path or path.endswith("/"):
            continue
        joined = posixpath.normpath(posixpath.join(base, path))
        if joined == ".." or joined.startswith(("../", "/")):
            continue
        found.add(joined)
    return found


def plan_files(
    content_dir: Path,
    root: Path,
    staged: Iterable[Entry | Page],
    config: dict[str, Any],
    avatars: Iterable[str] = (),
    shown: Any = str,
) -> Publication:
    """Decide which non-page files of ``content_dir`` the stage receives.

    ``staged`` are the entries and pages that will be published (with
    ``serve``, drafts too): only their references count. ``shown`` turns a
    path into the form a person reads (the CLI's relative path).
    """
    wanted: set[str] = set(_config_references(config)) | {posixpath.normpath(a) for a in avatars}
    for record in staged:
        wanted |= references(record.body, record.rel)
    publication = Publication()
    real_root = os.path.realpath(root)
    candidates: dict[str, Path] = {}

    def hidden(path: str, rel: str) -> None:
        publication.left_out.append(LeftOut(shown(Path(path)), "a hidden file or folder"))

    for item in walk(content_dir, skipped=hidden):
        rel, name = item.rel, item.name
        path = Path(item.path)
        if is_markdown_name(name):
            continue  # a page or an entry: published only through the content model
        if is_backup(name):
            publication.left_out.append(LeftOut(shown(path), "an editor backup or temporary file"))
            continue
        if name in DATA_FILES:
            publication.left_out.append(LeftOut(shown(path), "the portfolio's own data file"))
            continue
        if item.kind == "special":
            publication.left_out.append(LeftOut(shown(path), f"{special_kind(item.path)}, not a regular file"))
            continue
        if item.kind == "link":
            target = os.path.realpath(item.path)
            if item.is_dir:
                continue  # a linked folder is never walked (`check` says so)
            if not (target == real_root or target.startswith(real_root + os.sep)):
                publication.left_out.append(LeftOut(shown(path), "a symbolic link out of the portfolio"))
                continue
            if not os.path.isfile(target):
                publication.left_out.append(LeftOut(shown(path), "a symbolic link to something that is not a file"))
                continue
        public = rel in wanted or rel.startswith(PUBLIC_FOLDER) or (rel in WELL_KNOWN)
        if not public:
            publication.left_out.append(
                LeftOut(shown(path), f"no published page links to it, and it is not in {content_dir.name}/{PUBLIC_FOLDER}")
            )
            continue
        candidates[rel] = path
    hidden_by_git = ignored(root, candidates.values())
    for rel, path in candidates.items():
        if path in hidden_by_git:
            publication.left_out.append(LeftOut(shown(path), "git ignores it"))
        else:
            publication.files[rel] = path
    publication.left_out.sort(key=lambda item: item.path)
    return publication


def theme_files(theme_dir: Path, root: Path, shown: Any = str) -> Publication:
    """The files of the theme overrides folder (``custom_dir``) to stage: all of them but hidden files,
    backups, special files, links out of the portfolio and git-ignored files.

    MkDocs copies a theme folder's static files into the site, so this folder
    is public by design; the README says so.
    """
    publication = Publication()
    real_root = os.path.realpath(root)
    candidates: dict[str, Path] = {}

    def hidden(path: str, rel: str) -> None:
        publication.left_out.append(LeftOut(shown(Path(path)), "a hidden file or folder"))

    for item in walk(theme_dir, skipped=hidden):
        path = Path(item.path)
        if is_backup(item.name):
            publication.left_out.append(LeftOut(shown(path), "an editor backup or temporary file"))
            continue
        if item.kind == "special":
            publication.left_out.append(LeftOut(shown(path), f"{special_kind(item.path)}, not a regular file"))
            continue
        if item.kind == "link":
            target = os.path.realpath(item.path)
            if item.is_dir or not os.path.isfile(target) or not (target.startswith(real_root + os.sep)):
                publication.left_out.append(LeftOut(shown(path), "a symbolic link out of the portfolio or to a folder"))
                continue
        candidates[item.rel] = path
    hidden_by_git = ignored(root, candidates.values())
    for rel, path in candidates.items():
        if path in hidden_by_git:
            publication.left_out.append(LeftOut(shown(path), "git ignores it"))
        else:
            publication.files[rel] = path
    return publication

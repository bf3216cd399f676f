"""One walk over a folder for every command: sorted, never following a link, never opening a special file.

``check``, the stage, the importers and ``check --changed`` all list a
content folder. They share this walk so that each of them sees a symbolic
link as a link (and a loop ends), a named pipe as something to skip rather
than to open (opening a FIFO blocks for ever), and hidden folders such as
``.git`` not at all.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["Found", "walk", "special_kind"]

Kind = Literal["file", "link", "special"]


@dataclass(frozen=True)
class Found:
    """One name met by the walk: ``path`` joined to the root, ``rel`` relative to it with ``/``."""

    path: str
    rel: str
    kind: Kind  # a regular file, a symbolic link (to anything, followed by no one here), or a FIFO, socket or device
    is_dir: bool = False  # for a link: it points to a folder

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]


def special_kind(path: str) -> str:
    """What a non-regular file is, in words: ``a named pipe (FIFO)``, ``a socket``, ``a device``."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "not a regular file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def walk(
    root: str | os.PathLike[str],
    *,
    hidden: bool = False,
    skipped: Callable[[str, str], None] | None = None,
    prune: Callable[[str], bool] | None = None,
) -> Iterator[Found]:
    """Every file, link and special file under ``root``, files of a folder before its subfolders, each sorted.

    Hidden names (``.git``, ``.x.swp``) are passed over unless ``hidden``
    (``skipped(path, rel)`` hears of each, a hidden folder once); a link to a
    folder is reported, not entered; a folder whose name ``prune`` accepts
    (an importer's ``node_modules``, ``_site``) is not entered at all.
    """
    base = os.fspath(root)
    stack: list[tuple[str, str]] = [(base, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for item in items:
            rel = prefix + item.name
            if not hidden and item.name.startswith("."):
                if skipped is not None:
                    skipped(item.path, rel)
                continue
            try:
                if item.is_symlink():
                    yield Found(item.path, rel, "link", os.path.isdir(item.path))
                elif item.is_dir(follow_symlinks=False):
                    if prune is None or not prune(item.name):
                        subfolders.append((item.path, rel + "/"))
                elif item.is_file(follow_symlinks=False):
                    yield Found(item.path, rel, "file")
                else:
                    yield Found(item.path, rel, "special")
            except OSError:
                continue
        stack.extend(reversed(subfolders))

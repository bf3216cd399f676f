"""Writing files without ever losing what a person wrote: new files only, a checked in-place update, or
(for the tool's own files) one that changed, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_new", "write_if_changed", "update_file", "FileChanged"]


class FileChanged(OSError):
    """The file is no longer what was read: someone else wrote it in the meantime."""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def write_new(path: Path, data: str | bytes, *, inside: Path | None = None) -> bool:
    """Create ``path`` with ``data`` (text as UTF-8 with ``\\n`` line ends); ``False`` (and no change) when it already exists.

    O_EXCL makes the check and the creation one step, so of two runs racing for
    the same file exactly one creates it, and a symbolic link in its place is
    never written through. With ``inside`` (a resolved folder), a folder on the
    way that leads out of it (a linked folder) is refused with an ``OSError``.
    A write that fails half way removes the file it created: half a file is
    worse than none.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if inside is not None and not _inside(path.parent.resolve(), inside):
        raise OSError(0, f"{path.parent} leads outside {inside}; not written", str(path))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
    except BaseException as exc:
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not exc.filename:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    return True


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` unless it already holds exactly that; True when it wrote.

    Through a temporary file and a rename, so a reader (the engine, a preview)
    never sees half a file, and an unchanged file keeps its time stamp (the
    engine's partial rebuild relies on it).
    """
    try:
        if path.read_bytes() == content:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def update_file(path: Path, before: bytes, after: str) -> None:
    """Replace ``path``, whose content was ``before``, with ``after`` in one step.

    For a file a person keeps (career.yml, authors.yml) that a command adds to:
    the new text is written beside it and renamed over it, so a reader sees the
    old file or the new one, never half of one; :class:`FileChanged` when the
    file changed since it was read, so an edit made meanwhile is never lost.
    The file's permissions are kept.
    """
    if path.is_symlink():
        raise OSError(0, "a symbolic link; not replaced", str(path))
    if path.read_bytes() != before:
        raise FileChanged(0, "changed while this command ran; nothing written, run it again", str(path))
    mode = path.stat().st_mode & 0o7777
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(after)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

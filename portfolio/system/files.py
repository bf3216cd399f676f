"""Writing files: a new one without ever overwriting (nothing a person wrote is lost), or one that changed, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_new", "write_if_changed"]


def write_new(path: Path, text: str) -> bool:
    """Create ``path`` with ``text``; ``False`` (and no change) when it already exists.

    O_EXCL makes the check and the creation one step, so of two runs racing for
    the same file exactly one creates it. A write that fails half way removes
    the file it created: half a file is worse than none.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
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

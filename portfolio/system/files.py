"""Writing a new file without ever overwriting one: nothing a person wrote is lost."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["write_new"]


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

"""One writer at a time: a build and a preview each hold a lock on the folders they write.

Two builds of one portfolio racing each other would let the one that started
first, and finished last, swap its stale site in over the newer one. The lock
is an advisory ``flock`` on a file under ``.portfolio/``, so it is released
by the system when its holder dies, however it dies.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from portfolio.errors import PortfolioError

__all__ = ["Busy", "hold"]


class Busy(PortfolioError):
    """Another command holds the lock."""

    exit_code = 1


@contextlib.contextmanager
def hold(folder: Path, owner_file: Path, what: str) -> Iterator[Callable[[], None]]:
    """Hold an exclusive lock on ``folder`` for the ``with`` block; :class:`Busy` at once when another process holds it.

    Taking the lock writes nothing (a build refused for content errors leaves
    no trace); call the yielded ``claim()`` once writing starts, to record in
    ``owner_file`` who holds it (``what``, e.g. ``portfolio build``) for the
    message another command gets.
    """
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock rather than no build
        yield lambda: None
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                holder = owner_file.read_text(encoding="utf-8").strip()
            except OSError:
                holder = ""
            raise Busy(
                f"{holder or 'another portfolio command'} is already running on this portfolio; wait for it to finish (or stop it), then run this again"
            ) from None

        def claim() -> None:
            owner_file.parent.mkdir(parents=True, exist_ok=True)
            owner_file.write_text(f"{what} (pid {os.getpid()}, since {time.strftime('%H:%M:%S')})\n", encoding="utf-8")

        try:
            yield claim
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

"""Progress on long work (a first build, an import, drawing link previews) for a person at a terminal.

On a terminal each step prints a line with its count, and counted work shows
Click's progress bar on stderr; piped or in a test, nothing at all is printed,
so logs and captured output stay what they were. Library functions take a
:class:`Progress` (default: :data:`QUIET`); the CLI passes one made for the
terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

import click

__all__ = ["Progress", "QUIET", "for_terminal", "count"]

#: Counted work shorter than this shows no bar: it is over before a bar could help.
MIN_BAR = 8


class Progress:
    """Where progress goes: ``file`` (default stderr), shown only when ``enabled``."""

    def __init__(self, enabled: bool, file: TextIO | None = None) -> None:
        self.enabled = enabled
        self._file = file

    @property
    def file(self) -> TextIO:
        return self._file if self._file is not None else sys.stderr

    def step(self, text: str) -> None:
        """One line saying what starts now, with its count (``Rendering 1,204 pages``)."""
        if self.enabled:
            click.echo(f"{text}…", file=self.file)

    @contextmanager
    def bar(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        """A bar over ``total`` items; the block calls the yielded ``advance(n)`` as items are done."""
        if not self.enabled or total < MIN_BAR:
            yield _nothing
            return
        with click.progressbar(length=total, label=label, file=self.file, show_pos=True, show_eta=True, width=30) as shown:
            yield shown.update


def _nothing(count: int = 1) -> None:
    """What :meth:`Progress.bar` yields when it shows nothing."""


#: Shows nothing: what library functions use unless told otherwise.
QUIET = Progress(False)


def for_terminal(file: TextIO | None = None) -> Progress:
    """Progress on ``file`` (default stderr) when it is a terminal, else quiet."""
    stream = file if file is not None else sys.stderr
    try:
        interactive = bool(stream.isatty())
    except (AttributeError, ValueError):
        interactive = False
    return Progress(interactive, file)


def count(number: int, one: str, many: str) -> str:
    """``1 page``, ``1,204 pages``."""
    return f"{number:,} {one if number == 1 else many}"

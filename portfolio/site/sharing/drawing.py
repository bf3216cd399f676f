"""Link-preview cards drawn on every core, into a cache that the next build (and the next CI run) reuses.

A card is named by a key made of what it shows and the font files it is drawn
with, so a cached card is never stale: a changed title or an installed font
gives a new key. ``build`` starts the drawing before the engine runs and places
the cards into the new site after it, so on a machine with two cores the cards
cost little more than the engine. Each worker loads its fonts once; the bytes do
not depend on which process drew them.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from portfolio.site.sharing.cards import Card, font_key, render_card
from portfolio.system.progress import QUIET, Progress, count

__all__ = ["CardCache", "Drawing", "DrawStats", "card_key", "workers"]

#: Changes whenever the drawing changes (colours, layout, encoding): every cached card is drawn again.
FORMAT = "card-3"
#: Below this many cards a pool costs more to start than it saves: they are drawn in this process.
POOL_FROM = 24
#: Cards per task sent to a worker: few enough for an even spread, enough to keep messages rare.
BATCH = 16


def card_key(card: Card) -> str:
    """The name of a card in the cache: what it shows and the fonts it is drawn with."""
    return hashlib.sha256(f"{FORMAT}|{card!r}|{font_key(card)}".encode()).hexdigest()


def _context() -> multiprocessing.context.BaseContext:
    """fork where it is safe, else spawn.

    A fork copies this process as it is: quick, and nothing is imported again. But with
    other threads running (a preview's server, a test runner's) a lock one of them holds
    would stay held in the copy forever, so there the workers are spawned: they import
    what they need (and the main module, which must then guard its code, as the
    ``portfolio`` command does).
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def workers() -> int:
    """How many processes draw: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class CardCache:
    """A folder of ``<key>.png`` files (``.portfolio/cards``), written atomically."""

    def __init__(self, folder: Path, cards: dict[str, Card] | None = None) -> None:
        self.folder = folder
        #: Key -> card, for the cards this build places (to draw one again that went missing).
        self.cards = cards or {}

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.png"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def place(self, cards: dict[str, str], site_dir: Path) -> None:
        """Put each card (``rel`` in the site -> key) into ``site_dir``: a hard link to the cached file where
        the file system allows (no file here is ever written in place), else a copy; a card missing from
        the cache (another build pruned it) is drawn again."""
        for rel, key in cards.items():
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            source = self.path(key)
            if not source.is_file() and key in self.cards:
                _draw_batch(str(self.folder), [(key, self.cards[key])])
            with suppress(FileNotFoundError):
                target.unlink()  # a file of the previous site, linked in by a partial build: replaced, not written into
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)

    def prune(self, keep: Iterable[str]) -> int:
        """Remove the cards no page uses any more; return how many."""
        wanted = {f"{key}.png" for key in keep}
        removed = 0
        try:
            names = os.listdir(self.folder)
        except OSError:
            return 0
        for name in names:
            if name.endswith(".png") and name not in wanted:
                try:
                    (self.folder / name).unlink()
                    removed += 1
                except OSError:
                    pass
        return removed


def _background() -> None:
    """Run a worker at low priority: the stage and the engine are the build's critical path, the cards fill the idle cores."""
    with suppress(OSError, AttributeError):
        os.nice(10)


def _draw_batch(folder: str, jobs: list[tuple[str, Card]]) -> tuple[int, float]:
    """Draw ``jobs`` into ``folder``; return how many and the CPU seconds it took (runs in a worker)."""
    start = time.process_time()
    for key, card in jobs:
        data = render_card(card)
        handle, temporary = tempfile.mkstemp(prefix=f".{key}.", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, os.path.join(folder, f"{key}.png"))
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise
    return len(jobs), time.process_time() - start


@dataclass
class DrawStats:
    """What drawing cost: for ``build -v`` and the benchmarks."""

    drawn: int = 0
    cpu_seconds: float = 0.0
    processes: int = 0

    @property
    def ms_per_card(self) -> float:
        return 1000 * self.cpu_seconds / self.drawn if self.drawn else 0.0


class Drawing:
    """The cards missing from the cache, drawn in a pool of processes while the caller does other work.

    ``start()`` returns at once; ``wait()`` blocks until every card is in the cache. Fewer
    than :data:`POOL_FROM` cards are drawn in this process by ``wait()``.
    """

    def __init__(self, cache: CardCache, jobs: list[tuple[str, Card]], processes: int | None = None) -> None:
        self.cache = cache
        self.jobs = jobs
        self.processes = processes or workers()
        self.stats = DrawStats()
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[Future[tuple[int, float]], list[tuple[str, Card]]] = {}

    def start(self) -> Drawing:
        if not self.jobs:
            return self
        self.cache.folder.mkdir(parents=True, exist_ok=True)
        if len(self.jobs) < POOL_FROM or self.processes < 2 and len(self.jobs) < 4 * POOL_FROM:
            return self
        self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=_context(), initializer=_background)
        self.stats.processes = self.processes
        for first in range(0, len(self.jobs), BATCH):
            batch = self.jobs[first : first + BATCH]
            self._futures[self._pool.submit(_draw_batch, str(self.cache.folder), batch)] = batch
        return self

    def wait(self, progress: Progress = QUIET) -> DrawStats:
        """Block until every card is drawn (showing what is left on a terminal) and return the cost."""
        if not self.jobs:
            return self.stats
        left: list[tuple[str, Card]] = [] if self._pool else list(self.jobs)
        finished = {future for future in self._futures if future.done() and future.exception() is None}
        with progress.bar(f"Drawing {count(len(self.jobs), 'link preview', 'link previews')}", len(self.jobs)) as advance:
            advance(sum(len(self._futures[future]) for future in finished))
            try:
                for future in as_completed(self._futures):
                    try:
                        drawn, seconds = future.result()
                    except BrokenProcessPool:  # a worker was killed (out of memory?): its cards are drawn here
                        left += self._futures[future]
                        continue
                    self.stats.drawn += drawn
                    self.stats.cpu_seconds += seconds
                    if future not in finished:
                        advance(drawn)
            finally:
                self.close()
            for job in left:
                drawn, seconds = _draw_batch(str(self.cache.folder), [job])
                self.stats.drawn += drawn
                self.stats.cpu_seconds += seconds
                self.stats.processes = max(self.stats.processes, 1)
                advance(1)
        return self.stats

    def close(self) -> None:
        """Stop the pool (cards not yet drawn are dropped); safe to call twice."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

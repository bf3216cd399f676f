"""What every engine module provides, and what they share: the error, a warning, the stage's output folder.

An engine renders the stage (``<stage>/mkdocs.yml``) into a folder, previews it
with reload, and says which page it failed on. Nothing here imports an engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from portfolio.errors import PortfolioError

if TYPE_CHECKING:
    from portfolio.site.stage import StageResult

__all__ = ["Engine", "EngineError", "EngineWarning", "Report", "STAGED_SITE_DIR", "STAGED_THEME_DIR"]

#: The stage's ``site_dir``, relative to its mkdocs.yml: Zensical writes only inside the folder of
#: its config, so an engine renders here (or wherever it is told) and the build moves the result.
STAGED_SITE_DIR = "site"
#: The stage's ``theme.custom_dir``: the person's overrides and ours. A template an engine fails on
#: is named ``overrides/<template>`` in :attr:`EngineError.page`.
STAGED_THEME_DIR = "overrides"


class EngineError(PortfolioError):
    """The engine failed or, in strict mode, warned."""

    #: The staged file (e.g. ``posts/x/index.md``, ``overrides/main.html``) the engine failed on, when known, and why.
    page: str | None = None
    line: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class EngineWarning:
    """One warning of an engine, in our words where we have them; ``page`` is the staged file it is about."""

    message: str
    page: str | None = None
    line: int | None = None
    #: The text of that line, as the engine quoted it (to find the line in the person's file).
    excerpt: str | None = None


#: Where an engine hands each warning it reads from its output (the build names the person's file).
Report = Callable[[EngineWarning], None]


class Engine(Protocol):
    """The interface of ``portfolio.site.engines.mkdocs`` and ``portfolio.site.engines.zensical``."""

    NAME: str
    #: How messages name it, e.g. "Zensical".
    LABEL: str

    def installed(self) -> bool:
        """Whether the engine can run here, found without importing it."""

    def missing(self) -> str:
        """When it cannot run: why, and how to install it (one line)."""

    def versions(self) -> dict[str, str | None]:
        """Distribution name -> installed version (``None`` when missing)."""

    #: Whether ``build(partial=True)`` is supported: render only changed pages into a copy of the previous site.
    PARTIAL: bool

    def build(
        self,
        config_file: Path,
        into: Path,
        *,
        strict: bool = False,
        verbose: bool = False,
        report: Report | None = None,
        partial: bool = False,
    ) -> int:
        """Render the stage into the empty folder ``into``; return the number of warnings.

        With ``partial``, ``into`` holds a copy of the previous site and only the pages whose
        staged source changed since are rendered again. Raise :class:`EngineError` (with
        ``page`` when known) on failure, and in strict mode on warnings.
        """

    def serve(
        self,
        config_file: Path,
        restage: Callable[[], StageResult],
        watch: Iterable[Path],
        site: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        verbose: bool = False,
    ) -> None:
        """Preview the stage with reload until interrupted; ``restage`` rewrites it after a change to ``watch``."""

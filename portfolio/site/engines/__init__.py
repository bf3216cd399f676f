"""The site engines behind one small interface: build a stage into a folder, serve it with reload.

Two engines render the same stage: ``mkdocs`` (MkDocs 1.6 with Material for
MkDocs, the default) and ``zensical`` (Material's successor). A portfolio picks
one with ``extra.portfolio.engine`` in mkdocs.yml (or ``engine`` in
portfolio.yml); ``--engine`` on build, serve and deploy overrides it.

Only the engine modules import an engine, and only when they run, so
`portfolio check` never pays for importing one. Each module provides what
:class:`~portfolio.site.engines.base.Engine` describes.
"""

from __future__ import annotations

import contextlib
import importlib
from dataclasses import dataclass
from typing import Any, cast

from portfolio.errors import PortfolioError, UsageError
from portfolio.model.findings import Finding, did_you_mean
from portfolio.model.settings import read_section
from portfolio.site.engines.base import Engine, EngineError, EngineWarning, Report

__all__ = [
    "ENGINES",
    "DEFAULT",
    "Choice",
    "Engine",
    "EngineError",
    "EngineWarning",
    "Refused",
    "Report",
    "choose",
    "get",
    "at_lines",
    "refusals",
    "refuse",
    "require",
    "unknown_engine",
]

#: Engine name -> how messages call it.
ENGINES = {"mkdocs": "MkDocs with Material", "zensical": "Zensical"}
DEFAULT = "mkdocs"


@dataclass(frozen=True)
class Choice:
    """The engine a command uses, and what chose it (for ``doctor`` and messages)."""

    name: str
    origin: str


def unknown_engine(value: object) -> str:
    """The message for an engine name we do not know, with a did-you-mean."""
    shown = repr(value) if isinstance(value, str) else f"{value!r} (not a name)"
    return f"unknown engine {shown}; expected one of {', '.join(ENGINES)}{did_you_mean(value, ENGINES)}"


def choose(project: Any, option: str | None = None) -> Choice:
    """The engine of a :class:`~portfolio.model.project.Project`: ``option`` (from ``--engine``), else
    its settings, else :data:`DEFAULT`. An unknown name in the settings is a usage error at its line."""
    if option is not None:
        if not isinstance(option, str) or option not in ENGINES:
            raise UsageError(f"--engine: {unknown_engine(option)}")
        return Choice(option, "--engine")
    section = read_section(project)
    if section is None or not isinstance(section.data, dict) or "engine" not in section.data:
        return Choice(DEFAULT, "the default")
    value = section.data["engine"]
    key = "engine" if section.prefix == () else "extra.portfolio.engine"
    if not isinstance(value, str) or value not in ENGINES:
        raise UsageError(f"{section.shown}:{section.line_of('engine')}: {key}: {unknown_engine(value)}")
    return Choice(str(value), f"{key} in {section.shown}")


def get(name: str) -> Engine:
    """The engine module called ``name`` (imported now; it imports its engine only when it runs)."""
    if not isinstance(name, str) or name not in ENGINES:
        raise UsageError(unknown_engine(name))
    return cast(Engine, importlib.import_module(f"portfolio.site.engines.{name}"))


class Refused(UsageError):
    """Settings of mkdocs.yml the chosen engine would silently ignore: one line each, then why nothing was built."""

    def __init__(self, findings: list[Finding], message: str) -> None:
        super().__init__(message)
        self.findings = findings

    def show(self, file: Any = None) -> None:
        import click

        for finding in self.findings:
            click.echo(finding.format(), file=file, err=file is None)
        super().show(file)


def refusals(project: Any, name: str) -> list[Finding]:
    """What of the person's mkdocs.yml the engine ``name`` would ignore without a word, at its lines."""
    if name != "zensical":
        return []  # MkDocs fails loudly on what it does not know
    from portfolio.site.engines.compat import zensical_problems

    return at_lines(project, zensical_problems(project.config or {}), "error")


def at_lines(project: Any, problems: list[Any], severity: Any) -> list[Finding]:
    """Findings for :class:`~portfolio.site.engines.compat.Problem` s, at their lines of the person's mkdocs.yml
    (a key that has no line of its own is shown at its nearest parent's)."""
    if not problems:
        return []
    from portfolio.model.findings import display_path
    from portfolio.model.yamlio import config_lines

    lines: dict[tuple, int] = {}
    if project.config_file is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            lines = config_lines(project.config_file.read_text(encoding="utf-8-sig"))
    shown = display_path(project.config_file) if project.config_file else "mkdocs.yml"

    def line_of(key: tuple) -> int:
        while key and key not in lines:
            key = key[:-1]
        return lines.get(key, 1)

    return [Finding(shown, line_of(problem.key), severity, "engine", problem.message) for problem in problems]


def refuse(project: Any, name: str) -> None:
    """Raise :class:`Refused` (exit 2) when the engine would ignore part of the configuration."""
    found = refusals(project, name)
    if found:
        from portfolio.site.engines.compat import SOURCES

        raise Refused(
            found,
            f"{len(found)} {'setting' if len(found) == 1 else 'settings'} of mkdocs.yml that {ENGINES[name]} would ignore "
            "without a word; nothing was built "
            f"(what Zensical supports: {' and '.join(SOURCES)})",
        )


def require(name: str) -> Engine:
    """The engine ``name``, installed; a one-line error saying how to install it otherwise."""
    engine = get(name)
    if not engine.installed():
        raise PortfolioError(engine.missing())
    return engine

"""`portfolio doctor`: which engine builds this portfolio, and whether it could move to the other one.

Material for MkDocs is in maintenance mode, with critical fixes promised until
5 May 2027; MkDocs 1.x has had no release since August 2024. A portfolio must be
able to keep publishing after that date by changing one setting, so the doctor
says, for each engine, whether it is installed and what in mkdocs.yml it would
not honour, with the line to change. Nothing is imported from either engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from portfolio.model.findings import Finding
from portfolio.site import engines
from portfolio.site.engines.compat import mkdocs_plugins, mkdocs_problems

__all__ = ["MATERIAL_END_OF_FIXES", "Diagnosis", "EngineStatus", "diagnose", "render"]

#: The last day Material for MkDocs promises critical fixes (its maintenance announcement).
MATERIAL_END_OF_FIXES = dt.date(2027, 5, 5)


@dataclass(frozen=True)
class EngineStatus:
    name: str
    label: str
    versions: dict[str, str | None]
    installed: bool
    #: What in the person's mkdocs.yml this engine would not honour, at its lines.
    changes: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Diagnosis:
    choice: engines.Choice
    engines: list[EngineStatus]
    today: dt.date

    @property
    def current(self) -> EngineStatus:
        return next(status for status in self.engines if status.name == self.choice.name)

    @property
    def ready(self) -> bool:
        """The engine in use is installed and would honour all of mkdocs.yml."""
        return self.current.installed and not self.current.changes


def _mkdocs_changes(project: Any) -> list[Finding]:
    return engines.at_lines(project, mkdocs_problems(project.config or {}, mkdocs_plugins()), "warning")


def diagnose(project: Any, option: str | None, today: dt.date) -> Diagnosis:
    """The engine in use (``option`` is ``--engine``), and both engines' state for this portfolio."""
    choice = engines.choose(project, option)
    statuses = []
    for name, label in engines.ENGINES.items():
        module = engines.get(name)
        changes = engines.refusals(project, name) if name == "zensical" else _mkdocs_changes(project)
        statuses.append(EngineStatus(name, label, module.versions(), module.installed(), changes))
    return Diagnosis(choice, statuses, today)


def _versions(status: EngineStatus) -> str:
    shown = [f"{name} {found}" for name, found in status.versions.items() if found]
    return ", ".join(shown) if shown else "not installed"


def render(diagnosis: Diagnosis) -> str:
    """The diagnosis as the lines `portfolio doctor` prints."""
    lines = [f"engine: {diagnosis.choice.name} ({diagnosis.choice.origin})"]
    for status in diagnosis.engines:
        mark = "  (in use)" if status.name == diagnosis.choice.name else ""
        lines.append(f"  {status.name:<9} {_versions(status)}{mark}")
    for status in diagnosis.engines:
        lines.append("")
        what = "builds this portfolio" if status.name == diagnosis.choice.name else "to move to it"
        if not status.installed:
            lines.append(f"{status.label}: {engines.get(status.name).missing()}")
        if status.changes:
            count = len(status.changes)
            lines.append(f"{status.label} ({what}): {count} {'setting' if count == 1 else 'settings'} of mkdocs.yml would have to change:")
            lines += [f"  {finding.path}:{finding.line}: {finding.message}" for finding in status.changes]
        else:
            lines.append(f"{status.label} ({what}): mkdocs.yml is ready for it; nothing would have to change")
    lines.append("")
    days = (MATERIAL_END_OF_FIXES - diagnosis.today).days
    when = MATERIAL_END_OF_FIXES.strftime("%-d %B %Y")
    if days >= 0:
        lines.append(f"Material for MkDocs is in maintenance mode: critical fixes until {when} ({days} days from today).")
    else:
        lines.append(f"Material for MkDocs is in maintenance mode: its critical fixes ended on {when} ({-days} days ago).")
    if diagnosis.choice.name == "mkdocs":
        lines.append(
            "To keep publishing after that, switch with one setting in mkdocs.yml (extra: {portfolio: {engine: zensical}}) "
            "once Zensical is installed and ready above."
        )
    return "\n".join(lines)

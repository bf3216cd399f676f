"""The promotion narrative: roles, milestones, highlighted entries and level-ups as ordered chapters.

Pure functions over records: one pass assigns every entry, milestone and
level-up to a role, so the work grows linearly with the portfolio.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from portfolio.model.career import Career, Milestone, Role
from portfolio.model.entries import Entry
from portfolio.model.skills import Evidence

__all__ = ["Chapter", "chapters", "role_of"]


@dataclass
class Chapter:
    """One role (or, for records outside every role, ``role=None``) and what happened in it."""

    role: Role | None
    milestones: list[Milestone] = field(default_factory=list)
    highlights: list[Entry] = field(default_factory=list)
    level_ups: list[Evidence] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def anchor(self) -> str:
        return f"role-{self.role.id}" if self.role else "role-other"

    @property
    def start(self) -> dt.date | None:
        return self.role.start if self.role else None

    @property
    def empty(self) -> bool:
        return not (self.milestones or self.highlights or self.level_ups or self.counts)


def role_of(entry: Entry, career: Career) -> Role | None:
    """The role an entry belongs to: its ``role:`` when given, else the role held on its date."""
    if entry.meta.role:
        return career.role(entry.meta.role)
    return career.role_at(entry.date)


def chapters(entries: Iterable[Entry], career: Career, level_ups: Iterable[Evidence]) -> list[Chapter]:
    """Chapters in date order; a final "outside any role" chapter only when something lands there."""
    by_role: dict[str | None, Chapter] = {role.id: Chapter(role) for role in career.roles}
    other = Chapter(None)

    def chapter_for(role: Role | None) -> Chapter:
        return by_role[role.id] if role is not None else other

    for entry in entries:
        chapter = chapter_for(role_of(entry, career))
        chapter.counts[entry.kind] += 1
        if entry.meta.highlight:
            chapter.highlights.append(entry)
    for milestone in career.milestones:
        role = career.role(milestone.role) if milestone.role else career.role_at(milestone.date)
        chapter_for(role).milestones.append(milestone)
    for evidence in level_ups:
        chapter_for(role_of(evidence.entry, career)).level_ups.append(evidence)

    result = [by_role[role.id] for role in sorted(career.roles, key=lambda r: (r.start, r.id))]
    for chapter in result + [other]:
        chapter.highlights.sort(key=lambda e: (e.date, e.slug))
        chapter.milestones.sort(key=lambda m: (m.date, m.title))
        chapter.level_ups.sort(key=lambda ev: (ev.entry.date, ev.skill))
    if not other.empty:
        result.append(other)
    return result

"""The promotion narrative: roles, milestones, highlighted entries and level-ups as ordered chapters.

Pure functions over records: one pass assigns every entry, milestone and
level-up to a chapter, so the work grows linearly with the portfolio.

Chapters follow time. Each role is a chapter. What falls outside every role
gets a chapter of its own where it belongs in time, shown only when something
lands there: before the first role ("Before <first role>", first), in a gap
between two roles ("Between roles", between them), and after the last role
ended ("After <last role>", last). A portfolio with no roles at all has one
chapter, "Outside any role". An entry's ``role:`` always wins over its date.
"""

from __future__ import annotations

import bisect
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
    """One role, or (``role=None``) a stretch of time outside every role, and what happened in it.

    ``place`` is ``role``, ``before``, ``between``, ``after`` or ``other`` (no roles at all);
    ``start`` and ``end`` bound the stretch (None: open).
    """

    role: Role | None
    milestones: list[Milestone] = field(default_factory=list)
    highlights: list[Entry] = field(default_factory=list)
    level_ups: list[Evidence] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    place: str = "role"
    title: str = ""
    anchor_id: str = ""
    gap_start: dt.date | None = None
    gap_end: dt.date | None = None

    @property
    def anchor(self) -> str:
        return f"role-{self.role.id}" if self.role else self.anchor_id or "role-other"

    @property
    def start(self) -> dt.date | None:
        return self.role.start if self.role else self.gap_start

    @property
    def end(self) -> dt.date | None:
        return self.role.end if self.role else self.gap_end

    @property
    def empty(self) -> bool:
        return not (self.milestones or self.highlights or self.level_ups or self.counts)


def role_of(entry: Entry, career: Career) -> Role | None:
    """The role an entry belongs to: its ``role:`` when given, else the role held on its date."""
    if entry.meta.role:
        return career.role(entry.meta.role)
    return career.role_at(entry.date)


_DAY = dt.timedelta(days=1)


def _gaps(roles: list[Role]) -> list[Chapter]:
    """The stretches of time no role covers, in order: before the first, between, after the last."""
    if not roles:
        return [Chapter(None, place="other", title="Outside any role", anchor_id="role-other")]
    ordered = sorted(roles, key=lambda r: (r.start, r.id))
    first = ordered[0]
    gaps = [Chapter(None, place="before", title=f"Before {first.title}", anchor_id=f"before-{first.id}", gap_end=first.start - _DAY)]
    covered_to: dt.date | None = first.end  # None: still held
    last = first
    for role in ordered[1:]:
        if covered_to is not None and role.start > covered_to + _DAY:
            gaps.append(
                Chapter(
                    None,
                    place="between",
                    title="Between roles",
                    anchor_id=f"between-{last.id}-and-{role.id}",
                    gap_start=covered_to + _DAY,
                    gap_end=role.start - _DAY,
                )
            )
        if covered_to is not None and (role.end is None or role.end > covered_to):
            covered_to, last = role.end, role
    if covered_to is not None:
        ended = max((r for r in ordered if r.end == covered_to), key=lambda r: (r.start, r.id))
        gaps.append(Chapter(None, place="after", title=f"After {ended.title}", anchor_id=f"after-{ended.id}", gap_start=covered_to + _DAY))
    return gaps


def _gap_at(gaps: list[Chapter], starts: list[dt.date], day: dt.date) -> Chapter:
    """The gap chapter that holds ``day`` (the last one starting on or before it)."""
    return gaps[max(bisect.bisect_right(starts, day) - 1, 0)]


def chapters(entries: Iterable[Entry], career: Career, level_ups: Iterable[Evidence]) -> list[Chapter]:
    """Chapters in date order, each role's and, where something lands outside every role, the gaps' too."""
    by_role: dict[str, Chapter] = {role.id: Chapter(role) for role in career.roles}
    gaps = _gaps(list(career.roles))
    starts = [gap.gap_start or dt.date.min for gap in gaps]

    def chapter_for(role: Role | None, day: dt.date) -> Chapter:
        return by_role[role.id] if role is not None else _gap_at(gaps, starts, day)

    for entry in entries:
        chapter = chapter_for(role_of(entry, career), entry.date)
        chapter.counts[entry.kind] += 1
        if entry.meta.highlight:
            chapter.highlights.append(entry)
    for milestone in career.milestones:
        role = career.role(milestone.role) if milestone.role else career.role_at(milestone.date)
        chapter_for(role, milestone.date).milestones.append(milestone)
    for evidence in level_ups:
        chapter_for(role_of(evidence.entry, career), evidence.entry.date).level_ups.append(evidence)

    result = list(by_role.values()) + [gap for gap in gaps if not gap.empty]
    for chapter in result:
        chapter.highlights.sort(key=lambda e: (e.date, e.slug))
        chapter.milestones.sort(key=lambda m: (m.date, m.title))
        chapter.level_ups.sort(key=lambda ev: (ev.entry.date, ev.skill))
    order = {"before": 0, "role": 1, "between": 1, "after": 2, "other": 3}
    return sorted(result, key=lambda c: (order[c.place], c.start or dt.date.min, c.role.id if c.role else ""))

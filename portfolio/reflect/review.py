"""`portfolio review`: what deserves the author's attention, as pure functions over a loaded portfolio.

The review is for the author, so it reads drafts and private entries too. Only
the findings about *public evidence* (stale skills, unsupported claims,
avoidance zones) look at public entries alone, because that is what a reader
of the site can see.

Everything is computed "as of" one day: entries and self-assessments dated
after it are left out, so a review is reproducible. ``since`` narrows the
entries under review to those dated from that day; the state of each skill
(its highest level, its latest evidence) still counts all public evidence up
to ``as_of``, because a level once shown stays shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from portfolio.model.entries import DecisionMeta, Entry
from portfolio.model.findings import display_path
from portfolio.model.governance import dues
from portfolio.model.project import Portfolio
from portfolio.model.skills import Level, SkillMatrix, current_levels, evidence_by_skill
from portfolio.model.thresholds import DEFAULTS, Settings

__all__ = ["GROUPS", "CODES", "EntryRef", "ReviewFinding", "Month", "Review", "build_review", "cadence_window"]

#: Group id -> heading, in the order reports show them.
GROUPS: dict[str, str] = {
    "decisions": "Decisions",
    "skills": "Skills",
    "debugging": "Debugging",
    "cadence": "Cadence",
    "drafts": "Drafts",
}

#: Finding code -> group, in the order reports show them. Codes are stable.
CODES: dict[str, str] = {
    "revisit-overdue": "decisions",
    "outcome-missing": "decisions",
    "recheck-assumptions": "decisions",
    "supersede-chain": "decisions",
    "stale-skill": "skills",
    "unsupported-claim": "skills",
    "avoidance-zone": "skills",
    "recurring-root-cause": "debugging",
    "cadence-gap": "cadence",
    "stale-draft": "drafts",
}


@dataclass(frozen=True)
class EntryRef:
    """The entry a finding is about, as a person finds it again."""

    path: str
    slug: str
    title: str
    date: dt.date
    kind: str
    draft: bool
    private: bool

    @classmethod
    def of(cls, entry: Entry) -> EntryRef:
        return cls(display_path(entry.path), entry.slug, entry.title, entry.date, entry.kind, entry.meta.draft, entry.meta.private)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "slug": self.slug,
            "title": self.title,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "draft": self.draft,
            "private": self.private,
        }


@dataclass(frozen=True)
class ReviewFinding:
    """One thing to look at. ``subject`` names what it is about (a slug, a skill id, a root cause, a date range)."""

    code: str
    subject: str
    message: str
    entries: tuple[EntryRef, ...] = ()
    details: dict = field(default_factory=dict, compare=False)

    @property
    def group(self) -> str:
        return CODES[self.code]


@dataclass(frozen=True)
class Month:
    """Entries dated in one calendar month (``start`` is its first day)."""

    start: dt.date
    count: int

    @property
    def label(self) -> str:
        return self.start.strftime("%Y-%m")


@dataclass(frozen=True)
class Review:
    as_of: dt.date
    since: dt.date | None
    settings: Settings
    findings: tuple[ReviewFinding, ...]
    months: tuple[Month, ...]
    entries: int
    drafts: int
    private: int

    def by_group(self) -> dict[str, list[ReviewFinding]]:
        groups: dict[str, list[ReviewFinding]] = {group: [] for group in GROUPS}
        for finding in self.findings:
            groups[finding.group].append(finding)
        return groups

    def codes(self) -> dict[str, int]:
        counts = dict.fromkeys(CODES, 0)
        for finding in self.findings:
            counts[finding.code] += 1
        return counts


# --- helpers -----------------------------------------------------------------------


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def cadence_window(as_of: dt.date, since: dt.date | None, settings: Settings) -> tuple[dt.date, dt.date]:
    """First days of the first and last month the cadence chart shows."""
    last = _month_start(as_of)
    first = _month_start(since) if since is not None else _add_months(last, -(settings.cadence_months - 1))
    return first, last


def _plural(count: int, word: str, many: str = "") -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _refs(entries: Iterable[Entry]) -> tuple[EntryRef, ...]:
    return tuple(EntryRef.of(e) for e in sorted(entries, key=lambda e: (e.date, e.slug)))


# --- the findings ----------------------------------------------------------------------


def _decision_findings(
    decisions: list[Entry], all_decisions: list[Entry], as_of: dt.date, since: dt.date | None, settings: Settings
) -> list[ReviewFinding]:
    found: list[ReviewFinding] = []
    recheck: dict[str, Entry] = {}
    for entry in decisions:
        meta = entry.meta
        assert isinstance(meta, DecisionMeta)
        for due in dues(entry, as_of, settings):
            if due.code == "revisit-overdue":
                assert meta.revisit is not None
                message = (
                    f"revisit was due {meta.revisit.isoformat()}, {_plural(due.days, 'day')} ago; look at it again and record an outcome"
                )
                details: dict[str, Any] = {"revisit": meta.revisit.isoformat(), "days_overdue": due.days}
            else:
                message = f"accepted {_plural(due.days, 'day')} ago with no outcome; was it right, wrong or mixed?"
                details = {"age_days": due.days}
            found.append(ReviewFinding(due.code, entry.slug, message, _refs([entry]), details))
            recheck[entry.slug] = entry
    for entry in sorted(recheck.values(), key=lambda e: (e.date, e.slug)):
        assumptions = list(entry.meta.assumptions)  # type: ignore[attr-defined]
        if assumptions:
            found.append(
                ReviewFinding(
                    "recheck-assumptions",
                    entry.slug,
                    f"{_plural(len(assumptions), 'assumption')} to re-check",
                    _refs([entry]),
                    {"assumptions": assumptions},
                )
            )
    found.extend(_chains(all_decisions, since))
    return found


def _chains(decisions: list[Entry], since: dt.date | None) -> list[ReviewFinding]:
    """Decisions joined by supersedes links (either direction), oldest first; one finding per chain."""
    by_slug = {e.slug: e for e in decisions}
    parent = {slug: slug for slug in by_slug}

    def root(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    linked: set[str] = set()
    for entry in decisions:
        meta = entry.meta
        assert isinstance(meta, DecisionMeta)
        for other in (*meta.supersedes, *meta.superseded_by):
            if other in by_slug and other != entry.slug:
                parent[root(other)] = root(entry.slug)
                linked.update((other, entry.slug))
    components: dict[str, list[Entry]] = defaultdict(list)
    for slug in sorted(linked):
        components[root(slug)].append(by_slug[slug])
    found = []
    for members in components.values():
        members.sort(key=lambda e: (e.date, e.slug))
        if since is not None and all(e.date < since for e in members):
            continue
        latest = members[-1]
        found.append(
            ReviewFinding(
                "supersede-chain",
                members[0].slug,
                f"a chain of {len(members)} decisions, each superseding the last: {' -> '.join(e.slug for e in members)}; '{latest.slug}' is the latest ({latest.meta.status})",  # type: ignore[attr-defined]
                _refs(members),
                {"length": len(members), "slugs": [e.slug for e in members], "current": latest.slug},
            )
        )
    found.sort(key=lambda f: (f.entries[0].date, f.subject))
    return found


def _skill_findings(
    matrix: SkillMatrix,
    public: list[Entry],
    unpublished: list[Entry],
    career_assessments: Iterable[Any],
    as_of: dt.date,
    since: dt.date | None,
    settings: Settings,
) -> list[ReviewFinding]:
    by_skill = evidence_by_skill(public, matrix)
    current = current_levels(by_skill)
    found: list[ReviewFinding] = []

    for skill in matrix.skills:
        items = by_skill[skill.id]
        if not items:
            continue
        latest_day = items[-1].entry.date
        age = (as_of - latest_day).days
        if age > settings.stale_after_days:
            latest = [ev.entry for ev in items if ev.entry.date == latest_day]
            found.append(
                ReviewFinding(
                    "stale-skill",
                    skill.id,
                    f"{skill.name}: the latest public evidence is from {latest_day.isoformat()}, {_plural(age, 'day')} ago",
                    _refs(latest),
                    {"skill": skill.id, "latest": latest_day.isoformat(), "age_days": age},
                )
            )

    assessments = [a for a in career_assessments if a.date <= as_of]
    if assessments:
        latest_assessment = max(assessments, key=lambda a: a.date)
        for skill in matrix.skills:
            claimed_id = latest_assessment.ratings.get(skill.id)
            claimed: Level | None = matrix.level(claimed_id) if claimed_id else None
            if claimed is None:
                continue
            shown: Level | None = current[skill.id]
            if shown is not None and shown.rank >= claimed.rank:
                continue
            best = [ev.entry for ev in by_skill[skill.id] if shown is not None and ev.level.rank == shown.rank]
            evidence = f"public evidence shows {shown.name}" if shown else "no public entry evidences it"
            found.append(
                ReviewFinding(
                    "unsupported-claim",
                    skill.id,
                    f"{skill.name}: rated {claimed.name} in the self-assessment of {latest_assessment.date.isoformat()}, but {evidence}",
                    _refs(best),
                    {
                        "skill": skill.id,
                        "claimed": claimed.id,
                        "evidenced": shown.id if shown else None,
                        "assessed": latest_assessment.date.isoformat(),
                    },
                )
            )

    in_period = [e for e in public if since is None or e.date >= since]
    period_by_skill = evidence_by_skill(in_period, matrix)
    waiting = evidence_by_skill(unpublished, matrix)
    for skill in matrix.skills:
        if period_by_skill[skill.id]:
            continue
        drafts = [ev.entry for ev in waiting[skill.id] if since is None or ev.entry.date >= since]
        when = f"since {since.isoformat()}" if since else "ever"
        note = (
            f"; {_plural(len(drafts), 'unpublished entry', 'unpublished entries')} claim{'s' if len(drafts) == 1 else ''} it"
            if drafts
            else ""
        )
        found.append(
            ReviewFinding(
                "avoidance-zone",
                skill.id,
                f"{skill.name}: no public entry {when} evidences it{note}",
                _refs(drafts),
                {"skill": skill.id, "unpublished": len(drafts)},
            )
        )
    return found


def _pattern_findings(journals: list[Entry], settings: Settings) -> list[ReviewFinding]:
    causes: dict[str, list[Entry]] = defaultdict(list)
    for entry in journals:
        cause = getattr(entry.meta, "root_cause", None)
        if cause:
            causes[cause].append(entry)
    found = []
    for cause, items in sorted(causes.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(items) >= settings.pattern_min:
            found.append(
                ReviewFinding(
                    "recurring-root-cause",
                    cause,
                    f"root cause '{cause}' recurs in {len(items)} journals; a pattern worth a prevention post",
                    _refs(items),
                    {"root_cause": cause, "count": len(items)},
                )
            )
    return found


def _cadence(
    entries: list[Entry], as_of: dt.date, since: dt.date | None, settings: Settings
) -> tuple[tuple[Month, ...], list[ReviewFinding]]:
    first, last = cadence_window(as_of, since, settings)
    counts: dict[dt.date, int] = defaultdict(int)
    for entry in entries:
        counts[_month_start(entry.date)] += 1
    months = []
    month = first
    while month <= last:
        months.append(Month(month, counts.get(month, 0)))
        month = _add_months(month, 1)

    found = []
    ordered = sorted(entries, key=lambda e: (e.date, e.slug))
    for before, after in zip(ordered, ordered[1:]):
        days = (after.date - before.date).days
        if days > settings.gap_days and after.date >= first:
            found.append(
                ReviewFinding(
                    "cadence-gap",
                    f"{before.date.isoformat()}..{after.date.isoformat()}",
                    f"{_plural(days, 'day')} without an entry, from {before.date.isoformat()} to {after.date.isoformat()}",
                    _refs([before, after]),
                    {"start": before.date.isoformat(), "end": after.date.isoformat(), "days": days, "ongoing": False},
                )
            )
    if ordered:
        tail = ordered[-1]
        days = (as_of - tail.date).days
        if days > settings.gap_days:
            found.append(
                ReviewFinding(
                    "cadence-gap",
                    f"{tail.date.isoformat()}..",
                    f"{_plural(days, 'day')} without an entry since {tail.date.isoformat()}, and counting",
                    _refs([tail]),
                    {"start": tail.date.isoformat(), "end": as_of.isoformat(), "days": days, "ongoing": True},
                )
            )
    return tuple(months), found


def _draft_findings(entries: list[Entry], as_of: dt.date, settings: Settings) -> list[ReviewFinding]:
    found = []
    for entry in sorted(entries, key=lambda e: (e.date, e.slug)):
        if not entry.meta.draft:
            continue
        age = (as_of - entry.date).days
        if age > settings.draft_stale_days:
            found.append(
                ReviewFinding(
                    "stale-draft",
                    entry.slug,
                    f"a draft for {_plural(age, 'day')}; finish it, or delete it",
                    _refs([entry]),
                    {"age_days": age},
                )
            )
    return found


def build_review(portfolio: Portfolio, as_of: dt.date, settings: Settings = DEFAULTS, since: dt.date | None = None) -> Review:
    """Every finding about ``portfolio`` as of a day, with the entries each is about."""
    if since is not None and since > as_of:
        raise ValueError(f"since ({since}) is after as_of ({as_of})")
    matrix = portfolio.skills
    if matrix is None:  # load_portfolio reports why; a review needs a matrix
        from portfolio.model.skills import load_preset

        matrix = load_preset()
    known = [e for e in portfolio.entries if e.date <= as_of]
    reviewed = [e for e in known if since is None or e.date >= since]
    public = [e for e in known if e.public]
    unpublished = [e for e in known if not e.public]

    decisions = [e for e in reviewed if e.kind == "decision"]
    all_decisions = [e for e in known if e.kind == "decision"]
    findings: list[ReviewFinding] = []
    findings += _decision_findings(sorted(decisions, key=lambda e: (e.date, e.slug)), all_decisions, as_of, since, settings)
    findings += _skill_findings(matrix, public, unpublished, portfolio.career.assessments, as_of, since, settings)
    findings += _pattern_findings([e for e in reviewed if e.kind == "debug"], settings)
    months, gaps = _cadence(reviewed, as_of, since, settings)
    findings += gaps
    findings += _draft_findings(reviewed, as_of, settings)

    order = {code: index for index, code in enumerate(CODES)}
    findings.sort(key=lambda f: order[f.code])  # stable: keeps each code's own order
    return Review(
        as_of=as_of,
        since=since,
        settings=settings,
        findings=tuple(findings),
        months=months,
        entries=len(reviewed),
        drafts=sum(1 for e in reviewed if e.meta.draft),
        private=sum(1 for e in reviewed if e.meta.private),
    )

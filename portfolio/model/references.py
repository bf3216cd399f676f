"""References between records: skills and levels, roles, relations between decisions, slugs, milestones."""

from __future__ import annotations

from collections.abc import Iterable

from portfolio.model.career import Career
from portfolio.model.entries import DecisionMeta, Entry
from portfolio.model.findings import Finding, did_you_mean, display_path
from portfolio.model.relations import cycles, relations
from portfolio.model.skills import SkillMatrix

__all__ = ["check_references"]


def check_references(
    entries: Iterable[Entry], matrix: SkillMatrix | None, career: Career, elsewhere: dict[str, str] | None = None
) -> list[Finding]:
    """Every cross-file rule in one pass over the entries (plus one over career.yml).

    ``elsewhere`` (slug -> path) names entries that exist but were not loaded
    (``check --changed``): links to them are not errors, and a loaded entry
    taking one of their slugs is a duplicate.
    """
    entries = list(entries)
    elsewhere = elsewhere or {}
    findings: list[Finding] = []
    by_slug: dict[str, Entry] = {}
    loaded = {str(entry.path) for entry in entries}
    for entry in entries:
        other = by_slug.get(entry.slug)
        other_path = display_path(other.path) if other is not None else None
        if other_path is None and entry.slug in elsewhere and elsewhere[entry.slug] not in loaded:
            other_path = display_path(elsewhere[entry.slug])
        if other_path is not None:
            findings.append(
                _error(
                    entry,
                    entry.line_of("slug"),
                    "duplicate-slug",
                    f"slug '{entry.slug}' is already used by {other_path}; give this entry its own 'slug:'",
                )
            )
        else:
            by_slug[entry.slug] = entry

    role_ids = tuple(r.id for r in career.roles)
    for entry in entries:
        if matrix is not None:
            findings.extend(_check_skills(entry, matrix))
        role = entry.meta.role
        if role is not None and role not in role_ids:
            findings.append(
                _error(
                    entry,
                    entry.line_of("role"),
                    "role",
                    f"unknown role '{role}'; career.yml defines {_listing(role_ids)}{did_you_mean(role, role_ids)}",
                )
            )
        if isinstance(entry.meta, DecisionMeta):
            findings.extend(_check_supersedes(entry, by_slug, elsewhere))
            findings.extend(_check_relations(entry, by_slug, elsewhere))
    findings.extend(_check_cycles(by_slug))

    if not elsewhere:
        findings.extend(_check_career(career, matrix, by_slug))
    return findings


def _error(entry: Entry, line: int, code: str, message: str) -> Finding:
    return Finding(display_path(entry.path), line, "error", code, message)


def _warning(entry: Entry, line: int, code: str, message: str) -> Finding:
    return Finding(display_path(entry.path), line, "warning", code, message)


def _listing(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) if ids else "no roles"


def _check_skills(entry: Entry, matrix: SkillMatrix) -> list[Finding]:
    found = []
    skill_ids = matrix.skill_ids
    level_ids = matrix.level_ids
    for skill_id, level_id in entry.meta.skills.items():
        line = entry.line_of("skills", skill_id) if ("skills", skill_id) in entry.lines else entry.line_of("skills")
        if skill_id not in skill_ids:
            found.append(
                _error(
                    entry,
                    line,
                    "skill",
                    f"unknown skill '{skill_id}'; expected one of {', '.join(skill_ids)}{did_you_mean(skill_id, skill_ids)}",
                )
            )
        elif level_id is not None and level_id not in level_ids:
            found.append(
                _error(
                    entry,
                    line,
                    "level",
                    f"unknown level '{level_id}' for skill '{skill_id}'; expected one of {', '.join(level_ids)}{did_you_mean(level_id, level_ids)}",
                )
            )
    return found


def _check_supersedes(entry: Entry, by_slug: dict[str, Entry], elsewhere: dict[str, str]) -> list[Finding]:
    meta = entry.meta
    assert isinstance(meta, DecisionMeta)
    found = []
    for key, back in (("supersedes", "superseded_by"), ("superseded_by", "supersedes")):
        for target_slug in getattr(meta, key):
            line = entry.line_of(key)
            target = by_slug.get(target_slug)
            if target_slug == entry.slug:
                found.append(_error(entry, line, "supersedes", f"'{key}' names this decision itself"))
            elif target is None and target_slug in elsewhere:
                continue  # exists, not loaded: its side is checked when it changes
            elif target is None:
                found.append(
                    _error(
                        entry,
                        line,
                        "supersedes",
                        f"'{key}' names '{target_slug}', which is no entry's slug{did_you_mean(target_slug, by_slug)}",
                    )
                )
            elif target.kind != "decision":
                found.append(
                    _error(entry, line, "supersedes", f"'{key}' names '{target_slug}', a {target.kind} entry; expected a decision")
                )
            elif entry.slug not in getattr(target.meta, back):
                found.append(
                    _warning(
                        entry,
                        line,
                        "reciprocity",
                        f"'{key}: {target_slug}' is not returned: add '{back}: {entry.slug}' to {display_path(target.path)}",
                    )
                )
    if meta.superseded_by and meta.status not in ("superseded", "deprecated"):
        found.append(
            _warning(
                entry,
                entry.line_of("status"),
                "status",
                f"this decision is superseded by '{meta.superseded_by[0]}' but its status is '{meta.status}'; set status: superseded",
            )
        )
    return found


def _item_line(entry: Entry, key: str, index: int) -> int:
    """The line of one item of a list key (its own line in a block list), else the key's line."""
    return entry.lines.get((key, index)) or entry.line_of(key)


#: key -> (finding code, the kinds of entry it may name, what to call them)
_RELATION_KEYS = {
    "depends_on": ("depends-on", ("decision",), "a decision"),
    "relates_to": ("relates-to", None, "any entry"),
}


def _check_relations(entry: Entry, by_slug: dict[str, Entry], elsewhere: dict[str, str]) -> list[Finding]:
    """``depends_on`` names decisions, ``relates_to`` entries of any kind: both must exist and not be this one."""
    found = []
    for key, (code, kinds, expected) in _RELATION_KEYS.items():
        for index, target_slug in enumerate(getattr(entry.meta, key)):
            line = _item_line(entry, key, index)
            target = by_slug.get(target_slug)
            if target_slug == entry.slug:
                found.append(_error(entry, line, code, f"'{key}' names this {entry.kind} itself"))
            elif target is None and target_slug in elsewhere:
                continue  # exists, not loaded
            elif target is None:
                choices = by_slug if kinds is None else {slug for slug, other in by_slug.items() if other.kind in kinds}
                found.append(
                    _error(
                        entry,
                        line,
                        code,
                        f"'{key}' names '{target_slug}', which is no entry's slug; expected the slug of {expected}"
                        f"{did_you_mean(target_slug, choices or by_slug)}",
                    )
                )
            elif kinds is not None and target.kind not in kinds:
                found.append(_error(entry, line, code, f"'{key}' names '{target_slug}', a {target.kind} entry; expected {expected}"))
    return found


_CYCLE_WORDS = {"supersedes": ("supersedes", "supersede itself"), "depends_on": ("depends on", "depend on itself")}


def _check_cycles(by_slug: dict[str, Entry]) -> list[Finding]:
    """A decision that supersedes itself, or depends on itself, through others: one error per cycle, where it starts."""
    found = []
    every = relations(by_slug.values(), set(by_slug))
    for kind, (verb, itself) in _CYCLE_WORDS.items():
        for cycle in cycles(r for r in every if r.kind == kind):
            slug, key, index = cycle[0].origin
            entry = by_slug[slug]
            chain = " -> ".join([cycle[0].source, *(r.target for r in cycle)])
            found.append(
                _error(
                    entry,
                    _item_line(entry, key, index),
                    "cycle",
                    f"'{key}' closes a cycle: {chain} (each {verb} the next); a decision cannot {itself}, even through others; remove one of these links",
                )
            )
    return found


def _check_career(career: Career, matrix: SkillMatrix | None, by_slug: dict[str, Entry]) -> list[Finding]:
    found = []
    role_ids = tuple(r.id for r in career.roles)
    for milestone in career.milestones:
        link = milestone.link
        if link and "://" not in link and not link.startswith(("/", "#", "mailto:")) and link not in by_slug:
            found.append(
                Finding(
                    career.source,
                    milestone.line,
                    "error",
                    "milestone-link",
                    f"milestone '{milestone.title}' links to '{link}', which is no entry's slug nor a URL{did_you_mean(link, by_slug)}",
                )
            )
        if milestone.role and milestone.role not in role_ids:
            found.append(
                Finding(
                    career.source,
                    milestone.line,
                    "error",
                    "role",
                    f"milestone '{milestone.title}' names unknown role '{milestone.role}'{did_you_mean(milestone.role, role_ids)}",
                )
            )
    if matrix is None:
        return found
    for assessment in career.assessments:
        for skill_id, level_id in assessment.ratings.items():
            if skill_id not in matrix.skill_ids:
                found.append(
                    Finding(
                        career.source,
                        assessment.line,
                        "error",
                        "skill",
                        f"assessment of {assessment.date} rates unknown skill '{skill_id}'{did_you_mean(skill_id, matrix.skill_ids)}",
                    )
                )
            elif level_id not in matrix.level_ids:
                found.append(
                    Finding(
                        career.source,
                        assessment.line,
                        "error",
                        "level",
                        f"assessment of {assessment.date} rates '{skill_id}' at unknown level '{level_id}'; expected one of {', '.join(matrix.level_ids)}{did_you_mean(level_id, matrix.level_ids)}",
                    )
                )
    return found

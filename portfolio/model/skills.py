"""The skills matrix: skill definitions and levels, and what the evidence says.

``skills.yml`` (or a built-in preset) defines ordered levels and the skills with
what each level looks like. The functions below are pure: given entries they
say which entries evidence which level, the current level of each skill, and
when a level was first reached (a level-up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from portfolio.model.addresses import RESERVED_IDS
from portfolio.model.entries import Entry, Slug, Text
from portfolio.model.findings import Finding, display_path
from portfolio.model.validation import translate
from portfolio.model.yamlio import KeyLines, YamlProblem, load_with_lines, read_yaml_file

__all__ = [
    "PRESETS",
    "Level",
    "Skill",
    "SkillMatrix",
    "Evidence",
    "load_skills",
    "load_preset",
    "preset_text",
    "evidence_by_skill",
    "current_levels",
    "level_ups",
]

PRESETS = ("ai-era", "senior-ladder")
DEFAULT_PRESET = "ai-era"


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    rank: int


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    description: str
    levels: dict[str, str]  # level id -> what that level looks like


@dataclass(frozen=True)
class SkillMatrix:
    levels: tuple[Level, ...]
    skills: tuple[Skill, ...]
    source: str

    def level(self, level_id: str) -> Level | None:
        return next((lvl for lvl in self.levels if lvl.id == level_id), None)

    def skill(self, skill_id: str) -> Skill | None:
        return next((s for s in self.skills if s.id == skill_id), None)

    @cached_property
    def level_ids(self) -> tuple[str, ...]:
        return tuple(lvl.id for lvl in self.levels)

    @cached_property
    def skill_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.skills)


# --- skills.yml schema ---------------------------------------------------------


def _level_item(value: object) -> object:
    if isinstance(value, str):
        return {"id": value, "name": value.replace("-", " ").capitalize()}
    return value


class _LevelModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    name: Text


class _SkillModel(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    id: Slug
    name: Text
    description: str = ""
    levels: dict[str, str] = Field(default_factory=dict)


class SkillsFile(BaseModel):
    """The shape of skills.yml."""

    model_config = ConfigDict(extra="forbid")
    levels: list[Annotated[_LevelModel, BeforeValidator(_level_item)]] = Field(min_length=1)
    skills: list[_SkillModel] = Field(min_length=1)


def preset_text(name: str) -> str:
    return resources.files("portfolio").joinpath("presets").joinpath(f"{name}.yml").read_text(encoding="utf-8")


def load_preset(name: str = DEFAULT_PRESET) -> SkillMatrix:
    matrix, findings = _parse(preset_text(name), f"preset:{name}")
    assert matrix is not None and not findings, f"built-in preset {name} is broken: {findings}"
    return matrix


def load_skills(path: Path | None) -> tuple[SkillMatrix | None, list[Finding]]:
    """Read skills.yml; the default preset when the file does not exist."""
    if path is None or not path.exists():
        return load_preset(), []
    try:
        data, lines = read_yaml_file(path)
    except YamlProblem as exc:
        return None, [Finding(display_path(path), exc.line, "error", exc.code, exc.message)]
    return _from_data(data, lines, display_path(path))


def _parse(text: str, shown: str) -> tuple[SkillMatrix | None, list[Finding]]:
    try:
        data, lines = load_with_lines(text)
    except YamlProblem as exc:
        return None, [Finding(shown, exc.line, "error", exc.code, exc.message)]
    return _from_data(data, lines, shown)


def _from_data(data: object, lines: KeyLines, shown: str) -> tuple[SkillMatrix | None, list[Finding]]:
    if not isinstance(data, dict):
        return None, [Finding(shown, 1, "error", "not-mapping", "expected a mapping with 'levels' and 'skills'")]
    try:
        model = SkillsFile.model_validate(data)
    except ValidationError as exc:
        return None, translate(exc, lines, shown)
    findings = []
    ids: tuple[tuple[str, str, list[str]], ...] = (
        ("level", "levels", [lvl.id for lvl in model.levels]),
        ("skill", "skills", [skill.id for skill in model.skills]),
    )
    for what, key, items in ids:
        seen: set[str] = set()
        for index, item_id in enumerate(items):
            if item_id in seen:
                line = lines.get((key, index, "id"), lines.get((key, index), 1))
                findings.append(
                    Finding(shown, line, "error", f"duplicate-{what}", f"{what} id '{item_id}' is defined twice; ids must be unique")
                )
            seen.add(item_id)
    for index, skill in enumerate(model.skills):
        if skill.id in RESERVED_IDS:
            line = lines.get(("skills", index, "id"), lines.get(("skills", index), 1))
            findings.append(
                Finding(
                    shown,
                    line,
                    "error",
                    "reserved",
                    f"the skill id '{skill.id}' would publish its page at /skills/, the address of the skills matrix; choose another id",
                )
            )
    levels = tuple(Level(lvl.id, lvl.name, rank) for rank, lvl in enumerate(model.levels))
    level_ids = {lvl.id for lvl in levels}
    for index, skill in enumerate(model.skills):
        for level_id in skill.levels:
            if level_id not in level_ids:
                line = lines.get(("skills", index, "levels"), lines.get(("skills", index), 1))
                findings.append(
                    Finding(
                        shown,
                        line,
                        "error",
                        "level",
                        f"skill '{skill.id}' describes unknown level '{level_id}'; levels are {', '.join(sorted(level_ids))}",
                    )
                )
    skills = tuple(Skill(s.id, s.name, s.description, dict(s.levels)) for s in model.skills)
    return SkillMatrix(levels, skills, shown), findings


# --- evidence --------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """An entry that evidences a skill at a level."""

    entry: Entry
    skill: str
    level: Level


def evidence_by_skill(entries: Iterable[Entry], matrix: SkillMatrix) -> dict[str, list[Evidence]]:
    """Skill id -> evidence, oldest first. A claim without a level counts at the lowest level.

    One pass over the entries; claims of unknown skills or levels are left to
    ``check`` and skipped here.
    """
    by_skill: dict[str, list[Evidence]] = {s.id: [] for s in matrix.skills}
    levels = {lvl.id: lvl for lvl in matrix.levels}
    lowest = matrix.levels[0]
    for entry in entries:
        for skill_id, level_id in entry.meta.skills.items():
            if skill_id not in by_skill:
                continue
            level = lowest if level_id is None else levels.get(level_id)
            if level is not None:
                by_skill[skill_id].append(Evidence(entry, skill_id, level))
    for items in by_skill.values():
        items.sort(key=lambda ev: (ev.entry.date, ev.entry.slug))
    return by_skill


def current_levels(by_skill: dict[str, list[Evidence]]) -> dict[str, Level | None]:
    """The highest level any evidence claims; ``None`` for a skill with no evidence (a gap)."""
    return {skill_id: max((ev.level for ev in items), key=lambda lvl: lvl.rank) if items else None for skill_id, items in by_skill.items()}


def level_ups(by_skill: dict[str, list[Evidence]]) -> list[Evidence]:
    """The first evidence at each new highest level, per skill, in date order."""
    ups = []
    for items in by_skill.values():
        best = -1
        for ev in items:
            if ev.level.rank > best:
                best = ev.level.rank
                ups.append(ev)
    ups.sort(key=lambda ev: (ev.entry.date, ev.skill))
    return ups


def latest_date(items: list[Evidence]) -> dt.date | None:
    return items[-1].entry.date if items else None

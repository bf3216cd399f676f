"""career.yml: roles with the story of how the person changed, milestones, self-assessments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from portfolio.model.entries import Slug, Text, Ymd
from portfolio.model.findings import Finding, display_path
from portfolio.model.placeholders import check_career
from portfolio.model.validation import translate
from portfolio.model.yamlio import YamlProblem, read_yaml_file

__all__ = ["Person", "Role", "Milestone", "Assessment", "Career", "load_career", "EMPTY"]


class _RoleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    id: Slug
    title: Text
    org: str = ""
    start: Ymd
    end: Ymd | None = None
    level: str = ""
    story: str = ""

    @model_validator(mode="after")
    def _order(self) -> _RoleModel:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"role '{self.id}' ends ({self.end}) before it starts ({self.start})")
        return self


class _MilestoneModel(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    date: Ymd
    title: Text
    link: str | None = None
    role: Slug | None = None


class _AssessmentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    date: Ymd
    ratings: dict[str, str] = Field(min_length=1)
    note: str = ""


class _PersonModel(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    name: Text = Field(description="Your name, as the site's title and the home page's heading.")
    headline: str = Field("", description="One line under your name, e.g. 'Senior backend engineer: payments, Postgres, queues'.")
    email: str = Field("", description="An address readers may write to (shown as a mailto: link).")
    location: str = ""
    links: dict[str, str] = Field(
        default_factory=dict, description="Label -> URL, e.g. {GitHub: https://github.com/me, LinkedIn: https://www.linkedin.com/in/me}."
    )

    @field_validator("links")
    @classmethod
    def _urls(cls, value: dict[str, str]) -> dict[str, str]:
        for label, url in value.items():
            if not url.startswith(("https://", "http://", "mailto:")):
                raise ValueError(f"the link '{label}' should be a URL starting with https://, got {url!r}")
        return value


class CareerFile(BaseModel):
    """The shape of career.yml."""

    model_config = ConfigDict(extra="forbid")
    person: _PersonModel | None = None
    roles: list[_RoleModel] = Field(default_factory=list)
    milestones: list[_MilestoneModel] = Field(default_factory=list)
    assessments: list[_AssessmentModel] = Field(default_factory=list)


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    org: str
    start: dt.date
    end: dt.date | None
    level: str
    story: str
    line: int = 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Milestone:
    date: dt.date
    title: str
    link: str | None
    role: str | None
    line: int = 1


@dataclass(frozen=True)
class Assessment:
    date: dt.date
    ratings: dict[str, str]
    note: str
    line: int = 1


@dataclass(frozen=True)
class Person:
    """Who the portfolio is about: the home page's heading and the links a reader needs."""

    name: str
    headline: str = ""
    email: str = ""
    location: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (label, URL), in the file's order
    line: int = 1


@dataclass(frozen=True)
class Career:
    roles: tuple[Role, ...]
    milestones: tuple[Milestone, ...]
    assessments: tuple[Assessment, ...]
    source: str
    person: Person | None = None

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def role_at(self, day: dt.date) -> Role | None:
        """The role held on that day; the latest-starting one where roles overlap."""
        found = None
        for role in self.roles:
            if role.contains(day) and (found is None or role.start >= found.start):
                found = role
        return found


EMPTY = Career((), (), (), "")


def load_career(path: Path | None) -> tuple[Career, list[Finding]]:
    """Read career.yml; an empty career when the file does not exist."""
    if path is None or not path.exists():
        return EMPTY, []
    shown = display_path(path)
    try:
        data, lines = read_yaml_file(path)
    except YamlProblem as exc:
        return EMPTY, [Finding(shown, exc.line, "error", exc.code, exc.message)]
    if data is None:
        return Career((), (), (), shown), []
    if not isinstance(data, dict):
        return EMPTY, [Finding(shown, 1, "error", "not-mapping", "expected a mapping with 'roles', 'milestones' and 'assessments'")]
    try:
        model = CareerFile.model_validate(data)
    except ValidationError as exc:
        return EMPTY, translate(exc, lines, shown)
    findings = []
    ids = [r.id for r in model.roles]
    for index, role_id in enumerate(ids):
        if ids.index(role_id) != index:
            findings.append(
                Finding(
                    shown,
                    lines.get(("roles", index, "id"), 1),
                    "error",
                    "duplicate-role",
                    f"role id '{role_id}' is used twice; role ids must be unique",
                )
            )

    def line(*key: object) -> int:
        return lines.get(tuple(key), 1)

    roles = tuple(
        sorted(
            (Role(r.id, r.title, r.org, r.start, r.end, r.level, r.story.strip(), line("roles", i)) for i, r in enumerate(model.roles)),
            key=lambda r: (r.start, r.id),
        )
    )
    milestones = tuple(
        sorted(
            (Milestone(m.date, m.title, m.link, m.role, line("milestones", i)) for i, m in enumerate(model.milestones)),
            key=lambda m: (m.date, m.title),
        )
    )
    assessments = tuple(
        sorted(
            (Assessment(a.date, dict(a.ratings), a.note, line("assessments", i)) for i, a in enumerate(model.assessments)),
            key=lambda a: a.date,
        )
    )
    sections: dict[str, list[Any]] = {"person": [model.person] if model.person else [], "roles": model.roles}
    findings += check_career(shown, {**sections, "milestones": model.milestones}, lines)
    person = None
    if model.person is not None:
        p = model.person
        person = Person(p.name, p.headline.strip(), p.email.strip(), p.location.strip(), tuple(p.links.items()), line("person"))
    return Career(roles, milestones, assessments, shown, person), findings

"""The review thresholds, in one place, and where a person can change them.

`portfolio review` and the site's review page (/decisions/review/) read the
same values, so they live in the model.

Defaults live in :class:`Settings`. A portfolio overrides them in its
mkdocs.yml under ``extra.portfolio``::

    extra:
      portfolio:
        stale_after_days: 540
        pattern_min: 2

or, with the same keys at the top level, in a ``portfolio.yml`` next to
mkdocs.yml (one or the other: setting them in both is an error, so there is
one place to look; :mod:`portfolio.model.settings` reads both). Unknown keys
and bad values are content errors that name the file and line.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from portfolio.errors import ContentError
from portfolio.model.findings import Finding, did_you_mean
from portfolio.model.settings import SETTINGS_FILE, SITE_KEYS, read_section

__all__ = [
    "Settings",
    "DEFAULTS",
    "DESCRIPTIONS",
    "MINIMUMS",
    "MAXIMUMS",
    "SETTINGS_FILE",
    "load_settings",
    "read_settings",
    "settings_from_mapping",
    "settings_table",
]


class Settings(BaseModel):
    """Thresholds of `portfolio review`: each declared once, with its default, bounds and meaning.

    The README's settings table is made from these fields (``settings_table()``)
    and a test keeps the two the same.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    revisit_grace_days: StrictInt = Field(0, ge=0, description="days after a decision's `revisit` date before it is overdue")
    outcome_after_days: StrictInt = Field(
        182, ge=1, description="age in days of an accepted decision with no `outcome` before it is flagged (about 6 months)"
    )
    stale_after_days: StrictInt = Field(365, ge=1, description="age in days of a skill's latest public evidence before the skill is stale")
    pattern_min: StrictInt = Field(3, ge=2, description="how many debugging journals must share a `root_cause` to make a pattern")
    cadence_months: StrictInt = Field(12, ge=1, le=120, description="months shown in the cadence chart (more would not fit a terminal)")
    gap_days: StrictInt = Field(60, ge=1, description="days without any entry that make a gap")
    draft_stale_days: StrictInt = Field(30, ge=1, description="age in days of a draft before it is flagged")

    def as_dict(self) -> dict[str, int]:
        return self.model_dump()


DEFAULTS = Settings()


def _bound(name: str, which: str) -> int | None:
    """The ``ge`` or ``le`` bound pydantic keeps in a field's metadata."""
    for item in Settings.model_fields[name].metadata:
        if getattr(item, which, None) is not None:
            return int(getattr(item, which))
    return None


DESCRIPTIONS: dict[str, str] = {name: field.description or "" for name, field in Settings.model_fields.items()}
#: The smallest value each setting accepts.
MINIMUMS: dict[str, int] = {name: _bound(name, "ge") or 0 for name in Settings.model_fields}
#: The largest value a setting accepts, where there is one.
MAXIMUMS: dict[str, int] = {name: high for name in Settings.model_fields if (high := _bound(name, "le")) is not None}


def settings_table() -> str:
    """The README's table of settings, made from the model."""
    rows = ["| setting | default | accepts | meaning |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        accepts = f"{MINIMUMS[name]} to {MAXIMUMS[name]}" if name in MAXIMUMS else f"at least {MINIMUMS[name]}"
        rows.append(f"| `{name}` | {field.default} | {accepts} | {DESCRIPTIONS[name]} |")
    return "\n".join(rows)


_NAMES = tuple(Settings.model_fields)
#: Every key the section may hold: the thresholds and the site's own (shown in "expected one of").
_KNOWN = _NAMES + SITE_KEYS


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return str(value)


def settings_from_mapping(
    data: Any, shown: str, lines: dict[tuple[Any, ...], int], prefix: tuple[Any, ...] = (), where: str = ""
) -> tuple[Settings, list[Finding]]:
    """Validate one mapping of thresholds; ``lines`` maps key paths (under ``prefix``) to lines."""

    def line_of(*key: Any) -> int:
        return lines.get(prefix + key, lines.get(prefix, 1))

    if data is None:
        return DEFAULTS, []
    if not isinstance(data, dict):
        return DEFAULTS, [
            Finding(
                shown,
                line_of(),
                "error",
                "settings",
                f"{where or 'the review settings'} should be a mapping of setting -> number, e.g. stale_after_days: 365; got {_show(data)}",
            )
        ]
    findings: list[Finding] = []
    values: dict[str, int] = {}
    for key, value in data.items():
        if key not in _NAMES:
            findings.append(
                Finding(
                    shown,
                    line_of(key),
                    "error",
                    "settings",
                    f"unknown setting {_show(key)}; expected one of {', '.join(_KNOWN)}{did_you_mean(key, _KNOWN)}",
                )
            )
            continue
        low, high = MINIMUMS[key], MAXIMUMS.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
            findings.append(
                Finding(shown, line_of(key), "error", "settings", f"'{key}' should be a whole number {bound}, got {_show(value)}")
            )
            continue
        values[key] = value
    return Settings(**values), findings


def read_settings(project: Any) -> tuple[Settings, list[Finding]]:
    """The thresholds of a :class:`portfolio.model.project.Project` and the findings about them.

    Read from ``extra.portfolio`` of its mkdocs.yml, or from ``portfolio.yml``
    in the portfolio's folder (:func:`portfolio.model.settings.read_section`);
    defaults otherwise, and when the values have errors. The site's own keys
    (``engine``) are the site's to check.
    """
    try:
        section = read_section(project)
    except ContentError as exc:
        return DEFAULTS, exc.findings
    if section is None:
        return DEFAULTS, []
    data = section.data
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in SITE_KEYS}
    settings, findings = settings_from_mapping(data, section.shown, section.lines, section.prefix, section.where)
    return (DEFAULTS if findings else settings), findings


def load_settings(project: Any) -> Settings:
    """The thresholds of a :class:`portfolio.model.project.Project`; raise :class:`ContentError` on bad values."""
    settings, findings = read_settings(project)
    if findings:
        raise ContentError(findings, f"{len(findings)} errors in the review settings")
    return settings

"""The review thresholds, in one place, and where a person can change them.

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

from dataclasses import asdict, dataclass, fields
from typing import Any

from portfolio.errors import ContentError
from portfolio.model.findings import Finding, did_you_mean
from portfolio.model.settings import SETTINGS_FILE, SITE_KEYS, read_section

__all__ = ["Settings", "DEFAULTS", "DESCRIPTIONS", "MINIMUMS", "SETTINGS_FILE", "load_settings", "settings_from_mapping"]


@dataclass(frozen=True)
class Settings:
    """Thresholds of `portfolio review`, in days (``cadence_months`` in months, ``pattern_min`` a count)."""

    #: A decision is overdue for a revisit this many days after its ``revisit`` date (0: the day after).
    revisit_grace_days: int = 0
    #: An accepted decision older than this with no ``outcome`` is flagged (about 6 months).
    outcome_after_days: int = 182
    #: A skill whose latest public evidence is older than this is stale (12 months).
    stale_after_days: int = 365
    #: A debugging root cause recurring this many times is a pattern.
    pattern_min: int = 3
    #: How many months the cadence chart shows, ending with the month of --as-of.
    cadence_months: int = 12
    #: A stretch longer than this without any entry is a gap.
    gap_days: int = 60
    #: A draft older than this is flagged.
    draft_stale_days: int = 30

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


DEFAULTS = Settings()

DESCRIPTIONS: dict[str, str] = {
    "revisit_grace_days": "days after a decision's `revisit` date before it is overdue",
    "outcome_after_days": "age in days of an accepted decision with no `outcome` before it is flagged",
    "stale_after_days": "age in days of a skill's latest public evidence before the skill is stale",
    "pattern_min": "how many debugging journals must share a `root_cause` to make a pattern",
    "cadence_months": "months shown in the cadence chart",
    "gap_days": "days without any entry that make a gap",
    "draft_stale_days": "age in days of a draft before it is flagged",
}

#: The smallest value each setting accepts.
MINIMUMS: dict[str, int] = {
    "revisit_grace_days": 0,
    "outcome_after_days": 1,
    "stale_after_days": 1,
    "pattern_min": 2,
    "cadence_months": 1,
    "gap_days": 1,
    "draft_stale_days": 1,
}
#: The largest value each setting accepts (a chart of more months would not fit a terminal).
MAXIMUMS: dict[str, int] = {"cadence_months": 120}

_NAMES = tuple(f.name for f in fields(Settings))
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
    data: Any, shown: str, lines: dict[tuple, int], prefix: tuple = (), where: str = ""
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


def load_settings(project: Any) -> Settings:
    """The thresholds of a :class:`portfolio.model.project.Project`; raise :class:`ContentError` on bad values.

    Read from ``extra.portfolio`` of its mkdocs.yml, or from ``portfolio.yml``
    in the portfolio's folder (:func:`portfolio.model.settings.read_section`);
    defaults otherwise. The site's own keys (``engine``) are the site's to check.
    """
    section = read_section(project)
    if section is None:
        return DEFAULTS
    data = section.data
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in SITE_KEYS}
    settings, findings = settings_from_mapping(data, section.shown, section.lines, section.prefix, section.where)
    if findings:
        raise ContentError(findings, f"{len(findings)} errors in the review settings")
    return settings

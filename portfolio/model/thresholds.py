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
one place to look). Unknown keys and bad values are content errors that name
the file and line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from portfolio.errors import ContentError
from portfolio.model.findings import Finding, did_you_mean, display_path
from portfolio.model.yamlio import YamlProblem, read_yaml_file

__all__ = ["Settings", "DEFAULTS", "DESCRIPTIONS", "MINIMUMS", "SETTINGS_FILE", "load_settings", "read_settings", "settings_from_mapping"]

SETTINGS_FILE = "portfolio.yml"


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
                    f"unknown setting {_show(key)}; expected one of {', '.join(_NAMES)}{did_you_mean(key, _NAMES)}",
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


def _mkdocs_lines(path: Path) -> dict[tuple, int]:
    """Lines of ``extra`` / ``extra.portfolio`` keys in mkdocs.yml; composing needs no tag constructors."""
    lines: dict[tuple, int] = {}
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return lines
    node, key_path = root, ()
    for want in ("extra", "portfolio"):
        if not isinstance(node, yaml.MappingNode):
            return lines
        found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == want), None)
        if found is None:
            return lines
        key_path += (want,)
        lines[key_path] = found[0].start_mark.line + 1
        node = found[1]
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                lines[key_path + (key_node.value,)] = key_node.start_mark.line + 1
    return lines


def _from_settings_file(path: Path) -> tuple[Settings, list[Finding]]:
    shown = display_path(path)
    try:
        data, lines = read_yaml_file(path)
    except YamlProblem as exc:
        return DEFAULTS, [Finding(shown, exc.line, "error", exc.code, exc.message)]
    return settings_from_mapping(data, shown, lines, where=SETTINGS_FILE)


def read_settings(project: Any) -> tuple[Settings, list[Finding]]:
    """The thresholds of a :class:`portfolio.model.project.Project` and the findings about them.

    Read from ``extra.portfolio`` of its mkdocs.yml (``project.config``), or
    from ``portfolio.yml`` in the portfolio's folder; defaults otherwise (and
    when the values have errors).
    """
    config = project.config or {}
    extra = config.get("extra") if isinstance(config, dict) else None
    in_config = isinstance(extra, dict) and "portfolio" in extra
    settings_file = Path(project.root) / SETTINGS_FILE
    config_shown = display_path(project.config_file) if project.config_file else "mkdocs.yml"

    if settings_file.is_file():
        if in_config:
            lines = _mkdocs_lines(project.config_file) if project.config_file else {}
            return DEFAULTS, [
                Finding(
                    config_shown,
                    lines.get(("extra", "portfolio"), 1),
                    "error",
                    "settings",
                    f"review settings are given both here (extra.portfolio) and in {display_path(settings_file)}; keep them in one place",
                )
            ]
        settings, findings = _from_settings_file(settings_file)
    elif in_config:
        assert isinstance(extra, dict)
        lines = _mkdocs_lines(project.config_file) if project.config_file else {}
        settings, findings = settings_from_mapping(extra["portfolio"], config_shown, lines, ("extra", "portfolio"), "extra.portfolio")
    else:
        return DEFAULTS, []
    return (DEFAULTS if findings else settings), findings


def load_settings(project: Any) -> Settings:
    """The thresholds of a :class:`portfolio.model.project.Project`; raise :class:`ContentError` on bad values."""
    settings, findings = read_settings(project)
    if findings:
        raise ContentError(findings, f"{len(findings)} errors in the review settings")
    return settings

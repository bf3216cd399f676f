"""Server-side SVG charts: grasped at a glance, no JavaScript, no external request.

Geometry is computed here; the SVG markup comes from templates, which escape
every label. The charts are drawn narrow (labels above their bars, not beside
them) so that a phone shows them at nearly their natural size: a wide chart
scaled down to a 360-pixel screen shrinks its labels to six pixels. Each
chart carries its data as text too (a ``<desc>``, or the rows of the heat
strip for a table), because a screen reader cannot read a picture.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from portfolio.model.skills import Evidence, Level, SkillMatrix
from portfolio.templating import html_environment

__all__ = ["WIDTH", "levels_chart", "heat_strip", "heat_rows", "HeatRow", "quarter_of", "step_chart", "HEAT_BUCKETS"]

#: The natural width of every chart, in CSS pixels: narrow enough for a phone.
WIDTH = 440
#: Labels longer than this are shortened in the drawing (the full name stays in the text alternative).
_LABEL_CHARS = 54
_ROW = 42


def _short(label: str, limit: int = _LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Bar:
    y: int
    label: str
    full: str
    width: int
    level: str
    gap: bool


def levels_chart(matrix: SkillMatrix, current: dict[str, Level | None]) -> str:
    """A horizontal bar per skill, its name above it: how far up the levels public evidence reaches."""
    count = max(len(matrix.levels), 1)
    span = WIDTH - 110  # room at the right for the level's name
    top = 30
    bars = []
    for index, skill in enumerate(matrix.skills):
        level = current.get(skill.id)
        width = round(span * (level.rank + 1) / count) if level else 0
        bars.append(
            _Bar(top + index * _ROW, _short(skill.name), skill.name, width, level.name if level else "no evidence yet", level is None)
        )
    ticks = [(round(span * (lvl.rank + 1) / count), lvl.name) for lvl in matrix.levels]
    height = top + len(bars) * _ROW + 4
    summary = "; ".join(f"{bar.full}: {bar.level}" for bar in bars)
    template = html_environment().get_template("charts/levels.svg.j2")
    return template.render(bars=bars, ticks=ticks, width=WIDTH, height=height, top=top, summary=summary)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarters(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    result = []
    year, quarter = first
    while (year, quarter) <= last:
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


#: Shades of the heat strip: (lowest count in the bucket, its label, fill opacity). Four steps a reader can tell apart.
HEAT_BUCKETS: tuple[tuple[int, str, float], ...] = ((1, "1", 0.4), (2, "2", 0.62), (3, "3", 0.82), (4, "4+", 1.0))


def _bucket(count: int) -> int:
    """The index of the shade for ``count`` (> 0) in :data:`HEAT_BUCKETS`."""
    return max(index for index, (low, _, _) in enumerate(HEAT_BUCKETS) if count >= low)


@dataclass(frozen=True)
class _Cell:
    x: int
    y: int
    count: int
    shade: int  # -1 for no evidence, else an index into HEAT_BUCKETS
    title: str


@dataclass(frozen=True)
class HeatRow:
    """One skill of the heat strip as text: the quarters with evidence and how much."""

    skill: str
    quarters: tuple[tuple[str, int], ...]  # ("2021 Q2", 2), in date order
    total: int


def _counts(by_skill: dict[str, list[Evidence]]) -> tuple[list[tuple[int, int]], dict[tuple[str, int], int]]:
    dates = [ev.entry.date for items in by_skill.values() for ev in items]
    if not dates:
        return [], {}
    quarters = _quarters(quarter_of(min(dates)), quarter_of(max(dates)))
    column = {q: i for i, q in enumerate(quarters)}
    counts: dict[tuple[str, int], int] = {}
    for skill_id, items in by_skill.items():
        for ev in items:
            key = (skill_id, column[quarter_of(ev.entry.date)])
            counts[key] = counts.get(key, 0) + 1
    return quarters, counts


def heat_rows(matrix: SkillMatrix, by_skill: dict[str, list[Evidence]]) -> list[HeatRow]:
    """The heat strip's data, one row per skill, for a table a screen reader can read."""
    quarters, counts = _counts(by_skill)
    rows = []
    for skill in matrix.skills:
        found = tuple(
            (f"{year} Q{quarter}", counts[(skill.id, i)]) for i, (year, quarter) in enumerate(quarters) if (skill.id, i) in counts
        )
        rows.append(HeatRow(skill.name, found, sum(count for _, count in found)))
    return rows


def heat_strip(matrix: SkillMatrix, by_skill: dict[str, list[Evidence]]) -> str:
    """Evidence per skill per quarter: one row per skill, one cell per quarter, a darker shade for more entries."""
    quarters, counts = _counts(by_skill)
    if not quarters:
        return ""
    pitch = max(5, min(22, WIDTH // len(quarters)))
    top, row_height, cell_height = 22, 40, 16
    cells = []
    labels = []
    for row, skill in enumerate(matrix.skills):
        y = top + row * row_height
        labels.append((y + 12, _short(skill.name)))
        for index, (year, quarter) in enumerate(quarters):
            count = counts.get((skill.id, index), 0)
            noun = "entry" if count == 1 else "entries"
            cells.append(
                _Cell(index * pitch, y + 17, count, _bucket(count) if count else -1, f"{skill.name}, {year} Q{quarter}: {count} {noun}")
            )
    # A year label at each Q1 (and at the start when it is early in its year), spaced so that they never collide.
    every = max(1, math.ceil(44 / (4 * pitch)))
    starts = [(i, year) for i, (year, quarter) in enumerate(quarters) if quarter == 1 or (i == 0 and quarter <= 2)]
    years = [(i * pitch, year) for n, (i, year) in enumerate(starts) if n % every == 0]
    if len(years) > 1 and years[1][0] - years[0][0] < 40:
        years.pop(0)
    peak = max(counts.values())
    legend_y = top + len(matrix.skills) * row_height + 8
    legend = [(index, label) for index, (low, label, _) in enumerate(HEAT_BUCKETS) if low <= peak]
    template = html_environment().get_template("charts/heat.svg.j2")
    return template.render(
        cells=cells,
        pitch=pitch,
        cell_height=cell_height,
        years=years,
        labels=labels,
        width=max(WIDTH, len(quarters) * pitch),
        height=legend_y + 26,
        legend=legend,
        legend_y=legend_y,
        opacity=[opacity for _, _, opacity in HEAT_BUCKETS],
        first=f"{quarters[0][0]} Q{quarters[0][1]}",
        last=f"{quarters[-1][0]} Q{quarters[-1][1]}",
    )


@dataclass(frozen=True)
class _Step:
    x: int
    y: int
    label: str
    title: str


def step_chart(matrix: SkillMatrix, ups: list[Evidence], today: dt.date) -> str:
    """A skill's level over time: a step up at each first public evidence of a higher level."""
    if not ups:
        return ""
    width, left, top, pitch = WIDTH, 104, 14, 34
    height = top + pitch * len(matrix.levels) + 24
    first = ups[0].entry.date
    last = max(today, ups[-1].entry.date)
    span = max((last - first).days, 1)
    plot = width - left - 16

    def x_of(day: dt.date) -> int:
        return left + round(plot * (day - first).days / span)

    def y_of(rank: int) -> int:
        return top + pitch * (len(matrix.levels) - 1 - rank) + 10

    steps = [
        _Step(x_of(ev.entry.date), y_of(ev.level.rank), ev.level.name, f"{ev.entry.date.isoformat()}: {ev.level.name} ({ev.entry.title})")
        for ev in ups
    ]
    points = []
    for index, step in enumerate(steps):
        if index:
            points.append((step.x, steps[index - 1].y))
        points.append((step.x, step.y))
    points.append((x_of(last), steps[-1].y))
    levels = [(y_of(level.rank), _short(level.name, 14)) for level in matrix.levels]
    year_pitch = plot * 365.25 / span
    every = max(1, math.ceil(40 / year_pitch))
    years = [(x_of(dt.date(year, 1, 1)), year) for year in range(first.year + 1, last.year + 1) if (year - first.year - 1) % every == 0]
    summary = "; ".join(step.title for step in steps)
    template = html_environment().get_template("charts/steps.svg.j2")
    return template.render(
        width=width, height=height, left=left, points=points, steps=steps, levels=levels, years=years, bottom=height - 6, summary=summary
    )

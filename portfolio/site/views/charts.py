"""Server-side SVG charts: grasped at a glance, no JavaScript, no external request.

Geometry is computed here; the SVG markup comes from templates, which escape
every label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portfolio.model.skills import Evidence, Level, SkillMatrix
from portfolio.templating import html_environment

__all__ = ["levels_chart", "heat_strip", "quarter_of", "step_chart"]

ROW = 28
LABEL_WIDTH = 220
BAR_WIDTH = 360


@dataclass(frozen=True)
class _Bar:
    y: int
    label: str
    width: int
    level: str
    gap: bool


def levels_chart(matrix: SkillMatrix, current: dict[str, Level | None]) -> str:
    """A horizontal bar per skill: how far up the levels public evidence reaches."""
    count = len(matrix.levels)
    bars = []
    for index, skill in enumerate(matrix.skills):
        level = current.get(skill.id)
        width = round(BAR_WIDTH * (level.rank + 1) / count) if level else 0
        bars.append(_Bar(index * ROW + 24, skill.name, width, level.name if level else "no evidence yet", level is None))
    ticks = [(LABEL_WIDTH + round(BAR_WIDTH * (lvl.rank + 1) / count), lvl.name) for lvl in matrix.levels]
    height = len(bars) * ROW + 30
    template = html_environment().get_template("charts/levels.svg.j2")
    return template.render(bars=bars, ticks=ticks, width=LABEL_WIDTH + BAR_WIDTH + 130, height=height, label_width=LABEL_WIDTH, row=ROW)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarters(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    result = []
    year, quarter = first
    while (year, quarter) <= last:
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


@dataclass(frozen=True)
class _Cell:
    x: int
    y: int
    count: int
    opacity: float
    title: str


def heat_strip(matrix: SkillMatrix, by_skill: dict[str, list[Evidence]]) -> str:
    """Evidence per skill per quarter: one row per skill, one cell per quarter, darker = more."""
    dates = [ev.entry.date for items in by_skill.values() for ev in items]
    if not dates:
        return ""
    quarters = _quarters(quarter_of(min(dates)), quarter_of(max(dates)))
    column = {q: i for i, q in enumerate(quarters)}
    counts: dict[tuple[str, int], int] = {}
    for skill_id, items in by_skill.items():
        for ev in items:
            key = (skill_id, column[quarter_of(ev.entry.date)])
            counts[key] = counts.get(key, 0) + 1
    peak = max(counts.values())
    cell = max(8, min(22, 560 // max(len(quarters), 1)))
    cells = []
    for row, skill in enumerate(matrix.skills):
        for index, (year, quarter) in enumerate(quarters):
            count = counts.get((skill.id, index), 0)
            opacity = 0.0 if count == 0 else round(0.25 + 0.75 * count / peak, 2)
            noun = "entry" if count == 1 else "entries"
            cells.append(
                _Cell(LABEL_WIDTH + index * cell, row * (cell + 4) + 22, count, opacity, f"{skill.name}, {year} Q{quarter}: {count} {noun}")
            )
    # A year label at each Q1, and at the start when it is early enough not to collide with the next.
    years = [(LABEL_WIDTH + i * cell, year) for i, (year, quarter) in enumerate(quarters) if quarter == 1 or (i == 0 and quarter <= 2)]
    labels = [(row * (cell + 4) + 22 + cell - 4, skill.name) for row, skill in enumerate(matrix.skills)]
    template = html_environment().get_template("charts/heat.svg.j2")
    return template.render(
        cells=cells,
        cell=cell,
        years=years,
        labels=labels,
        label_x=LABEL_WIDTH - 10,
        width=LABEL_WIDTH + len(quarters) * cell + 20,
        height=len(matrix.skills) * (cell + 4) + 30,
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
    width, height, left, top = 640, 40 + 36 * len(matrix.levels), 110, 16
    first = ups[0].entry.date
    last = max(today, ups[-1].entry.date)
    span = max((last - first).days, 1)
    plot = width - left - 20

    def x_of(day: dt.date) -> int:
        return left + round(plot * (day - first).days / span)

    def y_of(rank: int) -> int:
        return top + 36 * (len(matrix.levels) - 1 - rank) + 10

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
    levels = [(y_of(level.rank), level.name) for level in matrix.levels]
    years = []
    for year in range(first.year + 1, last.year + 1):
        years.append((x_of(dt.date(year, 1, 1)), year))
    template = html_environment().get_template("charts/steps.svg.j2")
    return template.render(width=width, height=height, left=left, points=points, steps=steps, levels=levels, years=years, bottom=height - 6)

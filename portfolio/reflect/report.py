"""How a :class:`portfolio.reflect.review.Review` is shown: grouped, styled text for a terminal, or stable JSON.

Text is styled with ``click.style``; print it with ``click.echo`` (its default
``color=None``), which strips the styles when the output is not a terminal,
so piped output is plain. The JSON shape is documented in
``portfolio/reflect/review.schema.json`` and in the README; ``schema_version`` changes
only when it changes incompatibly.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import click

from portfolio.model.findings import one_line
from portfolio.reflect.review import GROUPS, Month, Review, ReviewFinding

__all__ = ["SCHEMA_VERSION", "render_text", "render_json", "review_dict", "cadence_chart", "schema"]

SCHEMA_VERSION = 1

#: The widest a cadence bar gets, in character cells.
BAR_WIDTH = 24
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")


# --- JSON -------------------------------------------------------------------------------


def _finding_dict(finding: ReviewFinding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "group": finding.group,
        "subject": finding.subject,
        "message": finding.message,
        "entries": [ref.as_dict() for ref in finding.entries],
        "details": finding.details,
    }


def review_dict(review: Review) -> dict[str, Any]:
    """The review as plain data, in the shape of ``review.schema.json``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": review.as_of.isoformat(),
        "since": review.since.isoformat() if review.since else None,
        "settings": review.settings.as_dict(),
        "summary": {
            "entries": review.entries,
            "drafts": review.drafts,
            "private": review.private,
            "findings": len(review.findings),
            "by_code": review.codes(),
        },
        "findings": [_finding_dict(f) for f in review.findings],
        "cadence": {
            "from": review.months[0].label if review.months else None,
            "to": review.months[-1].label if review.months else None,
            "months": [{"month": m.label, "entries": m.count} for m in review.months],
        },
    }


def render_json(review: Review) -> str:
    return json.dumps(review_dict(review), indent=2, ensure_ascii=False)


def schema() -> dict[str, Any]:
    """The JSON Schema of :func:`render_json`'s output."""
    return json.loads(resources.files("portfolio.reflect").joinpath("review.schema.json").read_text(encoding="utf-8"))


# --- text -------------------------------------------------------------------------------


def _bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    if count <= 0:
        return ""
    eighths = count * 8 if most <= width else round(count * width * 8 / most)
    eighths = max(eighths, 1)
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8]


def cadence_chart(months: tuple[Month, ...] | list[Month], width: int = BAR_WIDTH) -> list[str]:
    """One styled line per month: ``2026-03 ███ 3``; bars scale down when a month has more than ``width``."""
    most = max((m.count for m in months), default=0)
    lines = []
    for month in months:
        bar = _bar(month.count, most, width)
        count = click.style("0", dim=True) if month.count == 0 else str(month.count)
        lines.append(f"  {click.style(month.label, dim=True)} {click.style(bar, fg='green')}{' ' if bar else ''}{count}")
    return lines


def _entry_lines(finding: ReviewFinding) -> list[str]:
    lines = []
    for ref in finding.entries:
        flags = "".join(click.style(f" ({flag})", fg="magenta") for flag, on in (("draft", ref.draft), ("private", ref.private)) if on)
        lines.append(f"      {click.style(ref.date.isoformat(), dim=True)}  {one_line(ref.title)}{flags}")
        lines.append(f"                  {click.style(one_line(ref.path), fg='cyan')}")
    return lines


def _finding_lines(finding: ReviewFinding) -> list[str]:
    # Titles, paths and assumptions are a person's text: escaped, so only our own styles reach the terminal.
    lines = [f"  {click.style('[' + finding.code + ']', fg='yellow', bold=True)} {one_line(finding.message)}"]
    lines += _entry_lines(finding)
    if finding.code == "recheck-assumptions":
        lines += [f"      - {one_line(text)}" for text in finding.details.get("assumptions", [])]
    return lines


def render_text(review: Review) -> str:
    """The review as grouped, styled lines (no trailing newline)."""
    period = f"from {review.since.isoformat()} " if review.since else ""
    head = (
        f"Review {period}as of {review.as_of.isoformat()}: {review.entries} entries "
        f"({review.drafts} draft, {review.private} private), {len(review.findings)} findings"
    )
    lines = [click.style(head, bold=True)]
    groups = review.by_group()
    for group, title in GROUPS.items():
        lines.append("")
        lines.append(click.style(title, bold=True, underline=True))
        if group == "cadence" and review.months:
            first, last = review.months[0].label, review.months[-1].label
            lines.append(click.style(f"  entries per month, {first} to {last}", dim=True))
            lines += cadence_chart(review.months)
        found = groups[group]
        if not found:
            lines.append(click.style("  nothing to review", fg="green"))
        for finding in found:
            lines += _finding_lines(finding)
    return "\n".join(lines)

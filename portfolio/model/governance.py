"""Decision governance: when a decision is due for another look, and which decisions govern which files.

One rule for `portfolio review` and for the site's review page and feed, so the
two can never disagree about what is overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from portfolio.model.entries import DecisionMeta, Entry
from portfolio.model.globs import compile_glob
from portfolio.model.thresholds import Settings

__all__ = ["LIVE", "Due", "dues", "governing"]

#: Statuses of decisions still in force, whose revisit date means something.
LIVE = ("proposed", "accepted")


@dataclass(frozen=True)
class Due:
    """One reason a decision deserves another look.

    ``code`` is ``revisit-overdue`` (``days``: since the revisit date) or
    ``outcome-missing`` (``days``: the decision's age); ``since`` is the first
    day it counted as overdue.
    """

    code: str
    since: dt.date
    days: int


def dues(entry: Entry, as_of: dt.date, settings: Settings) -> list[Due]:
    """Why ``entry`` is due for a review on ``as_of`` (nothing for a decision in good standing or another kind)."""
    meta = entry.meta
    if not isinstance(meta, DecisionMeta) or meta.outcome is not None:
        return []
    found = []
    if meta.status in LIVE and meta.revisit is not None:
        days = (as_of - meta.revisit).days
        if days - settings.revisit_grace_days > 0:
            found.append(Due("revisit-overdue", meta.revisit + dt.timedelta(days=settings.revisit_grace_days + 1), days))
    if meta.status == "accepted":
        age = (as_of - entry.date).days
        if age > settings.outcome_after_days:
            found.append(Due("outcome-missing", entry.date + dt.timedelta(days=settings.outcome_after_days + 1), age))
    return found


def governing(entries: Iterable[Entry], paths: Iterable[str]) -> list[tuple[Entry, list[str]]]:
    """Accepted decisions whose ``affects`` patterns cover any of ``paths`` (relative to the repository's root),
    each with the paths it covers; oldest first. Linear in patterns times paths."""
    paths = [path.strip("/") for path in paths]
    found = []
    for entry in entries:
        meta = entry.meta
        if not isinstance(meta, DecisionMeta) or meta.status != "accepted" or not meta.affects:
            continue
        patterns = [compile_glob(pattern) for pattern in meta.affects]
        covered = [path for path in paths if any(p.fullmatch(path) for p in patterns)]
        if covered:
            found.append((entry, covered))
    found.sort(key=lambda item: (item[0].date, item[0].slug))
    return found

"""The front page's selections: the role held now, the highlights, the latest entries per kind, the ways to reach the person.

A reader who opens the root URL has about a minute: within one screen they
should know who this is, at what level they work, and where the evidence is.
These are pure functions over records; the page itself is rendered with the
other generated pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from portfolio.model.career import Career, Person, Role
from portfolio.model.entries import KINDS, Entry

__all__ = ["Intro", "current_role", "highlights", "latest_by_kind", "contact_links", "HIGHLIGHTS", "LATEST"]

#: How many highlights the front page shows, and how many of the latest entries of each kind.
HIGHLIGHTS = 6
LATEST = 3


@dataclass(frozen=True)
class Intro:
    """The person's own ``index.md``: its front matter and body become the front page's introduction."""

    meta: dict
    body: str


def current_role(career: Career, today: dt.date) -> Role | None:
    """The role held today; else the one that started last (a portfolio kept between jobs)."""
    role = career.role_at(today)
    if role is None and career.roles:
        role = max(career.roles, key=lambda r: (r.start, r.id))
    return role


def highlights(entries: Iterable[Entry], limit: int = HIGHLIGHTS) -> list[Entry]:
    """Highlighted entries and wins, newest first: what the person is proudest of, with its impact."""
    chosen = [e for e in entries if e.meta.highlight or e.kind == "win"]
    chosen.sort(key=lambda e: (e.date, e.slug), reverse=True)
    return chosen[:limit]


def latest_by_kind(by_kind: dict[str, list[Entry]], limit: int = LATEST) -> list[tuple[str, list[Entry], int]]:
    """(kind, its newest entries, how many it has), for every kind that has any, in the site's order."""
    return [(kind, by_kind[kind][:limit], len(by_kind[kind])) for kind in KINDS if by_kind.get(kind)]


def contact_links(person: Person | None) -> list[tuple[str, str]]:
    """(label, URL) of every way to reach the person: their links in the file's order, then email."""
    if person is None:
        return []
    links = list(person.links)
    if person.email:
        links.append(("Email", "mailto:" + person.email))
    return links

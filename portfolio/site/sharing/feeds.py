"""Atom and RSS 2.0 feeds of public posts and of all public entries, and an Atom feed of the decisions
due for review, with absolute links from site_url."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import format_datetime

from portfolio.model.addresses import GENERATED
from portfolio.model.entries import Entry
from portfolio.model.governance import Due
from portfolio.site.urls import page_url
from portfolio.templating import html_environment

__all__ = ["FEEDS", "REVIEW_FEED", "FeedItem", "render_feeds", "render_review_feed", "feed_links"]

#: Staged path -> (which entries, format). At the site root on purpose: Material's
#: JavaScript fetches "sitemap.xml" next to every <link rel="alternate"> it finds,
#: and only the root has one.
FEEDS = {
    "posts.atom.xml": ("posts", "atom"),
    "posts.rss.xml": ("posts", "rss"),
    "all.atom.xml": ("all", "atom"),
    "all.rss.xml": ("all", "rss"),
}
#: Newest entries per feed; readers only look at the top.
LIMIT = 50
#: The decisions due for review (every one of them: a team subscribes to be reminded of all).
REVIEW_FEED = "review.atom.xml"
REVIEW_PAGE = GENERATED["decision-review"]


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str
    summary: str
    kind: str
    tags: tuple[str, ...]
    updated: dt.datetime
    #: The Atom id, when it must differ from the URL (a review reminder is new each time a decision falls due).
    uid: str = ""

    @property
    def id(self) -> str:
        return self.uid or self.url

    @property
    def rfc822(self) -> str:
        return format_datetime(self.updated)

    @property
    def iso(self) -> str:
        return self.updated.isoformat().replace("+00:00", "Z")


def _items(entries: Iterable[Entry], site_url: str, directory_urls: bool, summaries: dict[str, str]) -> list[FeedItem]:
    items = []
    for entry in sorted(entries, key=lambda e: (e.date, e.slug), reverse=True)[:LIMIT]:
        moment = dt.datetime.combine(entry.date, dt.time(0, 0), tzinfo=dt.timezone.utc)
        items.append(
            FeedItem(
                entry.title,
                site_url + page_url(entry.page, directory_urls),
                summaries.get(entry.slug, ""),
                entry.kind,
                tuple(entry.meta.tags),
                moment,
            )
        )
    return items


def render_feeds(
    entries: list[Entry], site_url: str, site_name: str, author: str, directory_urls: bool, summaries: dict[str, str]
) -> dict[str, str]:
    """Staged path -> feed XML. ``entries`` are the public ones; ``site_url`` ends with a slash."""
    env = html_environment()
    result = {}
    for path, (which, form) in FEEDS.items():
        chosen = [e for e in entries if which == "all" or e.kind == "post"]
        items = _items(chosen, site_url, directory_urls, summaries)
        updated = items[0].updated if items else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        title = f"{site_name} — {'posts' if which == 'posts' else 'all entries'}"
        result[path] = env.get_template(f"feeds/{form}.xml.j2").render(
            items=items,
            title=title,
            site_url=site_url,
            self_url=site_url + path,
            alternate_url="",
            author=author,
            updated=updated,
            kinds=which == "all",
        )
    return result


def _reason(entry: Entry, due: Due) -> str:
    if due.code == "revisit-overdue":
        revisit = getattr(entry.meta, "revisit", None)
        return f"revisit was due {revisit.isoformat() if revisit else '?'}, {due.days} day{'s' if due.days != 1 else ''} ago"
    return f"accepted {due.days} day{'s' if due.days != 1 else ''} ago with no outcome"


def render_review_feed(
    due: list[tuple[Entry, list[Due]]], site_url: str, site_name: str, author: str, directory_urls: bool, today: dt.date
) -> str:
    """Atom: one item per public decision due for review, newest reminder first. An item's id names the
    day it fell due, so a reader shows it again when a decision falls due again (a new revisit date)."""
    items = []
    for entry, reasons in due:
        since = min(d.since for d in reasons)
        url = site_url + page_url(entry.page, directory_urls)
        owners = ", ".join(getattr(entry.meta, "deciders", [])) or "no deciders named"
        summary = "; ".join(_reason(entry, d) for d in reasons).capitalize() + f". Owners: {owners}."
        moment = dt.datetime.combine(since, dt.time(0, 0), tzinfo=dt.timezone.utc)
        items.append(
            FeedItem(entry.title, url, summary, entry.kind, tuple(d.code for d in reasons), moment, f"{url}#review-{since.isoformat()}")
        )
    items.sort(key=lambda item: (item.updated, item.url), reverse=True)
    updated = items[0].updated if items else dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.timezone.utc)
    return (
        html_environment()
        .get_template("feeds/atom.xml.j2")
        .render(
            items=items,
            title=f"{site_name} — decisions due for review",
            site_url=site_url,
            self_url=site_url + REVIEW_FEED,
            alternate_url=site_url + page_url(REVIEW_PAGE, directory_urls),
            author=author,
            updated=updated,
            kinds=True,
        )
    )


def feed_links(site_name: str) -> list[dict[str, str]]:
    """What every page's head announces for autodiscovery (the review feed only the review page announces)."""
    return [
        {
            "type": "application/atom+xml" if form == "atom" else "application/rss+xml",
            "title": f"{site_name} — {'posts' if which == 'posts' else 'all entries'} ({form.upper()})",
            "href": path,
        }
        for path, (which, form) in FEEDS.items()
    ]

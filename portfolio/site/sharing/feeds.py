"""Atom and RSS 2.0 feeds of public posts and of all public entries, with absolute links from site_url."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import format_datetime

from portfolio.model.entries import Entry
from portfolio.site.urls import page_url
from portfolio.templating import html_environment

__all__ = ["FEEDS", "FeedItem", "render_feeds", "feed_links"]

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


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str
    summary: str
    kind: str
    tags: tuple[str, ...]
    updated: dt.datetime

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
            items=items, title=title, site_url=site_url, self_url=site_url + path, author=author, updated=updated, kinds=which == "all"
        )
    return result


def feed_links(site_name: str) -> list[dict[str, str]]:
    """What the page head announces for autodiscovery."""
    return [
        {
            "type": "application/atom+xml" if form == "atom" else "application/rss+xml",
            "title": f"{site_name} — {'posts' if which == 'posts' else 'all entries'} ({form.upper()})",
            "href": path,
        }
        for path, (which, form) in FEEDS.items()
    ]

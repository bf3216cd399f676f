"""What a portfolio needs to be read through links: feeds, link-preview cards, head meta.

All of it needs absolute URLs, so without ``site_url`` it is skipped and the
build says why.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from portfolio.model.entries import Entry
from portfolio.site.sharing.cards import Card, fonts_available, missing_fonts
from portfolio.site.sharing.feeds import REVIEW_FEED, feed_links, render_feeds, render_review_feed
from portfolio.site.views.pages import GENERATED, KIND_TITLES, SiteData, skill_page_src

__all__ = ["Sharing", "plan_sharing", "summary_of", "image_path"]

_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|[*_`>#]|<[^>]+>")


def summary_of(entry: Entry, limit: int = 200) -> str:
    """The description, else the first paragraph of prose, as plain text."""
    if entry.meta.description:
        return entry.meta.description
    paragraph: list[str] = []
    fence = False
    for line in entry.body.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or stripped.startswith(("#", "<!--", "|", "---")):
            if paragraph:
                break
            continue
        if not stripped:
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    text = " ".join(paragraph)
    text = _MARKUP.sub(lambda m: m.group(1) or "", text).strip()
    text = re.sub(r"^[-+]\s+|^\d+\.\s+", "", text)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def image_path(src: str) -> str:
    """Where a page's card lives: ``decisions/x.md`` -> ``assets/previews/decisions/x.png``."""
    return "assets/previews/" + src[: -len(".md")] + ".png"


@dataclass
class Sharing:
    """The files, page meta and head settings for link sharing."""

    enabled: bool
    feeds: dict[str, str] = field(default_factory=dict)
    cards: dict[str, Card] = field(default_factory=dict)  # staged image path -> card
    images: dict[str, str] = field(default_factory=dict)  # page src -> image path
    head: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: Problems worth fixing, e.g. a title's script that no installed font has.
    warnings: list[str] = field(default_factory=list)


def plan_sharing(data: SiteData, config: dict, public: list[Entry], has_home: bool) -> Sharing:
    """Decide what to write; cards are only described here, drawn by the stage when they changed."""
    site_url = str(config.get("site_url") or "").strip()
    site_name = str(config.get("site_name") or "Portfolio")
    head: dict[str, Any] = {
        "site_name": html.escape(site_name),
        "site_description": html.escape(str(config.get("site_description") or "")),
        "feeds": [],
        "default_image": "",
    }
    if not site_url:
        return Sharing(
            False, head=head, notes=["feeds and link-preview images were skipped: they need absolute URLs; set site_url in mkdocs.yml"]
        )
    sharing = Sharing(True, head=head)
    if not site_url.endswith("/"):
        site_url += "/"
    summaries = {entry.slug: summary_of(entry) for entry in public}
    sharing.feeds = render_feeds(public, site_url, site_name, data.name, data.directory_urls, summaries)
    sharing.feeds[REVIEW_FEED] = render_review_feed(data.due, site_url, site_name, data.name, data.directory_urls, data.today)
    head["feeds"] = [{**link, "title": html.escape(link["title"])} for link in feed_links(site_name)]
    if not fonts_available():
        sharing.notes.append(
            "link-preview images were skipped: no font found; install Debian's fonts-dejavu-core (and fonts-noto-cjk for CJK titles)"
        )
        return sharing
    person = data.name
    pages = {GENERATED["skills"]: ("Skills matrix", "skills"), GENERATED["timeline"]: ("Timeline", "timeline")}
    if not has_home:
        pages[GENERATED["home"]] = (data.name, "portfolio")
    for skill in data.matrix.skills:
        pages[skill_page_src(skill.id)] = (skill.name, "skill")
    for src, (title, kind) in pages.items():
        sharing.cards[image_path(src)] = Card(title, kind, None, person, site_name)
        sharing.images[src] = image_path(src)
    for entry in data.entries:
        sharing.cards[image_path(entry.page)] = Card(entry.title, KIND_TITLES[entry.kind][0], entry.date, person, site_name)
        sharing.images[entry.page] = image_path(entry.page)
    missing = missing_fonts(sharing.cards.values())
    if missing:
        sharing.warnings.append(missing)
    home_image = image_path(GENERATED["home"]) if not has_home else image_path(GENERATED["skills"])
    head["default_image"] = home_image
    return sharing

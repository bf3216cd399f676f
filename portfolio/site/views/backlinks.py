"""Backlinks: which public pages link to each entry, with the sentence around the link.

Computed once per stage from the staged sources (their links already point at
the staged pages), in one pass over every public body plus one over the
relations in front matter: linear in the size of the text and the number of
links. Generated pages (indexes, the matrix) are not sources: they link to
everything and say nothing about it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from portfolio.model.entries import DecisionMeta, Entry
from portfolio.model.markup import is_relative_link, link_contexts, split_target

__all__ = ["Source", "Backlink", "backlinks", "backlink_order", "FRONT_MATTER_WORDS"]

#: Front-matter key -> how the reference reads on the page it names.
FRONT_MATTER_WORDS = {
    "supersedes": "Supersedes this decision.",
    "superseded_by": "Names this decision as the one that superseded it.",
    "depends_on": "Depends on this decision.",
    "relates_to": "Relates to this entry.",
}


@dataclass(frozen=True)
class Source:
    """A public staged page that may link to entries: ``src`` is its staged path, ``body`` its staged Markdown."""

    src: str
    title: str
    body: str
    kind: str | None = None  # None for a page that is not an entry
    date: dt.date | None = None
    entry: Entry | None = None


@dataclass(frozen=True)
class Backlink:
    src: str
    title: str
    kind: str | None
    date: dt.date | None
    context: str
    from_front_matter: bool = False


def backlink_order(link: Backlink) -> tuple:
    """Entries newest first, then pages by title."""
    return (link.date is None, -(link.date.toordinal() if link.date else 0), link.title.casefold(), link.src)


def backlinks(sources: Iterable[Source], targets: dict[str, Entry]) -> dict[str, list[Backlink]]:
    """Staged entry page -> the pages linking to it (one item per linking page, the first link's sentence).

    ``targets``: staged page -> entry, of every entry that can be linked to; a
    link into anything else (an image, a page that is not an entry) is not counted.
    """
    found: dict[str, dict[str, Backlink]] = {}
    by_slug = {entry.slug: page for page, entry in targets.items()}
    sources = list(sources)
    for source in sources:
        folder = posixpath.dirname(source.src)
        for context in link_contexts(source.body):
            if not is_relative_link(context.target):
                continue
            path, _ = split_target(context.target)
            if not path:
                continue
            target = posixpath.normpath(posixpath.join(folder, path))
            if target == source.src or target not in targets:
                continue
            seen = found.setdefault(target, {})
            if source.src not in seen:
                seen[source.src] = Backlink(source.src, source.title, source.kind, source.date, context.sentence or context.text)
    for source in sources:
        meta = source.entry.meta if source.entry is not None else None
        if not isinstance(meta, DecisionMeta):
            continue
        for key, words in FRONT_MATTER_WORDS.items():
            for slug in getattr(meta, key):
                page = by_slug.get(slug)
                if page is None or page == source.src:
                    continue
                seen = found.setdefault(page, {})
                if source.src not in seen:
                    seen[source.src] = Backlink(source.src, source.title, source.kind, source.date, words, True)
    return {target: sorted(items.values(), key=backlink_order) for target, items in found.items()}

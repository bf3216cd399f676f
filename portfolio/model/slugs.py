"""Slugs are permalinks: one rule, wherever a slug is made.

``new`` makes one from a title, ``import`` from a record's title or file
name, ``check`` from a file name, author pages from a name. They must agree
(``Straße`` is ``strasse`` from all of them) or a link someone pasted breaks
when the same text comes in another way. Letters of every script are
transliterated with anyascii (``张伟`` is ``zhangwei``), so a title in any
language gives a slug, and the slug is cut at a word past one length limit.
"""

from __future__ import annotations

import re

from anyascii import anyascii

__all__ = ["MAX_SLUG", "SLUG_PATTERN", "slugify", "slug_from_filename", "is_slug"]

#: The longest slug. A slug names a staged file and a site folder (255 bytes at most) and is read in URLs.
MAX_SLUG = 100
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: ``2024-03-01-``, ``2024-3-1-`` and ``20240301-`` (log4brains) in front of a file name.
_DATE_PREFIX = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{8})[-_]")


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """Lowercase ASCII words joined by single hyphens, at most ``limit`` characters (cut at a word); ``""`` when nothing is left."""
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
        slug = cut.strip("-")
    return slug


def slug_from_filename(stem: str) -> str:
    """The slug of a file name without its extension: a leading date is not part of it."""
    return slugify(_DATE_PREFIX.sub("", stem)) or slugify(stem)


def is_slug(text: str) -> bool:
    """True for a valid slug: lowercase letters, digits and single hyphens, at most :data:`MAX_SLUG` long."""
    return bool(SLUG_PATTERN.match(text)) and len(text) <= MAX_SLUG

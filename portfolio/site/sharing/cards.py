"""Link-preview cards (1200x630 PNG) drawn at build time with Pillow, without network access.

Material's social plugin downloads fonts when it runs; here the fonts are the
machine's own (Debian's fonts-dejavu-core and fonts-noto-cjk, found by path
or through fontconfig), so a build works offline. Each character is drawn
with the first font that has it: the Latin font, the CJK font, else any
installed font fontconfig names for it. A character no installed font has is
reported once per build, with the Debian package that brings one
(:func:`missing_fonts`), and :func:`font_key` names the font files a card is
drawn with, so installing a font redraws the cards it changes.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Card", "render_card", "fonts_available", "cjk_font_available", "font_key", "missing_fonts", "SIZE"]

SIZE = (1200, 630)
_LATIN_BOLD = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
]
_LATIN = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
]
_CJK = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
]
_CJK_RANGES = (
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x3000, 0x30FF),
    (0x3100, 0x31FF),
    (0x3200, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


@dataclass(frozen=True)
class Card:
    """What a preview card says."""

    title: str
    kind: str
    date: dt.date | None
    person: str
    site: str


def _first(paths: list[str], pattern: str) -> str | None:
    for path in paths:
        if Path(path).is_file():
            return path
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
        if found and Path(found).is_file():
            return found
    return None


@lru_cache(maxsize=1)
def _font_files() -> tuple[str | None, str | None, str | None]:
    return (
        _first(_LATIN_BOLD, "sans:bold"),
        _first(_LATIN, "sans"),
        _first(_CJK, "Noto Sans CJK JP:bold"),
    )


def cjk_font_available() -> bool:
    """True when a font for Chinese, Japanese and Korean titles was found (Debian: fonts-noto-cjk)."""
    return _font_files()[2] is not None


def fonts_available() -> bool:
    """True when at least a Latin font was found; cards need one."""
    bold, regular, _ = _font_files()
    return bool(bold or regular)


@lru_cache(maxsize=32)
def _font(path: str, size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


#: Emoji and pictographs: Debian's colour emoji font cannot be drawn at card sizes; Symbola can.
_SYMBOL_RANGES = ((0x2600, 0x27BF), (0x1F000, 0x1FAFF))


def _package_for(char: str) -> str:
    """The Debian package whose fonts have ``char``."""
    code = ord(char)
    if _is_cjk(char):
        return "fonts-noto-cjk"
    if any(low <= code <= high for low, high in _SYMBOL_RANGES):
        return "fonts-symbola"
    return "fonts-noto-core"


@lru_cache(maxsize=4096)
def _has(path: str, char: str) -> bool:
    """True when the font at ``path`` has a glyph for ``char`` (its drawing differs from the missing-glyph box)."""
    try:
        font = _font(path, 48)
        mask = font.getmask(char)
        missing = font.getmask("\U0010fffd")  # a private-use character: no font has it
    except OSError:
        return False
    return (mask.size, bytes(mask)) != (missing.size, bytes(missing))


@lru_cache(maxsize=1024)
def _fallback(char: str) -> str | None:
    """An installed font file that has ``char``, found through fontconfig (``fc-list :charset=...``)."""
    if not shutil.which("fc-list"):
        return None
    try:
        listed = subprocess.run(
            ["fc-list", f":charset={ord(char):x}", "file"], capture_output=True, text=True, timeout=10
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(listed):
        path = line.strip().rstrip(":").strip()
        if path.lower().endswith((".ttf", ".otf", ".ttc")) and Path(path).is_file() and _has(path, char):
            return path
    return None


@lru_cache(maxsize=8192)
def _font_for(char: str, latin: str, cjk: str | None) -> str | None:
    """The font to draw ``char`` with, or None when no installed font has it (cached: titles repeat letters)."""
    if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
        return latin  # spaces, joiners and marks of direction draw nothing: any font will do
    if cjk and _is_cjk(char) and _has(cjk, char):
        return cjk
    if _has(latin, char):
        return latin
    if cjk and _has(cjk, char):
        return cjk
    return _fallback(char)


def _runs(text: str, latin: str, cjk: str | None) -> list[tuple[str, str]]:
    """Split text into (font path, text) runs, each character with a font that has it (else the Latin one: a box)."""
    runs: list[tuple[str, str]] = []
    for char in text:
        path = _font_for(char, latin, cjk) or latin
        if runs and runs[-1][0] == path:
            runs[-1] = (path, runs[-1][1] + char)
        else:
            runs.append((path, char))
    return runs


def _texts(card: Card) -> tuple[str, ...]:
    return (card.title, card.kind.upper(), card.person, card.site)


def _base_fonts() -> tuple[str, str, str | None]:
    bold, regular, cjk = _font_files()
    bold = bold or regular
    regular = regular or bold
    if bold is None or regular is None:
        raise RuntimeError("no font found for preview cards; install Debian's fonts-dejavu-core")
    return bold, regular, cjk


def font_key(card: Card) -> str:
    """The font files a card is drawn with (path, size, modification time): part of its cache key, so that
    installing or updating a font redraws the cards it changes."""
    bold, regular, cjk = _base_fonts()
    used = {bold, regular}
    used.update(path for text in _texts(card) for char in set(text) if (path := _font_for(char, bold, cjk)) is not None)
    parts = []
    for path in sorted(used):
        try:
            stat = Path(path).stat()
            parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}:gone")
    return "|".join(parts)


def missing_fonts(cards: Iterable[Card]) -> str | None:
    """One warning for all the cards with characters no installed font has, naming the Debian packages, else None."""
    bold, _, cjk = _base_fonts()
    packages: dict[str, None] = {}
    pages, example = 0, None
    for card in cards:
        missing = [char for text in _texts(card) for char in text if _font_for(char, bold, cjk) is None]
        if missing:
            pages += 1
            example = example or (missing[0], card.title)
            packages.update(dict.fromkeys(_package_for(char) for char in missing))
    if example is None:
        return None
    char, title = example
    short = title if len(title) <= 40 else title[:39] + "…"
    return (
        f"link-preview images of {pages} {'page' if pages == 1 else 'pages'} would show boxes for characters no installed font has "
        f"(e.g. '{char}' in '{short}'); install Debian's {' and '.join(packages)}, then build again: those images are redrawn"
    )


@lru_cache(maxsize=8192)
def _width(text: str, size: int, latin: str, cjk: str | None) -> float:
    return sum(_font(path, size).getlength(run) for path, run in _runs(text, latin, cjk))


def _wrap(text: str, size: int, width: int, latin: str, cjk: str | None) -> list[str]:
    """Greedy wrapping by words, and by characters inside words too long or in scripts without spaces.

    A line's width is the sum of its words' and spaces' widths (each measured once), not
    the line measured again for every word: the same break points but for kerning across a
    space, and a fraction of the time.
    """
    tokens: list[str] = []
    for word in text.split():
        if _width(word, size, latin, cjk) > width or any(_is_cjk(c) for c in word):
            tokens.extend(list(word))
            tokens.append(" ")
        else:
            tokens.extend([word, " "])
    lines, current, used = [], "", 0.0
    for token in tokens:
        extra = _width(token, size, latin, cjk)
        if current and not token.isspace() and used + extra > width:
            lines.append(current.rstrip())
            current, used = token, extra
        else:
            current, used = current + token, used + extra
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _draw(draw, xy: tuple[int, int], text: str, size: int, fill: str | int, latin: str, cjk: str | None) -> None:  # type: ignore[no-untyped-def]
    x, y = xy
    for path, run in _runs(text, latin, cjk):
        font = _font(path, size)
        draw.text((x, y), run, font=font, fill=fill)
        x += font.getlength(run)


#: The card's colours: background, top bar, and the three inks (kind and date, title, footer).
_BACKGROUND, _BAR = "#0f3d3e", "#2bb3a3"
_INKS = ("#9fe3d9", "#ffffff", "#d6efec")
_META, _TITLE, _FOOTER = range(3)
#: Shades of each ink over the background: what its anti-aliased edges are drawn with.
_LEVELS = 64
#: zlib level of the PNG: measured on 1,000 cards, 6 gives files a third smaller than 1 for ~3 ms more per card; 9 costs 5x the time for 10% less.
_COMPRESS_LEVEL = 6


@lru_cache(maxsize=1)
def _palette() -> tuple[bytes, tuple[tuple[int, ...], ...]]:
    """The PNG palette (background, bar, then ``_LEVELS`` shades per ink) and, per ink, its lookup table
    from a text mask's coverage (0-255) to a palette index."""
    from PIL import ImageColor

    background = ImageColor.getrgb(_BACKGROUND)
    colours: list[tuple[int, ...]] = [background, ImageColor.getrgb(_BAR)]
    tables = []
    for number, ink in enumerate(_INKS):
        rgb = ImageColor.getrgb(ink)
        colours += [tuple(round(b + (c - b) * level / _LEVELS) for b, c in zip(background, rgb)) for level in range(1, _LEVELS + 1)]
        first = 2 + number * _LEVELS
        tables.append((0, *(first + (value * _LEVELS + 254) // 255 - 1 for value in range(1, 256))))
    return bytes(channel for colour in colours for channel in colour[:3]), tuple(tables)


def render_card(card: Card) -> bytes:
    """The card as PNG bytes: the same bytes for the same card and fonts, wherever it is drawn.

    The card has five colours, so it is drawn as a palette image: each ink's text is drawn as a
    coverage mask, and each coverage becomes one of ``_LEVELS`` shades of that ink over the
    background. Encoding 8-bit indices instead of 24-bit colour makes the PNG smaller and quicker
    to write (see ``benchmarks/``), and the anti-aliased edges look the same.
    """
    from PIL import Image, ImageDraw

    bold, regular, cjk = _base_fonts()
    masks = [Image.new("L", SIZE, 0) for _ in _INKS]
    draws = [ImageDraw.Draw(mask) for mask in masks]
    meta = " · ".join(part for part in (card.kind.upper(), card.date.strftime("%-d %b %Y") if card.date else "") if part)
    _draw(draws[_META], (80, 70), meta, 34, 255, bold, cjk)
    size = 72
    lines = _wrap(card.title, size, 1040, bold, cjk)
    while len(lines) > 3 and size > 40:
        size -= 8
        lines = _wrap(card.title, size, 1040, bold, cjk)
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1].rstrip(" .") + "…"
    y = 150
    for line in lines:
        _draw(draws[_TITLE], (80, y), line, size, 255, bold, cjk)
        y += int(size * 1.25)
    if not card.person or card.person in card.site:
        footer = card.site
    elif not card.site:
        footer = card.person
    else:
        footer = f"{card.person} — {card.site}"
    _draw(draws[_FOOTER], (80, 530), footer, 32, 255, regular, cjk)

    palette, tables = _palette()
    canvas = Image.new("L", SIZE, 0)  # palette indices: 0 is the background
    canvas.paste(1, (0, 0, SIZE[0], 15))  # the top bar
    for mask, table in zip(masks, tables):
        box = mask.getbbox()
        if box is None:
            continue
        coverage = mask.crop(box)
        canvas.paste(coverage.point(table), box, coverage.point(_INKED))
    canvas.putpalette(palette)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", compress_level=_COMPRESS_LEVEL)
    return buffer.getvalue()


#: A mask of the pixels any text touches.
_INKED = (0, *(255,) * 255)

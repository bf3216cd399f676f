"""Markdown text without a Markdown parser: code fences, links, headings.

The stage, the importers and the publish allowlist all need to know where the
links of a page are and which lines are code. They share this one reading of
CommonMark's rules, so a ``~~~`` line inside a backtick fence, or a three-
backtick line inside a four-backtick fence, never ends the fence for one of
them and not for the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = [
    "MARKDOWN_SUFFIXES",
    "is_markdown_name",
    "fenced",
    "code_free",
    "rewrite_links",
    "unimage",
    "link_targets",
    "html_targets",
    "rewrite_html_links",
    "LinkContext",
    "link_contexts",
    "plain_text",
    "split_target",
    "is_relative_link",
    "first_h1",
    "headings",
    "heading_text",
]

#: Every extension MkDocs renders as Markdown (``mkdocs.utils.markdown_extensions``);
#: compared in lower case here, because a file named ``x.MD`` is Markdown to a person.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def is_markdown_name(name: str) -> bool:
    """True for a file name that is Markdown by its extension, in any case."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


# --- code fences --------------------------------------------------------------------

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


def fenced(lines: list[str]) -> Iterator[tuple[str, bool]]:
    """Yield ``(line, in_code)`` for each line; fence lines themselves count as code.

    A fence closes only with the same character, at least as long, with
    nothing after it but spaces (CommonMark 4.5); a backtick fence's info
    string may not hold a backtick, so ```` ```a`b ```` opens nothing.
    """
    fence: str | None = None
    for line in lines:
        marker = _FENCE.match(line)
        if fence is not None:
            if marker and marker.group(2)[0] == fence[0] and len(marker.group(2)) >= len(fence) and not marker.group(3).strip():
                fence = None
            yield line, True
            continue
        if marker and not (marker.group(2)[0] == "`" and "`" in marker.group(3)):
            fence = marker.group(2)
            yield line, True
            continue
        yield line, False


_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


def code_free(text: str) -> str:
    """The text with fenced code blocks and code spans blanked (line numbers kept)."""
    return "\n".join("" if code else _CODE_SPAN.sub("", line) for line, code in fenced(text.split("\n")))


# --- links --------------------------------------------------------------------------

# A link target: <...> with spaces, or plain characters, balanced (...) and template
# tags such as {% post_url x %}, {{ site.baseurl }} and {{< ref "x" >}}, which hold spaces.
_TARGET = r"(?:<[^<>\n]*>|(?:\{%[^%}\n]*%\}|\{\{[^}\n]*\}\}|[^\s()<>{]|\{(?![{%])|\([^\s()]*\))+)"
# [text](target "title") and ![alt](target)
_INLINE = re.compile(r"(\]\(\s*)(" + _TARGET + r")(\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?(\s*\))")
# [label]: target "title" -- but not a footnote, `[^1]: Some text.`, whose first word is no target
_REFDEF = re.compile(r"^( {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*)(" + _TARGET + r")(.*)$")
# src="x", href='x', poster=x, data="x", srcset="a 1x, b 2x" in raw HTML
_HTML_ATTR = re.compile(r"""\b(src|href|poster|data|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)

#: ``target -> new target or None`` (None leaves the link as it is).
LinkRewriter = Callable[[str], "str | None"]


def split_target(target: str) -> tuple[str, str]:
    """``("file.md", "#part")`` of a link target, percent-escapes decoded and a query dropped from the path."""
    path, hash_, fragment = target.partition("#")
    path = path.partition("?")[0]
    return unquote(path), (hash_ + fragment)


def is_relative_link(target: str) -> bool:
    """True for a link to a file of the same site (``img/x.png``, ``../a.md``), not a URL or an anchor."""
    if not target or target.startswith(("#", "/", "\\")):
        return False
    return not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target)


def _unwrap(raw: str) -> str:
    return raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw


def _rewrite_prose(text: str, rewrite: LinkRewriter) -> str:
    def inline(match: re.Match[str]) -> str:
        new = rewrite(_unwrap(match.group(2)))
        if new is None:
            return match.group(0)
        new = f"<{new}>" if any(ch in new for ch in " ()<>") else new
        return match.group(1) + new + (match.group(3) or "") + match.group(4)

    out = []
    for part in re.split(r"(`+[^`]*?`+)", text):
        out.append(part if part.startswith("`") else _INLINE.sub(inline, part))
    return "".join(out)


def rewrite_links(body: str, rewrite: LinkRewriter) -> str:
    """Apply ``rewrite`` to every inline link, image and reference definition outside code."""
    out: list[str] = []
    for line, code in fenced(body.split("\n")):
        if code:
            out.append(line)
            continue
        ref = _REFDEF.match(line)
        if ref:
            new = rewrite(_unwrap(ref.group(2)))
            out.append(line if new is None else ref.group(1) + (f"<{new}>" if " " in new else new) + ref.group(3))
            continue
        out.append(_rewrite_prose(line, rewrite))
    return "\n".join(out)


# ![alt](target "title"): the alt text may hold brackets one level deep, as CommonMark allows.
_IMAGE = re.compile(r"!\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\](\(\s*(" + _TARGET + r")(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\))")


def unimage(body: str, wanted: Callable[[str], bool]) -> str:
    """Turn each inline image whose target ``wanted`` accepts into a plain link to the same target, outside code.

    ``![diagram](x.png)`` becomes ``[diagram](x.png)`` (``[image](x.png)`` when
    the alt text is empty): for an image that would otherwise be loaded from
    another host, a link keeps it one click away without the page requesting it.
    """

    def image(match: re.Match[str]) -> str:
        if not wanted(_unwrap(match.group(3))):
            return match.group(0)
        return f"[{match.group(1) or 'image'}]{match.group(2)}"

    out = []
    for line, code in fenced(body.split("\n")):
        if code or "![" not in line:
            out.append(line)
            continue
        parts = re.split(r"(`+[^`]*?`+)", line)
        out.append("".join(part if part.startswith("`") else _IMAGE.sub(image, part) for part in parts))
    return "\n".join(out)


def link_targets(body: str) -> list[str]:
    """Every Markdown link and image target in prose (outside code), in order."""
    seen: list[str] = []

    def collect(target: str) -> None:
        seen.append(target)
        return None

    rewrite_links(body, collect)
    return seen


def html_targets(body: str) -> list[str]:
    """Every ``src``, ``href``, ``poster``, ``data`` and ``srcset`` URL of raw HTML outside code."""
    found: list[str] = []
    for match in _HTML_ATTR.finditer(code_free(body)):
        value = next(group for group in match.groups()[1:] if group is not None)
        if match.group(1).lower() == "srcset":
            found.extend(part.split()[0] for part in value.split(",") if part.strip())
        else:
            found.append(value)
    return found


def rewrite_html_links(body: str, rewrite: LinkRewriter) -> str:
    """Apply ``rewrite`` to every ``src``/``href``/``poster``/``data``/``srcset`` URL of raw HTML outside fenced code."""

    def attribute(match: re.Match[str]) -> str:
        name = match.group(1)
        quote = '"' if match.group(2) is not None else "'" if match.group(3) is not None else ""
        value = next(group for group in match.groups()[1:] if group is not None)
        if name.lower() == "srcset":
            parts = []
            for part in value.split(","):
                words = part.split()
                new = rewrite(words[0]) if words else None
                parts.append(part if new is None else part.replace(words[0], new, 1))
            changed = ",".join(parts)
        else:
            new = rewrite(value)
            changed = value if new is None else new
        if changed == value:
            return match.group(0)
        return f"{name}={quote}{changed}{quote}" if quote else f'{name}="{changed}"'

    out = []
    for line, code in fenced(body.split("\n")):
        out.append(line if code or "=" not in line else _HTML_ATTR.sub(attribute, line))
    return "\n".join(out)


# --- links with the sentence around them --------------------------------------------

_BRACKETED = r"(?:[^\[\]\n]|\[[^\[\]\n]*\])*"
_IN_PROSE = re.compile(
    r"(?P<tick>`+)(?P<code>.+?)(?P=tick)"
    r"|(?P<bang>!?)\[(?P<text>" + _BRACKETED + r")\]\(\s*(?P<target>" + _TARGET + r")(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
    r"|(?P<rbang>!?)\[(?P<rtext>" + _BRACKETED + r")\]\[(?P<label>[^\[\]\n]*)\]"
    r"|(?P<sbang>!?)\[(?P<stext>[^\[\]\n]+)\](?![\[(:])"
    r"""|<a\b[^>]*?\bhref\s*=\s*(?:"(?P<h1>[^"]*)"|'(?P<h2>[^']*)'|(?P<h3>[^\s"'>]+))[^>]*>(?P<atext>.*?)</a\s*>"""
    r"|</?[A-Za-z][^>\n]*>",
    re.I,
)
_EMPHASIS = re.compile(r"\*+|~~|(?<![\w])_+|_+(?![\w])")
_SPACES = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")
_A_TAG = re.compile(r"<a\b", re.I)
_REFDEF_LINE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(" + _TARGET + r")(.*)$", re.M)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_BLOCK_MARK = re.compile(r"^\s{0,3}(?:>\s?)*(?:[-+*]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)?")
_NEW_BLOCK = re.compile(r"^\s{0,3}(?:[-+*]|\d{1,9}[.)])\s+|^\s{0,3}#{1,6}(?:\s|$)|^\s*\|")
#: Longest context quoted around a link, in characters.
CONTEXT_LIMIT = 280


@dataclass(frozen=True)
class LinkContext:
    """A link in prose: its target, its text, and the sentence it stands in, as plain text."""

    target: str
    text: str
    sentence: str


def plain_text(markdown: str) -> str:
    """One line of Markdown as a person reads it: link and image text kept, code marks, emphasis and tags dropped."""
    out = []
    position = 0
    for match in _IN_PROSE.finditer(markdown):
        out.append(_EMPHASIS.sub("", markdown[position : match.start()]))
        out.append(_shown_text(match))
        position = match.end()
    out.append(_EMPHASIS.sub("", markdown[position:]))
    return " ".join("".join(out).split())


def _shown_text(match: re.Match[str]) -> str:
    if match.group("tick"):
        return match.group("code").strip()
    for name in ("text", "rtext", "stext", "atext"):
        if match.group(name) is not None:
            return plain_text(match.group(name))
    return ""  # any other tag


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _prose_blocks(body: str) -> list[str]:
    """Blocks of prose: the text between blank lines, with fenced code blanked first (only when there is
    a fence, which is rare enough to be worth the check)."""
    if "```" in body or "~~~" in body:
        body = "\n".join("" if code else line for line, code in fenced(body.split("\n")))
    return _BLANK_LINE.split(body)


def _paragraphs(block: str) -> Iterator[str]:
    """One block's paragraphs: each list item, heading and table row on its own; reference definitions left out."""
    current: list[str] = []
    for line in block.split("\n"):
        if _REFDEF.match(line) or _NEW_BLOCK.match(line) or not line.strip():
            if current:
                yield " ".join(current)
                current = []
            if not line.strip() or _REFDEF.match(line):
                continue
        current.append(_BLOCK_MARK.sub("", line, count=1).lstrip("#").strip())
    if current:
        yield " ".join(current)


def _sentence(plain: str, start: int, end: int) -> str:
    """The sentence of ``plain`` around ``[start, end)``, cut to :data:`CONTEXT_LIMIT` around the link."""
    first, last = 0, len(plain)
    for boundary in _SENTENCE_END.finditer(plain):
        if boundary.end() <= start:
            first = boundary.end()
        elif boundary.start() >= end:
            last = boundary.start()
            break
    sentence = plain[first:last].strip()
    if len(sentence) <= CONTEXT_LIMIT:
        return sentence
    middle = (start + end) // 2 - first
    left = max(0, middle - CONTEXT_LIMIT // 2)
    right = min(len(sentence), left + CONTEXT_LIMIT)
    left = max(0, right - CONTEXT_LIMIT)
    cut = sentence[left:right].strip()
    return ("…" if left else "") + cut + ("…" if right < len(sentence) else "")


def link_contexts(body: str) -> list[LinkContext]:
    """Every link (Markdown inline, reference or raw ``<a href>``; not images) outside code, with the
    sentence it stands in: what a "Referenced by" list quotes.

    Linear in the text, and mostly C-speed: only the blocks that can hold a link are read closely.
    """
    has_definitions = "]:" in body
    if "](" not in body and "][" not in body and not has_definitions and not _A_TAG.search(body):
        return []
    blocks = _prose_blocks(body)
    definitions: dict[str, str] = {}
    if has_definitions:
        for block in blocks:
            for ref in _REFDEF_LINE.finditer(block):
                definitions.setdefault(_label(ref.group(1).strip().lstrip("[").rsplit("]", 1)[0]), _unwrap(ref.group(2)))
    found: list[LinkContext] = []
    for block in blocks:
        if not ("](" in block or "][" in block or (definitions and "[" in block) or ("<" in block and _A_TAG.search(block))):
            continue
        for paragraph in _paragraphs(block):
            found.extend(_contexts_in(paragraph, definitions))
    return found


def _contexts_in(paragraph: str, definitions: dict[str, str]) -> list[LinkContext]:
    """The links of one paragraph with their sentences; whitespace runs become one space as the text is built,
    so every link's span keeps pointing at its words."""
    text = ""
    spans: list[tuple[int, int, str, str]] = []

    def add(piece: str) -> None:
        nonlocal text
        piece = _SPACES.sub(" ", piece)
        if piece.startswith(" ") and (not text or text.endswith(" ")):
            piece = piece[1:]
        text += piece

    position = 0
    for match in _IN_PROSE.finditer(paragraph):
        add(_EMPHASIS.sub("", paragraph[position : match.start()]))
        shown = _shown_text(match)
        target = _target_of(match, definitions)
        before = len(text)
        add(shown)
        added = text[before:]
        if target is not None:
            start = before + (1 if added.startswith(" ") else 0)
            spans.append((start, len(text) - (1 if len(added) > 1 and added.endswith(" ") else 0), target, shown))
        position = match.end()
    if not spans:
        return []
    add(_EMPHASIS.sub("", paragraph[position:]))
    plain = text.rstrip()
    return [
        LinkContext(target, " ".join(shown.split()), _sentence(plain, start, min(end, len(plain)))) for start, end, target, shown in spans
    ]


def _target_of(match: re.Match[str], definitions: dict[str, str]) -> str | None:
    if match.group("target") is not None:
        return None if match.group("bang") else _unwrap(match.group("target"))
    if match.group("rtext") is not None:
        if match.group("rbang"):
            return None
        return definitions.get(_label(match.group("label") or match.group("rtext")))
    if match.group("stext") is not None:
        return None if match.group("sbang") else definitions.get(_label(match.group("stext")))
    for name in ("h1", "h2", "h3"):
        if match.group(name) is not None:
            return match.group(name)
    return None


# --- headings -----------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")


def _atx_text(raw: str) -> str:
    """Heading text without a closing sequence of #s."""
    text = raw.strip()
    stripped = text.rstrip("#")
    return stripped.rstrip() if stripped != text and (not stripped or stripped[-1] in " \t") else text


def headings(body: str) -> Iterator[tuple[int, int, str]]:
    """``(line index, level, text)`` of every ATX heading outside code."""
    for index, (line, code) in enumerate(fenced(body.split("\n"))):
        if code:
            continue
        match = _ATX.match(line)
        if match:
            yield index, len(match.group(1)), _atx_text(match.group(2) or "")


def first_h1(body: str) -> tuple[str | None, int]:
    """``(text, line index)`` of the first level-1 heading (``# T`` or ``T`` over ``===``) outside code, else ``(None, -1)``."""
    lines = body.split("\n")
    marked = list(fenced(lines))
    for index, (line, code) in enumerate(marked):
        if code:
            continue
        match = _ATX.match(line)
        if match and len(match.group(1)) == 1 and _atx_text(match.group(2) or ""):
            return _atx_text(match.group(2) or ""), index
        if (
            line.strip()
            and index + 1 < len(lines)
            and not marked[index + 1][1]
            and re.match(r"^ {0,3}=+\s*$", lines[index + 1])
            and not line.startswith(("    ", "\t"))
            and (index == 0 or not lines[index - 1].strip())
        ):
            return line.strip(), index
    return None, -1


def heading_text(text: str) -> str:
    """Heading text without Markdown emphasis, links or code marks, on one line (for comparing titles)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*_`]", "", text).split())

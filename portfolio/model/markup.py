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
# [label]: target "title"
_REFDEF = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(" + _TARGET + r")(.*)$")
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

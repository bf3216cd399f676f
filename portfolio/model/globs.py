"""Path patterns of a decision's ``affects:``: which files of the repository a decision governs.

The rules are those of CODEOWNERS and .gitignore, which the people writing
them already know, reduced to what a decision needs:

- paths use ``/`` and are relative to the repository's root (a leading ``/``
  changes nothing);
- ``*`` matches within one folder or file name, ``?`` one character of it,
  ``[abc]`` / ``[!abc]`` one character of a set; ``**`` as a whole part of the
  path matches any number of folders (none included);
- a pattern without a ``/`` (``*.sql``, ``Dockerfile``) matches at any depth;
- a pattern that names a folder covers everything in it (``src/billing`` and
  ``src/billing/`` both match ``src/billing/invoice.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["glob_problem", "compile_glob", "glob_matches"]


def glob_problem(pattern: str) -> str | None:
    """What is wrong with a pattern, as a person should read it; None when it is fine."""
    text = pattern.strip()
    if not text or text == "/":
        return "an empty path pattern; expected a path such as src/billing/** or *.sql"
    if "\\" in text:
        return f"{pattern!r} holds a backslash; write paths with '/', e.g. {text.replace(chr(92), '/')!r}"
    if any(part == ".." for part in text.split("/")):
        return f"{pattern!r} leads out of the repository ('..'); patterns are relative to the repository's root"
    depth = 0
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
    if depth:
        return f"{pattern!r} opens a '[' it never closes; write [abc] for one of a, b, c"
    return None


def _segment(part: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(part):
        char = part[index]
        if char == "*":
            while index + 1 < len(part) and part[index + 1] == "*":
                index += 1
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = part.find("]", index + 2 if part[index + 1 : index + 2] in ("!", "]") else index + 1)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = part[index + 1 : end]
                negate = body.startswith("!")
                body = body[1:] if negate else body
                out.append("[" + ("^/" if negate else "") + body.replace("\\", "\\\\").replace("^", "\\^") + "]")
                index = end
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """The regular expression of a valid pattern (see :func:`glob_problem`), matching a path or anything below it."""
    text = pattern.strip().strip("/")
    anchored = "/" in text
    parts = text.split("/")
    regex = ""
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            regex += ".*" if last else "(?:[^/]+/)*"
        else:
            regex += _segment(part) + ("" if last else "/")
    prefix = "" if anchored else "(?:[^/]+/)*"
    return re.compile(prefix + regex + "(?:/.*)?", re.S)


def glob_matches(pattern: str, path: str) -> bool:
    """True when ``path`` (relative to the repository's root, with ``/``) is covered by ``pattern``."""
    return compile_glob(pattern).fullmatch(path.strip("/")) is not None

"""Findings: what `check` tells a person, one per problem, with file and line."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

__all__ = ["Finding", "display_path", "did_you_mean", "has_errors"]

Severity = Literal["error", "warning"]

#: Control characters, line and paragraph separators: shown escaped, so one finding stays one
#: terminal line and a value quoted from a file cannot move the cursor or recolour the terminal.
_UNPRINTABLE = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if code != 0x09}
_UNPRINTABLE.update({0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def one_line(text: str) -> str:
    """``text`` with every character that would break or restyle a terminal line escaped."""
    return text.translate(_UNPRINTABLE)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file. ``line`` is 1-based; ``code`` is stable for tooling."""

    path: str
    line: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        return f"{one_line(self.path)}:{self.line}: {self.severity}: {one_line(self.message)}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def display_path(path: Path | str) -> str:
    """The path as a person would type it: relative to the working folder when inside it.

    String work only: `check` names thousands of files and ``os.path.relpath``
    would resolve the working folder for each.
    """
    text = os.fspath(path)
    if not os.path.isabs(text):
        return text.replace(os.sep, "/")
    cwd = os.getcwd()
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    if text.startswith(prefix):
        return text[len(prefix) :].replace(os.sep, "/")
    return text.replace(os.sep, "/")


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix when a choice is close, else ``""``."""
    if not isinstance(word, str):
        return ""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            matches = [lowered[word.lower()]]
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)

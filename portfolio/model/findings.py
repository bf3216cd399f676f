"""Findings: what `check` tells a person, one per problem, with file and line."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

__all__ = ["Finding", "display_path", "did_you_mean", "has_errors", "github_annotation"]

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

    def github(self) -> str:
        """A GitHub Actions workflow command: the finding shows as an annotation on its file and line
        (in a pull request, on the changed line)."""
        return github_annotation(self.severity, self.path, self.line, f"portfolio check ({self.code})", self.message)


def github_annotation(level: str, path: str, line: int, title: str, message: str) -> str:
    """``::error file=...,line=...,title=...::message`` (``level``: error, warning or notice), escaped."""
    properties = f"file={_github_escape(path, True)},line={line},title={_github_escape(title, True)}"
    return f"::{level} {properties}::{_github_escape(message)}"


def _github_escape(text: str, in_property: bool = False) -> str:
    """GitHub's escaping for workflow commands (``%``, ``\r``, ``\n``; in a property also ``:`` and ``,``),
    then every other control character shown escaped, so a value from a file cannot start a command of its own."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if in_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return one_line(text)


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


def did_you_mean(word: object, choices: Iterable[str], shown: Mapping[str, str] | None = None) -> str:
    """A ``" (did you mean 'x'?)"`` suffix when a choice is close, else ``""``.

    ``shown`` maps a choice to the word to suggest (a kind's folder name to the kind).
    """
    if not isinstance(word, str):
        return ""
    choices = list(choices)
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            matches = [lowered[word.lower()]]
    if not matches:
        return ""
    return f" (did you mean '{shown.get(matches[0], matches[0]) if shown else matches[0]}'?)"


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)

"""Turn pydantic's validation errors into one plain sentence per problem, at the key's line."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from portfolio.model.findings import Finding, did_you_mean
from portfolio.model.yamlio import KeyLines

__all__ = ["translate", "show"]


def show(value: Any) -> str:
    """A value as a person would recognise it in a message."""
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def translate(
    exc: ValidationError,
    lines: KeyLines,
    shown: str,
    start_line: int = 1,
    choices: dict[str, tuple[str, ...]] | None = None,
    entry: bool = False,
) -> list[Finding]:
    """One finding per offending key (the first problem of each), at that key's line."""
    findings = []
    seen = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        top = loc[:1]
        if top in seen:
            continue
        seen.add(top)
        line = _line_for(loc, lines, start_line)
        message = _message(dict(err), loc, choices or {}, entry)
        findings.append(Finding(shown, line, "error", _code(err["type"]), message))
    return findings


def _line_for(loc: tuple[Any, ...], lines: KeyLines, start_line: int) -> int:
    for size in range(len(loc), 0, -1):
        if loc[:size] in lines:
            return lines[loc[:size]]
    return max(start_line, 1)


def _code(pydantic_type: str) -> str:
    return {"missing": "missing", "literal_error": "choice", "value_error": "value", "extra_forbidden": "unknown-key"}.get(
        pydantic_type, "type"
    )


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "the file"


def _message(err: dict[str, Any], loc: tuple[Any, ...], choices: dict[str, tuple[str, ...]], entry: bool) -> str:
    kind = err["type"]
    value = err.get("input")
    key = loc[-1] if loc else None
    name = _dotted(loc)
    if kind == "missing":
        if entry:
            hint = " (YYYY-MM-DD)" if key == "date" else ""
            return f"missing required key '{key}'{hint}; every entry needs a title and a date"
        return f"missing required key '{name}'"
    if kind == "literal_error":
        options = choices.get(str(key)) or tuple(str(err.get("ctx", {}).get("expected", "")).replace("'", "").split(" or "))
        return f"unknown {key} {show(value)}; expected one of {', '.join(options)}{did_you_mean(value, options)}"
    if kind == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
        return f"'{name}': {message}" if loc else message
    if kind == "extra_forbidden":
        return f"unknown key '{name}'"
    if kind in ("bool_type", "bool_parsing"):
        return f"'{name}' should be true or false, got {show(value)}"
    if kind in ("string_type", "string_too_short"):
        what = "empty text" if kind == "string_too_short" else show(value)
        return f"'{name}' should be text, got {what}"
    if kind == "list_type":
        return f"'{name}' should be a list, e.g. [a, b], got {show(value)}"
    if kind in ("dict_type", "model_type"):
        return f"'{name}' should be a mapping of keys to values, got {show(value)}"
    if kind == "too_short":
        return f"'{name}' should not be empty"
    return f"'{name}': {err['msg']}"

"""JSON Schema of the front matter, so an editor can validate as the person types."""

from __future__ import annotations

from typing import Any

from portfolio.model.entries import KINDS, model_for

__all__ = ["front_matter_schema"]


def front_matter_schema(kind: str | None = None) -> dict[str, Any]:
    """The schema for one kind, or for any entry (every key of every kind) when ``kind`` is None."""
    kinds = [kind] if kind else list(KINDS)
    properties: dict[str, Any] = {}
    required: list[str] = []
    defs: dict[str, Any] = {}
    for name in kinds:
        schema = model_for(name).model_json_schema()
        defs.update(schema.get("$defs", {}))
        for key, value in schema["properties"].items():
            properties.setdefault(key, value)
        for key in schema.get("required", []):
            if key not in required:
                required.append(key)
    result: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"growth-portfolio {kind} entry" if kind else "growth-portfolio entry",
        "description": "Front matter of a growth-portfolio record" + (f" of kind '{kind}'." if kind else " of any kind."),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if defs:
        result["$defs"] = defs
    return result

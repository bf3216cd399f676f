"""Front matter as text: finding it in a Markdown file, and writing it.

Reading is line-based and exact, because every finding quotes a line number;
writing goes through one function so that every file this tool writes (staged
pages, imported entries) has front matter of one shape: block YAML in the
file's key order, Unicode as is, never folded.
"""

from __future__ import annotations

from typing import Any

import frontmatter
import yaml

from portfolio.model.yamlio import YamlProblem

__all__ = ["split_front_matter", "dump_front_matter"]

_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """Split front matter: ``(yaml_text, yaml_first_line, body, body_first_line)``.

    Line-based and exact, because every finding quotes a line number; only the
    front matter is scanned, not the whole body.
    """
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip() != "---":
        return None, 0, text, 1
    start = first_end + 1
    position = start
    line = 2
    while first_end >= 0 and position <= len(text):
        end = text.find("\n", position)
        current = text[position:] if end < 0 else text[position:end]
        if current.rstrip() in ("---", "..."):
            body = "" if end < 0 else text[end + 1 :]
            return text[start : max(position - 1, start)], 2, body, line + 1
        if end < 0:
            break
        position = end + 1
        line += 1
    raise YamlProblem(1, "front matter is not closed; expected a line '---' after it")


def dump_front_matter(meta: dict[str, Any], body: str) -> str:
    """``---``, ``meta`` as YAML, ``---``, then ``body``, ending in one newline; no front matter when ``meta`` is empty."""
    if not meta:
        return body.rstrip("\n") + "\n"
    post = frontmatter.Post(body)
    post.metadata.update(meta)  # not Post(body, **meta): a key named "content" or "handler" would clash
    return frontmatter.dumps(post, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000) + "\n"

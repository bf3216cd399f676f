"""Jinja2 environments: HTML pages autoescape everything; Markdown scaffolds quote YAML.

Templates are looked up first in the user's override folder (the theme's
``custom_dir``/portfolio, when given), then in the package, so a person can
replace any generated page's template without forking the tool.
"""

from __future__ import annotations

from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket

__all__ = ["markdown_environment", "html_environment", "yaml_scalar"]


def yaml_scalar(value: Any) -> str:
    """A value as one YAML flow scalar, quoted when needed, so user text stays data."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n...\n").rstrip("\n")


def _loader(override: Path | None) -> ChoiceLoader:
    loaders: list = []
    if override is not None and override.is_dir():
        loaders.append(FileSystemLoader(str(override)))
    loaders.append(PackageLoader("portfolio", "templates"))
    return ChoiceLoader(loaders)


@lru_cache(maxsize=8)
def markdown_environment(override: Path | None = None) -> Environment:
    """For Markdown files whose only user values are YAML scalars (front matter)."""
    env = Environment(loader=_loader(override), autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["yaml"] = yaml_scalar
    return env


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates (in the temporary folder, per user): compiling the page
    templates is half a second of every build. A cache that cannot be written is only slower."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


@lru_cache(maxsize=1)
def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:
        return _BytecodeCache()
    except (OSError, RuntimeError):  # no usable temporary folder: compile every time
        return None


@lru_cache(maxsize=8)
def html_environment(override: Path | None = None) -> Environment:
    """For generated pages: every value is HTML-escaped unless a template marks it safe."""
    env = Environment(
        loader=_loader(override),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["yaml"] = yaml_scalar
    return env

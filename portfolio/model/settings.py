"""The portfolio's own settings, and the one place they are read from.

They live in mkdocs.yml under ``extra.portfolio``::

    extra:
      portfolio:
        engine: zensical
        stale_after_days: 540

or, with the same keys at the top level, in a ``portfolio.yml`` next to
mkdocs.yml: one or the other, never both, so there is one place to look.
Two kinds of keys share the section: the site's (:data:`SITE_KEYS`, read by
``build``, ``serve``, ``deploy`` and ``doctor``) and the review thresholds
(read and checked by :mod:`portfolio.reflect.thresholds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio.errors import ContentError
from portfolio.model.findings import Finding, display_path
from portfolio.model.yamlio import KeyLines, YamlProblem, config_lines, read_yaml_file

__all__ = ["SETTINGS_FILE", "SITE_KEYS", "Section", "read_section"]

SETTINGS_FILE = "portfolio.yml"

#: Keys of the section that the site reads; ``engine`` picks the site engine (mkdocs or zensical).
SITE_KEYS = ("engine",)


@dataclass(frozen=True)
class Section:
    """The settings as written, and where: ``shown`` is the file to name in messages."""

    data: Any
    shown: str
    #: Key path -> 1-based line, in the file that holds the section.
    lines: KeyLines = field(default_factory=dict)
    #: Where the section sits in that file: ``("extra", "portfolio")`` in mkdocs.yml, ``()`` in portfolio.yml.
    prefix: tuple[Any, ...] = ()
    #: How a message names the section: ``extra.portfolio`` or ``portfolio.yml``.
    where: str = SETTINGS_FILE

    def line_of(self, *key: Any) -> int:
        return self.lines.get(self.prefix + key, self.lines.get(self.prefix, 1))

    def get(self, key: str) -> Any:
        return self.data.get(key) if isinstance(self.data, dict) else None


def read_section(project: Any) -> Section | None:
    """The settings of a :class:`portfolio.model.project.Project`; ``None`` when it has none.

    Raise :class:`ContentError` when they are given in both places or portfolio.yml is not YAML.
    """
    config = project.config or {}
    extra = config.get("extra") if isinstance(config, dict) else None
    in_config = isinstance(extra, dict) and "portfolio" in extra
    settings_file = Path(project.root) / SETTINGS_FILE
    config_shown = display_path(project.config_file) if project.config_file else "mkdocs.yml"

    def config_key_lines() -> KeyLines:
        if project.config_file is None:
            return {}
        try:
            return config_lines(Path(project.config_file).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            return {}

    if settings_file.is_file():
        if in_config:
            lines = config_key_lines()
            raise ContentError(
                [
                    Finding(
                        config_shown,
                        lines.get(("extra", "portfolio"), 1),
                        "error",
                        "settings",
                        f"portfolio settings are given both here (extra.portfolio) and in {display_path(settings_file)}; keep them in one place",
                    )
                ]
            )
        shown = display_path(settings_file)
        try:
            data, lines = read_yaml_file(settings_file)
        except YamlProblem as exc:
            raise ContentError([Finding(shown, exc.line, "error", exc.code, exc.message)], "portfolio.yml cannot be read") from None
        return Section(data, shown, lines, (), SETTINGS_FILE)
    if in_config:
        assert isinstance(extra, dict)
        return Section(extra["portfolio"], config_shown, config_key_lines(), ("extra", "portfolio"), "extra.portfolio")
    return None

"""What of a person's mkdocs.yml each engine understands: the one list, and the check against it.

Zensical reads mkdocs.yml but silently ignores what it does not support: a
plugin it has no native replacement for, some options of the plugins it does
replace, ``hooks``, and some validation settings. A build with Zensical refuses
them first (exit 2, one line each) instead of publishing a site that quietly
lost what the person configured. ``portfolio doctor`` uses the same list to say
what would have to change to move from one engine to the other.

Sources, for Zensical 0.0.73 (move the table with the pinned version):

- https://zensical.org/docs/compatibility/mkdocs/plugins/ (supported plugins and
  the options each ignores); in the installed package the same table is
  ``_PLUGIN_UNSUPPORTED_OPTIONS`` in ``zensical/config.py``, and
  ``tests/test_engines.py`` checks that this copy matches it;
- https://zensical.org/docs/compatibility/mkdocs/migration/#unsupported-settings
  (``hooks``, ``remote_branch``, ``remote_name``);
- ``zensical/config.py`` ``_apply_defaults`` (``validation``: only the ``links``
  settings ``not_found`` and ``anchors`` are mapped) and ``_yaml_load`` (no
  ``!relative`` constructor: a config error);
- the installed theme: Material's ``search.suggest`` feature is not in Zensical's
  bundle (its search is a different implementation).

``remote_branch`` and ``remote_name`` are not refused: ``portfolio deploy`` reads
neither with either engine (it has ``--remote`` and ``--branch``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from portfolio.model.yamlio import Tagged

__all__ = [
    "ZENSICAL_PLUGINS",
    "ZENSICAL_IGNORED_FEATURES",
    "ZENSICAL_VALIDATION",
    "SOURCES",
    "Problem",
    "zensical_problems",
    "mkdocs_problems",
    "mkdocs_plugins",
]

#: Where the lists below come from (quoted in messages and in ``portfolio doctor``).
SOURCES = (
    "https://zensical.org/docs/compatibility/mkdocs/plugins/",
    "https://zensical.org/docs/compatibility/mkdocs/migration/#unsupported-settings",
)

#: Plugins Zensical replaces natively (a ``material/`` prefix is accepted) -> the options it ignores.
#: Every other plugin is ignored entirely, without a word.
ZENSICAL_PLUGINS: dict[str, tuple[str, ...]] = {
    "api-autonav": (),
    "autorefs": (),
    "awesome-nav": (),
    "blog": (),
    "callouts": ("aliases", "breakless_lists", "title_from_first_bold"),
    "exclude": (),
    "gh-admonitions": (),
    "glightbox": ("touchNavigation", "loop", "effect", "slide_effect", "zoomable", "draggable", "background", "shadow"),
    "include-markdown": (
        "trailing_newlines",
        "comments",
        "rewrite_relative_urls",
        "heading_offset",
        "order",
        "start",
        "end",
        "exclude",
        "cache",
        "cache_dir",
        "recursive",
    ),
    "literate-nav": (),
    "llmstxt": ("preprocess",),
    "macros": (),
    "mkdocs-nav-weight": (),
    "markdown-exec": (),
    "markdownextradata": (),
    "meta": (),
    "mike": ("css_dir", "javascript_dir"),
    "minify": (),
    "mkdocs-audio": (),
    "mkdocs-autoapi": (),
    "mkdocs-video": (),
    "mkdocstrings": ("watch",),
    "offline": (),
    "privacy": (),
    "redirects": (),
    "rss": (),
    "search": ("fields", "indexing", "jieba_dict", "jieba_dict_user", "lang", "min_search_length", "pipeline", "prebuild_index"),
    "social": (),
    "table-reader": (),
    "tags": (
        "tags_compare",
        "tags_compare_reverse",
        "tags_pages_compare",
        "tags_pages_compare_reverse",
        "tags_file",
        "tags_extra_files",
        "export",
        "export_file",
        "export_only",
    ),
}

#: Material theme features Zensical's theme does not implement.
ZENSICAL_IGNORED_FEATURES = frozenset({"search.suggest"})

#: ``validation`` settings Zensical maps (``links.not_found``, ``links.anchors``, and its own names); it ignores the rest.
ZENSICAL_VALIDATION = frozenset(
    {
        "not_found",
        "anchors",
        "unresolved_references",
        "unresolved_footnotes",
        "unused_definitions",
        "unused_footnotes",
        "shadowed_definitions",
        "shadowed_footnotes",
        "invalid_links",
        "invalid_link_anchors",
    }
)


@dataclass(frozen=True)
class Problem:
    """One setting an engine would not honour: where it is (a key path in mkdocs.yml) and what to do."""

    key: tuple
    message: str


def _plugins(value: Any) -> list[tuple[tuple, str, Any]]:
    """``(key path, name, options)`` of each plugin, in the list and the mapping forms."""
    found: list[tuple[tuple, str, Any]] = []
    if isinstance(value, dict):
        found += [(("plugins", name), str(name), options) for name, options in value.items()]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                found.append((("plugins", index), item, None))
            elif isinstance(item, dict) and len(item) == 1:
                name, options = next(iter(item.items()))
                found.append((("plugins", index), str(name), options))
    return found


def _zensical_name(name: str) -> str:
    """Zensical's own reading of a plugin name: ``material/tags`` is ``tags``, ``social/x`` is ``social``."""
    name = name.removeprefix("material/")
    return name.split("/", 1)[0] if name.startswith(("social/", "privacy/")) else name


def _tags(value: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """Key paths of the ``!relative`` values that reach the stage (``$config_dir`` ones are written out there)."""
    if isinstance(value, Tagged):
        text = value.value.strip() if isinstance(value.value, str) else ""
        written_out = text == "$config_dir" or text.startswith("$config_dir/")
        return [(path, value.tag)] if value.tag == "!relative" and not written_out else []
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _tags(item, path + (key,))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _tags(item, path + (index,))]
    return []


def zensical_problems(config: dict) -> list[Problem]:
    """What Zensical would silently ignore (or cannot read) in this mkdocs.yml, each with what to do instead."""
    problems: list[Problem] = []
    for key, name, options in _plugins(config.get("plugins")):
        canonical = _zensical_name(name)
        if canonical not in ZENSICAL_PLUGINS:
            problems.append(
                Problem(
                    key,
                    f"plugin '{name}': Zensical does not run it and would ignore it silently; remove it, or keep the MkDocs engine",
                )
            )
            continue
        for option in sorted(options) if isinstance(options, dict) else ():
            if option in ZENSICAL_PLUGINS[canonical]:
                problems.append(
                    Problem(
                        key + (name, option) if isinstance(key[-1], int) else key + (option,),
                        f"plugin '{name}' option '{option}': Zensical ignores it silently; remove it, or keep the MkDocs engine",
                    )
                )
    hooks = config.get("hooks")
    if hooks:
        problems.append(
            Problem(("hooks",), "hooks: Zensical runs no hooks and would ignore them silently; remove them, or keep the MkDocs engine")
        )
    theme = config.get("theme")
    features = theme.get("features") if isinstance(theme, dict) else None
    if isinstance(features, list):
        for index, feature in enumerate(features):
            if feature in ZENSICAL_IGNORED_FEATURES:
                problems.append(
                    Problem(
                        ("theme", "features", index),
                        f"theme feature '{feature}': Zensical's search does not implement it; remove it, or keep the MkDocs engine",
                    )
                )
    validation = config.get("validation")
    if isinstance(validation, dict):
        for group, value in validation.items():
            settings = value if group in ("links", "nav") and isinstance(value, dict) else {group: value}
            for setting in settings:
                if setting not in ZENSICAL_VALIDATION or group == "nav":
                    where = ("validation", group) if setting == group else ("validation", group, setting)
                    problems.append(
                        Problem(
                            where,
                            f"validation setting '{'.'.join(str(part) for part in where[1:])}': Zensical checks only links "
                            "(not_found, anchors) and would ignore it silently; remove it, or keep the MkDocs engine",
                        )
                    )
    for key, tag in _tags(config):
        problems.append(
            Problem(
                key,
                f"'{'.'.join(str(part) for part in key)}' uses the YAML tag {tag}, which only MkDocs reads; write the path out "
                "relative to mkdocs.yml, or keep the MkDocs engine",
            )
        )
    return problems


def mkdocs_plugins() -> set[str]:
    """Names of the MkDocs plugins installed here (their entry points; nothing is imported)."""
    return {point.name for point in entry_points(group="mkdocs.plugins")}


def mkdocs_problems(config: dict, installed: set[str]) -> list[Problem]:
    """What MkDocs with Material would not do with this mkdocs.yml: plugins Zensical replaces natively but
    that are not installed for MkDocs, and Zensical's own theme variant."""
    problems: list[Problem] = []
    theme = config.get("theme")
    theme_name = (theme.get("name") if isinstance(theme, dict) else theme) or "material"
    for key, name, _ in _plugins(config.get("plugins")):
        # MkDocs finds a theme's own plugins without their prefix: "tags" is "material/tags" under Material.
        if name not in installed and f"{theme_name}/{name}" not in installed:
            problems.append(
                Problem(
                    key,
                    f"plugin '{name}': not installed for MkDocs"
                    + (" (Zensical has it built in)" if _zensical_name(name) in ZENSICAL_PLUGINS else "")
                    + "; install the MkDocs plugin of that name",
                )
            )
    variant = theme.get("variant") if isinstance(theme, dict) else None
    if isinstance(variant, str) and variant != "classic":
        problems.append(
            Problem(
                ("theme", "variant"),
                f"theme variant '{variant}': Material for MkDocs has only its classic look and ignores this setting",
            )
        )
    return problems

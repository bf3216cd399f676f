"""YAML reading that keeps line numbers and never surprises.

Two loaders live here. The *content* loader reads front matter, skills.yml and
career.yml: it uses libyaml when present, leaves dates as strings (so a date
that is not a real day becomes our error, not PyYAML's traceback), reads
``0032`` as the text "0032" rather than octal 26, and reports every key's line.
The *config* loader reads mkdocs.yml and keeps tags it does not know
(``!!python/name:...``, ``!ENV``) as :class:`Tagged` values so the config can
be written back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

__all__ = [
    "YamlProblem",
    "Duplicate",
    "Tagged",
    "load_with_lines",
    "read_yaml_file",
    "load_config_yaml",
    "dump_config_yaml",
    "config_lines",
]

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# YAML 1.2 integers: no implicit octal ("0032" stays a string, read as text).
_INT_12 = re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|0o[0-7_]+)$")

#: How deep front matter may nest; deeper input is reported, not walked.
MAX_DEPTH = 50
#: How many values a document may expand to (aliases count each time they are
#: used), so an alias-expansion bomb is reported instead of exhausting memory.
MAX_VALUES = 100_000


#: The line of every key, by its path: ``("skills", "debugging") -> 7``, ``("tags", 2) -> 5``.
KeyLines = dict[tuple[Any, ...], int]


class YamlProblem(Exception):
    """A YAML document we cannot accept; ``line`` is 1-based in the file."""

    def __init__(self, line: int, message: str, code: str = "yaml") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Duplicate:
    """A mapping key given twice: its key path, the line of the value that was kept and of the one it replaced."""

    path: tuple[Any, ...]
    line: int
    first_line: int

    @property
    def key(self) -> str:
        return ".".join(str(part) for part in self.path)


def _content_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    implicit: dict[Any, list[tuple[str, re.Pattern[str]]]] = getattr(_Base, "yaml_implicit_resolvers")  # noqa: B009 - a class attribute PyYAML adds
    for first, pairs in implicit.items():
        kept = []
        for tag, regexp in pairs:
            if tag == "tag:yaml.org,2002:timestamp":
                continue
            if tag == "tag:yaml.org,2002:int":
                regexp = _INT_12
            kept.append((tag, regexp))
        resolvers[first] = kept
    return resolvers


class _ContentLoader(_Base):  # type: ignore[misc]
    yaml_implicit_resolvers = _content_resolvers()


def _describe_tag_error(exc: yaml.constructor.ConstructorError) -> str:
    problem = exc.problem or "cannot read this value"
    match = re.search(r"tag '([^']+)'", problem)
    if match:
        tag = match.group(1).replace("tag:yaml.org,2002:", "!!")
        return f"unsupported YAML tag '{tag}'; expected plain text, numbers, lists and mappings"
    return problem


def read_yaml_file(path: Path) -> tuple[Any, KeyLines]:
    """:func:`load_with_lines` on a UTF-8 file (a BOM allowed); undecodable text is a ``YamlProblem`` too."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise YamlProblem(1, "not UTF-8 text; save the file as UTF-8", "encoding") from None
    return load_with_lines(text)


def load_with_lines(
    text: str,
    first_line: int = 1,
    *,
    duplicates: Literal["error", "last"] = "error",
    found: list[Duplicate] | None = None,
) -> tuple[Any, KeyLines]:
    """Parse one YAML document and return ``(value, lines)``.

    ``lines`` maps a key path such as ``("skills", "debugging")`` or
    ``("tags", 2)`` to the 1-based line in the file, given that the YAML text
    starts at ``first_line``. Duplicate mapping keys are an error: PyYAML would
    silently keep the last one and the person would never know. An import of
    another tool's files passes ``duplicates="last"`` to read them the way that
    tool does (Jekyll, Hugo and MkDocs keep the last value); each duplicate is
    then added to ``found`` so the person hears of it all the same.
    """
    offset = first_line
    real = _real_lines(text)
    loader = _ContentLoader(text)
    seen: list[Duplicate] = []
    try:
        _check_depth(text, offset, _ContentLoader)
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: KeyLines = {}
        if not isinstance(node, yaml.ScalarNode):  # a document that is one value has no keys to walk
            _walk(node, (), lines, offset, 0, [MAX_VALUES], seen if duplicates == "last" else None)
        value = loader.construct_document(node)
        if real is not None:
            lines = {key: offset + real(line - offset) for key, line in lines.items()}
            seen = [Duplicate(d.path, offset + real(d.line - offset), offset + real(d.first_line - offset)) for d in seen]
        if found is not None:
            found.extend(seen)
    except YamlProblem as exc:
        if real is not None:
            exc.line = offset + real(exc.line - offset)
        raise
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = offset + ((real or int)(mark.line) if mark else 0)
        raise YamlProblem(line, _describe_tag_error(exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # libyaml puts "unexpected end" problems past the last line; point at the last one.
        last = offset + max(len(text.rstrip("\n").split("\n")) - 1, 0)
        line = min(offset + ((real or int)(mark.line) if mark else 0), last)
        what = exc.problem or exc.context or "cannot be parsed"
        raise YamlProblem(line, f"invalid YAML: {what}") from None
    except yaml.YAMLError as exc:  # e.g. a control character libyaml refuses
        raise YamlProblem(offset, f"invalid YAML: {_first_line(str(exc))}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise YamlProblem(offset, f"invalid YAML value: {_first_line(str(exc))}") from None
    finally:
        loader.dispose()
    return value, lines


_BREAKS = re.compile("[\n\x85\u2028\u2029]")


def _real_lines(text: str) -> Callable[[int], int] | None:
    """libyaml also counts NEL, LS and PS as line breaks; the file (and an editor) counts only newlines.

    Return a map from libyaml's 0-based line to the file's, or ``None`` when they agree.
    """
    if not any(char in text for char in "\x85\u2028\u2029"):
        return None
    real = [0]
    for match in _BREAKS.finditer(text):
        real.append(real[-1] + (match.group() == "\n"))
    return lambda line: real[min(line, len(real) - 1)]


def _check_depth(text: str, offset: int, loader: type) -> None:
    """Refuse nesting deeper than MAX_DEPTH before composing: libyaml's composer recurses in C and
    crashes the process (not a Python error) somewhere past ten thousand levels."""
    if sum(text.count(mark) for mark in "[{-:?") <= 4 * MAX_DEPTH:
        return  # too few indicators to nest that deep
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(
                        offset + (event.start_mark.line if event.start_mark else 0), f"nesting deeper than {MAX_DEPTH} levels"
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError:
        # Some YAML readers refuse very deep flow nesting ([[[[...) before yielding a single event,
        # each in its own words; say it in ours when the brackets alone nest too deep.
        line = _deep_bracket_line(text)
        if line is not None:
            raise YamlProblem(offset + line, f"nesting deeper than {MAX_DEPTH} levels") from None
        raise


def _deep_bracket_line(text: str) -> int | None:
    """The 0-based line where ``[`` and ``{`` first nest deeper than MAX_DEPTH, counting every bracket."""
    depth = 0
    line = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth = max(depth - 1, 0)
        elif char == "\n":
            line += 1
    return None


def _expanded_size(node: yaml.Node, limit: int) -> int:
    """How many values ``node`` stands for (an alias counts each time it is used), counting up to ``limit``."""
    count, stack = 0, [node]
    while stack and count <= limit:
        current = stack.pop()
        count += 1
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(value for pair in current.value for value in pair)
    return count


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "cannot be parsed"


_Scalar = yaml.ScalarNode
_Mapping = yaml.MappingNode


def _walk(
    node: yaml.Node,
    path: tuple[Any, ...],
    lines: KeyLines,
    offset: int,
    depth: int,
    budget: list[int],
    duplicates: list[Duplicate] | None = None,
) -> None:
    """Record key lines and refuse duplicate keys (or, with a ``duplicates`` list, collect them), alias bombs and runaway nesting.

    Scalars are not visited one by one (this runs for every entry `check` reads);
    each container charges the budget for all of its children.
    """
    budget[0] -= len(node.value) + 1
    if budget[0] < 0:
        raise YamlProblem(offset, f"more than {MAX_VALUES} values (are aliases expanding?); simplify this front matter")
    if depth > MAX_DEPTH:
        raise YamlProblem(offset + node.start_mark.line, f"nesting deeper than {MAX_DEPTH} levels")
    record = depth < 3
    inner = lines if record else {}
    if type(node) is _Mapping:
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            scalar_key = type(key_node) is _Scalar
            key = key_node.value if scalar_key else None
            if key is not None:
                line = offset + key_node.start_mark.line
                if key in seen and key != "<<":
                    if duplicates is None:
                        raise YamlProblem(line, f"duplicate key '{key}' (first given on line {seen[key]}); keep one")
                    duplicates.append(Duplicate(path + (key,), line, seen[key]))
                seen[key] = line
                if record:
                    lines[path + (key,)] = line
            else:
                _walk(key_node, path, {}, offset, depth + 1, budget, duplicates)
            if type(value_node) is not _Scalar:
                _walk(value_node, path + (key,) if key is not None and record else path, inner, offset, depth + 1, budget, duplicates)
    else:
        for index, item in enumerate(node.value):
            if record:
                lines[path + (index,)] = offset + item.start_mark.line
            if type(item) is not _Scalar:
                _walk(item, path + (index,) if record else path, inner, offset, depth + 1, budget, duplicates)


# --- mkdocs.yml -------------------------------------------------------------


@dataclass(frozen=True)
class Tagged:
    """A value carrying a YAML tag we only pass through (``!ENV``, ``!!python/name``)."""

    tag: str
    value: Any


class _ConfigLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return Tagged(tag, loader.construct_mapping(node, deep=True))


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _ConfigDumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, "" if data.value is None else str(data.value))


_ConfigDumper.add_representer(Tagged, _represent_tagged)


def load_config_yaml(text: str) -> dict[str, Any]:
    """Read an mkdocs.yml, keeping unknown tags; raise :class:`YamlProblem` on bad YAML."""
    loader = None
    try:
        loader = _ConfigLoader(text)  # the pure-Python reader refuses control characters right here
        _check_depth(text, 1, _ConfigLoader)
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, MAX_VALUES) > MAX_VALUES:
            raise YamlProblem(1 + node.start_mark.line, f"more than {MAX_VALUES} values (are aliases expanding?); simplify this file")
        data = None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlProblem(1 + (mark.line if mark else 0), f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"invalid YAML: {_first_line(str(exc))}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise YamlProblem(1, f"invalid YAML value: {_first_line(str(exc))}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise YamlProblem(1, "expected a mapping of settings at the top level")
    return data


def dump_config_yaml(data: dict[str, Any]) -> str:
    """Write a config back; tags kept by :func:`load_config_yaml` round-trip."""
    return yaml.dump(data, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True)


def config_lines(text: str, depth: int = 6) -> KeyLines:
    """1-based lines of the keys (and list items) of an mkdocs.yml, down to ``depth`` levels.

    Only composed, never constructed, so tags such as ``!!python/name`` need no
    constructor; a file that does not parse has no lines (its own reader reports it).
    """
    lines: KeyLines = {}
    try:
        node = yaml.compose(text, Loader=_ConfigLoader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return lines
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(node, ())] if node is not None else []
    while stack:
        current, path = stack.pop()
        if len(path) >= depth:
            continue
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = path + (key_node.value,)
                    lines.setdefault(key, key_node.start_mark.line + 1)
                    stack.append((value_node, key))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                key = path + (index,)
                lines.setdefault(key, item.start_mark.line + 1)
                stack.append((item, key))
    return lines

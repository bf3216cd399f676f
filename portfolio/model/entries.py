"""The content model: the five kinds of record, their front matter, loading and validation.

Every Markdown file under the content folder is read once into an immutable
:class:`Entry` (a record of one of the five kinds) or :class:`Page` (any other
Markdown file, staged as it is). Problems become :class:`Finding` objects that
name the file and the line of the offending key; nothing a person can put in a
file raises.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)

from portfolio.model.findings import Finding, did_you_mean, display_path
from portfolio.model.front_matter import split_front_matter
from portfolio.model.globs import glob_problem
from portfolio.model.markup import is_markdown_name
from portfolio.model.slugs import MAX_SLUG, SLUG_PATTERN, slug_from_filename, slugify
from portfolio.model.validation import show as _show
from portfolio.model.validation import translate
from portfolio.model.yamlio import KeyLines, YamlProblem, load_with_lines
from portfolio.system.walk import special_kind, walk

__all__ = [
    "KINDS",
    "FOLDERS",
    "KIND_WORDS",
    "kind_of_word",
    "STATUSES",
    "Entry",
    "Page",
    "load_file",
    "load_content",
    "slugify",
    "model_for",
    "known_keys",
    "word_count",
]

#: kind -> content folder, in the order the site lists them.
KINDS: dict[str, str] = {
    "decision": "decisions",
    "debug": "debugging",
    "post": "posts",
    "postmortem": "postmortems",
    "win": "wins",
}
FOLDERS: dict[str, str] = {folder: kind for kind, folder in KINDS.items()}
#: What people type for a kind besides its name: its folder, plurals and spellings (lower case).
KIND_WORDS: dict[str, str] = {
    **{kind: kind for kind in KINDS},
    **FOLDERS,
    "debugs": "debug",
    "journal": "debug",
    "journals": "debug",
    "post-mortem": "postmortem",
    "post-mortems": "postmortem",
    "post_mortem": "postmortem",
    "adr": "decision",
    "adrs": "decision",
}


def kind_of_word(word: str) -> str | None:
    """The kind a person means by ``word`` (``debugging``, ``Posts``, ``post-mortem``), else None."""
    return KIND_WORDS.get(word.strip().lower())


STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
OUTCOMES = ("right", "wrong", "mixed")
SEVERITIES = ("low", "medium", "high", "critical")

#: A postmortem is meant to be about 100 words; past this it is a warning.
POSTMORTEM_WORD_LIMIT = 150

_SLUG = SLUG_PATTERN
_YMD = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")


# --- field types --------------------------------------------------------------


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _YMD.match(value.strip()):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {_show(value)}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{_show(value)} is not a real day; expected a date as YYYY-MM-DD") from None


def _parse_slug(value: Any) -> Any:
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ValueError(
            f"slug {_show(value)} is not allowed; expected lowercase letters, digits and single hyphens "
            f"(no '/', '..' or spaces), e.g. '{slugify(str(value)) or 'my-entry'}'"
        )
    if len(value) > MAX_SLUG:  # it becomes a file and a folder name, which hold at most 255 bytes
        raise ValueError(f"slug {_show(value)} is {len(value)} characters long; keep it to at most {MAX_SLUG}")
    return value


def _as_list(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    return value


def _parse_glob(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"expected a path pattern such as src/billing/** or *.sql, got {_show(value)}")
    problem = glob_problem(value)
    if problem:
        raise ValueError(problem)
    return value.strip()


def _parse_skills(value: Any) -> Any:
    """``[debugging]`` or ``{debugging: expert}`` -> ``{"debugging": None|"expert"}``."""
    if value is None:
        return {}
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        result: dict[str, Any] = {}
        for item in value:
            if isinstance(item, dict) and len(item) == 1:
                ((key, level),) = item.items()
                result[str(key)] = level
            elif isinstance(item, str):
                result[item] = None
            else:
                raise ValueError("expected skill ids, e.g. [debugging], or a mapping id -> level, e.g. {debugging: expert}")
        return result
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    raise ValueError("expected skill ids, e.g. [debugging], or a mapping id -> level, e.g. {debugging: expert}")


Ymd = Annotated[
    dt.date, BeforeValidator(_parse_date), WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
]
Slug = Annotated[str, BeforeValidator(_parse_slug), WithJsonSchema({"type": "string", "pattern": _SLUG.pattern})]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


#: Optional one-line text; an empty string (a blank left to fill in) counts as absent.
OptText = Annotated[Text | None, BeforeValidator(_blank_to_none), WithJsonSchema({"type": ["string", "null"]})]
TextList = Annotated[list[Text], BeforeValidator(_as_list)]
SlugList = Annotated[list[Slug], BeforeValidator(_as_list)]
PathGlob = Annotated[str, BeforeValidator(_parse_glob), WithJsonSchema({"type": "string", "minLength": 1})]
GlobList = Annotated[list[PathGlob], BeforeValidator(_as_list)]
SkillClaims = Annotated[
    dict[str, str | None],
    BeforeValidator(_parse_skills),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
            ],
            "description": "Skill ids this entry evidences, optionally with the level it demonstrates.",
        }
    ),
]


class Common(BaseModel):
    """Front matter every kind shares."""

    model_config = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)

    kind: Literal["decision", "debug", "post", "postmortem", "win"] | None = Field(
        None, description="The kind of record; defaults to the kind of the folder."
    )
    title: Text = Field(description="The title shown on the page and in every index.")
    date: Ymd = Field(description="When this happened or was written, YYYY-MM-DD.")
    description: OptText = Field(None, description="One line; used in indexes and link previews.")
    tags: TextList = Field(default_factory=list)
    skills: SkillClaims = Field(default_factory=dict)
    draft: bool = Field(False, description="Shown by `portfolio serve`, never built.")
    private: bool = Field(False, description="Never built; served only with `portfolio serve --private`.")
    highlight: bool = Field(False, description="Show this entry on the timeline.")
    authors: TextList = Field(default_factory=list)
    slug: Slug | None = Field(None, description="A stable permalink; defaults to the file name without its date.")
    updated: Ymd | None = Field(None, description="When the entry was last revised, YYYY-MM-DD (an imported blog post keeps its own).")
    role: Slug | None = Field(None, description="The career.yml role this belongs to; defaults to the role at its date.")


class DecisionMeta(Common):
    status: Literal["proposed", "accepted", "rejected", "deprecated", "superseded"] = "proposed"
    supersedes: SlugList = Field(default_factory=list)
    superseded_by: SlugList = Field(default_factory=list)
    depends_on: SlugList = Field(default_factory=list, description="Slugs of the decisions this one builds on.")
    relates_to: SlugList = Field(default_factory=list, description="Slugs of related entries of any kind.")
    affects: GlobList = Field(
        default_factory=list,
        description="Repository paths this decision governs, as patterns: src/billing/**, *.sql, migrations/ (see `portfolio decisions-for`).",
    )
    deciders: TextList = Field(default_factory=list)
    assumptions: TextList = Field(default_factory=list, description="What must hold for this to stay right.")
    revisit: Ymd | None = Field(None, description="When to look at this decision again.")
    outcome: Literal["right", "wrong", "mixed"] | None = None
    outcome_note: OptText = None
    adr: int | None = Field(None, description="The record number it had as an architecture decision record (ADR), e.g. 12.")
    status_note: OptText = Field(None, description="The original status wording when it was mapped to the nearest status.")


class DebugMeta(Common):
    root_cause: Slug | None = Field(None, description="A category word, e.g. race-condition, config, caching.")
    resolved: Ymd | None = None
    severity: Literal["low", "medium", "high", "critical"] | None = None


class PostMeta(Common):
    pass


class PostmortemMeta(Common):
    decision: OptText = Field(None, description="The career decision, in one line.")


class WinMeta(Common):
    impact: OptText = Field(None, description="The impact in one line, with a number where there is one.")
    link: OptText = None


_MODELS: dict[str, type[Common]] = {
    "decision": DecisionMeta,
    "debug": DebugMeta,
    "post": PostMeta,
    "postmortem": PostmortemMeta,
    "win": WinMeta,
}
_CHOICES = {"kind": tuple(KINDS), "status": STATUSES, "outcome": OUTCOMES, "severity": SEVERITIES}


def model_for(kind: str) -> type[Common]:
    return _MODELS[kind]


def known_keys(kind: str) -> frozenset[str]:
    return frozenset(_MODELS[kind].model_fields)


_ALL_KEYS = {key: kind for kind, model in _MODELS.items() for key in model.model_fields if key not in Common.model_fields}


# --- records ------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One validated record. ``rel`` is its path inside the content folder."""

    path: Path
    rel: str
    kind: str
    slug: str
    meta: Common
    body: str
    body_line: int
    lines: KeyLines = field(default_factory=dict, compare=False, repr=False)

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def date(self) -> dt.date:
        return self.meta.date

    @property
    def public(self) -> bool:
        return not (self.meta.draft or self.meta.private)

    @property
    def folder(self) -> str:
        return KINDS[self.kind]

    @property
    def page(self) -> str:
        """The staged source path, e.g. ``decisions/use-postgres.md``."""
        return f"{self.folder}/{self.slug}.md"

    def line_of(self, *key: Any) -> int:
        """The line of a front-matter key; the first line of the file when unknown."""
        return int(self.lines.get(tuple(key), 1))


@dataclass(frozen=True)
class Page:
    """A Markdown file that is not a record (a home or about page): staged as written."""

    path: Path
    rel: str
    meta: dict[str, Any]
    draft: bool = False
    private: bool = False
    body: str = field(default="", compare=False, repr=False)

    @property
    def public(self) -> bool:
        return not (self.draft or self.private)


# --- loading ------------------------------------------------------------------


def word_count(markdown: str) -> int:
    """Words of prose: headings, HTML comments and code fences are not counted."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"^```.*?^```", " ", text, flags=re.S | re.M)
    prose = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return len(_WORD.findall("\n".join(prose)))


def _read_text(path: Path) -> str:
    """The file as text with ``\n`` line ends (universal newlines) and no BOM."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        data = path.read_bytes()
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8") from None
    return text[1:] if text.startswith("\ufeff") else text


def kind_of_path(rel: str) -> str | None:
    """The kind a content-relative path implies by its first folder, if any."""
    first = rel.split("/", 1)[0] if "/" in rel else ""
    return FOLDERS.get(first)


#: The privacy flags; a key that nearly spells one of them must never be ignored.
PRIVACY_FLAGS = ("private", "draft")
#: Keys other tools use to hide a page, and the value that means "hide" (None: any value but "public").
_HIDING_KEYS: dict[str, Any] = {
    "published": False,
    "public": False,
    "unpublished": True,
    "hidden": True,
    "unlisted": True,
    "secret": True,
    "confidential": True,
    "visibility": None,
}
_TRUE_WORDS = ("true", "yes", "on", "1")
_FALSE_WORDS = ("false", "no", "off", "0")


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _means(value: Any, wanted: bool) -> bool:
    if isinstance(value, bool):
        return value is wanted
    if isinstance(value, (int, float)):
        return bool(value) is wanted
    if isinstance(value, str):
        return value.strip().lower() in (_TRUE_WORDS if wanted else _FALSE_WORDS)
    return False


def privacy_near_misses(data: dict[str, Any], lines: KeyLines, shown: str, fm_line: int) -> dict[str, Finding]:
    """Errors for keys that look like a privacy flag but are not one (``Private``, ``privat``,
    ``drafts``, ``published: false``): ignoring them would publish what the person meant to hide."""
    found: dict[str, Finding] = {}
    for key, value in data.items():
        if not isinstance(key, str) or key in PRIVACY_FLAGS:
            continue
        lowered = key.strip().lower()
        line = lines.get((key,), fm_line)
        target = next((flag for flag in PRIVACY_FLAGS if lowered == flag), None)
        if target is None:
            target = next((flag for flag in PRIVACY_FLAGS if _edit_distance(lowered, flag) <= (2 if len(flag) > 5 else 1)), None)
        if target is None:
            words = re.split(r"[^a-z]+", lowered)
            if any(flag in words for flag in PRIVACY_FLAGS) and _means(value, True):
                target = next(flag for flag in PRIVACY_FLAGS if flag in words)
        if target is not None:
            message = f"'{key}' is not a privacy flag (they are 'private' and 'draft', in lower case); did you mean '{target}'? Until it is fixed this file is treated as private"
            found[key] = Finding(shown, line, "error", "privacy-flag", message)
            continue
        hiding = _HIDING_KEYS.get(lowered, ...)
        if hiding is ...:
            continue
        hides = (isinstance(value, str) and value.strip().lower() != "public") if hiding is None else _means(value, hiding)
        if hides:
            message = f"'{key}' is not read by this tool; to keep the file out of the site write 'private: true' (or 'draft: true' to see it in `portfolio serve`). Until it is fixed this file is treated as private"
            found[key] = Finding(shown, line, "error", "privacy-flag", message)
    return found


_KEY_LINE = re.compile(r"^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")


def misplaced_front_matter(text: str) -> tuple[int, str] | None:
    """``(line, message)`` when a file without front matter on line 1 has something that looks like it
    further down (a ``---`` after blank lines, TOML ``+++``, or ``key: value`` lines closed by ``---``):
    the engine would render it as text and a privacy flag in it would be ignored."""
    lines = text.split("\n", 200)[:200]
    index = 0
    while index < len(lines) and (not lines[index].strip() or re.fullmatch(r"\s*<!--.*-->\s*", lines[index])):
        index += 1
    if index >= len(lines):
        return None
    first = lines[index].rstrip()
    if first == "+++":
        return index + 1, "TOML front matter ('+++') is not read; write it as YAML between '---' lines"
    if first == "---" and index > 0:
        return index + 1, f"front matter must start on line 1, but its '---' is on line {index + 1}; remove what is above it"
    end = index
    while end < len(lines) and _KEY_LINE.match(lines[end]):
        end += 1
    if end > index and end < len(lines) and lines[end].rstrip() in ("---", "..."):
        return index + 1, "this looks like front matter without its opening '---'; add a line '---' as line 1"
    return None


def load_file(path: Path, content_dir: Path, rel: str | None = None) -> tuple[Entry | Page | None, list[Finding]]:
    """Read one Markdown file into an :class:`Entry` or :class:`Page`, with its findings."""
    if rel is None:
        rel = path.relative_to(content_dir).as_posix()
    folder_kind = kind_of_path(rel)

    def error(line: int, code: str, message: str) -> Finding:
        return Finding(display_path(path), line, "error", code, message)

    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return None, [error(1, "file-name", "the file name is not UTF-8 text; rename the file")]
    try:
        text = _read_text(path)
    except YamlProblem as exc:
        return None, [error(exc.line, "encoding", exc.message)]
    except OSError as exc:
        return None, [error(1, "unreadable", f"cannot read this file: {exc.strerror or exc}")]

    if folder_kind is not None and not text.strip():
        return None, [error(1, "empty", "the file is empty; expected front matter between '---' lines with at least a title and a date")]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [error(line, "nul", "the file contains a NUL character; expected plain text")]

    lines: KeyLines
    try:
        fm_text, fm_line, body, body_line = split_front_matter(text)
        if fm_text is None:
            data, lines = None, {}  # no front matter: nothing to read
        else:
            data, lines = load_with_lines(fm_text, fm_line)
    except YamlProblem as exc:
        return None, [error(exc.line, "yaml", exc.message)]

    if fm_text is None:
        misplaced = misplaced_front_matter(text)
        if misplaced is not None:
            return None, [error(misplaced[0], "front-matter-position", misplaced[1])]
    if fm_text is None and folder_kind is None:
        return Page(path, rel, {}, body=text), []
    if fm_text is None:
        return None, [
            error(1, "no-front-matter", "no front matter; expected the file to start with a '---' line, then title and date, then '---'")
        ]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [
            error(fm_line, "not-mapping", f"front matter must be a mapping of keys to values (title: ..., date: ...), got {_show(data)}")
        ]
    bad_key = next(((k,) for k in data if not isinstance(k, str)), None)  # a tuple, so a null key counts too
    if bad_key is not None:
        return None, [error(fm_line, "key-type", f"front-matter keys must be words, got {_show(bad_key[0])}")]

    near_misses = privacy_near_misses(data, lines, display_path(path), fm_line)
    if near_misses:
        # Fail closed: until the flag is spelt right the file counts as private, whatever else it says.
        data = {**data, "private": True}
    kind = data.get("kind") or folder_kind
    if kind is None:
        page, found = _page(path, rel, data, lines, body)
        return page, list(near_misses.values()) + found
    if not isinstance(kind, str) or kind not in _MODELS:
        return None, [
            error(
                lines.get(("kind",), fm_line),
                "kind",
                f"unknown kind {_show(kind)}; expected one of {', '.join(KINDS)}{did_you_mean(kind, KINDS)}",
            )
        ]

    findings = list(near_misses.values()) + _unknown_keys(data, kind, lines, path, set(near_misses))
    model = _MODELS[kind]
    try:
        meta = model.model_validate(data)
    except ValidationError as exc:
        findings.extend(translate(exc, lines, display_path(path), fm_line - 1, _CHOICES, entry=True))
        return None, sorted(findings)

    slug = meta.slug or slug_from_filename(path.stem)
    if not slug:
        findings.append(
            error(
                fm_line - 1,
                "slug",
                f"cannot make a slug from the file name '{path.name}'; add a 'slug:' of lowercase letters, digits and hyphens",
            )
        )
        return None, findings
    entry = Entry(path, rel, kind, slug, meta, body, body_line, lines)
    findings.extend(_entry_warnings(entry))
    return entry, findings


def _page(path: Path, rel: str, data: dict[str, Any], lines: KeyLines, body: str) -> tuple[Page, list[Finding]]:
    shown = display_path(path)
    findings = []
    flags = {}
    for key in ("draft", "private"):
        value = data.get(key, False)
        if not isinstance(value, bool):
            findings.append(Finding(shown, lines.get((key,), 1), "error", "type", f"'{key}' should be true or false, got {_show(value)}"))
            value = True  # when in doubt, keep it out of the site
        flags[key] = value
    tags = data.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(tag, (str, int, float)) for tag in tags)):
        # Material's tags plugin stops the whole build on anything else
        findings.append(
            Finding(shown, lines.get(("tags",), 1), "error", "type", f"'tags' should be a list of words, e.g. [a, b], got {_show(tags)}")
        )
    return Page(path, rel, data, body=body, **flags), findings


def _unknown_keys(data: dict[str, Any], kind: str, lines: KeyLines, path: Path, reported: set[str]) -> list[Finding]:
    known = known_keys(kind)
    findings = []
    for key in data:
        if key in known or key in reported:
            continue
        line = lines.get((key,), 1)
        if key in _ALL_KEYS:
            message = f"'{key}' belongs to {_ALL_KEYS[key]} entries, not {kind} entries; it is ignored"
        else:
            message = f"unknown key '{key}' is ignored{did_you_mean(key, known)}"
        findings.append(Finding(display_path(path), line, "warning", "unknown-key", message))
    return findings


def _entry_warnings(entry: Entry) -> list[Finding]:
    meta = entry.meta
    found = []

    def warn(line: int, code: str, message: str) -> None:
        found.append(Finding(display_path(entry.path), line, "warning", code, message))

    if entry.kind == "decision":
        assert isinstance(meta, DecisionMeta)
        if meta.status == "accepted" and not meta.assumptions:
            warn(
                entry.line_of("status"),
                "no-assumptions",
                "an accepted decision with no 'assumptions'; list what must hold, so you can tell later if it was wrong",
            )
        if meta.outcome_note and not meta.outcome:
            warn(entry.line_of("outcome_note"), "outcome", "'outcome_note' without 'outcome'; add outcome: right, wrong or mixed")
    elif entry.kind == "debug":
        assert isinstance(meta, DebugMeta)
        if meta.resolved and not meta.root_cause:
            warn(
                entry.line_of("resolved"),
                "no-root-cause",
                "a resolved journal with no 'root_cause'; add a category word such as race-condition, config or caching",
            )
    elif entry.kind == "postmortem":
        words = word_count(entry.body)
        if words > POSTMORTEM_WORD_LIMIT:
            warn(entry.body_line, "too-long", f"this post-mortem has {words} words; keep it to about 100 (at most {POSTMORTEM_WORD_LIMIT})")
    elif entry.kind == "win":
        assert isinstance(meta, WinMeta)
        if not meta.impact:
            warn(1, "no-impact", "a win with no 'impact'; say what changed, with a number where there is one")
    return found


def symlink_findings(links: list[str], *roots: Path) -> tuple[list[Finding], set[str]]:
    """Warnings for symbolic links in the content folder, and the linked files (outside every root) that must not be read."""
    boundaries = [os.path.realpath(root) for root in roots]
    findings: list[Finding] = []
    refused: set[str] = set()
    for link in links:
        target = os.path.realpath(link)
        if os.path.isdir(target):
            message = "a symbolic link to a folder is not followed; its files are not part of the portfolio (move them in instead)"
        elif not any(os.path.commonpath([boundary, target]) == boundary for boundary in boundaries):
            message = f"a symbolic link to {target}, outside the portfolio; it is not read nor published (copy the file in instead)"
            refused.add(link)
        else:
            continue
        findings.append(Finding(display_path(link), 1, "warning", "symlink", message))
    return findings, refused


def markdown_files(content_dir: Path) -> list[Path]:
    """Every Markdown file under the folder (any Markdown extension, any case), sorted; hidden and linked folders are skipped."""
    return [Path(path) for path, _ in markdown_sources(content_dir)]


@dataclass
class Listing:
    """What one walk of the content folder found besides the Markdown files."""

    links: list[str] = field(default_factory=list)  # every symbolic link, to a file or a folder
    special: list[str] = field(default_factory=list)  # FIFOs, sockets, devices with a Markdown name
    others: list[tuple[str, str]] = field(default_factory=list)  # (path, rel) of files that are not Markdown


def markdown_sources(content_dir: Path, listing: Listing | None = None) -> list[tuple[str, str]]:
    """``(path, path relative to the folder)`` pairs, as strings: cheaper than Path objects by the thousand.

    With ``listing``, symbolic links, special files and the other files met are recorded in it.
    """
    found = []
    for item in walk(content_dir):
        markdown = is_markdown_name(item.name)
        if item.kind == "link":
            if listing is not None:
                listing.links.append(item.path)
            if item.is_dir:
                continue
            if markdown and not _regular_target(item.path):
                if listing is not None:
                    listing.special.append(item.path)
                continue  # a link to a named pipe: opening it would block
        elif item.kind == "special":
            if markdown and listing is not None:
                listing.special.append(item.path)
            continue
        if markdown:
            found.append((item.path, item.rel))
        elif listing is not None:
            listing.others.append((item.path, item.rel))
    return found


def _regular_target(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # a dangling or looping link: reading it reports the error with the path


def load_content(
    content_dir: Path, root: Path | None = None, only: set[str] | None = None, listing: Listing | None = None
) -> tuple[list[Entry], list[Page], list[Finding]]:
    """Load every Markdown file under ``content_dir``.

    Symbolic links are reported, never followed out: a linked folder is not walked (so a
    loop ends), and a linked file whose target is outside ``root`` (default: the content
    folder) is neither read nor published. A named pipe or other special file is never
    opened (it would block). With ``only``, just those paths are read.
    """
    entries: list[Entry] = []
    pages: list[Page] = []
    listing = listing if listing is not None else Listing()
    files = markdown_sources(content_dir, listing)
    findings, refused = symlink_findings(listing.links, content_dir, *([root] if root else []))
    for path in listing.special:
        findings.append(
            Finding(
                display_path(path),
                1,
                "warning",
                "special-file",
                f"{special_kind(path)}, not a regular file; skipped: it is not read nor published",
            )
        )
    for path, rel in files:
        if path in refused or (only is not None and path not in only):
            continue
        record, found = load_file(Path(path), content_dir, rel)
        findings.extend(found)
        if isinstance(record, Entry):
            entries.append(record)
        elif isinstance(record, Page):
            pages.append(record)
    return entries, pages, findings

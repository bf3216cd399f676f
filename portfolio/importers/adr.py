"""`portfolio import adr`: architecture decision records become decision entries.

Three formats are recognised by their content, never by a flag:

* adr-tools / Nygard: ``# 12. Title``, a ``Date: YYYY-MM-DD`` line and a
  ``## Status`` section (``Accepted``, ``Superseded by [3. X](0003-x.md)`` ...);
* MADR 2: ``* Status: accepted``, ``* Deciders: ...``, ``* Date: ...`` bullet
  lines under the H1;
* MADR 3/4: YAML front matter (``status``, ``date``, ``deciders`` or
  ``decision-makers``, ``consulted``, ``informed``), sometimes only navigation
  keys of another site generator, with the title in the H1.

log4brains projects are recognised by their ``.log4brains.yml``: the records
of ``project.adrFolder`` and of each ``project.packages[].adrFolder`` are read
(a package's name becomes a tag), with log4brains' ``- Status:`` / ``- Date:``
/ ``- Deciders:`` / ``- Tags:`` bullets, ``YYYYMMDD-title.md`` names and
``draft`` status (imported as ``draft: true``).

A record keeps its body and its number (``adr: 12``); supersedes relations
become ``supersedes`` / ``superseded_by`` slugs on both sides, and links
between records are rewritten to the new file names.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio.importers.common import (
    Candidate,
    ImportContext,
    ImportProblem,
    ImportReport,
    Undated,
    asset_in_src,
    assign_targets,
    duplicate_notes,
    finish_import,
    import_context,
    make_slug,
    markdown_sources,
    name_date,
    one_line,
    plan_assets,
    read_source,
    read_sources,
    relative_to_first,
    remove_line,
    render_markdown,
    resolve_date,
    rewrite_and_note,
    split_front_matter,
    title_from_name,
)
from portfolio.importers.published import SourceSite
from portfolio.model.entries import STATUSES
from portfolio.model.markup import fenced, first_h1, heading_text, is_relative_link, split_target
from portfolio.model.yamlio import Duplicate, YamlProblem, load_config_yaml
from portfolio.system.progress import QUIET, Progress

__all__ = ["import_adr", "detect_format", "parse_status", "StatusInfo"]

#: File names that are never records, and why (compared in lower case).
SKIP_NAMES = {
    "index.md": "an index of the records, not a record",
    "_index.md": "an index of the records, not a record",
    "readme.md": "an index of the records (README), not a record",
    "template.md": "a template, not a record",
    "adr-template.md": "a template, not a record",
}
_TEMPLATE_NAME = re.compile(r"^(?:adr-)?template(?:[-_.].*)?\.(?:md|markdown)$|^.*[-_.]template\.(?:md|markdown)$", re.I)

_FIELD = re.compile(
    r"^\s{0,3}(?P<bullet>[*+-]\s+)?(?:\*\*|__)?(?P<key>status|date|deciders|decision[- ]makers|consulted|informed|tags)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?(?P<value>.*)$",
    re.I,
)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FILE_NUMBER = re.compile(r"^(?:adr[-_ ]?)?0*(\d{1,6})(?=[-_ .]|$)", re.I)
_PLACEHOLDER = re.compile(r"^\s*(?:\{.*\}|\[.*\]|<.*>|NUMBER\.?\s+TITLE|TITLE)\s*$|^\s*<!--", re.S)

# --- status ---------------------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[^)]*)?\)")
_MD_PATH = re.compile(r"(?<![\w/.%+-])([\w./%+-]+\.(?:md|markdown))(#[\w-]*)?", re.I)
_ADR_REF = re.compile(r"\b(?:ADR|decision|record)[-\s#:]*0*(\d{1,6})\b", re.I)
_BARE_NUMBER = re.compile(r"(?<![\w.])#?0*(\d{1,6})\b")
_SUPERSEDED_BY = re.compile(r"\b(?:(partly|partially|partial)\s+)?superseded\s+by\b", re.I)
_SUPERSEDES = re.compile(r"\bsupersedes\b", re.I)
_OTHER_RELATION = re.compile(
    r"^(?:amends|amended\s+by|clarifies|clarified\s+by|refines|refined\s+by|extends|extended\s+by|relates\s+to|related\s+to|"
    r"see\s+also|see|depends\s+on|links?\s+to|informs|informed\s+by)\b",
    re.I,
)
_CLAUSES = re.compile(r"[;\n]|[,.]\s+(?=(?:(?:partly|partially)\s+)?supersede)", re.I)
#: The nearest status for words a record may use, most specific first.
_NEAREST: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("superseded", ("superseded", "supersede", "replaced", "obsoleted")),
    ("deprecated", ("deprecated", "obsolete", "retired", "sunset", "legacy")),
    (
        "rejected",
        ("rejected", "declined", "withdrawn", "abandoned", "dropped", "not accepted", "refused", "cancelled", "canceled", "discarded"),
    ),
    ("accepted", ("accepted", "approved", "adopted", "agreed", "decided", "implemented", "done", "active", "in effect", "valid", "final")),
    (
        "proposed",
        (
            "proposed",
            "proposal",
            "draft",
            "pending",
            "open",
            "review",
            "rfc",
            "discussion",
            "discussing",
            "wip",
            "work in progress",
            "suggested",
            "tbd",
            "new",
            "planned",
        ),
    ),
)


@dataclass(frozen=True)
class Ref:
    """A reference to another record: a link path, a number, or both."""

    label: str
    path: str | None = None
    number: int | None = None


@dataclass
class StatusInfo:
    """A record's status wording read into the five statuses and the supersedes references."""

    status: str
    note: str | None = None
    supersedes: list[Ref] = field(default_factory=list)
    superseded_by: list[Ref] = field(default_factory=list)
    unknown: bool = False  # True when no status word was recognised
    given: bool = True  # False when the record states no status at all


def _flatten(text: str) -> str:
    """Markdown to one line of text: links become their text, emphasis marks go."""
    text = _LINK.sub(lambda m: m.group(1), _COMMENT.sub(" ", text))
    return one_line(re.sub(r"[*_`]+", "", text)).strip(" .,;:-")


def _refs(text: str) -> list[Ref]:
    refs: list[Ref] = []
    for match in _LINK.finditer(text):
        number = _ADR_REF.search(match.group(1)) or re.match(r"\s*0*(\d{1,6})\b", match.group(1))
        href = match.group(2)
        refs.append(
            Ref(_flatten(match.group(0)) or href, href if is_relative_link(href) else None, int(number.group(1)) if number else None)
        )
    rest = _LINK.sub(" ", text)
    for match in _MD_PATH.finditer(rest):
        refs.append(Ref(match.group(0), match.group(0)))
    rest = _MD_PATH.sub(" ", rest)
    for match in _ADR_REF.finditer(rest):
        refs.append(Ref(match.group(0).strip(), None, int(match.group(1))))
    if not refs:
        for match in _BARE_NUMBER.finditer(rest):
            refs.append(Ref(match.group(0).strip(), None, int(match.group(1))))
    return refs


def _nearest(words: str) -> str | None:
    lowered = " ".join(re.sub(r"[^\w\s-]", " ", words.lower()).split())
    if lowered in STATUSES:
        return lowered
    for status, synonyms in _NEAREST:
        for synonym in synonyms:
            if re.search(rf"(?<![\w-]){re.escape(synonym)}(?![\w-])", lowered):
                return status
    return None


def parse_status(text: str) -> StatusInfo:
    """Read status wording such as ``Accepted``, ``Superseded by [3. X](0003-x.md)``,
    ``accepted; supersedes ADR-0045`` or ``Pending`` into a status and references.

    A word that is not one of the five statuses maps to the nearest one and is
    kept, as written, in ``note``.
    """
    info = StatusInfo("proposed")
    wording: list[str] = []
    partial: str | None = None
    unlinked: str | None = None
    for clause in _CLAUSES.split(_COMMENT.sub(" ", text or "")):
        clause = re.sub(r"^\s*(?:[*+-]\s+|>\s*)", "", clause).strip()
        if not _flatten(clause):
            continue
        by = _SUPERSEDED_BY.search(clause)
        if by:
            refs = _refs(clause[by.end() :])
            info.superseded_by.extend(refs)
            before = _flatten(clause[: by.start()])
            if by.group(1):
                partial = _flatten(clause)
            elif not refs:
                unlinked = _flatten(clause)
            elif before:
                wording.append(before)
            continue
        sup = _SUPERSEDES.search(clause)
        if sup:
            info.supersedes.extend(_refs(clause[sup.end() :]))
            before = _flatten(clause[: sup.start()])
            if before:
                wording.append(before)
            continue
        flat = _flatten(clause)
        if _OTHER_RELATION.match(flat) or (_LINK.search(clause) and _nearest(flat) is None):
            continue  # "Amended by [5. X](...)": stays in the body, says nothing about the status
        wording.append(flat)

    if partial is not None:
        info.status, info.note = "superseded", partial[:200]
    elif wording:
        first = wording[0]
        nearest = _nearest(first)
        if nearest is None:
            info.status, info.note, info.unknown = "proposed", first[:200], True
        else:
            info.status = nearest
            if first.lower().strip(" .!") != nearest:
                info.note = first[:200]
    elif info.superseded_by:
        info.status = "superseded"
    elif unlinked is not None:  # "Superseded by the new platform": no record named, the words kept
        info.status, info.note = "superseded", unlinked[:200]
    else:
        info.given = False
    if info.superseded_by and info.status in ("accepted", "proposed"):
        info.status = "superseded"
    return info


# --- one record -------------------------------------------------------------------------------


@dataclass
class AdrCandidate(Candidate):
    number: int | None = None
    collection: Collection | None = None
    fmt: str = ""
    status: StatusInfo = field(default_factory=lambda: StatusInfo("proposed"))
    deciders: list[str] = field(default_factory=list)
    supersedes: list[str] = field(default_factory=list)
    superseded_by: list[str] = field(default_factory=list)


def _sections(body: str) -> list[tuple[int, str, list[str]]]:
    """``(level, heading, lines)`` for the text before the first heading (level 0) and every heading."""
    parts: list[tuple[int, str, list[str]]] = [(0, "", [])]
    for line, code in fenced(body.split("\n")):
        match = None if code else _HEADING.match(line)
        if match:
            parts.append((len(match.group(1)), match.group(2).strip().rstrip("#").strip(), []))
        else:
            parts[-1][2].append(line)
    return parts


def _fields(lines: list[str]) -> tuple[dict[str, str], bool]:
    """``Status:``/``Date:``/``Deciders:`` lines (bulleted or not): ``({key: value}, any bulleted)``."""
    found: dict[str, str] = {}
    bulleted = False
    for line in lines:
        match = _FIELD.match(_COMMENT.sub("", line))
        if match:
            key = match.group("key").lower().replace(" ", "-")
            key = "deciders" if key == "decision-makers" else key
            found.setdefault(key, match.group("value").strip())
            bulleted = bulleted or bool(match.group("bullet"))
    return found, bulleted


_MADR_KEYS = ("status", "date", "deciders", "decision-makers", "consulted", "informed")


def detect_format(front: dict | None, body: str) -> str | None:
    """``"madr-3/4"``, ``"madr-2"``, ``"adr-tools"``, ``"madr"`` (no metadata) or None when the text is no record.

    Front matter with MADR keys is MADR 3/4; front matter with other keys only
    (``parent``, ``nav_order``) counts when the body looks like a record.
    """
    if front is not None and any(key in front for key in _MADR_KEYS):
        return "madr-3/4"
    sections = _sections(body)
    preamble = [line for level, _, lines in sections[:2] if level <= 1 for line in lines]
    fields, bulleted = _fields(preamble)
    headings = [heading.lower() for level, heading, _ in sections if level >= 2]
    if "status" in fields and bulleted:
        found = "madr-2"
    elif "status" in headings or "status" in fields or "date" in fields:
        found = "adr-tools"
    elif {"decision outcome", "considered options", "context and problem statement"} & set(headings):
        found = "madr"
    else:
        return None
    return "madr-3/4" if front is not None and found == "madr" else found


def _list_of_names(value: Any) -> list[str]:
    if value is None or isinstance(value, (dict, bool)):
        return []
    items = value if isinstance(value, list) else re.split(r"[,;]", str(value))
    names = []
    for item in items:
        if isinstance(item, (dict, list)):
            continue
        name = _flatten(str(item))
        if name and name not in names:
            names.append(name)
    return names


def _number_from(path: Path, h1: str | None) -> int | None:
    if name_date(path) is None:
        match = _FILE_NUMBER.match(path.stem)
        if match:
            return int(match.group(1))
    if h1:
        match = re.match(r"^(?:ADR[-\s#]*)?0*(\d{1,6})\s*[.:)\u2013\u2014-]\s+\S", h1, re.I) or re.match(
            r"^ADR[-\s#]*0*(\d{1,6})\b", h1, re.I
        )
        if match:
            return int(match.group(1))
    return None


def _title_from_h1(h1: str, number: int | None) -> str:
    text = heading_text(h1)
    if number is not None:
        stripped = re.sub(rf"^(?:ADR[-\s#]*)?0*{number}(?:\s*[.:)\u2013\u2014-]\s*|\s+)(?=\S)", "", text, flags=re.I)
    else:
        stripped = re.sub(r"^(?:\d{1,6}\.\s+|ADR[-\s#]*\d{1,6}\s*[.:\u2013\u2014-]?\s+)(?=\S)", "", text, flags=re.I)
    return stripped.strip() or text


def _scalar_text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return ""
    return one_line(str(value))


@dataclass(frozen=True)
class Collection:
    """One folder of records and how its site published them (a log4brains package, or SRC itself)."""

    folder: Path
    site: SourceSite
    package: str = ""  # a log4brains package's name


def _names_a_record(path: Path) -> bool:
    """True for a numbered or dated name (``0019-…-minimal-template.md``): a record about templates, not one.

    Such a file is still skipped when its title is a placeholder (the check after its title is read).
    """
    return bool(_FILE_NUMBER.match(path.stem)) or name_date(path) is not None


def parse_record(path: Path, ctx: ImportContext, report: ImportReport, collection: Collection | None = None) -> AdrCandidate | None:
    """Read one record; a skip or failure goes to the report and returns None."""
    name = path.name.lower()
    if name in SKIP_NAMES:
        report.skip(path, SKIP_NAMES[name])
        return None
    if _TEMPLATE_NAME.match(path.name) and not _names_a_record(path):
        report.skip(path, "a template, not a record")
        return None
    duplicates: list[Duplicate] = []
    try:
        text = read_source(path)
        if not text.strip():
            report.skip(path, "the file is empty")
            return None
        front, _, body = split_front_matter(text, duplicates)
    except ImportProblem as exc:
        report.fail(path, str(exc))
        return None

    fmt = detect_format(front, body)
    if fmt is None:
        report.skip(path, "not a decision record: no '## Status' section, no 'Status:' or 'Date:' line and no front matter")
        return None
    if collection is not None and collection.site.style == "log4brains":
        fmt = "log4brains"
    front = front or {}
    notes: list[str] = duplicate_notes(duplicates, "Jekyll, Hugo and MkDocs")
    h1, h1_line = first_h1(body)
    number = _number_from(path, h1)
    title = _scalar_text(front.get("title")) or (_title_from_h1(h1, number) if h1 else "")
    if not title:
        stem = re.sub(r"^(?:adr[-_ ]?)?\d{1,6}(?=[-_ ])", "", path.stem, flags=re.I) if name_date(path) is None else path.stem
        title = title_from_name(path.with_name(stem.lstrip("-_ ") + path.suffix), "mkdocs")
        if not title:
            report.skip(path, "no title: neither a 'title' in the front matter, a '# ' heading nor a file name with words")
            return None
        notes.append(f"no title in the record; named it '{title}' from the file name")
    if _PLACEHOLDER.match(title) or (h1 and _PLACEHOLDER.match(heading_text(h1))):
        report.skip(path, f"a template, not a record (its title '{title}' is a placeholder)")
        return None

    sections = _sections(body)
    preamble = [line for level, _, lines in sections[:2] if level <= 1 for line in lines]
    fields, _ = _fields(preamble)

    # The date: front matter, the Date: line, the file name, git, --undated.
    written = [("the front matter 'date'", front.get("date")), ("the 'Date:' line", fields.get("date"))]
    dated = resolve_date(path, ctx.src, written, ctx.undated, notes)
    if isinstance(dated, str):
        report.skip(path, dated)
        return None

    # The status: front matter, a Status: line, the ## Status section.
    if "status" in front:
        status_text = _scalar_text(front.get("status"))
    elif "status" in fields:
        status_text = fields["status"]
    else:
        status_text = next(("\n".join(lines) for level, heading, lines in sections if level >= 2 and heading.lower() == "status"), "")
    draft = _flatten(status_text).lower() == "draft"
    status = parse_status(status_text)
    if draft:
        status.note = None
        notes.append("status 'draft' imported as a draft (draft: true, status proposed): it is not published until you remove 'draft'")
    elif status.unknown:
        notes.append(
            f"status '{status.note}' is not one of {', '.join(STATUSES)}; imported as 'proposed' (the wording is kept in status_note)"
        )
    elif status.note:
        notes.append(f"status '{status.note}' imported as '{status.status}' (the wording is kept in status_note)")
    elif not status.given:
        notes.append("no status given; imported as 'proposed'")

    deciders = _list_of_names(front.get("decision-makers", front.get("deciders"))) or _list_of_names(fields.get("deciders"))

    # The body: the H1 goes when it only repeats the title (the number is shown from `adr:`).
    if h1 is not None and heading_text(title).casefold() in (heading_text(h1).casefold(), _title_from_h1(h1, number).casefold()):
        setext = not body.split("\n")[h1_line].lstrip().startswith("#")
        body = remove_line(body, h1_line, setext)
    extra = []
    for key in ("consulted", "informed"):
        names = _list_of_names(front.get(key))
        if names:
            extra.append(f"* {key.capitalize()}: {', '.join(names)}")
    if extra:
        body = "\n".join(extra) + "\n\n" + body.strip("\n")

    base = make_slug(
        title, re.sub(r"^(?:adr[-_ ]?)?\d+[-_ ]*", "", path.stem, flags=re.I), f"adr-{number}" if number is not None else "", path.stem
    )
    if not base:
        report.skip(path, f"cannot make a file name from the title '{title}' or the file name; give the record an ASCII title")
        return None
    meta: dict[str, Any] = {}
    description = _scalar_text(front.get("description"))
    tags = _list_of_names(front.get("tags"))
    if not tags and fields.get("tags"):
        # log4brains: "a space and/or comma separated list of tags"
        raw = _flatten(fields["tags"])
        tags = _list_of_names(re.split(r"[,;\s]+", raw) if fmt == "log4brains" else raw)
    if collection is not None and collection.package and collection.package not in tags:
        tags.append(collection.package)
    if description:
        meta["description"] = description
    if tags:
        meta["tags"] = tags
    return AdrCandidate(
        source=path,
        title=title,
        day=dated.day,
        base_slug=base,
        meta=meta,
        body=body,
        draft=draft,
        notes=notes,
        date_source=dated.source,
        number=number,
        fmt=fmt,
        status=status,
        deciders=deciders,
        collection=collection,
    )


# --- log4brains ---------------------------------------------------------------------------------


def log4brains_collections(src: Path, report: ImportReport) -> list[Collection] | None:
    """The ADR folders a ``.log4brains.yml`` in SRC names (the project's, then each package's); None without one.

    A folder that leads out of SRC, or does not exist, is reported and passed over.
    """
    config_path = src / ".log4brains.yml"
    if not config_path.is_file() or config_path.is_symlink():
        return None
    try:
        config = load_config_yaml(read_source(config_path))
    except (YamlProblem, ImportProblem) as exc:
        line = f"line {exc.line}: " if isinstance(exc, YamlProblem) else ""
        report.fail(config_path, f"{line}{exc.message if isinstance(exc, YamlProblem) else exc}; the ADR folders it names are not known")
        return []
    found_project = config.get("project")
    project: dict = found_project if isinstance(found_project, dict) else {}
    wanted: list[tuple[str, Any]] = [("", project.get("adrFolder"))]
    packages = project.get("packages")
    for item in packages if isinstance(packages, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            wanted.append((item["name"].strip(), item.get("adrFolder")))
    found: list[Collection] = []
    real_src = src.resolve()
    for package, folder in wanted:
        if not isinstance(folder, str) or not folder.strip():
            if package:
                report.fail(config_path, f"the package '{package}' names no adrFolder; its records are not imported")
            continue
        path = Path(os.path.normpath(src / folder.strip()))
        where = f"the package '{package}'" if package else "the project"
        if not path.resolve().is_relative_to(real_src) or path.is_symlink():
            report.skip(path, f"the adrFolder of {where} leads out of SRC; not read")
            continue
        if not path.is_dir():
            report.skip(path, f"the adrFolder of {where} does not exist")
            continue
        prefix = f"adr/{slugify_package(package)}/" if package else "adr/"
        found.append(Collection(path, SourceSite(path, "log4brains", prefix=prefix), package))
    return found


def slugify_package(name: str) -> str:
    """A package's name as log4brains puts it in a record's address (it keeps it as written; spaces become hyphens)."""
    return "-".join(name.split())


# --- the whole import ---------------------------------------------------------------------------


class _Records:
    """Find live records by link path or by number."""

    def __init__(self, records: list[AdrCandidate]) -> None:
        self.live = [r for r in records if r.live]
        self.by_path = {os.path.normcase(os.path.normpath(r.source)): r for r in self.live}
        names: dict[str, list[AdrCandidate]] = {}
        numbers: dict[int, list[AdrCandidate]] = {}
        for record in self.live:
            names.setdefault(record.source.name.lower(), []).append(record)
            if record.number is not None:
                numbers.setdefault(record.number, []).append(record)
        self.by_name = {k: v[0] for k, v in names.items() if len(v) == 1}
        self.by_number = {k: v[0] for k, v in numbers.items() if len(v) == 1}
        # log4brains names a record by its slug, "<package>/<file name>" in a package.
        self.by_slug = {
            f"{slugify_package(r.collection.package)}/{r.source.stem}".lower() if r.collection.package else r.source.stem.lower(): r
            for r in self.live
            if r.collection is not None and r.collection.site.style == "log4brains"
        }

    def by_link(self, source: Path, target: str) -> AdrCandidate | None:
        if not is_relative_link(target):
            return None
        path, _ = split_target(target)
        for candidate in dict.fromkeys((path, target.partition("#")[0])):
            if not candidate:
                continue
            key = os.path.normcase(os.path.normpath(source.parent / candidate))
            if key in self.by_path:
                return self.by_path[key]
        if path and self.by_slug:
            slug = re.sub(r"\.(?:md|markdown)$", "", path.lstrip("./"), flags=re.I).lower()
            if slug in self.by_slug:
                return self.by_slug[slug]
        return self.by_name.get(Path(path).name.lower()) if path else None

    def by_ref(self, source: Path, ref: Ref) -> AdrCandidate | None:
        found = self.by_link(source, ref.path) if ref.path else None
        if found is None and ref.number is not None:
            found = self.by_number.get(ref.number)
        return found


def _link_graph(records: list[AdrCandidate], found: _Records) -> None:
    """``supersedes`` / ``superseded_by`` on both sides, from either side's wording."""
    for record in found.live:
        for key, refs in (("superseded_by", record.status.superseded_by), ("supersedes", record.status.supersedes)):
            for ref in refs:
                other = found.by_ref(record.source, ref)
                if other is None or other is record:
                    what = "superseded by" if key == "superseded_by" else "supersedes"
                    if other is None:
                        record.notes.append(f"{what} '{ref.label}', which is not among the imported records; not linked")
                    continue
                newer, older = (other, record) if key == "superseded_by" else (record, other)
                if older.slug not in newer.supersedes:
                    newer.supersedes.append(older.slug)
                if newer.slug not in older.superseded_by:
                    older.superseded_by.append(newer.slug)
    order = {r.slug: index for index, r in enumerate(found.live)}
    for record in found.live:
        record.supersedes.sort(key=order.__getitem__)
        record.superseded_by.sort(key=order.__getitem__)
        if record.superseded_by and record.status.status in ("accepted", "proposed"):
            record.status.status = "superseded"


def _rewrite_body(record: AdrCandidate, found: _Records, ctx: ImportContext, report: ImportReport) -> None:
    site = record.collection.site if record.collection is not None else SourceSite(ctx.src, "mkdocs")

    def resolve_asset(target: str) -> tuple[Path, str] | None:
        found = asset_in_src(record.source.parent, target, ctx.src)
        return (found, relative_to_first(found, ctx.src)) if found else None

    assets = plan_assets(record, ctx, resolve_asset)

    def rewrite(target: str) -> str | None:
        other = found.by_link(record.source, target)
        if other is not None:
            return f"{other.slug}.md" + split_target(target)[1]
        return assets(target)

    rewrite_and_note(record, rewrite, ctx, site)


def _render(record: AdrCandidate, ctx: ImportContext) -> str:
    meta: dict[str, Any] = {"title": record.title, "date": record.day}
    if ctx.needs_kind_key:
        meta["kind"] = "decision"
    if "description" in record.meta:
        meta["description"] = record.meta["description"]
    meta["status"] = record.status.status
    meta["status_note"] = record.status.note
    meta["adr"] = record.number
    meta["deciders"] = record.deciders
    meta["supersedes"] = record.supersedes
    meta["superseded_by"] = record.superseded_by
    meta["tags"] = record.meta.get("tags")
    if record.draft:
        meta["draft"] = True
    return render_markdown(meta, record.body)


def import_adr(
    src: Path,
    into: Path,
    *,
    dry_run: bool = False,
    undated: Undated = "skip",
    base_url: str | None = None,
    progress: Progress = QUIET,
) -> ImportReport:
    """Import every decision record under ``src`` as a decision entry under ``into``.

    ``src`` is a folder of records, or a log4brains project (its
    ``.log4brains.yml`` names the folders). ``undated`` and ``base_url`` are
    the ``--undated`` and ``--base-url`` options. Never changes ``src`` and
    never overwrites; a second run imports nothing new. Raises
    :class:`~portfolio.errors.UsageError` when ``into`` is outside the project
    folder (the working folder) or inside ``src``.
    """
    src, into = Path(src), Path(into)
    ctx = import_context(src, into, "decision", base_url=base_url, undated=undated)
    report = ImportReport("decision records", dry_run=dry_run)
    collections = log4brains_collections(ctx.src, report)
    if collections is None:
        collections = [Collection(ctx.src, SourceSite(ctx.src, "mkdocs"))]
    seen: set[Path] = set()
    owners: dict[Path, Collection] = {}
    for collection in collections:
        for path in markdown_sources(ctx.src, report, top=[collection.folder]):
            if path in seen:  # a package folder inside the project's folder
                continue
            seen.add(path)
            owners[path] = max((c for c in collections if path.is_relative_to(c.folder)), key=lambda c: len(c.folder.parts))
    records = read_sources(list(owners), lambda path: parse_record(path, ctx, report, owners[path]), report, progress)
    records.sort(key=lambda r: r.source)
    assign_targets(records, ctx)  # type: ignore[arg-type]
    found = _Records(records)
    _link_graph(records, found)
    for record in found.live:
        _rewrite_body(record, found, ctx, report)
    return finish_import(records, ctx, report, lambda c: _render(c, ctx))  # type: ignore[arg-type]

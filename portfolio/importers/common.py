"""What both importers share: the report, reading sources, front matter, slugs, links, safe writing.

An import reads files under SRC and writes new entries under ``--into``. It
never writes under SRC, never overwrites a file, never follows a symbolic link
that leaves SRC, and turns every problem with an input file into a line of the
report instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from portfolio.errors import UsageError
from portfolio.importers.published import SourceSite
from portfolio.model.entries import KINDS
from portfolio.model.findings import display_path
from portfolio.model.markup import (
    MARKDOWN_SUFFIXES,
    LinkRewriter,
    is_relative_link,
    rewrite_links,
    split_target,
    unimage,
)
from portfolio.model.slugs import slug_from_filename, slugify
from portfolio.model.yamlio import Duplicate, YamlProblem, load_with_lines
from portfolio.system.files import write_new
from portfolio.system.git import first_added
from portfolio.system.progress import Progress, count
from portfolio.system.walk import special_kind, walk
from portfolio.templating import yaml_scalar

__all__ = [
    "ImportReport",
    "ImportProblem",
    "Candidate",
    "read_source",
    "split_front_matter",
    "parse_day",
    "name_date",
    "Undated",
    "parse_undated",
    "resolve_date",
    "title_from_name",
    "duplicate_notes",
    "markdown_sources",
    "check_paths",
    "render_markdown",
    "make_slug",
    "rewrite_links",
    "rewrite_and_note",
    "plan_assets",
    "relative_to_first",
    "finish_import",
]


# --- the report ----------------------------------------------------------------------


@dataclass
class ImportReport:
    """What one import did: ``imported`` (source, target), ``skipped`` and ``failed`` (source, reason).

    ``notes`` are things a person should know about an imported file (a status
    mapped to the nearest one, Liquid left as text, a link that leads nowhere).
    """

    what: str = "files"
    dry_run: bool = False
    imported: list[tuple[Path, Path]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[tuple[Path, str]] = field(default_factory=list)
    #: Where each imported record's date came from (see :func:`resolve_date`), by source file.
    dated: dict[Path, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """1 when a file failed (unreadable, broken front matter), else 0."""
        return 1 if self.failed else 0

    def skip(self, source: Path, reason: str) -> None:
        self.skipped.append((source, reason))

    def fail(self, source: Path, reason: str) -> None:
        self.failed.append((source, reason))

    def note(self, source: Path, message: str) -> None:
        self.notes.append((source, message))

    def sort(self) -> None:
        for items in (self.imported, self.skipped, self.failed, self.notes):
            items.sort(key=lambda item: str(item[0]))

    def summary_lines(self) -> list[str]:
        """One line per imported, noted, skipped and failed file, then the counts."""
        verb = "would import" if self.dry_run else "imported"
        lines = [
            f"{verb} {display_path(src)} -> {display_path(dst)}" + (f" (date from {self.dated[src]})" if src in self.dated else "")
            for src, dst in self.imported
        ]
        lines += [f"note: {display_path(src)}: {message}" for src, message in self.notes]
        lines += [f"skipped {display_path(src)}: {reason}" for src, reason in self.skipped]
        lines += [f"failed {display_path(src)}: {reason}" for src, reason in self.failed]
        if not (self.imported or self.skipped or self.failed):
            lines.append(f"no {self.what} found; nothing to import")
        counts = f"{verb} {len(self.imported)}, skipped {len(self.skipped)}, failed {len(self.failed)}"
        lines.append(counts + (" (dry run: nothing written)" if self.dry_run else ""))
        return lines


class ImportProblem(Exception):
    """A source file that cannot be read as intended; the message is for people."""


# --- reading ---------------------------------------------------------------------------


def read_source(path: Path) -> str:
    """The file as text with ``\\n`` line ends and no BOM; :class:`ImportProblem` when it is not UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"cannot read this file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportProblem(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save the file as UTF-8 and import again"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportProblem(f"contains a NUL character on line {line}; expected a text file")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _toml_loads(text: str) -> Any:
    try:
        import tomllib  # type: ignore[import-not-found]
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef, import-not-found, unused-ignore]
        except ModuleNotFoundError:
            raise ImportProblem("TOML front matter needs the 'tomli' package on Python 3.10; pip install tomli") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportProblem(f"invalid TOML front matter: {exc}") from None


def split_front_matter(text: str, duplicates: list[Duplicate] | None = None) -> tuple[dict | None, str, str]:
    """``(front matter, its format, body)``: YAML ``---``, TOML ``+++`` or a JSON object; ``(None, "", text)`` without.

    YAML is read like every entry's front matter is (:mod:`portfolio.model.yamlio`):
    dates and times stay text and ``0032`` is not octal. Problems raise
    :class:`ImportProblem` with the line. With a ``duplicates`` list, a key
    given twice is read the way Jekyll, Hugo and MkDocs read it (the last value
    wins) and added to the list; without one it is a problem.
    """
    lines = text.split("\n")
    first = lines[0].rstrip() if lines else ""
    if first in ("---", "+++"):
        closers = ("---", "...") if first == "---" else ("+++",)
        for index in range(1, len(lines)):
            if lines[index].rstrip() in closers:
                raw = "\n".join(lines[1:index])
                body = "\n".join(lines[index + 1 :])
                break
        else:
            raise ImportProblem(f"line 1: the front matter is not closed; expected a line '{first}' after it")
        if first == "---":
            try:
                if duplicates is None:
                    data, _ = load_with_lines(raw, 2)
                else:
                    data, _ = load_with_lines(raw, 2, duplicates="last", found=duplicates)
            except YamlProblem as exc:
                raise ImportProblem(f"line {exc.line}: {exc.message}") from None
            fmt = "yaml"
        else:
            data, fmt = _toml_loads(raw), "toml"
    elif re.match(r'^\{\s*(?:"|$)', first):
        try:
            data, end = json.JSONDecoder().raw_decode(text)
        except ValueError as exc:
            raise ImportProblem(f"invalid JSON front matter: {exc}") from None
        body, fmt = text[end:].lstrip("\n"), "json"
    else:
        return None, "", text
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ImportProblem("the front matter is not a mapping of keys to values")
    return {str(k): v for k, v in data.items()}, fmt, body


_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt ]|\s+)\S.*)?\s*$")
_SLASH_DAY = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})\s*$")
_WORD_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")


def parse_day(value: Any) -> dt.date | None:
    """The calendar day of a front-matter or ``Date:`` value, as written (no time-zone shift); None when it is no date.

    Accepts ``2019-03-05``, ``2019-3-5``, ``2019-03-05 10:00:00 +0100``,
    ``2019-03-05T10:00:00Z``, ``2019/03/05``, ``5 March 2019`` and ``March 5, 2019``;
    never guesses between day-first and month-first numbers.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip().strip("*_`").strip()
    match = _DAY.match(text) or _SLASH_DAY.match(text)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
    for fmt in _WORD_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


#: ``2024-03-01-``, ``2024-3-1-`` (Jekyll accepts both) and ``20240301-`` (log4brains) at the start of a name.
_NAME_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?=[-_ .]|$)|^(\d{4})(\d{2})(\d{2})(?=[-_ .]|$)")


def name_date(path: Path) -> dt.date | None:
    """The date at the start of a file name (a page bundle's folder name for ``index.md``), if it is a real day."""
    stem = path.parent.name if path.stem.lower() in ("index", "_index") else path.stem
    match = _NAME_DAY.match(stem)
    if not match:
        return None
    year, month, day = (int(part) for part in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
    try:
        return dt.date(year, month, day) if 1900 <= year <= 2999 else None
    except ValueError:
        return None


#: What ``--undated`` says to do with a record no other source dates: skip it, use the file's
#: modification time, or use one given day.
Undated = str | dt.date


def parse_undated(value: str) -> Undated:
    """``skip``, ``mtime`` or a day ``YYYY-MM-DD``; a ``ValueError`` with our message otherwise."""
    text = value.strip()
    if text.lower() in ("skip", "mtime"):
        return text.lower()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r}: expected mtime, skip or a date YYYY-MM-DD") from None
    if not 1900 <= day.year <= 2999:
        raise ValueError(f"{value}: expected a date from 1900-01-01 to 2999-12-31")
    return day


@dataclass(frozen=True)
class Dated:
    """A record's day and the source that gave it, in words (``the front matter 'date'``)."""

    day: dt.date
    source: str


def resolve_date(path: Path, src: Path, written: Iterable[tuple[str, Any]], undated: Undated, notes: list[str]) -> Dated | str:
    """The date of one record by the documented chain, or the reason it has none (a ``str``).

    1. the values ``written`` in the record, in order: ``("the front matter 'date'", value)``,
       ``("the 'Date:' line", value)``; one that is no date is noted and passed over;
    2. a date at the start of the file name (``2024-03-01-``, ``2024-3-1-``, ``20240301-``);
    3. the day git first recorded the file, when SRC is in a git work tree;
    4. ``--undated``: the file's modification time, one given day, or (the default) none.

    Nothing is invented silently: the caller shows the source next to the record.
    """
    bad: list[str] = []
    for where, value in written:
        if value is None or value == "":
            continue
        day = parse_day(value)
        if day is not None:
            return Dated(day, where)
        shown = one_line(value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value))
        bad.append(f"{where} '{shown[:80]}'")
    found: Dated | None = None
    day = name_date(path)
    if day is not None:
        found = Dated(day, "the file name")
    if found is None:
        day = first_added(src, path)
        if day is not None:
            found = Dated(day, "git history (the first commit of the file)")
    if found is None and undated == "mtime":
        try:
            found = Dated(dt.date.fromtimestamp(path.stat().st_mtime), "the file's modification time (--undated mtime)")
        except (OSError, ValueError, OverflowError):
            found = None
    elif found is None and isinstance(undated, dt.date):
        found = Dated(undated, f"--undated {undated.isoformat()}")
    for what in bad:
        notes.append(f"{what} is not a date (expected YYYY-MM-DD)" + (f"; used {found.source}" if found else ""))
    if found is not None:
        return found
    what = f"{bad[0]} is not a date (expected YYYY-MM-DD)" if bad else "no date in the record or its file name"
    return (
        f"{what}, and no git history of SRC gives one; add 'date: YYYY-MM-DD' to it, "
        "or import with --undated mtime (the file's modification time) or --undated YYYY-MM-DD"
    )


def title_from_name(path: Path, style: str) -> str:
    """The title a site generator gives a page that names none, from its file name without a date.

    ``jekyll``: every word capitalised (``my-first-post`` -> ``My First Post``);
    ``mkdocs``: hyphens and underscores become spaces, the first letter
    capitalised when the name is all lower case (MkDocs' rule).
    """
    stem = path.parent.name if path.stem.lower() in ("index", "_index") else path.stem
    stem = re.sub(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{8})[-_ ]?", "", stem) or stem
    if style == "jekyll":
        return " ".join(word.capitalize() for word in re.split(r"[-\s]+", stem) if word)
    title = " ".join(stem.replace("-", " ").replace("_", " ").split())
    return title.capitalize() if title.lower() == title else title


def duplicate_notes(found: list[Duplicate], engine: str) -> list[str]:
    """A note for each front-matter key given twice: which line won, as ``engine`` reads it."""
    return [
        f"duplicate key '{d.key}' on lines {d.first_line} and {d.line}: kept the value on line {d.line}, as {engine} does" for d in found
    ]


# --- finding sources -------------------------------------------------------------------


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def markdown_sources(
    src: Path,
    report: ImportReport,
    *,
    ignore_dirs: Iterable[str] = (),
    top: Iterable[Path] | None = None,
) -> list[Path]:
    """Every Markdown file under ``src`` (or under the folders ``top``), sorted.

    Hidden files and folders and ``ignore_dirs`` are passed over; a symbolic
    link is never followed and is reported as skipped.
    """
    real_src = src.resolve()
    ignored = set(ignore_dirs)
    found: list[Path] = []
    for start in list(top) if top is not None else [src]:
        if start != src and (start.is_symlink() or not _inside(start.resolve(), real_src)):
            report.skip(start, _link_reason(start, real_src, "folder"))
            continue
        for item in walk(start, prune=ignored.__contains__):
            path = Path(item.path)
            markdown = item.name.lower().endswith(MARKDOWN_SUFFIXES)
            if item.kind == "link" and item.name not in ignored and (item.is_dir or markdown):
                report.skip(path, _link_reason(path, real_src, "folder" if item.is_dir else "file"))
            elif item.kind == "special" and markdown:
                report.skip(path, f"{special_kind(item.path)}, not a file; not read")
            elif item.kind == "file" and markdown:
                found.append(path)
    return sorted(found)


Parsed = TypeVar("Parsed")


def read_sources(paths: list[Path], parse: Callable[[Path], Parsed | None], report: ImportReport, progress: Progress) -> list[Parsed]:
    """Parse every source (a bar on a terminal); a file that breaks its parser fails alone, never the import."""
    found: list[Parsed] = []
    with progress.bar(f"Reading {count(len(paths), 'file', 'files')}", len(paths)) as advance:
        for path in paths:
            advance(1)
            try:
                parsed = parse(path)
            except RecursionError:
                report.fail(path, "nested too deeply to read")
                continue
            except Exception as exc:
                report.fail(path, f"could not be read ({type(exc).__name__}: {exc}); this is a bug in portfolio, please report it")
                continue
            if parsed is not None:
                found.append(parsed)
    return found


def _link_reason(path: Path, real_src: Path, what: str) -> str:
    target = path.resolve()
    if not _inside(target, real_src):
        return f"a symbolic link to a {what} outside SRC; not followed"
    return f"a symbolic link to {display_path(target)}; not followed (the {what} it points to is read on its own)"


# --- paths and writing -----------------------------------------------------------------


def check_paths(src: Path, into: Path) -> tuple[Path, Path]:
    """Resolved ``(src, into)``; a :class:`UsageError` when ``into`` leaves the project folder or lies inside SRC."""
    if not src.is_dir():
        raise UsageError(f"{display_path(src)}: no such folder; expected the folder to import from")
    real_src = src.resolve()
    real_into = into.resolve()
    project = Path.cwd().resolve()
    if not _inside(real_into, project):
        raise UsageError(f"--into {display_path(into)}: outside the project folder {display_path(project)}; import writes only inside it")
    if _inside(real_into, real_src):
        raise UsageError(f"--into {display_path(into)}: inside SRC {display_path(src)}; import never writes into its sources")
    if real_into.exists() and not real_into.is_dir():
        raise UsageError(f"--into {display_path(into)}: not a folder")
    return real_src, real_into


def render_markdown(meta: dict[str, Any], body: str) -> str:
    """Front matter, one ``key: value`` per line (values as YAML flow scalars), then the body."""
    lines = ["---"]
    for key, value in meta.items():
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, dt.date):
            lines.append(f"{key}: {value.isoformat()}")
        else:
            text = yaml_scalar(value)
            if "\n" in text:  # a very long value PyYAML would fold: JSON is one line and valid YAML
                text = json.dumps(value, ensure_ascii=False)
            lines.append(f"{key}: {text}")
    lines.append("---")
    body = body.strip("\n")
    return "\n".join(lines) + "\n\n" + (body + "\n" if body else "")


# --- slugs -------------------------------------------------------------------------------


def make_slug(*texts: str) -> str:
    """The slug of the first text that gives one, else ``""``."""
    return next((slug for slug in (slugify(text or "") for text in texts) if slug), "")


def one_line(text: str) -> str:
    return " ".join(str(text).split())


# --- links ----------------------------------------------------------------------------


def remove_line(body: str, index: int, setext: bool = False) -> str:
    lines = body.split("\n")
    del lines[index : index + (2 if setext else 1)]
    return "\n".join(lines).strip("\n")


# --- planning and writing an import ------------------------------------------------------


@dataclass
class Candidate:
    """One source file that parsed into an entry; the importer fills ``meta`` and ``body``."""

    source: Path
    title: str
    day: dt.date
    base_slug: str
    meta: dict[str, Any]
    body: str
    draft: bool = False
    notes: list[str] = field(default_factory=list)
    slug: str = ""
    target: Path | None = None
    assets: dict[Path, str] = field(default_factory=dict)  # source file -> path under --into
    skip_reason: str = ""
    date_source: str = ""  # where ``day`` came from, in words (see resolve_date)
    outside: list[str] = field(default_factory=list)  # link targets that lead out of the import

    @property
    def live(self) -> bool:
        """True when the entry will exist after this import (written now or already there)."""
        return bool(self.target) and not self.skip_reason


@dataclass
class ImportContext:
    """Where entries go and what already exists there."""

    src: Path
    into: Path
    kind: str
    content_dir: Path | None
    existing_slugs: dict[str, Path]
    base_url: str | None = None  # --base-url, ending with "/": where links out of the import point
    undated: Undated = "skip"  # --undated

    @property
    def needs_kind_key(self) -> bool:
        """True when ``--into`` does not give the kind by its folder, so ``kind:`` must say it."""
        if self.content_dir is None or not _inside(self.into, self.content_dir):
            return True
        rel = self.into.relative_to(self.content_dir).parts
        return not rel or rel[0] != KINDS[self.kind]

    def stage_folder(self) -> str | None:
        """``--into`` relative to the content folder (how the stage names it), when inside it."""
        if self.content_dir is None or not _inside(self.into, self.content_dir):
            return None
        return self.into.relative_to(self.content_dir).as_posix()

    def asset_link(self, asset_rel: str) -> str:
        """A link from an entry's staged page (``<kind folder>/<slug>.md``) to an asset copied under ``--into``."""
        folder = self.stage_folder()
        if folder is None:
            return asset_rel
        where = f"{folder}/{asset_rel}" if folder not in ("", ".") else asset_rel
        return posixpath.relpath(where, KINDS[self.kind])


def import_context(src: Path, into: Path, kind: str, *, base_url: str | None = None, undated: Undated = "skip") -> ImportContext:
    """Resolve the paths (usage errors for unsafe ones) and learn the slugs already taken."""
    from portfolio.model.entries import load_content, markdown_files
    from portfolio.model.project import content_folder

    real_src, real_into = check_paths(src, into)
    try:
        content = content_folder(None).resolve()
    except UsageError:
        content = None
    scan = content if content is not None and content.is_dir() and _inside(real_into, content) else real_into
    existing: dict[str, Path] = {}
    if scan.is_dir():
        entries, pages, _ = load_content(scan)
        for entry in entries:
            existing.setdefault(entry.slug, entry.path.resolve())
        # An entry that does not load cleanly yet still owns the slug of its file name.
        loaded = {e.path for e in entries} | {p.path for p in pages}
        for path in markdown_files(scan):
            if path not in loaded:
                existing.setdefault(slug_from_filename(path.stem), path.resolve())
    return ImportContext(real_src, real_into, kind, content, existing, base_url, undated)


def assign_targets(candidates: list[Candidate], ctx: ImportContext) -> None:
    """Give each candidate a unique slug and the target ``<into>/<date>-<slug>.md``.

    Two sources with the same slug get ``-2``, ``-3`` in source order, so a
    second run computes the same targets. A slug already used by an entry that
    is not the target itself is skipped: ``check`` would call it a duplicate.
    """
    claimed: set[str] = set()
    for cand in candidates:
        slug = cand.base_slug
        number = 2
        while slug in claimed:
            slug = f"{cand.base_slug}-{number}"
            number += 1
        claimed.add(slug)
        cand.slug = slug
        cand.target = ctx.into / f"{cand.day.isoformat()}-{slug}.md"
        owner = ctx.existing_slugs.get(slug)
        if not cand.target.exists() and owner is not None and owner != cand.target:
            cand.skip_reason = f"the slug '{slug}' is already used by {display_path(owner)}; not imported twice"


def plan_assets(cand: Candidate, ctx: ImportContext, resolve_asset: Callable[[str], tuple[Path, str] | None]) -> LinkRewriter:
    """A link rewriter for files the source links to (images, attachments): each is copied under ``--into``.

    ``resolve_asset(path)`` gives ``(file, path under --into)`` or None.
    """

    def rewrite(target: str) -> str | None:
        path, fragment = split_target(target)
        if not path or path.lower().endswith(MARKDOWN_SUFFIXES):
            return None
        found = resolve_asset(path)
        if found is None:
            return None
        source, rel = found
        cand.assets[source] = rel
        return ctx.asset_link(rel) + fragment

    return rewrite


def relative_to_first(path: Path, *roots: Path | None) -> str:
    """``path`` relative to the first root that holds it, as a POSIX path."""
    for root in roots:
        if root is not None and _inside(path, root):
            return path.relative_to(root).as_posix()
    return path.name


def asset_in_src(base: Path, target: str, src: Path) -> Path | None:
    """The regular file ``target`` names relative to ``base``, when it stays inside ``src`` (links resolved)."""
    if not target or "\x00" in target:
        return None
    candidate = Path(os.path.normpath(base / target))
    try:
        if not candidate.is_file():
            return None
        real = candidate.resolve()
    except OSError:
        return None
    if not _inside(real, src) or not _inside(candidate, src):
        return None
    if any(part.startswith(".") for part in candidate.relative_to(src).parts):
        return None
    return candidate


def leaves_import(target: str) -> bool:
    """True for a link to a file or page of the source site (``x.md``, ``../guide/``, ``/about/``), not a URL, an anchor or a template tag."""
    if "{%" in target or "{{" in target:
        return False  # Liquid and shortcodes stay as written and are reported as such
    path, _ = split_target(target)
    if not path:
        return False
    if target.startswith("/") and not target.startswith("//"):
        return True
    return is_relative_link(target)


_SHOWN = 5


def rewrite_and_note(cand: Candidate, rewrite: LinkRewriter, ctx: ImportContext, site: SourceSite | None = None) -> None:
    """Rewrite the candidate's links; each link that ``rewrite`` leaves and that leads out of the import is counted.

    With ``--base-url`` such a link becomes the absolute URL the source site
    published its target at (``site`` computes it), and such an image a link
    to it (the site requests nothing from another host); without, it stays as
    written and one note per file gives the count.
    """
    absolute = ctx.base_url is not None and site is not None

    if absolute:
        # An image that stays out of the import would be fetched from the old site: make it a link.
        cand.body = unimage(cand.body, lambda target: leaves_import(target) and rewrite(target) is None)

    def apply(target: str) -> str | None:
        new = rewrite(target)
        if new is not None or not leaves_import(target):
            return new
        cand.outside.append(target)
        if absolute:
            assert site is not None and ctx.base_url is not None
            return site.absolute(ctx.base_url, cand.source, target)
        return None

    cand.body = rewrite_links(cand.body, apply)
    if not cand.outside:
        return
    unique = list(dict.fromkeys(cand.outside))
    shown = ", ".join(unique[:_SHOWN]) + (", ..." if len(unique) > _SHOWN else "")
    count = len(cand.outside)
    if absolute:
        what = (
            "1 link to a page that was not imported now points"
            if count == 1
            else f"{count} links to pages that were not imported now point"
        )
        cand.notes.append(f"{what} to {ctx.base_url} ({shown})")
    else:
        what = "1 link leads" if count == 1 else f"{count} links lead"
        cand.notes.append(
            f"{what} out of the import, left as written ({shown}); `portfolio build --strict` fails on a link to a missing file: "
            "import with --base-url URL (the site they came from) to make them absolute"
        )


def finish_import(
    candidates: list[Candidate], ctx: ImportContext, report: ImportReport, render: Callable[[Candidate], str]
) -> ImportReport:
    """Write every live candidate (and its assets) unless it exists; fill the report."""
    for cand in candidates:
        if cand.skip_reason:
            report.skip(cand.source, cand.skip_reason)
            continue
        assert cand.target is not None
        data = render(cand).encode("utf-8")
        if cand.target.exists() or cand.target.is_symlink():
            try:
                same = not cand.target.is_symlink() and cand.target.read_bytes() == data
            except OSError:
                same = False
            if same:
                report.skip(cand.source, f"already imported as {display_path(cand.target)}")
            else:
                report.skip(cand.source, f"{display_path(cand.target)} already exists and differs from this import; not overwritten")
            continue
        if not report.dry_run:
            try:
                if not write_new(cand.target, data, inside=ctx.into):
                    report.skip(cand.source, f"{display_path(cand.target)} already exists; not overwritten")
                    continue
            except OSError as exc:
                report.fail(cand.source, f"cannot write {display_path(cand.target)}: {exc.strerror or exc}")
                continue
            for asset, rel in cand.assets.items():
                _copy_asset(cand, asset, ctx.into / rel, ctx, report)
        report.imported.append((cand.source, cand.target))
        if cand.date_source:
            report.dated[cand.source] = cand.date_source
        for note in cand.notes:
            report.note(cand.source, note)
    report.sort()
    return report


def _copy_asset(cand: Candidate, asset: Path, dest: Path, ctx: ImportContext, report: ImportReport) -> None:
    try:
        data = asset.read_bytes()
        if write_new(dest, data, inside=ctx.into):
            return
        if dest.read_bytes() != data:
            report.note(cand.source, f"{display_path(dest)} already exists with other content; {display_path(asset)} was not copied")
    except OSError as exc:
        report.note(cand.source, f"cannot copy {display_path(asset)} to {display_path(dest)}: {exc.strerror or exc}")

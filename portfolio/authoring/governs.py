"""`portfolio decisions-for PATH...`: the accepted decisions that govern the given files.

A decision lists the repository paths it governs in ``affects:`` (patterns, see
:mod:`portfolio.model.globs`). For a pull request, the files it changes go in,
and the decisions a reviewer should have in mind come out: as text, as JSON,
or as Markdown for a GitHub job summary.

Only decisions whose front matter mentions ``affects`` are parsed, so this
stays quick on a wiki of thousands of records.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from portfolio.errors import ContentError, UsageError
from portfolio.model.addresses import page_url
from portfolio.model.entries import Entry, load_file, markdown_files
from portfolio.model.findings import Finding, display_path
from portfolio.model.governance import governing
from portfolio.model.project import Project
from portfolio.system.git import toplevel

__all__ = ["Governing", "repository_root", "repository_paths", "decisions_for", "render_text", "render_markdown", "render_json"]

_AFFECTS = re.compile(rb"^affects\s*:", re.M)


@dataclass(frozen=True)
class Governing:
    """One decision and the given files its ``affects`` patterns cover."""

    path: str
    slug: str
    title: str
    date: dt.date
    status: str
    deciders: tuple[str, ...]
    draft: bool
    url: str | None
    files: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "slug": self.slug,
            "title": self.title,
            "date": self.date.isoformat(),
            "status": self.status,
            "deciders": list(self.deciders),
            "draft": self.draft,
            "url": self.url,
            "files": list(self.files),
        }


def repository_root(project: Project) -> Path:
    """Where ``affects`` patterns start: the git work tree of the portfolio, else the portfolio's own folder."""
    return (toplevel(project.root) or project.root).resolve()


def repository_paths(root: Path, paths: Iterable[str | Path]) -> list[str]:
    """Paths given on the command line (relative to the working folder) as paths from the repository's root.

    A file need not exist (a pull request may delete it); a path outside the repository is a usage error.
    """
    result = []
    for given in paths:
        absolute = Path(os.path.abspath(given)).resolve()
        if not absolute.is_relative_to(root):
            raise UsageError(f"{given}: outside the repository ({display_path(root)}); `affects:` patterns name files inside it")
        rel = absolute.relative_to(root).as_posix()
        if rel != ".":
            result.append(rel)
    return result


def _candidates(project: Project) -> tuple[list[Entry], list[Finding]]:
    """The decisions that name ``affects`` in their front matter (read only those), and the errors met in them."""
    entries: list[Entry] = []
    findings: list[Finding] = []
    for path in markdown_files(project.content_dir):
        try:
            with open(path, "rb") as handle:
                head = handle.read(65536)
        except OSError:
            continue
        front = head.split(b"\n---", 1)[0] if head.startswith(b"---") else b""
        if not _AFFECTS.search(front):
            continue
        record, found = load_file(path, project.content_dir)
        findings.extend(f for f in found if f.severity == "error")
        if isinstance(record, Entry) and record.kind == "decision":
            entries.append(record)
    return entries, findings


def decisions_for(project: Project, paths: list[str], *, private: bool = False) -> list[Governing]:
    """The accepted decisions (drafts included, private ones only with ``private``) whose ``affects`` cover any of ``paths``."""
    entries, findings = _candidates(project)
    if findings:
        raise ContentError(findings, f"{len(findings)} errors in decisions that name 'affects'; fix them first")
    chosen = [e for e in entries if private or not e.meta.private]
    site_url = str(project.config.get("site_url") or "").strip()
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    directory_urls = bool(project.config.get("use_directory_urls", True))
    result = []
    for entry, files in governing(chosen, paths):
        public = entry.public
        result.append(
            Governing(
                display_path(entry.path),
                entry.slug,
                entry.title,
                entry.date,
                entry.meta.status,  # type: ignore[attr-defined]
                tuple(entry.meta.deciders),  # type: ignore[attr-defined]
                entry.meta.draft,
                site_url + page_url(entry.page, directory_urls) if site_url and public else None,
                tuple(files),
            )
        )
    return result


def render_text(found: list[Governing], count: int) -> str:
    if not found:
        return f"No accepted decision governs {'this file' if count == 1 else f'these {count} files'}."
    lines = [f"{len(found)} accepted decision{'s' if len(found) != 1 else ''} govern{'s' if len(found) == 1 else ''} these files:"]
    for item in found:
        draft = " (draft)" if item.draft else ""
        lines.append(f"  {item.date.isoformat()}  {item.title}{draft}")
        lines.append(f"              {item.path}")
        if item.deciders:
            lines.append(f"              deciders: {', '.join(item.deciders)}")
        lines.append(f"              files: {', '.join(item.files)}")
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(text: str) -> str:
    """Text as literal Markdown: HTML characters as entities, Markdown punctuation escaped, one line."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    """A path as a Markdown code span that no backtick in it can close early."""
    text = " ".join(text.split()).replace("|", "\\|")
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def render_markdown(found: list[Governing], count: int) -> str:
    """A section for ``$GITHUB_STEP_SUMMARY``: every value escaped, so a title cannot add markup or links."""
    lines = ["### Decisions this change touches", ""]
    if not found:
        lines.append(f"No accepted decision governs the {count} changed file{'s' if count != 1 else ''}.")
        return "\n".join(lines) + "\n"
    lines += ["| Decision | Date | Deciders | Changed files it governs |", "| --- | --- | --- | --- |"]
    for item in found:
        url = (item.url or "").replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        title = f"[{_md(item.title)}]({url})" if url else _md(item.title)
        if item.draft:
            title += " (draft)"
        where = f"<br>{_code(item.path)}"
        files = ", ".join(_code(path) for path in item.files)
        lines.append(f"| {title}{where} | {item.date.isoformat()} | {_md(', '.join(item.deciders)) or '—'} | {files} |")
    return "\n".join(lines) + "\n"


def render_json(found: list[Governing]) -> str:
    return json.dumps([item.as_dict() for item in found], indent=2, ensure_ascii=False)

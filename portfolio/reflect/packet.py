"""`portfolio packet`: a review-season promotion packet, as Markdown or a standalone, print-ready HTML page.

For each skill: the current level (the highest level public evidence shows, up
to the end of the period), the targeted level, and the strongest evidence in
the period. Then the roles and milestones of the period. Drafts never appear;
private entries only when asked, and never with a link (they have no page).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from portfolio.errors import PortfolioError, UsageError
from portfolio.model.addresses import page_url
from portfolio.model.career import Milestone, Role
from portfolio.model.entries import Entry
from portfolio.model.findings import did_you_mean, display_path
from portfolio.model.project import Portfolio
from portfolio.model.skills import Level, Skill, SkillMatrix, current_levels, evidence_by_skill, load_preset
from portfolio.templating import html_environment, markdown_environment

__all__ = [
    "MAX_EVIDENCE",
    "PacketEvidence",
    "SkillSection",
    "Packet",
    "build_packet",
    "render_markdown",
    "render_html",
    "write_packet",
    "strength_key",
]

#: Evidence shown per skill, strongest first.
MAX_EVIDENCE = 3
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class PacketEvidence:
    entry: Entry
    level: Level
    summary: str
    url: str | None

    @property
    def private(self) -> bool:
        return self.entry.meta.private


@dataclass(frozen=True)
class SkillSection:
    skill: Skill
    current: Level | None
    target: Level
    evidence: tuple[PacketEvidence, ...]
    total: int  # evidence in the period, of which ``evidence`` are the strongest


@dataclass(frozen=True)
class PacketMilestone:
    milestone: Milestone
    url: str | None  # the published page of the entry it links to
    external: str | None = None  # an http(s) link, shown as text, never fetched


@dataclass(frozen=True)
class Packet:
    name: str
    since: dt.date | None
    until: dt.date | None
    target_level: str | None
    private: bool
    site_url: str | None
    levels: tuple[Level, ...]
    skills: tuple[SkillSection, ...]
    roles: tuple[Role, ...]
    milestones: tuple[PacketMilestone, ...]

    @property
    def period(self) -> str:
        if self.since and self.until:
            return f"{self.since.isoformat()} to {self.until.isoformat()}"
        if self.since:
            return f"since {self.since.isoformat()}"
        if self.until:
            return f"up to {self.until.isoformat()}"
        return "all time"


def strength_key(entry: Entry, level: Level) -> tuple:
    """Sort key, strongest first: the highest level, then the newest date, then highlighted first."""
    return (-level.rank, -entry.date.toordinal(), not entry.meta.highlight, entry.slug)


def _summary(entry: Entry) -> str:
    impact = getattr(entry.meta, "impact", None)
    if entry.kind == "win" and impact:
        return f"Impact: {impact}"
    return entry.meta.description or (f"Impact: {impact}" if impact else "")


def _site_url(config: dict) -> str | None:
    value = config.get("site_url")
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().rstrip("/") + "/"


def _entry_url(entry: Entry, site_url: str | None, directory_urls: bool) -> str | None:
    if site_url is None or not entry.public:
        return None
    return site_url + page_url(entry.page, directory_urls)


def _in(day: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def resolve_target(matrix: SkillMatrix, target_level: str | None) -> Level | None:
    """The level named by ``--target-level``; a usage error with a did-you-mean when it is not one."""
    if target_level is None:
        return None
    level = matrix.level(target_level)
    if level is None:
        ids = matrix.level_ids
        raise UsageError(
            f"--target-level: unknown level '{target_level}'; expected one of {', '.join(ids)}{did_you_mean(target_level, ids)}"
        )
    return level


def build_packet(
    portfolio: Portfolio,
    since: dt.date | None = None,
    until: dt.date | None = None,
    target_level: str | None = None,
    private: bool = False,
) -> Packet:
    """The packet of ``portfolio`` for the period ``since``..``until`` (both inclusive, both optional)."""
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {since.isoformat()} is after --until {until.isoformat()}; expected a period that starts before it ends")
    matrix = portfolio.skills or load_preset()
    target = resolve_target(matrix, target_level)
    config = portfolio.project.config or {}
    site_url = _site_url(config)
    directory_urls = bool(config.get("use_directory_urls", True))

    public_so_far = [e for e in portfolio.entries if e.public and (until is None or e.date <= until)]
    current = current_levels(evidence_by_skill(public_so_far, matrix))
    shown = [e for e in portfolio.entries if not e.meta.draft and (private or not e.meta.private) and _in(e.date, since, until)]
    in_period = evidence_by_skill(shown, matrix)
    top = matrix.levels[-1]

    sections = []
    for skill in matrix.skills:
        items = sorted(in_period[skill.id], key=lambda ev: strength_key(ev.entry, ev.level))
        level = current[skill.id]
        goal = target or (matrix.levels[min(level.rank + 1, top.rank)] if level is not None else matrix.levels[0])
        evidence = tuple(
            PacketEvidence(ev.entry, ev.level, _summary(ev.entry), _entry_url(ev.entry, site_url, directory_urls))
            for ev in items[:MAX_EVIDENCE]
        )
        sections.append(SkillSection(skill, level, goal, evidence, len(items)))

    roles = tuple(
        r for r in portfolio.career.roles if (until is None or r.start <= until) and (since is None or r.end is None or r.end >= since)
    )
    by_slug = {e.slug: e for e in portfolio.entries}
    milestones = []
    for milestone in portfolio.career.milestones:
        if not _in(milestone.date, since, until):
            continue
        link = milestone.link or ""
        linked = by_slug.get(link)
        url = _entry_url(linked, site_url, directory_urls) if linked is not None else None
        external = link if link.startswith(("https://", "http://")) else None
        milestones.append(PacketMilestone(milestone, url, external))

    name = str(config.get("site_author") or config.get("site_name") or "").strip()
    return Packet(
        name, since, until, target.id if target else None, private, site_url, matrix.levels, tuple(sections), roles, tuple(milestones)
    )


# --- rendering ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def md_text(value: object) -> str:
    """Text for Markdown: special characters backslash-escaped, so titles stay text; one line."""
    text = " ".join(str(value).split())
    return _ENTITY.sub("&amp;", _MD_SPECIAL.sub(r"\\\1", text))


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


def _context(packet: Packet) -> dict:
    return {"packet": packet, "paragraphs": _paragraphs}


def render_markdown(packet: Packet) -> str:
    """The packet as Markdown; every value from a file is escaped so it stays text."""
    template = markdown_environment().get_template("packet/packet.md.j2")
    text = template.render(md=md_text, **_context(packet))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def render_html(packet: Packet) -> str:
    """The packet as one standalone HTML page: inline CSS, no scripts, no requests."""
    return html_environment().get_template("packet/packet.html.j2").render(**_context(packet))


def write_packet(packet: Packet, path: Path) -> Path:
    """Write HTML (``.html``/``.htm``) or Markdown (any other name); refuse to overwrite anything."""
    text = render_html(packet) if path.suffix.lower() in HTML_SUFFIXES else render_markdown(packet)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise PortfolioError(f"{display_path(path)} already exists; choose another name") from None
    return path

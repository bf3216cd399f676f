"""JSON Resume (jsonresume.org), both ways: its ``work`` and ``basics`` into career.yml, and career.yml out as one.

Import adds to career.yml and never changes what is there: a role whose id is
already taken, or that is already there under another id (same title,
organisation and start), is skipped and said so; the ``person`` section is
added only when there is none. The text is appended (see
:mod:`portfolio.importers.appending`), so comments and formatting stay.

Export writes a JSON Resume document from career.yml (roles, person) and the
highlighted public wins (each one a highlight of the role it belongs to, or a
project when it belongs to none). Drafts and private entries never appear.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio.importers.appending import YamlFile
from portfolio.model.career import CareerFile
from portfolio.model.findings import display_path
from portfolio.model.slugs import slugify
from portfolio.model.yamlio import YamlProblem
from portfolio.templating import yaml_scalar

__all__ = ["ResumeReport", "import_resume", "export_resume", "SCHEMA_URL"]

#: The schema a document names in ``$schema``; the tests validate against the published one.
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NOT_IMPORTED = (
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
)


class ResumeProblem(Exception):
    """A resume file that cannot be read at all; the message is for people."""


@dataclass
class ResumeReport:
    """What ``import resume`` did: one line per role added or skipped, notes, and whether the person section was added."""

    dry_run: bool = False
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    person: str = ""  # "added", "kept" (career.yml has one), or "" (the resume has none)

    def summary_lines(self) -> list[str]:
        verb = "would add" if self.dry_run else "added"
        lines = [f"{verb} {line}" for line in self.added]
        lines += [f"skipped {line}" for line in self.skipped]
        lines += [f"note: {line}" for line in self.notes]
        roles = f"{verb} {len(self.added) - (self.person == 'added')} roles" + (" and the person section" if self.person == "added" else "")
        lines.append(f"{roles}, skipped {len(self.skipped)}" + (" (dry run: nothing written)" if self.dry_run else ""))
        return lines


# --- import ---------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _day(value: Any, end: bool) -> tuple[dt.date | None, bool]:
    """A JSON Resume date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as a day: the first of the period, or with ``end`` the last.

    ``(day, exact)``; ``(None, False)`` when it is no such date.
    """
    match = _PARTIAL_DATE.match(_text(value))
    if not match:
        return None, False
    year = int(match.group(1))
    month = int(match.group(2) or (12 if end else 1))
    try:
        if match.group(3):
            return dt.date(year, month, int(match.group(3))), True
        last = calendar.monthrange(year, month)[1] if end else 1
        return dt.date(year, month, last), False
    except ValueError:
        return None, False


def _load(path: Path) -> dict:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ResumeProblem(f"{display_path(path)}: cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ResumeProblem(f"{display_path(path)}:1: not UTF-8 text; save the file as UTF-8") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResumeProblem(f"{display_path(path)}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ResumeProblem(f"{display_path(path)}:1: expected a JSON Resume document (an object with 'basics' and 'work')")
    return data


def _story(summary: str, highlights: list[str]) -> str:
    parts = [summary.strip()] if summary.strip() else []
    if highlights:
        parts.append("\n".join(f"- {item}" for item in highlights))
    return "\n\n".join(parts)


def _role_yaml(role: dict[str, Any]) -> str:
    lines = [f"- id: {role['id']}", f"  title: {yaml_scalar(role['title'])}"]
    if role.get("org"):
        lines.append(f"  org: {yaml_scalar(role['org'])}")
    lines.append(f"  start: {role['start']}")
    if role.get("end"):
        lines.append(f"  end: {role['end']}")
    if role.get("story"):
        lines.append("  story: |-")
        lines += [f"    {line}" if line.strip() else "" for line in role["story"].split("\n")]
    return "\n".join(lines)


def _person(basics: dict, report: ResumeReport) -> dict[str, Any] | None:
    name = _text(basics.get("name"))
    if not name:
        return None
    person: dict[str, Any] = {"name": name}
    for key, ours in (("label", "headline"), ("email", "email")):
        if _text(basics.get(key)):
            person[ours] = _text(basics[key])
    found = basics.get("location")
    location: dict = found if isinstance(found, dict) else {}
    place = ", ".join(_text(location.get(key)) for key in ("city", "region", "countryCode") if _text(location.get(key)))
    if place:
        person["location"] = place
    if _text(location.get("address")) or _text(location.get("postalCode")):
        report.notes.append("basics.location: the street address and postal code are not kept; the portfolio is public")
    for key, why in (
        ("phone", "the portfolio is public"),
        ("image", "the site shows no picture of its own here"),
        ("summary", "career.yml has no place for it; the home page can say it"),
    ):
        if _text(basics.get(key)):
            report.notes.append(f"basics.{key} is not kept: {why}")
    links: dict[str, str] = {}
    url = _text(basics.get("url"))
    if url.startswith(("https://", "http://")):
        links["Website"] = url
    profiles = basics.get("profiles")
    for index, profile in enumerate(profiles if isinstance(profiles, list) else []):
        if not isinstance(profile, dict):
            continue
        network = _text(profile.get("network")) or f"Profile {index + 1}"
        link = _text(profile.get("url"))
        if link.startswith(("https://", "http://")):
            links.setdefault(network, link)
        else:
            report.notes.append(f"basics.profiles[{index}] ({network}) has no https:// URL; not kept")
    if links:
        person["links"] = links
    return person


def _person_yaml(person: dict[str, Any]) -> str:
    lines = ["person:"]
    for key in ("name", "headline", "email", "location"):
        if person.get(key):
            lines.append(f"  {key}: {yaml_scalar(person[key])}")
    if person.get("links"):
        lines.append("  links:")
        lines += [f"    {yaml_scalar(label)}: {yaml_scalar(url)}" for label, url in person["links"].items()]
    return "\n".join(lines)


def import_resume(source: Path, career_path: Path, *, dry_run: bool = False) -> ResumeReport:
    """Add the roles (``work``) and the person (``basics``) of the JSON Resume ``source`` to ``career_path``.

    Raises :class:`ResumeProblem` when the resume cannot be read and
    :class:`ValueError` when career.yml cannot be added to (its message says why).
    """
    data = _load(source)
    report = ResumeReport(dry_run=dry_run)
    file = YamlFile.read(career_path)
    try:
        existing = file.data
    except YamlProblem as exc:
        raise ValueError(f"{display_path(career_path)}:{exc.line}: {exc.message}; fix it, then import again") from None
    if existing is None:
        existing = {}
    if not isinstance(existing, dict):
        raise ValueError(f"{display_path(career_path)}:1: expected a mapping with 'roles'; fix it, then import again")
    listed = existing.get("roles")
    old_roles: list = listed if isinstance(listed, list) else []
    taken = {str(role.get("id")): role for role in old_roles if isinstance(role, dict)}
    same = {(str(r.get("title")), str(r.get("org") or ""), str(r.get("start"))): str(r.get("id")) for r in taken.values()}

    new_roles: list[dict[str, Any]] = []
    work = data.get("work")
    if work is not None and not isinstance(work, list):
        report.skipped.append("work: expected a list of positions")
        work = []
    for index, item in enumerate(work or []):
        where = f"work[{index}]"
        if not isinstance(item, dict):
            report.skipped.append(f"{where}: expected an object with position, name and startDate")
            continue
        title = _text(item.get("position"))
        org = _text(item.get("name")) or _text(item.get("company"))  # 'company' in resumes written for schema 0.x
        shown = f"{where} ({title or '?'}{', ' + org if org else ''})"
        if not title:
            report.skipped.append(f"{shown}: no 'position'; a role needs a title")
            continue
        start, start_exact = _day(item.get("startDate"), end=False)
        if start is None:
            given = _text(item.get("startDate"))
            report.skipped.append(
                f"{shown}: "
                + (f"its startDate '{given}' is not YYYY, YYYY-MM or YYYY-MM-DD" if given else "no 'startDate'; a role needs a start")
            )
            continue
        end, end_exact = (None, True)
        if _text(item.get("endDate")):
            end, end_exact = _day(item.get("endDate"), end=True)
            if end is None:
                report.skipped.append(f"{shown}: its endDate '{_text(item.get('endDate'))}' is not YYYY, YYYY-MM or YYYY-MM-DD")
                continue
            if end < start:
                report.skipped.append(f"{shown}: it ends ({end}) before it starts ({start})")
                continue
        role_id = slugify(f"{org} {title}") or slugify(title) or f"role-{start.year}"
        if any(r["id"] == role_id for r in new_roles):
            role_id = f"{role_id}-{start.year}"
        highlights = [_text(h) for h in item.get("highlights") or [] if _text(h)] if isinstance(item.get("highlights"), list) else []
        role = {
            "id": role_id,
            "title": title,
            "org": org,
            "start": start.isoformat(),
            "end": end.isoformat() if end else None,
            "story": _story(str(item.get("summary") or "") if isinstance(item.get("summary"), str) else "", highlights),
        }
        if role_id in taken:
            report.skipped.append(f"{shown}: the role id '{role_id}' is already in {display_path(career_path)}; not changed")
            continue
        twin = same.get((title, org, start.isoformat()))
        if twin is not None:
            report.skipped.append(f"{shown}: already in {display_path(career_path)} as '{twin}'; not changed")
            continue
        if not start_exact or not end_exact:
            report.notes.append(f"{shown}: a date without a day is read as the first (start) or last (end) day of its month or year")
        new_roles.append(role)
        period = f"{role['start']} to {role['end'] or 'now'}"
        report.added.append(f"role '{role_id}' ({title}{', ' + org if org else ''}, {period})")

    basics = data.get("basics") if isinstance(data.get("basics"), dict) else {}
    person = _person(basics, report) if basics else None
    if person is not None and existing.get("person") is not None:
        report.person = "kept"
        report.skipped.append(f"basics: {display_path(career_path)} already has a person section; not changed")
        person = None
    elif person is not None:
        report.person = "added"
        report.added.append(f"the person section ({person['name']})")
    for key in _NOT_IMPORTED:
        items = data.get(key)
        if isinstance(items, list) and items:
            report.notes.append(
                f"{key}: {len(items)} item{'s' if len(items) != 1 else ''} not imported; career.yml holds roles and a person"
            )

    if not new_roles and person is None:
        return report
    if new_roles:
        try:
            file.extend_list("roles", "\n".join(_role_yaml(role) for role in new_roles))
        except ValueError as exc:
            raise ValueError(f"{display_path(career_path)}: {exc}") from None
    if person is not None:
        file.append_block(_person_yaml(person))
    if dry_run:
        return report

    def intended(after: Any) -> bool:
        if not isinstance(after, dict):
            return False
        roles = after.get("roles") or []
        wanted = [{k: v for k, v in role.items() if v} for role in new_roles]
        kept = all(after.get(key) == value for key, value in existing.items() if key != "roles")
        if roles[: len(old_roles)] != old_roles or roles[len(old_roles) :] != wanted or not kept:
            return False
        if person is not None and after.get("person") != person:
            return False
        try:
            CareerFile.model_validate({"roles": wanted, **({"person": person} if person else {})})
        except Exception:
            return False
        return True

    try:
        file.save(intended)
    except ValueError as exc:
        raise ValueError(f"{display_path(career_path)}: {exc}; nothing written") from None
    return report


# --- export -----------------------------------------------------------------------------------------


def _location(text: str) -> dict[str, str]:
    """``Lisbon, Portugal`` -> ``{city, region}``; a last part of two capitals is a country code (``Berlin, DE``)."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return {}
    found = {"city": parts[0]}
    rest = parts[1:]
    if rest and re.fullmatch(r"[A-Z]{2}", rest[-1]):
        found["countryCode"] = rest.pop()
    if rest:
        found["region"] = ", ".join(rest)
    return found


def _split_story(story: str) -> tuple[str, list[str]]:
    """A story's prose (the summary) and its bullet lines (the highlights)."""
    prose, bullets = [], []
    for line in story.split("\n"):
        match = re.match(r"^\s*[-*+]\s+(.*)$", line)
        if match:
            bullets.append(match.group(1).strip())
        else:
            prose.append(line)
    summary = re.sub(r"\n{3,}", "\n\n", "\n".join(prose)).strip()
    return summary, bullets


def export_resume(portfolio: Any, today: dt.date | None = None) -> dict[str, Any]:
    """A JSON Resume document (schema v1.0.0) from a loaded portfolio (:class:`~portfolio.model.project.Portfolio`)."""
    career = portfolio.career
    config = portfolio.project.config
    person = career.person
    basics: dict[str, Any] = {}
    name = person.name if person else _text(config.get("site_author"))
    if name:
        basics["name"] = name
    if person is not None:
        if person.headline:
            basics["label"] = person.headline
        if person.email:
            basics["email"] = person.email
        if person.location:
            basics["location"] = _location(person.location)
    site_url = _text(config.get("site_url"))
    profiles = []
    for label, url in person.links if person else ():
        if label.lower() in ("website", "homepage", "home page", "site", "blog") and "url" not in basics:
            basics["url"] = url
        elif url.startswith(("https://", "http://")):
            profiles.append({"network": label, "url": url})
    if site_url.startswith(("https://", "http://")):
        basics["url"] = site_url
    if profiles:
        basics["profiles"] = profiles

    wins = [
        entry for entry in portfolio.entries if entry.kind == "win" and entry.public and entry.meta.highlight
    ]  # never a draft or a private entry
    by_role: dict[str, list[str]] = {}
    projects = []
    for win in sorted(wins, key=lambda e: (e.date, e.title)):
        role = career.role(win.meta.role) if win.meta.role else career.role_at(win.date)
        impact = getattr(win.meta, "impact", None)
        if role is not None:
            by_role.setdefault(role.id, []).append(f"{win.title}: {impact}" if impact else win.title)
            continue
        project: dict[str, Any] = {"name": win.title, "startDate": win.date.isoformat()}
        if impact or win.meta.description:
            project["description"] = impact or win.meta.description
        link = getattr(win.meta, "link", None)
        if link and link.startswith(("https://", "http://")):
            project["url"] = link
        projects.append(project)

    work = []
    for role in sorted(career.roles, key=lambda r: (r.start, r.id), reverse=True):
        item: dict[str, Any] = {"name": role.org} if role.org else {}
        item.update(position=role.title, startDate=role.start.isoformat())
        if role.end is not None:
            item["endDate"] = role.end.isoformat()
        summary, highlights = _split_story(role.story)
        if summary:
            item["summary"] = summary
        highlights += by_role.get(role.id, [])
        if highlights:
            item["highlights"] = highlights
        work.append(item)

    document: dict[str, Any] = {"$schema": SCHEMA_URL, "basics": basics, "work": work}
    if projects:
        document["projects"] = projects
    document["meta"] = {"version": "v1.0.0", "lastModified": (today or dt.date.today()).isoformat() + "T00:00:00"}
    return document

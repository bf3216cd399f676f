"""`portfolio init`: a working portfolio in minutes, written without ever overwriting a file.

What a person must replace is a placeholder of :mod:`portfolio.model.placeholders`, so
`check` stops it from being published; the starter role's start is asked for, never
assumed to be today.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from portfolio import __version__
from portfolio.authoring.new import render_entry
from portfolio.errors import UsageError
from portfolio.model.entries import KINDS
from portfolio.model.placeholders import STARTER_TITLES, VALUES
from portfolio.model.skills import PRESETS, preset_text
from portfolio.model.slugs import slugify
from portfolio.system.files import write_new
from portfolio.system.walk import walk
from portfolio.templating import markdown_environment

__all__ = ["InitResult", "init_project", "parse_month", "STARTERS", "writes_career"]

#: One starter entry per kind (title, skill it evidences); drafts, so their prompts are never published.
STARTERS = {
    "decision": (STARTER_TITLES["decision"].text, "problem-framing"),
    "debug": (STARTER_TITLES["debug"].text, "debugging"),
    "post": (STARTER_TITLES["post"].text, "technical-communication"),
    "postmortem": (STARTER_TITLES["postmortem"].text, None),
    "win": (STARTER_TITLES["win"].text, None),
}
_STARTER_SKILLS = {"ai-era": True, "senior-ladder": False}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class InitResult:
    root: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    #: Placeholders written into files that are published (a name, a title, an organisation), to replace.
    placeholders: list[str] = field(default_factory=list)


def parse_month(value: str, today: dt.date | None = None) -> dt.date:
    """``YYYY-MM`` -> the first day of that month; a ValueError that says what is expected otherwise."""
    match = _MONTH.match(value.strip())
    month = int(match.group(2)) if match else 0
    if not match or not 1 <= month <= 12:
        raise ValueError(f"{value!r} is not a month; expected YYYY-MM, e.g. 2022-03")
    year = int(match.group(1))
    if not 1900 <= year <= 2999:
        raise ValueError(f"{value} is out of range; expected a month from 1900-01 to 2999-12")
    start = dt.date(year, month, 1)
    today = today or dt.date.today()
    if start > today:
        raise ValueError(f"{value} is in the future; expected the month your current role started")
    return start


def writes_career(target: Path) -> bool:
    """True when `init` would write career.yml (and so needs the starter role's start)."""
    return not (target / "career.yml").exists()


def _files(preset: str, name: str, author: str, since: dt.date | None, role: str, org: str, pages_workflow: str) -> dict[str, str]:
    env = markdown_environment()
    role_id = slugify(f"{org} {role}") if role != VALUES["job_title"].text and org != VALUES["org"].text else "current-role"
    context = {
        "name": name,
        "author": author,
        "start": since.isoformat() if since else "",
        "role": role,
        "org": org,
        "role_id": role_id or "current-role",
        "version": __version__,
    }
    theme = resources.files("portfolio").joinpath("templates/init/theme/main.html").read_text(encoding="utf-8")
    files = {
        "mkdocs.yml": env.get_template("init/mkdocs.yml.j2").render(**context),
        "skills.yml": preset_text(preset),
        "theme/main.html": theme,
        ".github/workflows/pages.yml": pages_workflow,
        ".gitignore": env.get_template("init/gitignore.j2").render(**context),
        "requirements.txt": env.get_template("init/requirements.txt.j2").render(**context),
        "README.md": env.get_template("init/README.md.j2").render(**context),
    }
    if since is not None:
        files["career.yml"] = env.get_template("init/career.yml.j2").render(**context)
    return files


def pages_workflow(install: str = "pip install -r requirements.txt", dependency_file: str = "requirements.txt") -> str:
    """The GitHub Pages workflow; this repository's own example site uses the same shape."""
    template = markdown_environment().get_template("init/pages.yml.j2")
    return template.render(install=install, dependency_file=dependency_file)


def init_project(
    target: Path,
    preset: str = "ai-era",
    name: str | None = None,
    author: str | None = None,
    today: dt.date | None = None,
    *,
    since: dt.date | None = None,
    role: str | None = None,
    org: str | None = None,
) -> InitResult:
    """Write the files of a new portfolio into ``target``; existing files are listed as skipped, never touched.

    ``since`` is the first day of the starter role in career.yml: required when
    career.yml is written, because a role that silently starts today puts every
    earlier entry outside it. A missing ``author``, ``role`` or ``org`` is written
    as a placeholder that `check` refuses to publish.
    """
    if preset not in PRESETS:
        raise UsageError(f"unknown preset {preset!r}; expected one of {', '.join(PRESETS)}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    if since is None and writes_career(target):
        raise UsageError(
            "the starter role in career.yml needs the month it started: pass --since YYYY-MM (e.g. --since 2022-03), "
            "or run `portfolio init` in a terminal to be asked"
        )
    today = today or dt.date.today()
    author = (author or "").strip() or VALUES["name"].text
    name = (name or "").strip() or f"{author} — portfolio"
    role = (role or "").strip() or VALUES["job_title"].text
    org = (org or "").strip() or VALUES["org"].text
    result = InitResult(target)
    for rel, text in _files(preset, name, author, since, role, org, pages_workflow()).items():
        path = target / rel
        (result.written if write_new(path, text) else result.skipped).append(path)
    written = {path.name for path in result.written}
    for key, value in (("name", author), ("job_title", role), ("org", org)):
        placeholder = VALUES[key].text
        if value == placeholder and ("career.yml" in written or (key == "name" and "mkdocs.yml" in written)):
            result.placeholders.append(placeholder)
    if since is None:
        result.skipped.append(target / "career.yml")
    for kind, (title, skill) in STARTERS.items():
        folder = target / "content" / KINDS[kind]
        if any(found.kind == "file" and found.name.endswith(".md") for found in walk(folder)):
            result.skipped.append(folder)
            continue
        skills: dict[str, str | None] = {skill: None} if skill and _STARTER_SKILLS[preset] else {}
        slug = slugify(title)
        path = folder / f"{today.isoformat()}-{slug}.md"
        (result.written if write_new(path, render_entry(kind, title, today, skills)) else result.skipped).append(path)
    return result

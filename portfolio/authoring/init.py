"""`portfolio init`: a working portfolio in minutes, written without ever overwriting a file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from portfolio import __version__
from portfolio.authoring.new import render_entry
from portfolio.errors import UsageError
from portfolio.model.entries import KINDS
from portfolio.model.skills import PRESETS, preset_text
from portfolio.model.slugs import slugify
from portfolio.system.files import write_new
from portfolio.templating import markdown_environment

__all__ = ["InitResult", "init_project", "STARTERS"]

#: One starter entry per kind; drafts, so nothing placeholder is ever published.
STARTERS = {
    "decision": ("My first decision record", "problem-framing"),
    "debug": ("A bug worth writing down", "debugging"),
    "post": ("Something I can now explain", "technical-communication"),
    "postmortem": ("A career decision, looked back on", None),
    "win": ("Something I shipped", None),
}
_STARTER_SKILLS = {"ai-era": True, "senior-ladder": False}


@dataclass
class InitResult:
    root: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def _files(preset: str, name: str, author: str, today: dt.date, pages_workflow: str) -> dict[str, str]:
    env = markdown_environment()
    context = {"name": name, "author": author, "start": today.isoformat(), "version": __version__}
    theme = resources.files("portfolio").joinpath("templates/init/theme/main.html").read_text(encoding="utf-8")
    return {
        "mkdocs.yml": env.get_template("init/mkdocs.yml.j2").render(**context),
        "skills.yml": preset_text(preset),
        "career.yml": env.get_template("init/career.yml.j2").render(**context),
        "theme/main.html": theme,
        ".github/workflows/pages.yml": pages_workflow,
        ".gitignore": env.get_template("init/gitignore.j2").render(**context),
        "requirements.txt": env.get_template("init/requirements.txt.j2").render(**context),
        "README.md": env.get_template("init/README.md.j2").render(**context),
    }


def pages_workflow(install: str = "pip install -r requirements.txt", dependency_file: str = "requirements.txt") -> str:
    """The GitHub Pages workflow; this repository's own example site uses the same shape."""
    template = markdown_environment().get_template("init/pages.yml.j2")
    return template.render(install=install, dependency_file=dependency_file)


def init_project(
    target: Path, preset: str = "ai-era", name: str | None = None, author: str | None = None, today: dt.date | None = None
) -> InitResult:
    """Write the files of a new portfolio into ``target``; existing files are listed as skipped, never touched."""
    if preset not in PRESETS:
        raise UsageError(f"unknown preset {preset!r}; expected one of {', '.join(PRESETS)}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    today = today or dt.date.today()
    author = (author or "").strip() or "Your Name"
    name = (name or "").strip() or f"{author} — portfolio"
    result = InitResult(target)
    for rel, text in _files(preset, name, author, today, pages_workflow()).items():
        path = target / rel
        (result.written if write_new(path, text) else result.skipped).append(path)
    for kind, (title, skill) in STARTERS.items():
        folder = target / "content" / KINDS[kind]
        if folder.is_dir() and any(folder.rglob("*.md")):
            result.skipped.append(folder)
            continue
        skills: dict[str, str | None] = {skill: None} if skill and _STARTER_SKILLS[preset] else {}
        slug = slugify(title)
        path = folder / f"{today.isoformat()}-{slug}.md"
        (result.written if write_new(path, render_entry(kind, title, today, skills)) else result.skipped).append(path)
    return result

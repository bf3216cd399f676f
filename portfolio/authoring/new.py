"""`portfolio new`: a new entry with the kind's front matter and a body that prompts the practice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portfolio.errors import PortfolioError, UsageError
from portfolio.model.addresses import reserved_by
from portfolio.model.entries import KINDS
from portfolio.model.findings import display_path
from portfolio.model.placeholders import PROMPTS, VALUES
from portfolio.model.slugs import MAX_SLUG, is_slug, slug_from_filename, slugify
from portfolio.system.files import write_new
from portfolio.templating import markdown_environment

__all__ = ["create_entry", "entry_path"]

#: A new decision proposes to look at itself again after this many days.
REVISIT_AFTER_DAYS = 180


def entry_path(content_dir: Path, kind: str, title: str, day: dt.date, slug: str | None = None) -> Path:
    """``content/<folder>/<date>-<slug>.md``; a title that gives no slug is a usage error."""
    if slug is not None:
        if len(slug) > MAX_SLUG:
            raise UsageError(f"--slug is {len(slug)} characters long; keep it to at most {MAX_SLUG}")
        if not is_slug(slug):
            raise UsageError(f"--slug {slug!r} is not allowed; use lowercase letters, digits and hyphens")
    else:
        slug = slugify(title)
        if not slug:
            raise UsageError(f"cannot make a file name from the title {title!r}; pass --slug with lowercase letters, digits and hyphens")
    return content_dir / KINDS[kind] / f"{day.isoformat()}-{slug}.md"


def render_entry(kind: str, title: str, day: dt.date, skills: dict[str, str | None]) -> str:
    """The text of a new draft: the kind's front matter and the prompts of :mod:`portfolio.model.placeholders`."""
    template = markdown_environment().get_template(f"new/{kind}.md.j2")
    revisit = day + dt.timedelta(days=REVISIT_AFTER_DAYS)
    return template.render(
        title=title,
        date=day.isoformat(),
        description="",
        skills=skills,
        revisit=revisit.isoformat(),
        prompt=PROMPTS[kind],
        values=VALUES,
    )


def create_entry(
    content_dir: Path,
    kind: str,
    title: str,
    day: dt.date,
    skills: dict[str, str | None] | None = None,
    slug: str | None = None,
) -> Path:
    """Write the new entry and return its path. Never overwrites: an existing file is an error."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not title.strip():
        raise UsageError("the title is empty; give the entry a title")
    path = entry_path(content_dir, kind, title, day, slug)
    if not path.parent.resolve().is_relative_to(content_dir.resolve()):
        raise UsageError(f"{display_path(path.parent)}: a symbolic link that leads outside the content folder; not written")
    taken = reserved_by(kind, slug_from_filename(path.stem))
    if taken is not None:
        raise PortfolioError(
            f"the slug '{slug_from_filename(path.stem)}' would publish this entry at {taken}; pass --slug to choose another"
        )
    _refuse_taken_slug(content_dir, path)
    text = render_entry(kind, title.strip(), day, skills or {})
    if not write_new(path, text):
        raise PortfolioError(f"{display_path(path)}: already exists; not overwritten. Choose another title or pass --slug")
    return path


def _refuse_taken_slug(content_dir: Path, path: Path) -> None:
    """Slugs are permalinks and must be unique: refuse one that another entry already has."""
    if not content_dir.is_dir() or path.exists():
        return  # an existing target is reported as "already exists" below
    from portfolio.model.entries import load_content

    wanted = slug_from_filename(path.stem)
    entries, _, _ = load_content(content_dir)
    for entry in entries:
        if entry.slug == wanted:
            raise PortfolioError(f"{display_path(entry.path)}: already has the slug '{wanted}'; pass --slug to choose another")


def validate_skill_claims(skills: dict[str, str | None], skills_file: Path = Path("skills.yml")) -> None:
    """Unknown skill ids or levels on the command line are usage errors, with a did-you-mean."""
    if not skills:
        return
    from portfolio.model.findings import did_you_mean
    from portfolio.model.skills import load_skills

    matrix, findings = load_skills(skills_file)
    if matrix is None:
        raise UsageError(f"{findings[0].format()}; fix skills.yml before naming skills")
    for skill_id, level in skills.items():
        if skill_id not in matrix.skill_ids:
            raise UsageError(
                f"--skill {skill_id!r}: unknown skill; expected one of {', '.join(matrix.skill_ids)}{did_you_mean(skill_id, matrix.skill_ids)}"
            )
        if level is not None and level not in matrix.level_ids:
            raise UsageError(
                f"--skill {skill_id}:{level}: unknown level; expected one of {', '.join(matrix.level_ids)}{did_you_mean(level, matrix.level_ids)}"
            )

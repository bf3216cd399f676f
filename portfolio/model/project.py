"""Where a portfolio's files are, and loading all of them into one checked whole."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio.errors import UsageError
from portfolio.model.addresses import check_addresses
from portfolio.model.authors import Author, authors_of, check_authors, load_authors
from portfolio.model.career import Career, load_career
from portfolio.model.entries import Entry, Listing, Page, load_content
from portfolio.model.findings import Finding, display_path
from portfolio.model.references import check_references
from portfolio.model.skills import SkillMatrix, load_skills
from portfolio.model.yamlio import YamlProblem, load_config_yaml

__all__ = ["Project", "Portfolio", "locate", "load_portfolio", "content_folder", "DEFAULT_CONTENT"]

DEFAULT_CONTENT = "content"
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass(frozen=True)
class Project:
    """The files of one portfolio. ``config`` is the user's mkdocs.yml as data (``{}`` when absent)."""

    root: Path
    config_file: Path | None
    content_dir: Path
    config: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def skills_file(self) -> Path:
        return self.root / "skills.yml"

    @property
    def career_file(self) -> Path:
        return self.root / "career.yml"

    @property
    def authors_file(self) -> Path:
        return self.root / "authors.yml"

    @property
    def work_dir(self) -> Path:
        """Where the tool keeps its own files (the stage); git-ignored."""
        return self.root / ".portfolio"

    @property
    def theme_dirs(self) -> list[Path]:
        """The theme overrides folder (``theme.custom_dir``), resolved, when there is one."""
        theme = self.config.get("theme")
        custom = theme.get("custom_dir") if isinstance(theme, dict) else None
        return [(self.root / custom).resolve()] if isinstance(custom, str) and custom.strip() else []


def locate(config_file: str | Path | None = None, content_dir: str | Path | None = None, *, need_config: bool = False) -> Project:
    """Find mkdocs.yml (``-f`` or the working folder) and the content folder.

    The content folder is ``content_dir`` when given, else mkdocs.yml's
    ``docs_dir``, else ``content/`` next to mkdocs.yml.
    """
    path: Path | None
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise UsageError(f"{display_path(path)}: no such config file; expected the path of your mkdocs.yml")
        root = path.resolve().parent
    else:
        root = Path.cwd().resolve()
        path = next((root / name for name in CONFIG_NAMES if (root / name).is_file()), None)
        if path is None and need_config:
            raise UsageError(
                "no mkdocs.yml in this folder; run the command in your portfolio's folder, pass -f PATH, or create one with `portfolio init`"
            )
    config: dict[str, Any] = {}
    if path is not None:
        try:
            config = load_config_yaml(path.read_text(encoding="utf-8-sig"))
        except YamlProblem as exc:
            raise UsageError(f"{display_path(path)}:{exc.line}: {exc.message}") from None
        except UnicodeDecodeError:
            raise UsageError(f"{display_path(path)}:1: not UTF-8 text; save the file as UTF-8") from None
    if content_dir is not None:
        content, origin = Path(content_dir), "--dir"
    else:
        docs_dir = config.get("docs_dir", DEFAULT_CONTENT)
        content, origin = root / str(docs_dir), "docs_dir in mkdocs.yml"
    if not content.is_dir():
        raise UsageError(
            f"{display_path(content)}: no such content folder; pass --dir, set docs_dir in mkdocs.yml, or create one with `portfolio init`"
        )
    real = content.resolve()
    if path is None:
        return Project(root, None, real, config)  # no portfolio here, only a folder to check: nothing is published from it
    if real == root:
        raise UsageError(
            f"{origin}: the content folder is the portfolio's own folder; keep entries in a folder of their own, such as content/"
        )
    if not real.is_relative_to(root):
        raise UsageError(
            f"{origin}: {display_path(content)} leads outside the portfolio ({display_path(root)}); keep the content inside it"
        )
    _confine_config_paths(config, root)
    return Project(root, path.resolve() if path else None, real, config)


def _confine_config_paths(config: dict[str, Any], root: Path) -> None:
    """Every path mkdocs.yml gives (theme overrides, hooks, INHERIT, watch) stays inside the portfolio: a
    ``custom_dir: ../x`` would copy that folder into the published site."""
    theme = config.get("theme")
    named: list[tuple[str, object]] = []
    if isinstance(theme, dict):
        named.append(("theme.custom_dir", theme.get("custom_dir")))
    named += [("hooks", item) for item in (config.get("hooks") or []) if isinstance(config.get("hooks"), list)]
    named += [("watch", item) for item in (config.get("watch") or []) if isinstance(config.get("watch"), list)]
    named.append(("INHERIT", config.get("INHERIT")))
    for key, value in named:
        if not isinstance(value, str) or not value.strip():
            continue
        real = (root / value).resolve()
        if not real.is_relative_to(root):
            raise UsageError(f"{key}: {value} leads outside the portfolio ({display_path(root)}); keep it inside")


@dataclass(frozen=True)
class Portfolio:
    """Everything loaded and checked. Findings hold errors and warnings of every file."""

    project: Project
    entries: tuple[Entry, ...]
    pages: tuple[Page, ...]
    skills: SkillMatrix | None
    career: Career
    findings: tuple[Finding, ...]
    authors: dict[str, Author] = field(default_factory=dict, compare=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def load_portfolio(project: Project, only: set[str] | None = None, elsewhere: dict[str, str] | None = None) -> Portfolio:
    """Read every entry, skills.yml and career.yml, and check the references between them.

    With ``only`` (file paths), just those files are read; ``elsewhere`` then
    names the slugs of the entries left unread (see :mod:`portfolio.authoring.changed`).
    """
    listing = Listing()
    entries, pages, findings = load_content(project.content_dir, project.root, only, listing)
    matrix, skill_findings = load_skills(project.skills_file)
    career, career_findings = load_career(project.career_file)
    authors, author_findings = load_authors(project.authors_file)
    findings = findings + skill_findings + career_findings + author_findings
    findings += check_references(entries, matrix, career, elsewhere)
    findings += check_authors(entries, authors)
    findings += _check_addresses(project, entries, pages, listing, matrix, authors)
    return Portfolio(project, tuple(entries), tuple(pages), matrix, career, tuple(sorted(set(findings), key=_order)), authors)


def _check_addresses(
    project: Project, entries: list[Entry], pages: list[Page], listing: Listing, matrix: SkillMatrix | None, authors: dict[str, Author]
) -> list[Finding]:
    content = project.content_dir
    named = []
    for entry in entries:
        for author in authors_of(entry, authors):
            if author.id not in authors:  # ids from authors.yml are checked there, at their line
                named.append((author.id, author.name, display_path(entry.path), entry.line_of("authors")))
    return check_addresses(
        [(entry.page, display_path(entry.path), entry.line_of("slug")) for entry in entries],
        [(page.rel, display_path(page.path)) for page in pages],
        [(rel, display_path(content / rel)) for _, rel in listing.others],
        matrix.skill_ids if matrix is not None else (),
        named,
    )


def _order(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.path, finding.line, finding.severity, finding.message)


def content_folder(content_dir: Path | None) -> Path:
    """``--dir`` when given, else mkdocs.yml's docs_dir, else ``content/``; created when missing."""
    if content_dir is None:
        folder = Path(DEFAULT_CONTENT)
        config = next((Path(name) for name in CONFIG_NAMES if Path(name).is_file()), None)
        if config is not None:
            # `check` reports a broken mkdocs.yml; the default folder is fine here
            with contextlib.suppress(YamlProblem, UnicodeDecodeError):
                folder = Path(str(load_config_yaml(config.read_text(encoding="utf-8-sig")).get("docs_dir", DEFAULT_CONTENT)))
        content_dir = folder
    if content_dir.exists() and not content_dir.is_dir():
        raise UsageError(f"{display_path(content_dir)}: not a folder; expected the content folder")
    if not content_dir.resolve().is_relative_to(Path.cwd().resolve()):
        raise UsageError(f"{display_path(content_dir)}: outside this portfolio (the current folder); `new` writes entries only inside it")
    return content_dir

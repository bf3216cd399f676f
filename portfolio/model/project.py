"""Where a portfolio's files are, and loading all of them into one checked whole."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio.errors import UsageError
from portfolio.model import placeholders
from portfolio.model.addresses import check_addresses
from portfolio.model.authors import Author, authors_of, check_authors, load_authors
from portfolio.model.career import Career, load_career
from portfolio.model.entries import Entry, Listing, Page, load_content
from portfolio.model.findings import Finding, display_path
from portfolio.model.references import check_references
from portfolio.model.skills import SkillMatrix, load_skills
from portfolio.model.thresholds import DEFAULTS, Settings, read_settings
from portfolio.model.yamlio import YamlProblem, load_config_yaml

__all__ = [
    "Project",
    "Portfolio",
    "Publication",
    "locate",
    "load_portfolio",
    "content_folder",
    "entry_folder",
    "find_config",
    "DEFAULT_CONTENT",
]

DEFAULT_CONTENT = "content"
#: The folder the tool keeps its own files in (the stages), next to mkdocs.yml.
WORK_DIR = ".portfolio"
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
        return self.root / WORK_DIR

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
    #: The review thresholds (extra.portfolio or portfolio.yml): `review` and the site's review page share them.
    settings: Settings = DEFAULTS

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def publication(self) -> Publication:
        """How many entries are public, drafts and private (an entry both draft and private counts as private)."""
        private = sum(1 for e in self.entries if e.meta.private)
        drafts = sum(1 for e in self.entries if e.meta.draft and not e.meta.private)
        return Publication(len(self.entries) - private - drafts, drafts, private)


@dataclass(frozen=True)
class Publication:
    """What a build would publish, in entries."""

    public: int
    drafts: int
    private: int

    @property
    def total(self) -> int:
        return self.public + self.drafts + self.private

    def summary(self) -> str:
        """``18 entries: 15 public, 2 drafts, 1 private``."""
        return f"{self.total} entries: {self.public} public, {self.drafts} drafts, {self.private} private"


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
    settings, settings_findings = read_settings(project)
    findings = findings + skill_findings + career_findings + author_findings + settings_findings
    findings += check_references(entries, matrix, career, elsewhere)
    findings += check_authors(entries, authors)
    findings += _check_addresses(project, entries, pages, listing, matrix, authors)
    findings += _check_placeholders(project, entries, pages)
    if only is None:
        findings += _nothing_public(entries)
    return Portfolio(project, tuple(entries), tuple(pages), matrix, career, tuple(sorted(set(findings), key=_order)), authors, settings)


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


def _check_placeholders(project: Project, entries: list[Entry], pages: list[Page]) -> list[Finding]:
    """Text `init` or `new` wrote for a person to replace, in what would be published; drafts keep theirs."""
    found = placeholders.check_config(project.config, project.config_file)
    for entry in entries:
        if entry.public:
            found += placeholders.check_entry(entry)
    for page in pages:
        if page.public:
            found += placeholders.check_page(page)
    return found


def _nothing_public(entries: list[Entry]) -> list[Finding]:
    """One warning when there are entries but a build would publish none of them, at the newest held one's flag."""
    if not entries or any(entry.public for entry in entries):
        return []
    newest = max(entries, key=lambda e: (e.date, display_path(e.path)))
    flag = "private" if newest.meta.private else "draft"
    return [
        Finding(
            display_path(newest.path),
            newest.line_of(flag),
            "warning",
            "nothing-public",
            f"nothing will be published: all {len(entries)} entries are drafts or private; "
            + (
                "delete 'draft: true' here when this entry is ready"
                if flag == "draft"
                else "delete 'private: true' here to publish this entry"
            ),
        )
    ]


def _order(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.path, finding.line, finding.severity, finding.message)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest mkdocs.yml (or mkdocs.yaml) in ``start`` (default: the working folder) or a folder
    above it, as git finds ``.git``."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if WORK_DIR in candidate.parts:
            continue  # the tool's own stage has a mkdocs.yml too; entries written there would be lost
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
    return None


def entry_folder(content_dir: Path | None) -> tuple[Path, Path]:
    """``(portfolio folder, content folder)`` for a new entry.

    The portfolio is the nearest folder with a mkdocs.yml, here or above; without
    one, `new` would scatter a ``content/`` folder wherever it runs, so it refuses.
    The content folder is ``--dir`` (as typed, from the working folder) or
    mkdocs.yml's ``docs_dir``, and must be inside the portfolio.
    """
    config = find_config()
    if config is None:
        raise UsageError(
            "no portfolio here: no mkdocs.yml in this folder or any folder above it; "
            "run the command inside your portfolio, or create one with `portfolio init`"
        )
    root = config.parent
    if content_dir is None:
        docs = DEFAULT_CONTENT
        # `check` reports a broken mkdocs.yml; the default folder is fine here
        with contextlib.suppress(YamlProblem, UnicodeDecodeError, OSError):
            docs = str(load_config_yaml(config.read_text(encoding="utf-8-sig")).get("docs_dir", DEFAULT_CONTENT))
        folder, origin = root / docs, f"docs_dir in {display_path(config)}"
    else:
        folder, origin = Path(content_dir), "--dir"
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{display_path(folder)}: not a folder; expected the content folder")
    real = folder.resolve()
    if real == root or not real.is_relative_to(root):
        raise UsageError(
            f"{origin}: {display_path(folder)} is not inside the portfolio ({display_path(root)}); `new` writes entries only inside it"
        )
    return root, folder


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

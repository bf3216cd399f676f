"""`portfolio build`: check, stage, render into a temporary folder, then swap it in.

The output folder is replaced only after the engine succeeded, by an atomic
exchange of the two folders where the system has one (Linux renameat2), so a
failed or killed build leaves the previous site as it was. Either engine renders
into that temporary folder (Zensical renders inside the stage and its result is
moved there first), so the swap is the same for both.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from portfolio.errors import ContentError, PortfolioError, UsageError
from portfolio.model.findings import Finding, display_path
from portfolio.model.project import Portfolio, Project, load_portfolio
from portfolio.site.engines.base import STAGED_THEME_DIR, EngineWarning
from portfolio.site.freshness import MARKER, can_update, copy_site, is_current, stage_digest, write_marker
from portfolio.site.sharing.drawing import DrawStats
from portfolio.site.stage import StageResult, stage
from portfolio.system.lock import hold
from portfolio.system.progress import QUIET, Progress, count

__all__ = ["BuildResult", "MARKER", "build_site", "engine_finding", "output_folder", "refuse_foreign", "stage_dir", "replace_dir"]


#: A site built before the marker existed still carries our stylesheet.
_OUR_CSS = "assets/portfolio/portfolio.css"


@dataclass
class BuildResult:
    portfolio: Portfolio
    staged: StageResult
    site_dir: Path
    warnings: int
    #: The engine that rendered it (``mkdocs`` or ``zensical``).
    engine: str = "mkdocs"
    #: Warnings the engine gave, at the person's files where it named a page (MkDocs prints its own as it goes).
    engine_findings: list[Finding] = field(default_factory=list)
    #: True when the site was current (built from this very stage) and the engine did not run.
    current: bool = False
    #: What drawing the link previews cost, when any were drawn.
    drawn: DrawStats | None = None
    #: True when only the pages whose staged source changed were rendered, into a copy of the previous site.
    partial: bool = False


def stage_dir(project: Project, name: str = "stage") -> Path:
    return project.work_dir / name


def build_site(
    project: Project,
    site_dir: Path | None = None,
    *,
    strict: bool = False,
    clean: bool = False,
    force: bool = False,
    verbose: bool = False,
    engine: str | None = None,
    today: dt.date | None = None,
    progress: Progress = QUIET,
) -> BuildResult:
    """Check, stage and render with ``engine`` (``--engine``; else the portfolio's setting, else MkDocs);
    raise :class:`ContentError` (nothing written) on content errors.

    ``today`` is the day the review page is computed for (default: today); tests fix it. ``progress``
    says what each step is doing (on a terminal: a long first build is never silent).

    When the output folder was built from this very stage the engine does not run
    (``BuildResult.current``), unless ``force`` or ``clean``.
    """
    from portfolio.site import engines

    choice = engines.choose(project, engine)
    renderer = engines.require(choice.name)
    engines.refuse(project, choice.name)
    target = output_folder(project, site_dir)
    with hold(project.root, project.work_dir / "build.owner", "portfolio build") as claim:
        progress.step("Checking the portfolio")
        portfolio = load_portfolio(project)
        if portfolio.errors:
            raise ContentError(portfolio.findings)
        refuse_foreign(target)
        claim()
        where = stage_dir(project)
        if clean and where.exists():
            shutil.rmtree(where)
        progress.step(f"Staging {count(portfolio.publication.public, 'public entry', 'public entries')}")
        staged = stage(portfolio, where, today=today, progress=progress, defer_cards=True)
        drawing = staged.drawing
        state = stage_digest(staged.stage_dir, choice.name, renderer.versions(), strict, staged.layout)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(target)  # first: a build killed mid-swap left hidden entries of the site to put back
            if not (force or clean) and is_current(target, state):
                if drawing is not None:
                    drawing.close()  # the site has its cards; the cache is filled again by the next build that needs them
                return BuildResult(portfolio, staged, target, 0, choice.name, current=True)
            fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
            # Not with --strict: the engine checks the links of the pages it renders, and a heading an edit removed
            # may be what a page it does not render links to.
            partial = renderer.PARTIAL and not (force or clean or strict) and can_update(target, state)
        except OSError as exc:
            if drawing is not None:
                drawing.close()
            raise PortfolioError(f"{display_path(target)}: cannot write the site there: {exc.strerror or exc}") from None
        found: list[Finding] = []
        drawn = None
        try:
            if partial:
                copy_site(target, fresh)
            shown = f"the changed pages of {count(staged.pages, 'page', 'pages')}" if partial else count(staged.pages, "page", "pages")
            if drawing is not None and drawing.jobs:
                shown += f" while drawing {count(len(drawing.jobs), 'link preview', 'link previews')}"
            progress.step(f"Rendering {shown}")
            warnings = renderer.build(
                staged.config_file,
                fresh,
                strict=strict,
                verbose=verbose,
                report=lambda item: found.append(engine_finding(project, staged, item)),
                partial=partial,
            )
            if drawing is not None:
                drawn = drawing.wait(progress)
                drawing.cache.place(staged.cards, fresh)
            write_marker(fresh, state)
            replace_dir(fresh, target)
        except BaseException as exc:
            if drawing is not None:
                drawing.close()
            shutil.rmtree(fresh, ignore_errors=True)
            if isinstance(exc, engines.EngineError) and found:
                raise ContentError(found, f"{exc}; the previous site is left as it was") from None
            if isinstance(exc, engines.EngineError) and exc.page:
                _blame(staged, exc)
            if isinstance(exc, OSError):  # a full disk, a read-only or vanished folder: say where, not the temporary path
                raise PortfolioError(
                    f"{display_path(target)}: cannot write the site: {exc.strerror or exc}; the previous site is left as it was"
                ) from None
            raise
        if drawing is not None:
            drawing.cache.prune(staged.cards.values())
    return BuildResult(portfolio, staged, target, warnings, choice.name, found, drawn=drawn, partial=partial)


def output_folder(project: Project, site_dir: Path | None) -> Path:
    """The output folder, checked: inside the portfolio, and never a folder of its sources.

    Symbolic links are resolved first, so a link cannot smuggle the output onto the sources.
    """
    if site_dir is not None:
        raw, origin = Path(site_dir), "-d/--site-dir"
    else:
        raw, origin = project.root / str(project.config.get("site_dir", "site")), "site_dir in mkdocs.yml"
    target = raw.resolve()
    root = project.root
    shown = display_path(raw)

    def refuse(why: str) -> UsageError:
        return UsageError(f"{shown}: {why}; refusing to replace this folder with the built site; choose another {origin}")

    if target == root or root.is_relative_to(target):
        raise refuse("it holds the whole portfolio")
    if not target.is_relative_to(root):
        raise refuse(f"it is outside the portfolio ({display_path(root)})")
    if any(part == ".git" for part in target.relative_to(root).parts):
        raise refuse("it is inside .git, git's own folder")
    content = project.content_dir
    if target == content or target.is_relative_to(content) or content.is_relative_to(target):
        raise refuse("it is the content folder or inside it")
    work = project.work_dir.resolve()
    if target == work or target.is_relative_to(work):
        raise refuse("it is the tool's own working folder (.portfolio)")
    for folder in project.theme_dirs:
        if target == folder or target.is_relative_to(folder) or folder.is_relative_to(target):
            raise refuse("it is the theme's overrides folder or inside it")
    if target.exists() and not target.is_dir():
        raise refuse("it exists and is not a folder")
    return target


def refuse_foreign(target: Path) -> None:
    """Refuse an output folder with files that no build of this tool wrote (hidden ones, such as ``.git``, do not count)."""
    try:
        names = [name for name in os.listdir(target) if not name.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing there to replace; creating it reports what is in the way
    except OSError as exc:
        raise UsageError(f"{display_path(target)}: cannot read the output folder: {exc.strerror or exc}") from None
    if not names or (target / MARKER).is_file() or (target / _OUR_CSS).is_file():
        return
    raise UsageError(
        f"{display_path(target)}: is not empty and was not built by growth-portfolio (it has no {MARKER} file); "
        "refusing to replace it: empty it or choose another output folder with -d"
    )


def _blame(staged: StageResult, exc: Exception) -> None:
    """Raise a finding at the person's file behind the staged page or template the engine failed on (``path:line: error``)."""
    page = getattr(exc, "page", None)
    if page in staged.sources:
        path, line = staged.sources[page]
        template_line = getattr(exc, "line", None)
        if page.startswith(f"{STAGED_THEME_DIR}/") and template_line:
            line = template_line  # the staged override is a copy of the person's template
        message = f"the site engine could not render this file: {getattr(exc, 'reason', '') or exc}"
        raise ContentError(
            [Finding(display_path(path), line, "error", "engine", message)],
            "the site engine could not render a file; the previous site is left as it was",
        ) from None


_TARGETS = re.compile(r"\]\([^)]*\)|(?:href|src)=(?:\"[^\"]*\"|'[^']*')")


def _without_targets(line: str) -> str:
    return _TARGETS.sub("", line).rstrip()


def engine_finding(project: Project, staged: StageResult, item: EngineWarning) -> Finding:
    """An engine's warning about a staged page, at the person's file and line it came from.

    The line is found by the text the engine quoted (entry pages carry a generated header, so
    staged and written lines differ); where the text is not found, the line the body starts at.
    """
    if item.page is None:
        shown, line = display_path(project.config_file) if project.config_file else "mkdocs.yml", 1
    elif item.page in staged.sources:
        path, line = staged.sources[item.page]
        shown = display_path(path)
        if item.excerpt is not None and item.excerpt.strip():
            try:
                written = path.read_text(encoding="utf-8-sig").split("\n")
            except (OSError, UnicodeDecodeError):
                written = []
            # The staged line may differ from the written one only in its link targets (they follow the stage).
            quoted = _without_targets(item.excerpt)
            matches = [number for number, text in enumerate(written, 1) if _without_targets(text) == quoted]
            if matches:
                line = next((number for number in matches if number >= line), matches[0])
    else:  # a generated page: name the staged file
        shown, line = display_path(staged.docs_dir / item.page), item.line or 1
    return Finding(shown, line, "warning", "engine", item.message)


def remove_stale(target: Path) -> list[Path]:
    """Remove the temporary folders of builds that were killed (their process is gone) next to ``target``."""
    removed = []
    for path in target.parent.iterdir():
        for kind in ("new", "old"):
            prefix = f".{target.name}.{kind}-"
            if path.name.startswith(prefix) and path.is_dir() and not path.is_symlink():
                pid = path.name[len(prefix) :].split("-", 1)[0]
                if not (pid.isdigit() and _running(int(pid))):
                    if target.is_dir():
                        keep_hidden(path, target)  # a build killed mid-swap: nothing of the user's is lost
                    shutil.rmtree(path, ignore_errors=True)
                    removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def replace_dir(fresh: Path, target: Path) -> None:
    """Put ``fresh`` where ``target`` is; the old content is removed afterwards.

    Hidden entries of the old folder (a ``.git`` of a gh-pages checkout) are kept,
    as MkDocs keeps them: they move into the new folder unless it has its own.
    """
    if not target.exists():
        os.rename(fresh, target)
        return
    if not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder; expected the site folder")
    if _exchange(fresh, target):
        old = fresh  # now holds the previous site
    else:
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
        os.rename(fresh, target)
    keep_hidden(old, target)
    shutil.rmtree(old, ignore_errors=True)


def keep_hidden(old: Path, target: Path) -> None:
    """Move the hidden entries of ``old`` (but our marker) into ``target`` where it has none of that name."""
    try:
        names = os.listdir(old)
    except OSError:
        return
    for name in names:
        if name.startswith(".") and name != MARKER and not os.path.lexists(target / name):
            os.rename(old / name, target / name)

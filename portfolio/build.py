"""`portfolio build`: check, stage, render into a temporary folder, then swap it in.

The output folder is replaced only after the engine succeeded, by an atomic
exchange of the two folders where the system has one (Linux renameat2), so a
failed or killed build leaves the previous site as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, PortfolioError, UsageError
from .findings import Finding, display_path
from .project import Portfolio, Project, load_portfolio
from .stage import StageResult, stage

__all__ = ["BuildResult", "build_site", "stage_dir", "replace_dir"]


@dataclass
class BuildResult:
    portfolio: Portfolio
    staged: StageResult
    site_dir: Path
    warnings: int


def stage_dir(project: Project, name: str = "stage") -> Path:
    return project.work_dir / name


def build_site(project: Project, site_dir: Path | None = None, *, strict: bool = False, clean: bool = False, verbose: bool = False) -> BuildResult:
    """Check, stage and render; raise :class:`ContentError` (nothing written) on content errors."""
    from . import engines

    portfolio = load_portfolio(project)
    if portfolio.errors:
        raise ContentError(portfolio.findings)
    target = (site_dir or project.root / str(project.config.get("site_dir", "site"))).resolve()
    _refuse_dangerous_target(project, target)
    where = stage_dir(project)
    if clean and where.exists():
        shutil.rmtree(where)
    staged = stage(portfolio, where, site_dir=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target)
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    except OSError as exc:
        raise PortfolioError(f"{display_path(target)}: cannot write the site there: {exc.strerror or exc}") from None
    try:
        warnings = engines.build(staged.config_file, fresh, strict=strict, verbose=verbose)
        replace_dir(fresh, target)
    except BaseException as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        if isinstance(exc, engines.EngineError) and exc.page:
            _blame(portfolio, staged, exc)
        if isinstance(exc, OSError):  # a full disk, a read-only or vanished folder: say where, not the temporary path
            raise PortfolioError(f"{display_path(target)}: cannot write the site: {exc.strerror or exc}; the previous site is left as it was") from None
        raise
    return BuildResult(portfolio, staged, target, warnings)


def _blame(portfolio: Portfolio, staged: StageResult, exc: Exception) -> None:
    """Raise a finding at the source file of the staged page the engine failed on (``path:line: error``)."""
    page = getattr(exc, "page", None)
    sources = {entry.page: (entry.path, entry.body_line) for entry in staged.entries}
    sources.update({p.rel: (p.path, 1) for p in portfolio.pages})
    if page in sources:
        path, line = sources[page]
        message = f"the site engine could not render this file: {getattr(exc, 'reason', '') or exc}"
        raise ContentError([Finding(display_path(path), line, "error", "engine", message)], "the site engine could not render a file; the previous site is left as it was") from None


def remove_stale(target: Path) -> list[Path]:
    """Remove the temporary folders of builds that were killed (their process is gone) next to ``target``."""
    removed = []
    for path in target.parent.iterdir():
        for kind in ("new", "old"):
            prefix = f".{target.name}.{kind}-"
            if path.name.startswith(prefix) and path.is_dir() and not path.is_symlink():
                pid = path.name[len(prefix) :].split("-", 1)[0]
                if not (pid.isdigit() and _running(int(pid))):
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


def _refuse_dangerous_target(project: Project, target: Path) -> None:
    protected = {project.root, project.content_dir, project.work_dir, Path.home().resolve(), Path("/")}
    if target in protected or project.content_dir.is_relative_to(target) or project.root.is_relative_to(target):
        raise UsageError(f"{target}: refusing to replace this folder with the built site; choose another -d/--site-dir")


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
    """Put ``fresh`` where ``target`` is; the old content is removed afterwards."""
    if not target.exists():
        os.rename(fresh, target)
        return
    if not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder; expected the site folder")
    if _exchange(fresh, target):
        shutil.rmtree(fresh, ignore_errors=True)  # now holds the previous site
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    os.rename(fresh, target)
    shutil.rmtree(old, ignore_errors=True)

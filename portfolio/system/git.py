"""The one way this tool calls git: no prompts, no pager, fixed locale, never a traceback.

git is optional for most commands (a portfolio need not be a repository), so
every helper here answers "nothing" when git or the repository is missing,
and only the callers that need a repository turn that into an error.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

__all__ = ["git", "toplevel", "ignored", "first_added", "last_changed", "redact"]

_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}


def git(cwd: Path, *args: str, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``git ARGS`` in ``cwd``; a missing git binary gives returncode 127, never an exception."""
    try:
        return subprocess.run(
            ["git", "--no-pager", *args],
            cwd=cwd,
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            env={**os.environ, **_ENV},
        )
    except FileNotFoundError:
        return subprocess.CompletedProcess(["git", *args], 127, "", "git is not installed")
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(["git", *args], 124, "", f"git {' '.join(args)} took longer than {timeout:.0f} s")


def toplevel(cwd: Path) -> Path | None:
    """The work tree ``cwd`` is in, or None outside a repository."""
    result = git(cwd, "rev-parse", "--show-toplevel")
    return Path(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else None


def ignored(root: Path, paths: Iterable[Path]) -> set[Path]:
    """Which of ``paths`` git ignores (one ``git check-ignore`` for all of them); empty outside a repository.

    Tracked files are never reported: what a person committed, they meant to keep.
    """
    items = list(paths)
    if not items or toplevel(root) is None:
        return set()
    text = "".join(os.fspath(p) + "\0" for p in items)
    result = git(root, "check-ignore", "-z", "--stdin", input=text)
    if result.returncode not in (0, 1):
        return set()
    return {Path(name) for name in result.stdout.split("\0") if name}


def first_added(root: Path, path: Path) -> dt.date | None:
    """The day ``path`` was first committed (following renames), when ``root`` is in a work tree that has it; else None.

    The author date, as written in the commit's own zone: the day the person saw.
    """
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return None
    result = git(root, "log", "--follow", "--format=%ad", "--date=short", "--diff-filter=A", "--", rel, timeout=30)
    if result.returncode != 0:
        return None
    days = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    if not days:
        return None
    try:
        return dt.date.fromisoformat(days[-1])  # newest first: the last is the first add
    except ValueError:
        return None


def last_changed(folder: Path) -> dict[Path, dt.date]:
    """The day of the last commit that touched each file under ``folder`` (resolved paths); empty outside a repository.

    One ``git log`` for the whole folder, newest commit first, so the first day
    seen for a file is its last change: a process per file would cost seconds
    on a large portfolio. Files never committed have no entry.
    """
    top = toplevel(folder)
    if top is None:
        return {}
    result = git(folder, "-c", "core.quotepath=off", "log", "-z", "--format=%x1e%cs", "--name-only", "--no-renames", "--", ".")
    if result.returncode != 0:
        return {}
    found: dict[Path, dt.date] = {}
    for record in result.stdout.split("\x1e"):
        day_text, _, names = record.partition("\n")
        try:
            day = dt.date.fromisoformat(day_text.strip("\0\n"))
        except ValueError:
            continue
        for name in names.split("\0"):
            name = name.strip("\n")
            if name:
                found.setdefault((top / name).resolve(), day)
    return found


# scheme://user:password@host/... and scheme://token@host/...
_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/@\s]+)@")


def redact(text: str) -> str:
    """``text`` with the credentials of every URL in it replaced by ``***``."""
    return _USERINFO.sub(lambda m: f"{m.group('scheme')}***@", text)

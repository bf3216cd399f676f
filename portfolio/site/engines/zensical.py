"""The Zensical engine: the successor of Material for MkDocs, run as a child process.

Zensical reads the stage's mkdocs.yml and keeps Material's look (the stage asks
for ``theme.variant: classic``). It is driven as ``python -m zensical``, not
through its Python API: it writes its messages straight to the process's file
descriptors and keeps its configuration in a module global, so only a child
process lets us read every warning and never show its traceback.

What it does differently, and how this module copes:

- it writes only inside the folder of its config, into ``site_dir`` (the stage's
  ``site``), and empties that folder first; the result is moved into the folder
  the build asked for, and the build swaps that in atomically;
- warnings go to stderr, coloured, as ``Warning: <what>`` followed by a snippet
  ``╭─[ <page>:<line>:<column> ]``: they are read back into :class:`EngineWarning`;
- ``--strict`` fails the build after the whole site is written, with a traceback:
  the exit code and the warnings read back decide, the traceback is never shown;
- a configuration error is one ``Error: ...`` line, a page or template error a
  traceback whose last line names it (``(in main.html:4)``, ``page metadata 'x.md'``).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, TYPE_CHECKING

from portfolio.errors import PortfolioError
from portfolio.site.engines.base import STAGED_SITE_DIR, STAGED_THEME_DIR, EngineError, EngineWarning, Report

if TYPE_CHECKING:
    from portfolio.site.stage import StageResult

__all__ = ["NAME", "LABEL", "INSTALL", "PARTIAL", "installed", "missing", "versions", "build", "serve", "read_output"]

NAME = "zensical"
LABEL = "Zensical"
#: How to install it, for messages: the optional extra pins the range this tool is tested with.
INSTALL = 'pip install "growth-portfolio[zensical]" (in a checkout: pip install -e ".[zensical]")'

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_WARNING = re.compile(r"^Warning: (?P<message>.+)$")
_WHERE = re.compile(r"╭─\[ (?P<page>.+):(?P<line>\d+):(?P<column>\d+) \]")
_SNIPPET = re.compile(r"^\s*(?P<number>\d+) │ (?P<text>.*)$")
_UNDERLINE = re.compile(r"^\s*│ (?P<marks>\s*[─┬]+)\s*$")
_ERROR = re.compile(r"^Error: (?P<message>.+)$")
#: The last line of each build: "No issues found", "1 issue found", "3 issues found".
_SUMMARY = re.compile(r"^(?:No|\d+) issues? found$")
_LAST_TRACEBACK_LINE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*(?:Error|Exception)): (?P<message>.*)$")
_TEMPLATE = re.compile(r"\(in (?P<template>[^()]+?):(?P<line>\d+)\)$")
_PAGE_METADATA = re.compile(r"^error reading page metadata '(?P<page>[^']+)': (?P<why>.*)$")

#: Zensical's warnings, in our words (with the link target read from its snippet).
_OUR_WORDS = {
    "page does not exist": "the link '{target}' leads to no page of the site",
    "anchor does not exist": "the link's anchor '#{target}' is no heading or id on that page",
}


def installed() -> bool:
    """Zensical is importable here (found, not imported)."""
    return importlib.util.find_spec("zensical") is not None


def missing() -> str:
    """Why Zensical cannot run here, and what to do."""
    if sys.version_info < (3, 11):
        return f"the Zensical engine needs Python 3.11 or newer (this is {sys.version_info.major}.{sys.version_info.minor})"
    return f"the Zensical engine is not installed; install it with {INSTALL}"


def versions() -> dict[str, str | None]:
    try:
        return {"zensical": version("zensical")}
    except PackageNotFoundError:
        return {"zensical": None}


# --- reading its output --------------------------------------------------------------


@dataclass
class Output:
    """What one run printed, read back: its warnings, and the error that stopped it."""

    warnings: list[EngineWarning] = field(default_factory=list)
    error: str | None = None
    #: The error is Zensical's reading of the configuration (an ``Error: ...`` line, before any page).
    config: bool = False
    page: str | None = None
    line: int | None = None
    #: Progress lines (``Build started``, ``Build finished in 0.80s``), shown with ``-v``.
    progress: list[str] = field(default_factory=list)


def read_output(stdout: str, stderr: str) -> Output:
    """Zensical's stdout and stderr (colours and all) as warnings and at most one error."""
    out = Output()
    lines = _ANSI.sub("", stderr).splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        warning = _WARNING.match(line)
        if warning:
            message, page, number, column, text, marks = warning.group("message").strip(), None, None, None, None, None
            for follow in lines[index + 1 : index + 8]:
                if _WARNING.match(follow):
                    break
                where = _WHERE.search(follow)
                if where:
                    page, number, column = where.group("page"), int(where.group("line")), int(where.group("column"))
                    continue
                snippet = _SNIPPET.match(follow)
                if snippet and text is None:
                    text = snippet.group("text")
                    continue
                underline = _UNDERLINE.match(follow)
                if underline and marks is None:
                    marks = underline.group("marks").strip()
            target = text[column - 1 : column - 1 + len(marks)] if text is not None and column and marks else ""
            words = _OUR_WORDS.get(message)
            ours = words.format(target=target) if words and target else f"{message} (Zensical's words)"
            out.warnings.append(EngineWarning(ours, page, number, text))
        index += 1
    for line in lines:
        error = _ERROR.match(line)
        if error:
            out.error, out.config = error.group("message").strip(), True
    if out.error is None:
        last = [line for line in lines if _LAST_TRACEBACK_LINE.match(line)]
        if last:
            match = _LAST_TRACEBACK_LINE.match(last[-1])
            assert match is not None
            reason = " ".join(match.group("message").split())
            metadata = _PAGE_METADATA.match(reason)
            template = _TEMPLATE.search(reason)
            if metadata:
                out.page, reason = metadata.group("page"), f"its front matter cannot be read: {metadata.group('why')}"
            elif template:
                out.page, out.line = f"{STAGED_THEME_DIR}/{template.group('template')}", int(template.group("line"))
                reason = reason[: template.start()].strip()
            kind = match.group("type").rsplit(".", 1)[-1]
            out.error = reason if kind == "RuntimeError" and reason else f"{kind}: {reason}" if reason else kind
    out.progress = [text for text in _ANSI.sub("", stdout).splitlines() if text.strip()]
    return out


# --- running it ------------------------------------------------------------------------


def _die_with_parent() -> None:
    """In the child: be killed when the build that started it dies (even by SIGKILL), so a killed
    build never leaves Zensical writing into the stage behind the next one (Linux; elsewhere a no-op)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _command(config_file: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "zensical", *args, "-f", str(config_file)]


def _environment() -> dict[str, str]:
    return dict(os.environ, NO_COLOR="1", PYTHONUNBUFFERED="1")


#: Zensical keeps its own cache in the stage (``.cache``) and renders every page from it: a build never starts from a previous site.
PARTIAL = False


def build(
    config_file: Path,
    into: Path,
    *,
    strict: bool = False,
    verbose: bool = False,
    report: Report | None = None,
    partial: bool = False,
) -> int:
    """Render the stage at ``config_file`` into the empty folder ``into``; return the number of warnings.

    Zensical renders into the stage's own ``site`` folder; on success that folder
    is moved to ``into`` (renamed; copied across file systems). ``partial`` is never
    asked of it (:data:`PARTIAL`); its cache already spares unchanged pages most work.
    """
    if not installed():
        raise PortfolioError(missing())
    stage_dir = config_file.parent
    rendered = stage_dir / STAGED_SITE_DIR
    shutil.rmtree(rendered, ignore_errors=True)
    command = _command(config_file, "build", *(["--strict"] if strict else []))
    try:
        done = subprocess.run(
            command,
            cwd=stage_dir,
            env=_environment(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            check=False,
        )
    except KeyboardInterrupt:
        shutil.rmtree(rendered, ignore_errors=True)
        raise
    out = read_output(done.stdout, done.stderr)
    if verbose:
        for line in out.progress:
            print(f"INFO    -  Zensical: {line}", file=sys.stderr)
    for warning in out.warnings:
        if report is not None:
            report(warning)
        else:
            where = f"{warning.page}:{warning.line}: " if warning.page else ""
            print(f"WARNING -  {where}{warning.message}", file=sys.stderr)
    try:
        if done.returncode != 0:
            if strict and out.warnings and out.page is None and not out.config:
                raise EngineError(f"the site engine stopped: {len(out.warnings)} warnings in strict mode")
            _fail(out, done.returncode)
        _move(rendered, into)
    finally:
        shutil.rmtree(rendered, ignore_errors=True)
    return len(out.warnings)


def _fail(out: Output, returncode: int) -> None:
    if out.error is None:
        raise EngineError(f"the site engine (Zensical) stopped unexpectedly (exit code {returncode}) and said nothing we could read")
    if out.config:
        raise EngineError(f"mkdocs.yml is not valid for Zensical: {out.error}")
    error = EngineError(f"the site engine (Zensical) failed{' on ' + out.page if out.page else ''}: {out.error}")
    error.page, error.line, error.reason = out.page, out.line, out.error
    raise error


def _move(rendered: Path, into: Path) -> None:
    """Put the rendered site where the build wants it: a rename onto the empty folder, else a copy."""
    if not rendered.is_dir():
        raise EngineError("the site engine (Zensical) reported success but wrote no site")
    try:
        os.rename(rendered, into)  # replaces the empty folder ``into``
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.ENOTEMPTY, errno.EEXIST):
            raise
        shutil.copytree(rendered, into, dirs_exist_ok=True)


# --- serve ------------------------------------------------------------------------------------


def _snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under ``paths`` (the sources ``serve`` watches)."""
    seen: dict[str, tuple[int, int]] = {}
    stack = [str(path) for path in paths]
    while stack:
        current = stack.pop()
        try:
            info = os.stat(current)
        except OSError:
            continue
        if os.path.isdir(current):
            with contextlib.suppress(OSError), os.scandir(current) as listing:
                stack.extend(item.path for item in listing if not item.name.startswith(".git"))
        else:
            seen[current] = (info.st_mtime_ns, info.st_size)
    return seen


def _pump(stream: IO[str], verbose: bool, built: threading.Event) -> None:
    """Forward the preview's messages: warnings and errors always (without colours or tracebacks),
    progress with ``-v``; ``built`` is set when the first build is done."""
    block: list[str] = []
    for raw in stream:
        line = _ANSI.sub("", raw.rstrip("\n"))
        if _SUMMARY.match(line.strip()):
            built.set()
        if _WARNING.match(line) or block:
            block.append(line)
            if line.startswith("───") or len(block) > 8:
                found = read_output("", "\n".join(block)).warnings
                for warning in found:
                    where = f"{warning.page}:{warning.line}: " if warning.page else ""
                    print(f"WARNING -  {where}{warning.message}", file=sys.stderr, flush=True)
                block = []
            continue
        if _ERROR.match(line) or _LAST_TRACEBACK_LINE.match(line):
            failed = read_output("", line)
            print(
                f"error: the site engine (Zensical) failed{' on ' + failed.page if failed.page else ''}: {failed.error}",
                file=sys.stderr,
                flush=True,
            )
        elif verbose and line.strip() and not line.startswith(("Traceback", " ")):
            print(f"INFO    -  Zensical: {line}", file=sys.stderr, flush=True)


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def _child(command: list[str], cwd: Path, verbose: bool, built: threading.Event) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    assert process.stdout is not None
    pump = threading.Thread(target=_pump, args=(process.stdout, verbose, built), daemon=True)
    pump.start()
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        pump.join(timeout=5)


def serve(
    config_file: Path,
    restage: Callable[[], StageResult],
    watch: Iterable[Path],
    site: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    verbose: bool = False,
    poll: float = 0.3,
) -> None:
    """Preview the stage with Zensical's own server, which rebuilds and reloads the browser by itself
    whenever the stage changes; this loop restages after each change to the person's sources.

    Zensical serves from the stage's ``site`` folder (``site`` is not used): it is removed when the preview stops.
    """
    if not installed():
        raise PortfolioError(missing())
    watched = list(watch)
    rendered = config_file.parent / STAGED_SITE_DIR
    shutil.rmtree(rendered, ignore_errors=True)  # a preview killed with SIGKILL left its pages here
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    built = threading.Event()
    try:
        with _child(_command(config_file, "serve", "-a", address), config_file.parent, verbose, built) as process:
            deadline = time.monotonic() + 300
            # It listens before its first build is done: announce the preview once every page is there.
            while not (built.is_set() and _listening(host, port)):
                if process.poll() is not None:
                    raise PortfolioError(
                        f"the site engine (Zensical) could not serve on {address} (exit code {process.returncode}); is the port in use?"
                    )
                if time.monotonic() > deadline:
                    raise PortfolioError(f"the site engine (Zensical) did not start serving on {address} within 300 s")
                time.sleep(0.1)
            print(f"Serving on http://{address}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
            before = _snapshot(watched)
            while process.poll() is None:
                time.sleep(poll)
                now = _snapshot(watched)
                if now == before:
                    continue
                before = now
                try:
                    restage()
                except PortfolioError as exc:
                    print(f"error: {exc}", file=sys.stderr, flush=True)
            raise PortfolioError(f"the site engine (Zensical) stopped serving (exit code {process.returncode})")
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(rendered, ignore_errors=True)

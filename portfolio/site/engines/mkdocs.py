"""The MkDocs engine: MkDocs 1.6 with Material for MkDocs, run in this process.

Only this module imports MkDocs, and only when a build or a preview runs.
Engine warnings are printed as MkDocs prints them and, with ``strict``, fail
the build. Material is in maintenance mode, with critical fixes promised until
5 May 2027; :mod:`portfolio.site.engines.zensical` is the way on.
"""

from __future__ import annotations

import errno
import importlib.util
import logging
import os
import sys
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio.errors import PortfolioError
from portfolio.site.engines.base import EngineError, Report

if TYPE_CHECKING:
    from portfolio.site.stage import StageResult

__all__ = ["NAME", "LABEL", "installed", "missing", "versions", "build", "serve"]

NAME = "mkdocs"
LABEL = "MkDocs"

# Material 9.8 prints an end-of-life banner on every build; the stage design is our answer to it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def installed() -> bool:
    """MkDocs and Material are both importable (found, not imported)."""
    return all(importlib.util.find_spec(name) is not None for name in ("mkdocs", "material"))


def missing() -> str:
    """What to do when MkDocs or Material cannot be found (they are dependencies of this package)."""
    return "MkDocs with Material for MkDocs is not installed; reinstall growth-portfolio (pip install growth-portfolio)"


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for distribution in ("mkdocs", "mkdocs-material"):
        try:
            found[distribution] = version(distribution)
        except PackageNotFoundError:
            found[distribution] = None
    return found


class _Printer(logging.Handler):
    """MkDocs' own format: ``WARNING -  message``; INFO only when verbose."""

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.DEBUG if verbose else logging.WARNING)
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.warnings += 1
        try:
            message = record.getMessage()
        except Exception:  # a plugin's malformed log call must not kill the build
            message = str(record.msg)
        print(f"{record.levelname:<8}-  {message}", file=sys.stderr)


def _logging(verbose: bool) -> tuple[logging.Logger, _Printer]:
    logger = logging.getLogger("mkdocs")
    printer = _Printer(verbose)
    logger.addHandler(printer)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    return logger, printer


def _tracker() -> Any:
    """A plugin that follows the engine from page to page and keeps the error that stopped it.

    The engine itself says which page it is on (its page events) and what went
    wrong (its build_error event), so nothing depends on the wording of its log.
    """
    from mkdocs.plugins import BasePlugin

    class PageTracker(BasePlugin):  # type: ignore[type-arg, misc, unused-ignore]
        current: str | None = None
        error: BaseException | None = None

        def on_pre_page(self, page: Any, **kwargs: Any) -> Any:
            self.current = page.file.src_uri
            return page

        def on_page_content(self, html: str, **kwargs: Any) -> str:
            self.current = None
            return html

        def on_page_context(self, context: Any, page: Any, **kwargs: Any) -> Any:
            self.current = page.file.src_uri
            return context

        def on_post_page(self, output: str, **kwargs: Any) -> str:
            self.current = None
            return output

        def on_build_error(self, error: BaseException, **kwargs: Any) -> None:
            self.error = error

    return PageTracker()


#: Errors of the machine (a full disk, a read-only folder), reported against the output folder.
_SYSTEM_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO})


def _reason(exc: BaseException) -> str:
    """One line for what went wrong: the exception's own words, its type when it has none."""
    text = " ".join(str(exc).split())
    return (
        text
        if text and type(exc).__module__.startswith(("mkdocs", "material"))
        else f"{type(exc).__name__}: {text}"
        if text
        else type(exc).__name__
    )


def _engine_error(exc: BaseException, tracker: Any) -> BaseException:
    """What the engine raised, as one :class:`EngineError` naming the page it was rendering when it can.

    A full disk or a read-only folder is the machine's trouble, not a page's: it stays an
    OSError, and the build says which folder.
    """
    from mkdocs import exceptions

    if isinstance(exc, OSError) and exc.errno in _SYSTEM_ERRORS:
        return exc
    if isinstance(exc, exceptions.ConfigurationError):
        return EngineError(f"mkdocs.yml is not valid: {' '.join(str(exc).split())}")
    if isinstance(exc, RecursionError):
        # Python-Markdown recurses once per level of nested lists, quotes or HTML.
        why = "it nests too deeply (lists, quotes or HTML hundreds of levels deep)"
        error = EngineError(f"the site engine could not render {tracker.current or 'a page'}: {why}")
        error.page, error.reason = tracker.current, why
        return error
    cause = tracker.error if tracker.error is not None else exc
    if isinstance(exc, exceptions.Abort) and tracker.error is None:
        message = "the site engine stopped: " + " ".join(str(exc).split())
    else:
        message = f"the site engine failed{' on ' + tracker.current if tracker.current else ''}: {_reason(cause)}"
    error = EngineError(message)
    error.page, error.reason = tracker.current, _reason(cause)
    return error


def build(config_file: Path, into: Path, *, strict: bool = False, verbose: bool = False, report: Report | None = None) -> int:
    """Render the stage at ``config_file`` into ``into``; return the number of engine warnings.

    Whatever the engine raises becomes one :class:`EngineError`, with the staged page it was
    rendering when it failed, so the person sees a file and a line, never a traceback.
    MkDocs' warnings are printed as it words them, while it works (``report`` is not needed).
    """
    site_dir = into
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logger, printer = _logging(verbose)
    tracker = _tracker()
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
        config.plugins["growth-portfolio/page-tracker"] = tracker
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except Exception as exc:
        raise _engine_error(exc, tracker) from None
    finally:
        logger.removeHandler(printer)
    return printer.warnings


def _remove_output(site_dir: Path, rel: str, directory_urls: bool) -> None:
    import shutil

    from portfolio.site.urls import page_url

    if not rel.endswith(".md"):
        (site_dir / rel).unlink(missing_ok=True)
        return
    url = page_url(rel, directory_urls)
    target = site_dir / url / "index.html" if url.endswith("/") or url == "" else site_dir / url
    target.unlink(missing_ok=True)
    if url.endswith("/") and url and (site_dir / url).is_dir() and not any((site_dir / url).iterdir()):
        shutil.rmtree(site_dir / url, ignore_errors=True)


def _own_404_page(site_dir: str) -> Callable[[int], bytes | None]:
    """A missing URL gets the site's own 404 page (navigation, search), as `mkdocs serve` does, not a bare "404 Not Found"."""

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    return error_page


def serve(
    config_file: Path,
    restage: Callable[[], StageResult],
    watch: Iterable[Path],
    site: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    verbose: bool = False,
) -> None:
    """Serve the stage with live reload.

    The first build is complete; after a change to a watched source the stage
    is rewritten (only the files whose content changed) and MkDocs re-renders
    only the pages whose staged source is newer than their output (its
    "dirty" build). Material's search plugin merges such partial rebuilds
    into the index of the previous build.
    """
    import shutil

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    logger, printer = _logging(verbose)
    printer.addFilter(lambda record: not str(record.msg).startswith("A 'dirty' build"))
    shutil.rmtree(site, ignore_errors=True)  # a preview killed with SIGKILL left its pages here
    site.mkdir(parents=True)
    site_dir = str(site)
    serve_url = f"http://{host}:{port}/"

    tracker = _tracker()

    def get_config() -> Any:
        config = load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=f"{host}:{port}")
        config.site_url = serve_url
        config.plugins["growth-portfolio/page-tracker"] = tracker
        return config

    def render(config: Any, dirty: bool) -> None:
        tracker.current, tracker.error = None, None
        try:
            mkdocs_build(config, serve_url=serve_url, dirty=dirty)
        except Exception as exc:
            raise _engine_error(exc, tracker) from None

    def builder(config=None) -> None:  # type: ignore[no-untyped-def]
        try:
            staged = restage()
            config = config or get_config()
            if staged.structure_changed:
                # Pages came or went, or tags or privacy changed: lists the engine builds from every page
                # (tags, search, sitemap) would be stale after a partial rebuild, so render everything.
                render(config, dirty=False)
                return
            # A dirty build never deletes: remove the output of sources that left the stage.
            for rel in staged.removed:
                _remove_output(Path(site_dir), rel, config.use_directory_urls)
            render(config, dirty=True)
        except PortfolioError as exc:  # the preview keeps the last good state and says why
            print(f"error: {exc}", file=sys.stderr)

    try:
        config = get_config()
    except Exception as exc:
        raise _engine_error(exc, tracker) from None
    config.plugins.on_startup(command="serve", dirty=True)
    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir)
    server.error_handler = _own_404_page(site_dir)
    try:
        render(config, dirty=False)
        for path in watch:
            if path.exists():
                server.watch(str(path))
        print(f"Serving on {serve_url} (Ctrl+C to stop)", file=sys.stderr, flush=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        logger.removeHandler(printer)
        shutil.rmtree(site_dir, ignore_errors=True)

"""The MkDocs engine: MkDocs 1.6 with Material for MkDocs, run in this process.

Only this module imports MkDocs, and only when a build or a preview runs.
Engine warnings are printed as MkDocs prints them and, with ``strict``, fail
the build. Material is in maintenance mode, with critical fixes promised until
5 May 2027; :mod:`portfolio.site.engines.zensical` is the way on.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio.errors import PortfolioError
from portfolio.site.engines.base import EngineError, Report

if TYPE_CHECKING:
    from portfolio.site.stage import StageResult

__all__ = ["NAME", "LABEL", "PARTIAL", "installed", "missing", "versions", "build", "serve"]

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


def _tracker(partial: bool = False) -> Any:
    """A plugin that follows the engine from page to page and keeps the error that stopped it.

    The engine itself says which page it is on (its page events) and what went
    wrong (its build_error event), so nothing depends on the wording of its log.

    With ``partial`` (a build into a copy of the previous site that renders only the
    pages whose staged source changed, MkDocs' "dirty" build) it also makes what
    the engine builds from every page come out as a full build would:

    - the tags plugin learns the tags of every page, in the order a full build
      reads them, so a page rendered again links its tags as before, and a page
      that lists tags is always rendered again;
    - the search index keeps the entries of the pages not rendered again (from the
      previous site's index) and takes the new ones of those that were, in page order.
    """
    from mkdocs.plugins import BasePlugin, event_priority
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.structure.pages import Page

    class PageTracker(BasePlugin):  # type: ignore[type-arg, misc, unused-ignore]
        current: str | None = None
        error: BaseException | None = None

        def __init__(self) -> None:
            super().__init__()
            self.partial = partial
            self.rendered: list[str] = []
            self.order: list[str] = []
            self.previous_index: dict[str, Any] | None = None

        def on_pre_build(self, config: Any, **kwargs: Any) -> None:
            if self.partial:
                self.previous_index = _read_index(Path(config.site_dir))

        @event_priority(100)
        def on_nav(self, nav: Any, config: Any, files: Any, **kwargs: Any) -> Any:
            if not self.partial:
                return nav
            pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
            self.order = ["" if file.url in (".", "./") else file.url for file in pages]  # as Page.url says it
            tags = [
                plugin
                for plugin in config.plugins.values()
                if type(plugin).__module__.startswith("material.plugins.tags") and plugin.config.enabled
            ]
            if not all(getattr(plugin, "mappings", None) is not None and hasattr(plugin, "filter") for plugin in tags):
                raise _NotPartial
            for plugin in tags:
                with contextlib.suppress(OSError):  # written in place by the plugin (see _replacing_writes)
                    os.unlink(Path(config.site_dir) / str(plugin.config.export_file))
                listing = re.compile(r"<!--\s*" + re.escape(str(plugin.config.listings_directive)))
                for file in pages:
                    # Every page's tags, in the order a full build reads them (a page rendered again
                    # reads its own again, in the same place).
                    page = file.page if file.page is not None else Page(None, file, config)
                    page.read_source(config)
                    if plugin.filter(file):
                        plugin.mappings.add(page, page.markdown)
                    # A page that lists tags lists every page's: it is rendered again whenever any page is.
                    if listing.search(page.markdown or ""):
                        with contextlib.suppress(OSError):
                            os.unlink(file.abs_dest_path)  # without its output, the engine renders it
            return nav

        def on_pre_page(self, page: Any, **kwargs: Any) -> Any:
            self.current = page.file.src_uri
            return page

        def on_page_content(self, html: str, **kwargs: Any) -> str:
            self.current = None
            return html

        def on_page_context(self, context: Any, page: Any, **kwargs: Any) -> Any:
            self.current = page.file.src_uri
            return context

        def on_post_page(self, output: str, page: Any, **kwargs: Any) -> str:
            self.current = None
            self.rendered.append(page.url)
            return output

        @event_priority(-100)  # after the search plugin wrote its index
        def on_post_build(self, config: Any, **kwargs: Any) -> None:
            if self.partial and self.previous_index is not None:
                _merge_index(Path(config.site_dir), self.previous_index, self.order, set(self.rendered))

        def on_build_error(self, error: BaseException, **kwargs: Any) -> None:
            self.error = error

    return PageTracker()


_SEARCH_INDEX = "search/search_index.json"


def _read_index(site_dir: Path) -> dict[str, Any] | None:
    try:
        loaded = json.loads((site_dir / _SEARCH_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) and isinstance(loaded.get("docs"), list) else None


def _merge_index(site_dir: Path, previous: dict[str, Any], order: list[str], rendered: set[str]) -> None:
    """The search index a full build would write: each page's entries from this build when it was
    rendered again, else from the previous one, in the engine's page order."""
    current = _read_index(site_dir)
    if current is None:
        return

    def by_page(docs: list[Any]) -> dict[str, list[Any]]:
        grouped: dict[str, list[Any]] = {}
        for doc in docs:
            location = str(doc.get("location", "")) if isinstance(doc, dict) else ""
            grouped.setdefault(location.split("#", 1)[0], []).append(doc)
        return grouped

    fresh, kept = by_page(current["docs"]), by_page(previous["docs"])
    current["docs"] = [doc for url in order for doc in (fresh if url in rendered else kept).get(url, [])]
    # As Material writes it, so a partial build's index is byte for byte a full build's.
    (site_dir / _SEARCH_INDEX).write_bytes(json.dumps(current, separators=(",", ":"), default=str).encode("utf-8"))


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


#: This engine can render only the pages that changed into a copy of the previous site.
PARTIAL = True


#: The plugins a partial build is known to render as a full build would (see :func:`_tracker`).
_PARTIAL_PLUGINS = frozenset({"search", "material/search", "tags", "material/tags"})


def _partial_safe(config: Any) -> bool:
    """Only the plugins we know what they build from every page (a user's plugin or hook may build
    anything from them: then every page is rendered)."""
    return all(name in _PARTIAL_PLUGINS for name in config.plugins)


@contextlib.contextmanager
def _replacing_writes(site_dir: Path) -> Iterator[None]:
    """While a partial build runs, the output folder holds hard links to the previous site's files
    (:func:`portfolio.site.freshness.copy_site`): every file the engine writes is unlinked first, so
    it gets a file of its own and the previous site stays as it was until the swap.

    MkDocs and Material write through ``mkdocs.utils.write_file`` and ``copy_file``; the two files
    they open themselves (the gzipped sitemap, the tags plugin's export) are unlinked beforehand.
    """
    from mkdocs import utils

    write, copy = utils.write_file, utils.copy_file

    def write_file(content: bytes, output_path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(output_path)
        write(content, output_path)

    def copy_file(source_path: str, output_path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(output_path)
        copy(source_path, output_path)

    for name in ("sitemap.xml.gz", "tags.json"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(site_dir / name)
    utils.write_file, utils.copy_file = write_file, copy_file
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = write, copy


class _NotPartial(Exception):
    """The tags plugin is not the one a partial build knows (another Material): render every page."""


class _NotDirtyWarnings(logging.Filter):
    """A partial build is MkDocs' "dirty" build, whose warning about itself is for people who ask for one by hand."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not message.startswith(("A 'dirty' build", "The directory contains stale files"))


def build(
    config_file: Path,
    into: Path,
    *,
    strict: bool = False,
    verbose: bool = False,
    report: Report | None = None,
    partial: bool = False,
) -> int:
    """Render the stage at ``config_file`` into ``into``; return the number of engine warnings.

    Whatever the engine raises becomes one :class:`EngineError`, with the staged page it was
    rendering when it failed, so the person sees a file and a line, never a traceback.
    MkDocs' warnings are printed as it words them, while it works (``report`` is not needed).
    With ``partial``, ``into`` holds a copy of the previous site (modification times kept) and
    only the pages whose staged source is newer than their output are rendered again.
    """
    site_dir = into
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logger, printer = _logging(verbose)
    quiet = _NotDirtyWarnings()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        for dirty in (True, False) if partial else (False,):
            tracker = _tracker(dirty)
            try:
                config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
                if dirty and not _partial_safe(config):
                    continue  # a full build empties the folder first
                config.plugins["growth-portfolio/page-tracker"] = tracker
                # dirty=False for the plugins even in a partial build: Material's search would otherwise keep
                # this index in its plugin (MkDocs reuses plugins within a process) and merge it into the next.
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    with _replacing_writes(site_dir) if dirty else contextlib.nullcontext():
                        mkdocs_build(config, dirty=dirty)
                finally:
                    config.plugins.on_shutdown()
            except _NotPartial:
                continue
            except Exception as exc:
                raise _engine_error(exc, tracker) from None
            break
    finally:
        logger.removeHandler(printer)
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
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

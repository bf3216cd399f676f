"""Helpers for the browser tests: Debian's Chromium through Playwright, a static server, a GitHub-Pages-like
server, and axe-core.

Chromium: needs Debian's `chromium` (`apt-get install chromium`); without it the browser tests skip with that
hint, except under CI (PORTFOLIO_REQUIRE_BROWSER=1), where a missing browser is a failure.

axe-core: PORTFOLIO_AXE names its axe.min.js (`.ci/run` installs it with npm and sets it); else it is taken
from, or installed with npm into, a cache folder; without it (no npm, no network) the axe tests skip with one
line saying so, or fail under PORTFOLIO_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from machine import REQUIRE_BROWSER, require

CHROMIUM = (
    os.environ.get("PORTFOLIO_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
    or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) and Path("/usr/bin/chromium").is_file() else None)
)
ARGS = [
    "--disable-dev-shm-usage",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _unavailable(message: str) -> None:
    require(False, message, REQUIRE_BROWSER)


def require_browser() -> str:
    if CHROMIUM is None:
        _unavailable("Chromium not found: install Debian's chromium to run the browser tests")
    assert CHROMIUM is not None
    return CHROMIUM


def axe_script() -> Path:
    """The path of axe-core's axe.min.js: PORTFOLIO_AXE, else the cache (installed there with npm when missing)."""
    given = os.environ.get("PORTFOLIO_AXE")
    if given:
        if not Path(given).is_file():
            pytest.fail(f"PORTFOLIO_AXE={given}: no such file; point it at axe-core's axe.min.js")
        return Path(given)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "growth-portfolio" / "axe-core"
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("axe-core not found and no npm to install it: set PORTFOLIO_AXE to axe-core's axe.min.js to run the axe tests")
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [str(npm), "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(cache), "axe-core@4"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not script.is_file():
            _unavailable(f"axe-core could not be installed with npm ({done.stderr.strip()[:200]}): set PORTFOLIO_AXE to run the axe tests")
    return script


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Pages(_Quiet):
    """Serves a folder the way GitHub Pages does: the site under ``prefix`` (``/repo/`` for a project site,
    ``/`` for a user site), and a missing address gets the site's own 404.html with status 404 and the
    address unchanged."""

    def __init__(self, *args: object, prefix: str, **kwargs: object) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        local = Path(self.translate_path(path))
        if local.is_file() or (local.is_dir() and (local / "index.html").is_file()):
            return super().send_head()
        body = (Path(self.directory) / self.prefix.strip("/") / "404.html").read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@contextlib.contextmanager
def serve(directory: Path, pages_prefix: str | None = None) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1; yield the site's base URL.

    With ``pages_prefix`` (``/repo/`` or ``/``) it is served as GitHub Pages serves a site, with its 404
    page for every missing address; ``directory`` then holds the site at that prefix.
    """
    if pages_prefix is None:
        handler = functools.partial(_Quiet, directory=str(directory))
    else:
        handler = functools.partial(_Pages, directory=str(directory), prefix=pages_prefix)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{pages_prefix or '/'}"
    finally:
        server.shutdown()
        server.server_close()

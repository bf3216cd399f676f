"""Refresh the README's screenshots of the example portfolio (docs/images/*.png).

    python docs/screenshots.py            # from the repository root, with the test extra installed

Builds the example into a temporary folder, serves it on 127.0.0.1 and photographs it with Debian's Chromium
through Playwright: the front page, the skills matrix (desktop and phone), a skill's page, the timeline,
the decisions index and the decision graph. The link-preview image is not a screenshot: it is a card
the build draws.
"""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from click.testing import CliRunner

from portfolio.cli import cli

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs" / "images"
DESKTOP = {"width": 1366, "height": 900}
TALL = {"width": 1366, "height": 1100}
PHONE = {"width": 390, "height": 844}
#: image name -> (address, viewport, scroll to this selector first or None)
SHOTS = {
    "home.png": ("", DESKTOP, None),
    "matrix.png": ("skills/", TALL, None),
    "matrix-phone.png": ("skills/", PHONE, ".gp-matrix"),
    "skill-page.png": ("skills/debugging/", DESKTOP, None),
    "timeline.png": ("timeline/", DESKTOP, None),
    "decisions.png": ("decisions/", DESKTOP, None),
    "decision-graph.png": ("decisions/graph/", DESKTOP, None),
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(root: Path) -> Path:
    for name in ("mkdocs.yml", "skills.yml", "career.yml"):
        shutil.copy2(REPO / name, root / name)
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, root / name)
    result = CliRunner().invoke(cli, ["build", "--strict", "-f", str(root / "mkdocs.yml")])
    if result.exit_code != 0:
        sys.exit(result.output)
    return root / "site"


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        site = build(Path(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
            )
            for name, (url, viewport, anchor) in SHOTS.items():
                context = browser.new_context(viewport=viewport, color_scheme="light", device_scale_factor=1)
                page = context.new_page()
                page.goto(base + url)
                if anchor:  # one jump down: Material shows its back-to-top button only when a reader scrolls up
                    page.evaluate(
                        "selector => window.scrollTo(0, document.querySelector(selector).getBoundingClientRect().top + window.scrollY - 64)",
                        anchor,
                    )
                page.screenshot(path=str(IMAGES / name))
                print(IMAGES / name)
                context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()

"""`portfolio serve` as a person runs it: a real process on 127.0.0.1, fetched over HTTP, with each engine."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitekit import basic_files, entry, write_tree

pytestmark = pytest.mark.slow  # builds, deploys, kills or drives a browser: see CONTRIBUTING.md


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _text(html: str) -> str:
    """What the page shows (its article), parsed, not the raw markup."""
    article = BeautifulSoup(html, "html.parser").find("article")
    return article.get_text(" ", strip=True) if article else ""


def _errors(html: str) -> list[str]:
    """The ``path:line`` of each error the preview's error page lists (empty when it shows none)."""
    template = BeautifulSoup(html, "html.parser").select_one("template#gp-errors-template")
    if template is None:
        return []
    inserted = BeautifulSoup(template.decode_contents(), "html.parser")  # what the page's script puts in front
    return [code.get_text() for code in inserted.select(".gp-errors-where")]


def _command() -> list[str]:
    script = shutil.which("portfolio")
    return [script] if script else [sys.executable, "-m", "portfolio"]


class Server:
    def __init__(self, root: Path, *args: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.log = root / "serve.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [*_command(), "serve", "-a", f"127.0.0.1:{self.port}", *args], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                # Ready when it says so (after its first build) and answers.
                if "Serving on " in self.log.read_text() and _fetch(self.base)[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if self.process.poll() is not None:
                raise AssertionError(self.log.read_text())
            time.sleep(0.2)
        raise AssertionError("serve did not start within 60 s")

    def get(self, path: str) -> tuple[int, str]:
        """Status and body; ``(0, "")`` while nothing answers (Zensical's server may be restarting on a changed stage)."""
        try:
            return _fetch(self.base + path)
        except (urllib.error.URLError, ConnectionError):
            return 0, ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def served_project(tmp_path: Path) -> Path:
    files = basic_files()
    files["content/posts/2023-06-02-drafty.md"] = entry("Drafty", "2023-06-02", "Draft words.", draft=True)
    files["content/posts/2023-06-03-secret.md"] = entry("Secret", "2023-06-03", "Private words.", private=True)
    return write_tree(tmp_path, files)


def test_serve_shows_drafts_with_banner_hides_private_and_reloads(served_project: Path, engine: str) -> None:
    server = Server(served_project, "--engine", engine)
    try:
        status, html = server.get("posts/drafty/")
        assert status == 200
        banner = BeautifulSoup(html, "html.parser").select_one(".gp-banner .admonition-title")
        assert banner is not None and banner.get_text() == "Draft"
        assert server.get("posts/secret/")[0] == 404
        status, html = server.get("posts/on-queues/")
        assert BeautifulSoup(html, "html.parser").select_one(".gp-banner") is None

        path = served_project / "content/posts/2023-05-01-on-queues.md"
        path.write_text(path.read_text().replace("Queues decouple.", "Queues decouple, reloaded."))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if "Queues decouple, reloaded." in _text(server.get("posts/on-queues/")[1]):
                break
            time.sleep(0.3)
        else:
            raise AssertionError("the change did not show up within 30 s")

        path.write_text(path.read_text().replace("date: 2023-05-01", "date: 2023-05-01\nprivate: true"))
        deadline = time.monotonic() + 30
        while server.get("posts/on-queues/")[0] != 404:
            assert time.monotonic() < deadline, "an entry made private stayed in the preview"
            time.sleep(0.3)

        # A content error while serving: the preview says so, in the terminal and on every page, and keeps the last good pages.
        broken = served_project / "content/posts/2023-07-01-broken.md"
        broken.write_text("---\ntitle: Broken\ndate: 2023-02-30\n---\n")
        deadline = time.monotonic() + 30
        while "error: 1 errors in the content; the preview shows them until they are fixed" not in server.log.read_text():
            assert time.monotonic() < deadline, "a content error was not reported by the preview"
            time.sleep(0.3)
        assert "content/posts/2023-07-01-broken.md:3: error:" in server.log.read_text()
        deadline = time.monotonic() + 30
        # Zensical renders the error page after the log line, and while it rebuilds its server may answer
        # with the 404 page (which shows the errors too): wait for the skills page itself.
        while not (_errors(html := server.get("skills/")[1]) and "Writing" in _text(html)):
            assert time.monotonic() < deadline, "the error page did not show in front of the last good page within 30 s"
            time.sleep(0.3)
        assert _errors(html)[0] == "content/posts/2023-07-01-broken.md:3"
        assert "Writing" in _text(html)  # the last good page, behind the errors
        broken.unlink()
        deadline = time.monotonic() + 30
        while _errors(server.get("skills/")[1]):
            assert time.monotonic() < deadline, "the error page did not clear once the error was fixed"
            time.sleep(0.3)

        (served_project / "career.yml").write_text((served_project / "career.yml").read_text().replace("say no.", "say no, reloaded."))
        deadline = time.monotonic() + 30
        while "say no, reloaded." not in _text(server.get("timeline/")[1]):
            assert time.monotonic() < deadline, "a career.yml change did not show up within 30 s"
            time.sleep(0.3)
    finally:
        server.stop()
    # The preview stages apart from the build: no draft ever lands in the build's stage,
    # and the pages it rendered (drafts among them) are gone once it stopped.
    assert not (served_project / ".portfolio" / "stage").exists()
    assert not (served_project / ".portfolio" / "serve" / "site").exists()
    assert not (served_project / ".portfolio" / "serve-site").exists()


def test_serve_private_flag_shows_private_entries(served_project: Path, engine: str) -> None:
    server = Server(served_project, "--private", "--engine", engine)
    try:
        status, html = server.get("posts/secret/")
        assert status == 200
        assert BeautifulSoup(html, "html.parser").select_one(".gp-banner .admonition-title").get_text() == "Private"
    finally:
        server.stop()


def test_serve_bad_address_is_usage_error(served_project: Path) -> None:
    result = subprocess.run([*_command(), "serve", "-a", "nonsense"], cwd=served_project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "HOST:PORT" in result.stderr


# --- the first hour: a busy address, errors in the browser, the site's 404, drafts marked ----------------


def _serve_once(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_command(), "serve", *args], cwd=root, capture_output=True, text=True, timeout=120)


def test_serve_on_a_busy_port_says_so_in_one_line_before_announcing_anything(served_project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _serve_once(served_project, "-a", f"127.0.0.1:{port}")

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(
        rf"error: cannot serve on 127\.0\.0\.1:{port}: the address is already in use \(another server is running there\); "
        r"choose another address with -a, e\.g\. -a 127\.0\.0\.1:(\d+)",
        lines[0],
    ), lines[0]
    suggested = int(lines[0].rsplit(":", 1)[1])
    assert suggested > port
    with socket.socket() as probe:  # the suggestion is a port that was free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", suggested))
    assert "Serving on" not in result.stdout + result.stderr
    assert not (served_project / ".portfolio" / "serve").exists()  # refused before staging anything


def test_serve_on_an_unknown_host_or_a_foreign_address_says_so(served_project: Path) -> None:
    unknown = _serve_once(served_project, "-a", "no-such-host.invalid:8000")
    foreign = _serve_once(served_project, "-a", "192.0.2.1:8000")  # TEST-NET-1: never an address of this machine

    assert unknown.returncode == 1
    assert unknown.stderr == (
        "error: cannot serve on no-such-host.invalid:8000: the host name 'no-such-host.invalid' is not known; "
        "choose another address with -a, e.g. -a 127.0.0.1:8000\n"
    )
    assert foreign.returncode == 1
    assert foreign.stderr == (
        "error: cannot serve on 192.0.2.1:8000: the address is not one of this machine's; choose another address with -a, e.g. -a 127.0.0.1:8001\n"
    )


def test_a_missing_page_gets_the_sites_own_404_page(served_project: Path) -> None:
    server = Server(served_project)
    try:
        status, html = server.get("no/such/page/")
    finally:
        server.stop()
    assert status == 404
    doc = BeautifulSoup(html, "html.parser")
    assert doc.title is not None and "Test portfolio" in doc.title.get_text()
    # The site's navigation comes with it, so the reader can go on from there.
    assert {a.get_text(strip=True) for a in doc.select("nav a")} >= {"Skills", "Timeline", "Decisions"}


def test_serve_marks_drafts_in_every_list_and_the_matrix(tmp_path: Path) -> None:
    files = basic_files()
    files["content/posts/2023-06-02-drafty.md"] = entry(
        "Drafty", "2023-06-02", "Draft words.", draft=True, skills={"restraint": "expert"}, highlight=True, tags=["queues"]
    )
    write_tree(tmp_path, files)
    server = Server(tmp_path)
    try:
        pages = {
            url: BeautifulSoup(server.get(url)[1], "html.parser")
            for url in ("", "posts/", "skills/", "skills/restraint/", "timeline/", "tags/")
        }
    finally:
        server.stop()

    def marked(doc: BeautifulSoup, selector: str) -> list[tuple[str, list[str], str]]:
        return [
            (
                item.a.get_text(strip=True),
                item.get("class") or [],
                item.select_one(".gp-held-label").get_text() if item.select_one(".gp-held-label") else "",
            )
            for item in doc.select(selector)
            if item.a is not None
        ]

    assert ("Drafty", ["gp-draft"], "draft") in marked(pages[""], ".gp-latest-list li")
    assert ("On queues", [], "") in marked(pages[""], ".gp-latest-list li")
    assert marked(pages["posts/"], "table tbody tr") == [("Drafty", ["gp-draft"], "draft"), ("On queues", [], "")]
    assert marked(pages["skills/"], "#skill-restraint .gp-evidence li") == [("Drafty", ["gp-draft"], "draft")]
    assert marked(pages["skills/restraint/"], ".gp-evidence li") == [("Drafty", ["gp-draft"], "draft")]
    assert ("Drafty", ["gp-draft"], "draft") in marked(pages["timeline/"], ".gp-highlights li")
    # Evidence from a draft does not lift the level: the preview shows the levels the site will.
    restraint = pages["skills/"].select_one("#skill-restraint")
    assert "gp-gap" in restraint["class"] and restraint.select_one(".gp-current strong") is None
    # Material's own lists (tags, search, the browser tab) name the page with its mark.
    assert "Drafty (draft)" in pages["tags/"].select_one("article").get_text(" ", strip=True)


def test_serve_starts_on_content_errors_and_clears_them_when_fixed_also_in_mkdocs_yml(tmp_path: Path) -> None:
    files = basic_files()
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("site_author: Test Person", "site_author: Your Name")
    write_tree(tmp_path, files)
    server = Server(tmp_path)
    try:
        status, html = server.get("")
        assert status == 200
        assert _errors(html) == ["mkdocs.yml:2"]
        assert "error: 1 errors in the content; the preview shows them until they are fixed" in server.log.read_text()
        config = tmp_path / "mkdocs.yml"
        config.write_text(config.read_text().replace("site_author: Your Name", "site_author: Ada"))
        deadline = time.monotonic() + 30
        while _errors(server.get("")[1]) or server.get("skills/")[0] != 200:
            assert time.monotonic() < deadline, "fixing mkdocs.yml did not clear the error page"
            time.sleep(0.3)
        config.write_text(config.read_text() + "nav: [\n")
        deadline = time.monotonic() + 30
        while not _errors(server.get("skills/")[1]):
            assert time.monotonic() < deadline, "a mkdocs.yml that cannot be read was not shown in the browser"
            time.sleep(0.3)
        assert _errors(server.get("skills/")[1])[0].startswith("mkdocs.yml:")
    finally:
        server.stop()


@pytest.mark.browser
def test_a_content_error_shows_in_the_browser_and_clears_when_fixed(tmp_path: Path, browser: object) -> None:
    """In the suite's one Chromium (conftest's ``browser``): a second Playwright in one process cannot start."""
    write_tree(tmp_path, basic_files())
    server = Server(tmp_path)
    context = browser.new_context(viewport={"width": 1200, "height": 800})  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(server.base + "posts/on-queues/")
        assert page.locator("#gp-errors").count() == 0

        broken = tmp_path / "content/posts/2023-07-01-broken.md"
        broken.write_text("---\ntitle: Broken\ndate: 2023-02-30\n---\n")
        errors = page.locator("#gp-errors")
        errors.wait_for(state="visible", timeout=30_000)  # the page reloads by itself
        assert errors.locator("h1").inner_text() == "1 error in the content"
        assert errors.locator(".gp-errors-lead").inner_text() == (
            "The preview shows the last good state until they are fixed; this page reloads by itself when you save a fix."
        )
        assert errors.locator("li").all_inner_texts() == [
            "content/posts/2023-07-01-broken.md:3: error: 'date': '2023-02-30' is not a real day; expected a date as YYYY-MM-DD"
        ]
        box = errors.bounding_box()
        assert box is not None and box["width"] >= 1100 and box["height"] >= 700  # in front of the whole page

        broken.write_text("---\ntitle: Fixed\ndate: 2023-02-28\n---\nNow fine.\n")
        errors.wait_for(state="detached", timeout=30_000)
        assert "Queues decouple." in page.locator("article").inner_text()
    finally:
        context.close()
        server.stop()

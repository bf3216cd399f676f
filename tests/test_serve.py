"""`portfolio serve` as a person runs it: a real process on 127.0.0.1, fetched over HTTP, with each engine."""

from __future__ import annotations

import os
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
        return exc.code, ""


def _text(html: str) -> str:
    """What the page shows (its article), parsed, not the raw markup."""
    article = BeautifulSoup(html, "html.parser").find("article")
    return article.get_text(" ", strip=True) if article else ""


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
        return _fetch(self.base + path)

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

        # A content error while serving: the preview says so and keeps the last good pages.
        broken = served_project / "content/posts/2023-07-01-broken.md"
        broken.write_text("---\ntitle: Broken\ndate: 2023-02-30\n---\n")
        deadline = time.monotonic() + 30
        while "the preview shows the last good state" not in server.log.read_text():
            assert time.monotonic() < deadline, "a content error was not reported by the preview"
            time.sleep(0.3)
        assert "content/posts/2023-07-01-broken.md:3: error:" in server.log.read_text()
        assert server.get("skills/")[0] == 200
        broken.unlink()

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

"""The README's first hour, run command by command exactly as written, in a fresh folder, as a new user would.

Each command line of the walkthrough runs in a shell from the folder the
commands before it `cd` into; the one step a person does by hand (a comment
line) is done here as the README says; a `# ...` after `portfolio check` is the
summary it must print. `portfolio serve` runs until the preview answers (on a
free port: PORTFOLIO_DEV_ADDR, its documented setting), is looked at, then
stopped with Ctrl+C (SIGINT).
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitekit import REPO, assert_no_placeholder_in, page

from portfolio.model.placeholders import PROMPTS

#: The step of the walkthrough a person does by hand; the test does it as it says.
MANUAL = '# write the decision: answer the prompt under each heading in your own words, then delete its line "draft: true"'


def walkthrough() -> list[str]:
    """The lines of the first code block under "### The first hour" in README.md."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n### The first hour\n", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "no ```sh block under ### The first hour"
    return [line for line in block.group(1).splitlines() if line.strip()]


def _split(line: str) -> tuple[str, str]:
    """``command``, and the comment after it (``""`` when none)."""
    command, _, comment = line.partition("    # ")
    return command.strip(), comment.strip()


def _bin() -> dict[str, str]:
    """The environment of a person whose PATH has this virtualenv's `portfolio`, at no terminal."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", NO_COLOR="1")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _write_it(path: Path) -> None:
    """What the README asks a person to do by hand: answer each prompt, then delete the draft line."""
    text = path.read_text(encoding="utf-8")
    for number, prompt in enumerate(PROMPTS["decision"].values(), 1):
        text = text.replace(prompt, f"My own words, paragraph {number}: the cron batch missed carrier cut-offs twice a week.")
    lines = [line for line in text.splitlines(keepends=True) if line.strip() != "draft: true"]
    assert len(lines) == len(text.splitlines()) - 1, "the entry had no draft: true line"
    path.write_text("".join(lines), encoding="utf-8")


def _look_at_the_preview(command: str, cwd: Path, env: dict[str, str]) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = cwd.parent / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            shlex.split(command), cwd=cwd, env={**env, "PORTFOLIO_DEV_ADDR": f"127.0.0.1:{port}"}, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if _get(base)[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            assert time.monotonic() < deadline, "the preview did not answer within 90 s"
            time.sleep(0.3)
        timeline = BeautifulSoup(_get(base + "timeline/")[1], "html.parser")
        assert [h2.get_text(" ", strip=True) for h2 in timeline.select("section.gp-chapter h2")] == [
            "Before Backend Engineer",
            "Backend Engineer at Fernway",
        ]
        home = BeautifulSoup(_get(base)[1], "html.parser")
        marks = {
            li.a.get_text(strip=True): (li.get("class") or [], li.select_one(".gp-held-label")) for li in home.select(".gp-latest-list li")
        }
        decision = marks.pop("Queue label generation instead of a nightly cron")
        assert decision == ([], None)
        assert marks and all(classes == ["gp-draft"] and label.get_text() == "draft" for classes, label in marks.values())
        assert _get(base + "no/such/page/")[0] == 404
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0


@pytest.mark.slow  # builds a site
def test_the_first_hour_runs_as_the_readme_says(tmp_path: Path) -> None:
    lines = walkthrough()
    assert any(line.startswith("portfolio init ") for line in lines) and MANUAL in lines
    env = _bin()
    cwd = tmp_path
    written: Path | None = None
    summaries = []
    for line in lines:
        if line.startswith("#"):
            assert line == MANUAL, f"a manual step this test does not know: {line!r}"
            assert written is not None, "the walkthrough writes by hand before `new` made the file"
            _write_it(written)
            continue
        command, expected = _split(line)
        if command.startswith("cd "):
            cwd = (cwd / shlex.split(command)[1]).resolve()
            assert cwd.is_dir()
            continue
        if command == "portfolio serve":
            _look_at_the_preview(command, cwd, env)
            continue
        result = subprocess.run(
            command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
        if command.startswith("portfolio new "):
            written = cwd / result.stdout.strip()
            assert written.is_file()
        if command == "portfolio check":
            summaries.append(result.stdout.splitlines()[-1])
            assert result.stdout.splitlines()[-1] == expected, result.stdout

    assert summaries == [
        "6 entries: 0 public, 6 drafts, 0 private; 0 errors, 1 warnings",
        "6 entries: 1 public, 5 drafts, 0 private; 0 errors, 0 warnings",
    ]
    site = cwd / "site"
    assert (site / "index.html").is_file()
    assert_no_placeholder_in(site)
    sections = page(site, "timeline/").select("section.gp-chapter")
    assert [(s["id"], s.h2.get_text(" ", strip=True)) for s in sections] == [
        ("before-fernway-backend-engineer", "Before Backend Engineer"),
        ("role-fernway-backend-engineer", "Backend Engineer at Fernway"),
    ]
    assert [a.get_text() for a in page(site, "decisions/").select("a") if "nightly cron" in a.get_text()] == [
        "Queue label generation instead of a nightly cron"
    ]
    assert not (site / "posts" / "something-i-can-now-explain").exists()  # a starter draft stays out


@pytest.mark.slow  # builds a site
def test_the_readme_quotes_the_error_a_forgotten_prompt_really_gives(tmp_path: Path) -> None:
    """The README shows what `check` says when a draft is published unanswered: it says exactly that."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"`(content/decisions/2021-03-04-[^`]*?:15: error: [^`]*)`", readme)
    assert quoted, "the README quotes no such error"
    env = _bin()
    init, cd, new = walkthrough()[:3]
    root = tmp_path / shlex.split(cd)[1]
    for command, where in ((init, tmp_path), (new, root)):
        assert subprocess.run(command, shell=True, cwd=where, env=env, capture_output=True, timeout=120).returncode == 0
    entry = next((root / "content/decisions").glob("2021-03-04-*.md"))
    entry.write_text(entry.read_text().replace("draft: true\n", ""))

    checked = subprocess.run(["portfolio", "check"], cwd=root, env=env, capture_output=True, text=True, timeout=120)

    assert checked.returncode == 1
    assert quoted.group(1) in checked.stdout.splitlines()


@pytest.mark.parametrize("line", walkthrough())
def test_every_walkthrough_line_is_a_command_a_comment_or_a_cd(line: str) -> None:
    """A positive control on the parsing: the block holds nothing this test would skip silently."""
    command, _ = _split(line)
    assert line == MANUAL or command.startswith(("portfolio ", "cd "))

"""Progress on long work: on a terminal a build, an import and the drawing of cards say what they do, with
counts and a bar; piped (as in every other test), they print nothing of it."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from sitekit import REPO, basic_files, run, write_tree

from portfolio.model.project import locate
from portfolio.site.build import build_site
from portfolio.system.progress import Progress, for_terminal

SITE_URL = "https://ada.example.org/"


class Terminal(io.StringIO):
    """What a terminal would show, written through a stream that says it is one."""

    def isatty(self) -> bool:
        return True

    def shown(self) -> list[str]:
        """Each line as last drawn: a bar redraws itself after carriage returns and cursor codes."""
        text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", self.getvalue())
        return [line.rsplit("\r", 1)[-1].rstrip() for line in text.split("\n") if line.rsplit("\r", 1)[-1].strip()]


def _site(root: Path) -> Path:
    files = basic_files()
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("site_author: Test Person\n", f"site_author: Test Person\nsite_url: {SITE_URL}\n")
    return write_tree(root, files)


@pytest.mark.slow  # builds a site
def test_a_build_on_a_terminal_says_each_step_with_counts_and_a_bar_for_the_cards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, latin_fonts: None
) -> None:
    monkeypatch.chdir(_site(tmp_path))
    terminal = Terminal()

    result = build_site(locate(need_config=True), progress=for_terminal(terminal))

    shown = terminal.shown()
    cards = len(list((tmp_path / "site/assets/previews").rglob("*.png")))
    assert cards >= 8
    assert shown[:3] == [
        "Checking the portfolio…",
        "Staging 6 public entries…",
        f"Rendering {result.staged.pages} pages while drawing {cards} link previews…",
    ]
    # What is left to draw once the engine is done (here, with few cards, all of them: they are drawn in this process).
    assert re.fullmatch(rf"Drawing {cards} link previews  \[#{{30}}\]  {cards}/{cards}", shown[3]), shown[3]
    assert shown[4:] == []
    assert result.staged.pages == len(list((tmp_path / ".portfolio/stage/docs").rglob("*.md")))

    again = Terminal()
    build_site(locate(need_config=True), force=True, progress=for_terminal(again))
    # Nothing to draw the second time: no bar.
    assert again.shown() == ["Checking the portfolio…", "Staging 6 public entries…", f"Rendering {result.staged.pages} pages…"]

    current = Terminal()
    assert build_site(locate(need_config=True), progress=for_terminal(current)).current
    assert current.shown() == ["Checking the portfolio…", "Staging 6 public entries…"]


@pytest.mark.slow  # builds a site
def test_a_build_that_is_piped_prints_no_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, latin_fonts: None) -> None:
    monkeypatch.chdir(_site(tmp_path))

    result = run(["build"])

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == "Built 6 entries into site/ with MkDocs with Material (0 draft or private left out).\n"


def test_an_import_on_a_terminal_shows_a_bar_over_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from portfolio.importers import import_adr

    source = shutil.copytree(REPO / "tests/fixtures/import/adr-tools", tmp_path / "adr")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    files = len(list(source.rglob("*.md")))
    terminal = Terminal()

    report = import_adr(source, work / "content/decisions", progress=for_terminal(terminal))

    assert report.imported
    assert terminal.shown()[-1] == f"Reading {files} files  [{'#' * 30}]  {files}/{files}"
    piped = run(["import", "adr", str(source), "--dry-run"])
    assert "Reading" not in piped.output and "[#" not in piped.output


def test_a_stream_that_is_no_terminal_gets_nothing_and_short_work_no_bar() -> None:
    piped = io.StringIO()
    quiet = for_terminal(piped)
    quiet.step("Rendering 3 pages")
    with quiet.bar("Drawing 20 link previews", 20) as advance:
        advance(20)
    assert piped.getvalue() == "" and not quiet.enabled

    terminal = Terminal()
    with Progress(True, terminal).bar("Drawing 3 link previews", 3) as advance:
        advance(3)
    assert terminal.getvalue() == ""

"""`portfolio init`: a portfolio that builds strictly at once, and never a file overwritten."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sitekit import run, tree_digest

from portfolio.cli import cli
from portfolio.model.skills import preset_text

ANSWERS = ["--author", "Ada Lovelace", "--role", "Backend Engineer", "--org", "Fernway", "--since", "2022-03"]


@pytest.mark.slow
def test_init_into_empty_folder_then_strict_build_has_no_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "me"
    result = run(["init", str(target), "--name", "Ada's portfolio", *ANSWERS])
    assert result.exit_code == 0, result.output
    for rel in (
        "mkdocs.yml",
        "skills.yml",
        "career.yml",
        "theme/main.html",
        ".github/workflows/pages.yml",
        ".gitignore",
        "README.md",
        "requirements.txt",
    ):
        assert (target / rel).is_file(), rel
    kinds = {"decisions", "debugging", "posts", "postmortems", "wins"}
    assert {p.parent.name for p in (target / "content").rglob("*.md")} == kinds
    config = yaml.safe_load((target / "mkdocs.yml").read_text())
    assert config["theme"]["font"] is False
    assert config["site_name"] == "Ada's portfolio" and config["site_author"] == "Ada Lovelace"
    assert {"search", "tags"} <= set(config["plugins"])
    assert (target / "skills.yml").read_text() == preset_text("ai-era")
    assert "site/" in (target / ".gitignore").read_text().split() and ".portfolio/" in (target / ".gitignore").read_text().split()
    assert "Replace the placeholders" not in result.stdout
    monkeypatch.chdir(target)
    check = run(["check"])
    # The starters are drafts: nothing is published yet, and check says so.
    assert check.exit_code == 0 and check.stdout.strip().endswith("5 entries: 0 public, 5 drafts, 0 private; 0 errors, 1 warnings")
    assert ": warning: nothing will be published: all 5 entries are drafts or private;" in check.stdout
    build = run(["build", "--strict"])
    assert build.exit_code == 0, build.output
    assert "WARNING" not in build.output
    assert [line for line in build.stderr.splitlines() if "warning:" in line] == [
        line for line in check.stdout.splitlines() if "warning:" in line
    ]
    assert (target / "site/skills/index.html").is_file()
    assert (target / "site/timeline/index.html").is_file()


def test_init_senior_ladder_preset(tmp_path: Path) -> None:
    assert run(["init", str(tmp_path), "--preset", "senior-ladder", "--since", "2020-01"]).exit_code == 0
    skills = yaml.safe_load((tmp_path / "skills.yml").read_text())
    assert [level["id"] for level in skills["levels"]] == ["junior", "mid", "senior", "staff"]


def test_init_never_overwrites_and_lists_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n# my own comments\n")
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "content/posts/mine.md").write_text("---\ntitle: Mine\ndate: 2020-01-01\n---\nMine.\n")
    before = tree_digest(tmp_path)
    result = run(["init", str(tmp_path), "--since", "2020-01"])
    assert result.exit_code == 0, result.output
    after = tree_digest(tmp_path)
    for rel, digest in before.items():
        assert after[rel] == digest, rel
    assert "skipped " in result.stdout and "mkdocs.yml (already there; not overwritten)" in result.stdout
    assert "content/posts (already there" in result.stdout
    assert not [p for p in (tmp_path / "content/posts").iterdir() if p.name != "mine.md"]
    assert (tmp_path / "skills.yml").exists()
    second = run(["init", str(tmp_path)])  # career.yml is there now: no --since needed
    assert second.exit_code == 0
    assert tree_digest(tmp_path) == after
    assert "wrote" not in second.stdout


def test_init_offers_no_force(tmp_path: Path) -> None:
    result = run(["init", str(tmp_path), "--force"])
    assert result.exit_code == 2


def test_init_onto_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    result = run(["init", str(tmp_path / "afile")])
    assert result.exit_code == 2


# --- the starter role's start, and placeholders ------------------------------------------


def test_the_starter_role_starts_in_the_month_given(tmp_path: Path) -> None:
    result = run(["init", str(tmp_path), *ANSWERS])

    assert result.exit_code == 0, result.output
    career = yaml.safe_load((tmp_path / "career.yml").read_text())
    assert career["person"] == {"name": "Ada Lovelace", "headline": "", "links": {}}
    assert career["roles"] == [
        {"id": "fernway-backend-engineer", "title": "Backend Engineer", "org": "Fernway", "start": dt.date(2022, 3, 1)}
    ]


def test_init_without_since_and_no_terminal_is_a_usage_error_that_writes_nothing(tmp_path: Path) -> None:
    result = run(["init", str(tmp_path / "me"), "--author", "Ada"])

    assert result.exit_code == 2
    assert result.stderr == (
        "error: the starter role in career.yml needs the month it started: pass --since YYYY-MM (e.g. --since 2022-03), "
        "or run `portfolio init` in a terminal to be asked\n"
    )
    assert not (tmp_path / "me").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-3", "'2022-3' is not a month; expected YYYY-MM, e.g. 2022-03"),
        ("2022-13", "'2022-13' is not a month; expected YYYY-MM, e.g. 2022-03"),
        ("2022-03-01", "'2022-03-01' is not a month; expected YYYY-MM, e.g. 2022-03"),
        ("March", "'March' is not a month; expected YYYY-MM, e.g. 2022-03"),
        ("1899-12", "1899-12 is out of range; expected a month from 1900-01 to 2999-12"),
        ("2999-01", "2999-01 is in the future; expected the month your current role started"),
    ],
)
def test_a_since_that_is_not_a_past_month_is_a_usage_error(tmp_path: Path, value: str, message: str) -> None:
    result = run(["init", str(tmp_path / "me"), "--since", value])

    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '--since': {message}\n")
    assert not (tmp_path / "me").exists()


def test_init_asks_in_a_terminal_and_asks_again_after_a_bad_month(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("portfolio.cli._interactive", lambda: True)

    result = CliRunner().invoke(cli, ["init", str(tmp_path / "me")], input="Ada Lovelace\nBackend Engineer\nFernway\n2022-3\n2022-03\n")

    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "Your name, as the site shows it: Ada Lovelace",
        "Your current job title: Backend Engineer",
        "Where you work: Fernway",
        "The month you started there (YYYY-MM): 2022-3",
        "Error: '2022-3' is not a month; expected YYYY-MM, e.g. 2022-03",
        "The month you started there (YYYY-MM): 2022-03",
    ]
    career = yaml.safe_load((tmp_path / "me/career.yml").read_text())
    assert career["roles"][0]["start"] == dt.date(2022, 3, 1) and career["roles"][0]["org"] == "Fernway"
    assert yaml.safe_load((tmp_path / "me/mkdocs.yml").read_text())["site_author"] == "Ada Lovelace"


def test_init_asks_only_for_what_it_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("portfolio.cli._interactive", lambda: True)
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n")
    (tmp_path / "career.yml").write_text("roles: []\n")

    result = CliRunner().invoke(cli, ["init", str(tmp_path)], input="")

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert f"skipped {tmp_path / 'career.yml'} (already there; not overwritten)" in result.stdout.splitlines()


def test_init_without_answers_writes_placeholders_that_check_refuses_to_publish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(["init", str(tmp_path), "--since", "2022-03"])

    assert result.exit_code == 0, result.output
    assert (
        "Replace the placeholders 'Your Name', 'Your job title', 'Your company' "
        "(`portfolio check` names each with file and line); they are never published."
    ) in result.stdout.splitlines()
    monkeypatch.chdir(tmp_path)
    check = run(["check"])
    assert check.exit_code == 1
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert errors == [
        "career.yml:3: error: person.name is still the placeholder 'Your Name' and would be published; write your name, as readers should see it",
        "career.yml:13: error: the title of role 'current-role' is still the placeholder 'Your job title' and would be published; "
        "write your title in this role, e.g. Backend Engineer",
        "career.yml:14: error: the org of role 'current-role' is still the placeholder 'Your company' and would be published; "
        "write the organisation's name",
        "mkdocs.yml:1: error: site_name still holds the placeholder 'Your Name' and would be published; write your name, as readers should see it",
        "mkdocs.yml:2: error: site_author is still the placeholder 'Your Name' and would be published; write your name, as readers should see it",
        "mkdocs.yml:3: error: site_description still holds the placeholder 'Your Name' and would be published; "
        "write your name, as readers should see it",
    ]
    assert all(json_finding["code"] == "placeholder" for json_finding in json.loads(run(["check", "--format", "json"]).stdout)[:3])
    build = run(["build"])
    assert build.exit_code == 1
    assert not (tmp_path / "site").exists()

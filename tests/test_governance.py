"""Decisions that govern code: `affects:` patterns, `portfolio decisions-for`, and `check --changed` naming them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sitekit import basic_files, entry, run, write_tree

from portfolio.authoring.governs import Governing, render_markdown


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def tree() -> dict[str, str]:
    files = basic_files()
    files["mkdocs.yml"] = files["mkdocs.yml"].replace(
        "site_author: Test Person\n", "site_author: Test Person\nsite_url: https://wiki.example.org/\n"
    )
    files["content/decisions/2022-01-01-money.md"] = entry(
        "Idempotency keys on money",
        "2022-01-01",
        status="accepted",
        assumptions=["x"],
        deciders=["Ana"],
        affects=["billing/payments/**", "*.sql"],
    )
    files["content/decisions/2022-02-01-slots.md"] = entry(
        "An exclusion constraint for slots", "2022-02-01", status="accepted", assumptions=["x"], affects="booking/slots"
    )
    files["content/decisions/2022-03-01-proposal.md"] = entry("Only a proposal", "2022-03-01", status="proposed", affects=["billing/**"])
    files["content/decisions/2022-04-01-secret.md"] = entry(
        "Secret rule", "2022-04-01", status="accepted", assumptions=["x"], private=True, affects=["billing/**"]
    )
    files["content/decisions/2022-05-01-draft.md"] = entry(
        "Draft rule", "2022-05-01", status="accepted", assumptions=["x"], draft=True, affects=["booking/**"]
    )
    files["billing/payments/charge.py"] = "print('charge')\n"
    files["booking/slots/find.py"] = "print('slots')\n"
    return files


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_tree(tmp_path, tree())
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_decisions_for_lists_the_accepted_decisions_whose_patterns_match(repo: Path) -> None:
    result = run(["decisions-for", "billing/payments/refund.py", "db/0001_init.sql", "README.md"])

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "1 accepted decision governs these files:",
        "  2022-01-01  Idempotency keys on money",
        "              content/decisions/2022-01-01-money.md",
        "              deciders: Ana",
        "              files: billing/payments/refund.py, db/0001_init.sql",
    ]


def test_decisions_for_json_drafts_and_private_ones(repo: Path) -> None:
    found = json.loads(run(["decisions-for", "--format", "json", "booking/slots/find.py", "billing/x.py"]).stdout)
    assert [(d["slug"], d["files"], d["draft"], d["url"]) for d in found] == [
        ("slots", ["booking/slots/find.py"], False, "https://wiki.example.org/decisions/slots/"),
        ("draft", ["booking/slots/find.py"], True, None),  # drafts are listed, never linked: they are not published
    ]
    with_private = json.loads(run(["decisions-for", "--format", "json", "--private", "billing/x.py"]).stdout)
    assert [d["slug"] for d in with_private] == ["secret"]


def test_decisions_for_paths_are_relative_to_the_working_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "billing")
    result = run(["decisions-for", "-f", "../mkdocs.yml", "payments/charge.py", "--format", "json"])
    assert [d["files"] for d in json.loads(result.stdout)] == [["billing/payments/charge.py"]]


def test_decisions_for_changed_against_a_ref(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    write_tree(repo, {"billing/payments/charge.py": "print('charge twice')\n", "booking/slots/new.py": "x = 1\n"})

    result = run(["decisions-for", "--changed", "main", "--format", "json"])

    assert result.exit_code == 0, result.output
    assert [(d["slug"], d["files"]) for d in json.loads(result.stdout)] == [
        ("money", ["billing/payments/charge.py"]),
        ("slots", ["booking/slots/new.py"]),
        ("draft", ["booking/slots/new.py"]),
    ]


def test_nothing_matches(repo: Path) -> None:
    result = run(["decisions-for", "docs/readme.txt"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "No accepted decision governs this file."
    markdown = run(["decisions-for", "--format", "markdown", "docs/a.txt", "docs/b.txt"]).stdout
    assert markdown.splitlines() == ["### Decisions this change touches", "", "No accepted decision governs the 2 changed files."]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "error: no files given: pass the changed files as PATH arguments, or --changed REF"),
        (["/etc/passwd"], "error: /etc/passwd: outside the repository"),
        (["--changed", "no-such-branch", "x"], "error: --changed no-such-branch: no such git ref"),
        (["--format", "yaml", "x"], "Invalid value for '--format'"),
    ],
)
def test_decisions_for_usage_errors(repo: Path, args: list[str], message: str) -> None:
    result = run(["decisions-for", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_broken_affects_pattern_stops_decisions_for_with_its_line(repo: Path) -> None:
    write_tree(repo, {"content/decisions/2022-06-01-bad.md": entry("Bad", "2022-06-01", status="accepted", affects=["../etc"])})
    result = run(["decisions-for", "billing/x.py"])
    assert result.exit_code == 1
    assert "content/decisions/2022-06-01-bad.md:5: error: 'affects.0': '../etc' leads out of the repository" in result.stderr


def test_markdown_summary_escapes_what_came_from_files() -> None:
    import datetime as dt

    item = Governing(
        "content/decisions/x`y.md",
        "x",
        "Use <script>alert(1)</script> | [a](https://evil.example) *bold*",
        dt.date(2024, 1, 1),
        "accepted",
        ("Ana | Bo",),
        False,
        "https://wiki.example.org/decisions/x (1)/",
        ("src/a|b.py",),
    )
    lines = render_markdown([item], 1).splitlines()
    assert lines[-1] == (
        "| [Use &lt;script&gt;alert(1)&lt;/script&gt; \\| \\[a\\](https://evil.example) \\*bold\\*](https://wiki.example.org/decisions/x%20%281%29/)"
        "<br>``content/decisions/x`y.md`` | 2024-01-01 | Ana \\| Bo | `src/a\\|b.py` |"
    )


def test_check_changed_names_the_decisions_the_change_touches(repo: Path) -> None:
    write_tree(repo, {"billing/payments/charge.py": "print('charge twice')\n"})

    text = run(["check", "--changed", "HEAD"])
    assert text.exit_code == 0
    assert text.stdout.splitlines() == [
        "1 accepted decision governs these files:",
        "  2022-01-01  Idempotency keys on money",
        "              content/decisions/2022-01-01-money.md",
        "              deciders: Ana",
        "              files: billing/payments/charge.py",
        "0 entries: 0 public, 0 drafts, 0 private; 0 errors, 0 warnings",
    ]
    github = run(["check", "--changed", "HEAD", "--format", "github"])
    assert github.stdout.splitlines() == [
        "::notice file=content/decisions/2022-01-01-money.md,line=1,title=decision for the changed files::"
        "Idempotency keys on money governs billing/payments/charge.py",
        "0 entries: 0 public, 0 drafts, 0 private; 0 errors, 0 warnings",
    ]


def test_a_portfolio_in_a_subfolder_matches_paths_from_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {f"wiki/{name}": text for name, text in tree().items() if not name.startswith(("billing/", "booking/"))})
    write_tree(tmp_path, {"billing/payments/charge.py": "x\n"})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    write_tree(tmp_path, {"billing/payments/new.py": "y\n"})  # untracked, named from the root
    monkeypatch.chdir(tmp_path / "wiki")

    found = json.loads(run(["decisions-for", "--changed", "HEAD", "--format", "json"]).stdout)

    assert [(d["slug"], d["files"]) for d in found] == [("money", ["billing/payments/new.py"])]

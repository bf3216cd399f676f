"""`check --changed`: only what a change touched, plus the entries that refer to it; and the pre-commit hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import REPO, basic_files, entry, run, write_tree


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = basic_files()
    # An old problem nobody touches: --changed must not report it.
    files["content/posts/2019-01-01-old.md"] = entry("Old", "2019-01-01", descripton="typo in a key")
    write_tree(tmp_path, files)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "start")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_unchanged_repository_checks_nothing(repo: Path) -> None:
    result = run(["check", "--changed"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "0 entries: 0 public, 0 drafts, 0 private; 0 errors, 0 warnings"
    full = run(["check"])
    assert "warning: unknown key 'descripton'" in full.stdout


def test_changed_entry_is_checked_and_untouched_ones_are_not(repo: Path) -> None:
    write_tree(repo, {"content/posts/2023-05-01-on-queues.md": entry("On queues", "2023-05-01", skills={"debuging": "expert"})})
    result = run(["check", "--changed"])
    assert result.exit_code == 1
    assert "content/posts/2023-05-01-on-queues.md:4: error: unknown skill 'debuging'" in result.stdout
    assert "old.md" not in result.stdout
    assert result.stdout.strip().endswith("1 entries: 1 public, 0 drafts, 0 private; 1 errors, 0 warnings")


def test_entries_referring_to_a_changed_one_are_checked_too(repo: Path) -> None:
    # use-a-queue stops saying it supersedes use-cron; use-cron (unchanged) still points at it.
    write_tree(
        repo,
        {
            "content/decisions/2023-02-01-use-a-queue.md": entry(
                "Use a queue", "2023-02-01", status="accepted", assumptions=["Redis stays up"]
            )
        },
    )
    result = run(["check", "--changed"])
    assert result.exit_code == 0
    assert "content/decisions/2020-03-01-use-cron.md:5: warning: 'superseded_by: use-a-queue' is not returned" in result.stdout
    assert "2 entries" in result.stdout


def test_new_entry_taking_an_unchanged_entrys_slug_is_a_duplicate(repo: Path) -> None:
    write_tree(repo, {"content/posts/2024-01-01-use-cron.md": entry("Another", "2024-01-01")})
    result = run(["check", "--changed"])
    assert result.exit_code == 1
    assert "slug 'use-cron' is already used by content/decisions/2020-03-01-use-cron.md" in result.stdout


def test_links_to_unchanged_entries_resolve(repo: Path) -> None:
    write_tree(
        repo, {"content/decisions/2024-02-01-use-kafka.md": entry("Use Kafka", "2024-02-01", status="proposed", supersedes="use-a-queue")}
    )
    result = run(["check", "--changed"])
    assert "which is no entry's slug" not in result.stdout
    # use-a-queue mentions nothing of use-kafka, so it is not read; its side is checked when it changes.
    assert result.exit_code == 0


def test_a_changed_project_file_checks_everything(repo: Path) -> None:
    (repo / "career.yml").write_text((repo / "career.yml").read_text() + "\n")
    result = run(["check", "--changed"])
    assert "note: a project file changed; checking everything" in result.stderr
    assert "unknown key 'descripton'" in result.stdout


def test_changed_against_another_ref_and_bad_refs(repo: Path) -> None:
    write_tree(repo, {"content/posts/2023-05-01-on-queues.md": entry("On queues", "2023-05-01", skills={"debuging": "expert"})})
    git(repo, "commit", "-qam", "break")
    assert run(["check", "--changed"]).exit_code == 0
    assert run(["check", "--changed", "main~1"]).exit_code == 1
    bad = run(["check", "--changed", "no-such-ref"])
    assert bad.exit_code == 2 and "no such git ref" in bad.stderr


def test_changed_outside_git_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, basic_files())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run(["check", "--changed"])
    assert result.exit_code == 2 and "not a git repository" in result.stderr


def _pre_commit() -> list[str]:
    found = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(found).exists():
        pytest.fail("pre-commit not found: it is in the test extra (pip install -e '.[test]')")
    return [found]


@pytest.mark.slow
def test_pre_commit_hook_from_this_repository(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("the hook test needs this repository as a git checkout")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path_factory.getbasetemp() / "pre-commit-home"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    write_tree(
        repo, {"content/posts/2023-05-01-on-queues.md": entry("On queues", "2023-05-01", date_note="x", skills={"debuging": "expert"})}
    )
    git(repo, "add", ".")
    failing = subprocess.run(
        [*_pre_commit(), "try-repo", str(REPO), "portfolio-check"], cwd=repo, env=env, capture_output=True, text=True, timeout=600
    )
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "unknown skill 'debuging'" in failing.stdout
    write_tree(repo, {"content/posts/2023-05-01-on-queues.md": entry("On queues", "2023-05-01", skills={"debugging": "expert"})})
    git(repo, "add", ".")
    passing = subprocess.run(
        [*_pre_commit(), "try-repo", str(REPO), "portfolio-check"], cwd=repo, env=env, capture_output=True, text=True, timeout=600
    )
    assert passing.returncode == 0, passing.stdout + passing.stderr

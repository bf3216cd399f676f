"""`portfolio deploy` against a real local bare repository as `origin`; the site it pushes is built by each engine."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sitekit import basic_files, entry, require_engine, run, write_tree

from portfolio.site.deploy import pages_url

pytestmark = pytest.mark.slow  # builds, deploys, kills or drives a browser: see CONTRIBUTING.md

CANARY = "qqdeploycanary"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    work = tmp_path / "work"
    files = basic_files()
    files[f"content/posts/2023-06-01-{CANARY}.md"] = entry(f"Secret {CANARY}", "2023-06-01", f"Body {CANARY}", private=True, tags=[CANARY])
    files["content/posts/2023-06-02-draft.md"] = entry("Draft", "2023-06-02", f"Draft {CANARY}", draft=True)
    files[".gitignore"] = "site/\n.portfolio/\n"
    write_tree(work, files)
    git(work, "init", "-q", "-b", "main")
    git(work, "config", "user.name", "Test")
    git(work, "config", "user.email", "test@example.invalid")
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "portfolio")
    git(work, "remote", "add", "origin", str(bare))
    monkeypatch.chdir(work)
    return work


def bare(repo: Path) -> Path:
    return repo.parent / "origin.git"


def branch_files(repo: Path, branch: str = "gh-pages") -> list[str]:
    return git(bare(repo), "ls-tree", "-r", "--name-only", branch).split()


def branch_head(repo: Path, branch: str = "gh-pages") -> str | None:
    result = subprocess.run(["git", "rev-parse", "--verify", "-q", branch], cwd=bare(repo), capture_output=True, text=True)
    return result.stdout.strip() or None


def test_deploy_pushes_site_with_nojekyll_and_cname_and_second_deploy_adds_a_commit(repo: Path, engine: str) -> None:
    result = run(["deploy", "--cname", "me.example.com", "--engine", engine])
    assert result.exit_code == 0, result.output
    assert "Pages URL: https://me.example.com/" in result.stdout
    files = branch_files(repo)
    for name in ("index.html", "skills/index.html", "timeline/index.html", ".nojekyll", "CNAME"):
        assert name in files
    assert git(bare(repo), "show", "gh-pages:CNAME").strip() == "me.example.com"
    first = branch_head(repo)
    second = run(["deploy", "-m", "Second deploy", "--engine", engine])
    assert second.exit_code == 0, second.output
    log = git(bare(repo), "log", "--format=%s", "gh-pages").splitlines()
    assert log[0] == "Second deploy" and len(log) == 2
    assert git(bare(repo), "rev-parse", "gh-pages~1").strip() == first
    assert "CNAME" not in branch_files(repo)


def test_no_canary_in_any_blob_on_the_branch(repo: Path, engine: str) -> None:
    assert run(["deploy", "--engine", engine]).exit_code == 0
    objects = git(bare(repo), "rev-list", "--objects", "gh-pages").split("\n")
    blobs = [line.split()[0] for line in objects if line.strip()]
    for sha in blobs:
        kind = git(bare(repo), "cat-file", "-t", sha).strip()
        if kind == "blob":
            content = subprocess.run(["git", "cat-file", "blob", sha], cwd=bare(repo), check=True, capture_output=True).stdout
            assert CANARY.encode() not in content
        else:
            assert CANARY not in git(bare(repo), "cat-file", "-p", sha)


def test_a_remote_off_github_is_deployed_without_a_pages_url(repo: Path) -> None:
    result = run(["deploy"])
    assert result.exit_code == 0
    assert f"origin ({bare(repo)}) is not a GitHub remote; no Pages URL to show." in result.stdout


def test_a_cname_that_is_no_domain_is_refused_before_building(repo: Path) -> None:
    result = run(["deploy", "--cname", "not a domain"])
    assert result.exit_code == 1
    assert "--cname 'not a domain' is not a domain name" in result.stderr
    assert branch_head(repo) is None and not (repo / "site").exists()


def test_dry_run_lists_files_and_pushes_nothing(repo: Path) -> None:
    result = run(["deploy", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "skills/index.html" in lines and ".nojekyll" in lines
    assert "nothing was pushed" in result.stdout
    assert branch_head(repo) is None
    assert not any(CANARY in line for line in lines)


@pytest.mark.parametrize(
    "engine, breakage, message",
    [
        ("mkdocs", "content-error", "is not a real day"),
        ("mkdocs", "build-warning", "missing.md"),
        ("zensical", "build-warning", "missing.md"),  # the refusals before the build do not depend on the engine
        ("mkdocs", "no-remote", "no git remote named 'upstream'"),
    ],
)
def test_refusals_leave_the_branch_untouched(repo: Path, breakage: str, message: str, engine: str) -> None:
    require_engine(engine)
    assert run(["deploy", "--engine", engine]).exit_code == 0
    head = branch_head(repo)
    args = ["deploy", "--engine", engine]
    if breakage == "content-error":
        write_tree(repo, {"content/posts/bad.md": "---\ntitle: Bad\ndate: 2023-02-30\n---\n"})
    elif breakage == "build-warning":
        write_tree(repo, {"content/posts/2023-08-01-broken.md": entry("Broken", "2023-08-01", "See [this](missing.md).")})
    else:
        args += ["--remote", "upstream"]
    result = run(args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert branch_head(repo) == head


def test_refuses_outside_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path / "plain", basic_files())
    monkeypatch.chdir(tmp_path / "plain")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run(["deploy"])
    assert result.exit_code == 1
    assert "not a git repository" in result.stderr


@pytest.mark.parametrize(
    "remote, url",
    [
        ("git@github.com:ada/portfolio.git", "https://ada.github.io/portfolio/"),
        ("https://github.com/ada/portfolio", "https://ada.github.io/portfolio/"),
        ("https://github.com/Ada/portfolio.git", "https://ada.github.io/portfolio/"),
        ("ssh://git@github.com/ada/portfolio.git", "https://ada.github.io/portfolio/"),
        ("git@github.com:ada/ada.github.io.git", "https://ada.github.io/"),
        ("https://github.com/Ada/ada.github.io", "https://ada.github.io/"),
        ("/srv/git/portfolio.git", None),
        ("https://gitlab.com/ada/portfolio.git", None),
    ],
)
def test_pages_url(remote: str, url: str | None) -> None:
    assert pages_url(remote) == url

"""Path safety: nothing a person types or links makes the tool write outside the portfolio, or read forever.

Slugs, ``--dir``, ``docs_dir``, ``--into`` and import sources cannot lead a write
outside the project folder (``..``, absolute paths, symbolic links pointing out):
those are usage errors (exit 2) and nothing is written. A symbolic link in the
content folder whose target is outside the portfolio is reported and never read
into the site; a linked folder is reported and not walked, so a link loop ends.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from robustkit import canaries_in, output_bytes, run_bounded
from sitekit import basic_files, entry, write_tree

from portfolio.cli import cli

SECRET = "zqxoutsidecanary"


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path/work`` is the portfolio and the working folder; ``tmp_path/outside`` holds a secret."""
    root = write_tree(tmp_path / "work", basic_files())
    outside = tmp_path / "outside"
    write_tree(
        outside,
        {
            "secret.md": entry(f"Secret {SECRET}", "2023-01-01", f"Body {SECRET}"),
            "secret.txt": f"{SECRET}\n",
            "posts/2023-01-01-x.md": entry(f"Also {SECRET}", "2023-01-01"),
        },
    )
    monkeypatch.chdir(root)
    return root


# --- new -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--slug", "../escape"],
        ["--slug", "../../escape"],
        ["--slug", "/tmp/escape"],
        ["--slug", "a/b"],
        ["--dir", "../outside"],
        ["--dir", "content/../../outside"],
        ["--dir", "{outside}"],
    ],
    ids=["slug-dotdot", "slug-dotdot2", "slug-absolute", "slug-slash", "dir-dotdot", "dir-dotdot-inside", "dir-absolute"],
)
def test_new_never_writes_outside_the_portfolio(portfolio: Path, args: list[str]) -> None:
    outside = portfolio.parent / "outside"
    before_outside, before_parent = listing(outside), sorted(os.listdir(portfolio.parent))
    args = [arg.format(outside=outside) for arg in args]
    result = invoke("new", "post", "Escape attempt", "--date", "2024-01-01", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert listing(outside) == before_outside and sorted(os.listdir(portfolio.parent)) == before_parent
    assert not list(portfolio.rglob("*escape*"))


def test_new_refuses_a_docs_dir_outside_the_portfolio(portfolio: Path) -> None:
    (portfolio / "mkdocs.yml").write_text((portfolio / "mkdocs.yml").read_text().replace("docs_dir: content", "docs_dir: ../outside"))
    before = listing(portfolio.parent / "outside")
    result = invoke("new", "post", "Escape attempt", "--date", "2024-01-01")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: docs_dir in mkdocs.yml: ../outside is not inside the portfolio (")
    assert result.stderr.endswith("); `new` writes entries only inside it\n")
    assert listing(portfolio.parent / "outside") == before


def test_new_refuses_a_kind_folder_that_links_outside(portfolio: Path) -> None:
    wins = portfolio / "content" / "wins"
    for path in wins.iterdir():
        path.unlink()
    wins.rmdir()
    wins.symlink_to(portfolio.parent / "outside" / "posts", target_is_directory=True)
    before = listing(portfolio.parent / "outside")
    result = invoke("new", "win", "Escape attempt", "--date", "2024-01-01")
    assert result.exit_code == 2, result.output
    assert "leads outside the content folder" in result.stderr
    assert listing(portfolio.parent / "outside") == before


def test_new_inside_the_portfolio_still_works(portfolio: Path) -> None:
    result = invoke("new", "post", "Fine", "--date", "2024-01-01", "--dir", "content")
    assert result.exit_code == 0, result.output
    assert (portfolio / "content/posts/2024-01-01-fine.md").is_file()
    assert invoke("new", "post", "Fine too", "--date", "2024-01-01", "--dir", str(portfolio / "content")).exit_code == 0


# --- symbolic links in the content folder ----------------------------------------------


def test_a_linked_file_outside_the_portfolio_is_reported_and_never_published(portfolio: Path) -> None:
    outside = portfolio.parent / "outside"
    (portfolio / "content/posts/2023-02-02-linked.md").symlink_to(outside / "secret.md")
    (portfolio / "content/secret.txt").symlink_to(outside / "secret.txt")
    (portfolio / "content/notes").mkdir()
    (portfolio / "content/notes/2023-02-03-inside.md").write_text(entry("Inside", "2023-02-03"))
    (portfolio / "content/posts/2023-02-03-inside.md").symlink_to(portfolio / "content/notes/2023-02-03-inside.md")
    check = invoke("check")
    assert check.exit_code == 0, check.output
    assert "content/posts/2023-02-02-linked.md:1: warning: a symbolic link to " in check.stdout
    assert "content/secret.txt:1: warning: a symbolic link to " in check.stdout
    assert "outside the portfolio" in check.stdout and SECRET not in check.stdout
    assert "inside.md:1: warning" not in check.stdout  # a link that stays inside is fine
    build = invoke("build")
    assert build.exit_code == 0, build.output
    assert canaries_in(output_bytes(portfolio / "site"), [SECRET]) == []
    assert canaries_in(output_bytes(portfolio / ".portfolio"), [SECRET]) == []
    assert (portfolio / "site/posts/inside/index.html").is_file()


@pytest.mark.slow
def test_a_folder_link_loop_is_reported_and_ends(portfolio: Path) -> None:
    content = portfolio / "content"
    (content / "loop").symlink_to(content, target_is_directory=True)
    (content / "posts" / "up").symlink_to(portfolio, target_is_directory=True)
    (content / "posts" / "outside").symlink_to(portfolio.parent / "outside", target_is_directory=True)
    (content / "posts" / "a.md").symlink_to(content / "posts" / "b.md")
    (content / "posts" / "b.md").symlink_to(content / "posts" / "a.md")
    check = run_bounded(["check"], portfolio, timeout=30)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "Traceback" not in check.stderr
    assert "content/loop:1: warning: a symbolic link to a folder is not followed" in check.stdout
    assert "content/posts/up:1: warning: a symbolic link to a folder is not followed" in check.stdout
    assert "content/posts/a.md:1: error: cannot read this file: Too many levels of symbolic links" in check.stdout
    assert SECRET not in check.stdout
    (content / "posts" / "a.md").unlink()
    (content / "posts" / "b.md").unlink()
    build = run_bounded(["build"], portfolio, timeout=120)
    assert build.returncode == 0, build.stderr[-2000:]
    assert canaries_in(output_bytes(portfolio / "site"), [SECRET]) == []


# --- build's output folder --------------------------------------------------------------


@pytest.mark.parametrize("target", [".", "content", ".portfolio", ".."], ids=["root", "content", "work-dir", "parent"])
def test_build_refuses_to_replace_the_portfolio_itself(portfolio: Path, target: str) -> None:
    before = listing(portfolio / "content")
    result = invoke("build", "-d", target)
    assert result.exit_code == 2, result.output
    assert "refusing to replace this folder" in result.stderr
    assert listing(portfolio / "content") == before and (portfolio / "mkdocs.yml").is_file()


# --- import (written by its own engineer; these run once portfolio.importers exists) -------

ADR = """\
# {n}. {title}

Date: 2023-0{n}-01

## Status

Accepted

## Context

Context of {title}.

## Decision

We decide.

## Consequences

Things happen.
"""


@pytest.fixture
def adr_source(portfolio: Path) -> Path:
    pytest.importorskip("portfolio.importers")
    src = portfolio.parent / "adrs"
    write_tree(
        src,
        {
            "0001-record-decisions.md": ADR.format(n=1, title="Record decisions"),
            "0002-escape.md": ADR.format(n=2, title="../../../../escape /etc/passwd"),
        },
    )
    return src


@pytest.mark.parametrize("into", ["../outside", "{outside}", "content/../../outside"], ids=["dotdot", "absolute", "dotdot-inside"])
def test_import_never_writes_outside_the_portfolio(portfolio: Path, adr_source: Path, into: str) -> None:
    outside = portfolio.parent / "outside"
    before = listing(outside)
    result = invoke("import", "adr", str(adr_source), "--into", into.format(outside=outside))
    assert result.exit_code == 2, result.output
    assert listing(outside) == before


@pytest.mark.slow
def test_import_titles_and_source_links_stay_inside(portfolio: Path, adr_source: Path) -> None:
    (adr_source / "0003-linked.md").symlink_to(portfolio.parent / "outside" / "secret.md")
    (adr_source / "loop").symlink_to(adr_source, target_is_directory=True)
    before_parent = sorted(os.listdir(portfolio.parent))
    before_sources = listing(adr_source)
    run = run_bounded(["import", "adr", str(adr_source)], portfolio, timeout=60)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode in (0, 1), run.stdout + run.stderr
    assert sorted(os.listdir(portfolio.parent)) == before_parent
    assert listing(adr_source) == before_sources
    written = list((portfolio / "content" / "decisions").glob("*escape*"))
    assert written and all(p.resolve().is_relative_to(portfolio / "content" / "decisions") for p in written)
    assert canaries_in(output_bytes(portfolio / "content"), [SECRET]) == []

"""One home per helper, each pinned by a table: slugs, code fences, front matter, writing files, git, walks."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sitekit import basic_files, write_tree

from portfolio.cli import cli
from portfolio.model.front_matter import dump_front_matter, split_front_matter
from portfolio.model.markup import fenced, first_h1, headings, link_targets
from portfolio.model.slugs import MAX_SLUG, slug_from_filename, slugify
from portfolio.system.files import write_if_changed, write_new
from portfolio.system.git import redact
from portfolio.system.walk import walk

# --- slugs: permalinks, one rule ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Straße", "strasse"),
        ("Über Straßen-Caching", "uber-strassen-caching"),
        ("张伟", "zhangwei"),
        ("Café crème", "cafe-creme"),
        ("Ærøskøbing", "aeroskobing"),
        ("Łódź", "lodz"),
        ("Привет мир", "privet-mir"),
        ("  --Hello,   World!--  ", "hello-world"),
        ("Use Postgres (not MySQL) for v2.0", "use-postgres-not-mysql-for-v2-0"),
        ("?!… — ?", ""),
        ("", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("2024-03-01-straße", "strasse"),
        ("2024-3-1-non-padded", "non-padded"),
        ("20240301-log4brains-style", "log4brains-style"),
        ("2024-03-01", "2024-03-01"),
        ("plain-name", "plain-name"),
    ],
)
def test_slug_from_a_file_name(stem: str, slug: str) -> None:
    assert slug_from_filename(stem) == slug


def test_a_long_slug_is_cut_at_a_word_within_the_one_limit() -> None:
    slug = slugify("word " * 60)
    assert len(slug) <= MAX_SLUG and slug.endswith("word") and "--" not in slug
    assert slugify("x" * 300) == "x" * MAX_SLUG


def test_strasse_gives_one_slug_from_new_import_and_a_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, basic_files())
    write_tree(tmp_path, {"adrs/0001-x.md": "# 1. Straße\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n"})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", "adr", "adrs", "--dry-run"])
    assert "-> content/decisions/2024-01-01-strasse.md" in imported.stdout
    made = runner.invoke(cli, ["new", "post", "Straße", "--date", "2024-01-02"])
    assert made.exit_code == 0, made.output
    assert made.stdout.strip() == "content/posts/2024-01-02-strasse.md"
    # Now the slug is taken, and the import says so in those very words: the same slug.
    imported = runner.invoke(cli, ["import", "adr", "adrs"])
    assert "the slug 'strasse' is already used by content/posts/2024-01-02-strasse.md" in imported.stdout
    from portfolio.model.entries import load_file

    (tmp_path / "content/wins/2024-01-03-straße.md").write_text("---\ntitle: Win\ndate: 2024-01-03\nimpact: x\n---\n")
    record, _ = load_file(tmp_path / "content/wins/2024-01-03-straße.md", tmp_path / "content")
    assert record is not None and record.slug == "strasse"  # type: ignore[union-attr]


# --- code fences: CommonMark's rules, once ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("```\n~~~\n## Status\n```\n## Status", [True, True, True, True, False]),
        ("````\n```\n# Title\n````\n# Title", [True, True, True, True, False]),
        ("~~~ python\n```\n~~~\nafter", [True, True, True, False]),
        ("``` a`b\nnot a fence", [False, False]),
        ("   ```\ncode\n   ```\ntext", [True, True, True, False]),
        ("    ```\nindented four: not a fence", [False, False]),
        ("```\n``` not closing\n```", [True, True, True]),
    ],
)
def test_fenced_lines(text: str, code: list[bool]) -> None:
    assert [inside for _, inside in fenced(text.split("\n"))] == code


def test_headings_and_links_outside_code_only() -> None:
    body = "# Real\n````\n```\n# Not a title\n````\n[a](a.md) `[b](b.md)`\n```\n[c](c.md)\n```\n![d](d.png)"
    assert first_h1("````\n```\n# Fake\n````\n# Real") == ("Real", 4)
    assert [text for _, _, text in headings(body)] == ["Real"]
    assert link_targets(body) == ["a.md", "d.png"]


def test_the_adr_importer_reads_status_and_title_outside_fences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were: a ## Status inside a backtick fence holding a ~~~ line was read as the heading (the record came
    in as superseded, the real section was lost); a # Title inside a four-backtick fence holding a
    three-backtick line became the title."""
    write_tree(tmp_path, basic_files())
    write_tree(
        tmp_path,
        {
            "adrs/0001-fenced.md": (
                "# 1. The real title\n\nDate: 2024-01-01\n\n"
                "## Context\n\n````markdown\n```\n# A title in an example\n```\n````\n\n"
                "```text\n~~~\n## Status\n\nSuperseded by nothing\n```\n\n"
                "## Status\n\nAccepted\n"
            )
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["import", "adr", "adrs"])
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "content/decisions").glob("*real-title*.md")
    meta, _ = yaml.safe_load_all(written.read_text().split("---\n", 2)[1]), None
    front = next(meta)
    assert front["title"] == "The real title" and front["status"] == "accepted"


# --- front matter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "meta",
    [
        {"title": "Ünïcode — “quotes”", "date": dt.date(2024, 1, 5), "tags": ["a", "b"]},
        {"title": "x: y # not a comment", "content": "a key named content", "handler": 1},
        {"title": "long " * 400},
    ],
)
def test_front_matter_round_trips(meta: dict) -> None:
    text = dump_front_matter(meta, "Body\n\nmore")
    front, first_line, body, body_line = split_front_matter(text)
    assert front is not None and first_line == 2 and body.strip() == "Body\n\nmore"
    assert yaml.safe_load(front) == meta
    assert text.count("\n---\n") == 1 and text.endswith("more\n")


def test_no_meta_writes_no_front_matter() -> None:
    assert dump_front_matter({}, "Just text") == "Just text\n"


# --- writing files ------------------------------------------------------------------------


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.md"
    assert write_new(path, "first") is True
    assert write_new(path, "second") is False
    assert path.read_text() == "first"


def test_write_if_changed_keeps_the_time_stamp_of_an_unchanged_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    assert write_if_changed(path, b"one") is True
    stamp = path.stat().st_mtime_ns
    assert write_if_changed(path, b"one") is False and path.stat().st_mtime_ns == stamp
    assert write_if_changed(path, b"two") is True and path.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]  # no temporary file left


# --- git ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("https://maya:ghp_secret@github.com/maya/site.git", "https://***@github.com/maya/site.git"),
        ("https://x-access-token:tok@github.com/a/b", "https://***@github.com/a/b"),
        ("fatal: unable to access 'https://u:p@host/x/': 403", "fatal: unable to access 'https://***@host/x/': 403"),
        ("git@github.com:maya/site.git", "git@github.com:maya/site.git"),
        ("ssh://git@host:22/x.git", "ssh://***@host:22/x.git"),
        ("/srv/git/site.git", "/srv/git/site.git"),
    ],
)
def test_redact(text: str, shown: str) -> None:
    assert redact(text) == shown


# --- walks --------------------------------------------------------------------------------


def test_walk_sees_links_and_special_files_without_following_or_opening_them(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "x", "sub/b.md": "y", ".hidden/c.md": "z", ".x.swp": "s"})
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "to-a.md").symlink_to(tmp_path / "a.md")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.md")
    skipped: list[str] = []
    found = {(item.rel, item.kind, item.is_dir) for item in walk(tmp_path, skipped=lambda path, rel: skipped.append(rel))}
    expected = {("a.md", "file", False), ("sub/b.md", "file", False), ("loop", "link", True), ("to-a.md", "link", False)}
    if hasattr(os, "mkfifo"):
        expected.add(("pipe.md", "special", False))
    assert found == expected
    assert sorted(skipped) == [".hidden", ".x.swp"]

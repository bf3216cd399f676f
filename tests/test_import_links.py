"""Links out of an import, the date chain and the options that steer them (--base-url, --undated).

The addresses each source site publishes a file at are computed as the
generators name their pages; these tests pin that rule per generator, and
the command-line checks of both options.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sitekit import MKDOCS_YML

from portfolio.importers import import_adr, normalise_base_url, parse_undated
from portfolio.importers.common import name_date, title_from_name
from portfolio.importers.published import SourceSite

BASE = "https://docs.example.org/"


@pytest.mark.parametrize(
    ("style", "directory_urls", "source", "target", "expected"),
    [
        # MkDocs / Material and plain ADR folders: file-relative, x.md -> x/
        ("mkdocs", True, "adr/0001-a.md", "0002-b.md", "https://docs.example.org/adr/0002-b/"),
        ("mkdocs", True, "adr/0001-a.md", "../guide/setup.md#install", "https://docs.example.org/guide/setup/#install"),
        ("mkdocs", True, "adr/0001-a.md", "../guide/index.md", "https://docs.example.org/guide/"),
        ("mkdocs", True, "adr/0001-a.md", "../README.md", "https://docs.example.org/"),
        ("mkdocs", True, "adr/0001-a.md", "../runbooks/postgres/", "https://docs.example.org/runbooks/postgres/"),
        ("mkdocs", True, "adr/0001-a.md", "../diagrams/orders.svg", "https://docs.example.org/diagrams/orders.svg"),
        ("mkdocs", False, "adr/0001-a.md", "../guide/setup.md", "https://docs.example.org/guide/setup.html"),
        ("mkdocs", True, "adr/0001-a.md", "/about/", "https://docs.example.org/about/"),
        ("mkdocs", True, "adr/0001-a.md", "../guide/a%20b.md?x=1", "https://docs.example.org/guide/a%20b/?x=1"),
        # Jekyll: about.md -> about.html, or about/ with permalink: pretty
        ("jekyll", False, "_posts/2017-2-5-x.md", "../about.md", "https://docs.example.org/about.html"),
        ("jekyll", True, "_posts/2017-2-5-x.md", "../runbooks/cutover.md", "https://docs.example.org/runbooks/cutover/"),
        # Hugo: links are read against the page's own address; a .md link names that file's page
        ("hugo", True, "posts/reviewed-twice.md", "../../docs/style/", "https://docs.example.org/docs/style/"),
        ("hugo", True, "posts/reviewed-twice.md", "checklist.md", "https://docs.example.org/posts/checklist/"),
        ("hugo", True, "posts/bundle/index.md", "data.csv", "https://docs.example.org/posts/bundle/data.csv"),
        # log4brains: records at adr/<slug>; other links read against that address
        ("log4brains", True, "20210607-x.md", "../perf/rendering.md", "https://docs.example.org/perf/rendering.md"),
        ("log4brains", True, "20201016-x.md", "20200926-y.md#links", "https://docs.example.org/adr/20200926-y#links"),
    ],
)
def test_published_address_per_generator(tmp_path, style, directory_urls, source, target, expected):
    site = SourceSite(tmp_path, style, directory_urls, prefix="adr/" if style == "log4brains" else "")
    assert site.absolute(BASE, tmp_path / source, target) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://docs.example.org", "https://docs.example.org/"),
        ("https://docs.example.org/team/adr", "https://docs.example.org/team/adr/"),
        ("http://localhost:8000/", "http://localhost:8000/"),
        ("https://docs.example.org/x/#top", "https://docs.example.org/x/"),
    ],
)
def test_base_url_is_normalised(value, expected):
    assert normalise_base_url(value) == expected


@pytest.mark.parametrize(
    "value", ["docs.example.org", "ftp://example.org/", "https://", "https:///x", "https://a b/", "javascript:alert(1)"]
)
def test_base_url_that_is_no_site_is_refused(value):
    with pytest.raises(ValueError, match="expected the URL of the site the collection came from"):
        normalise_base_url(value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base-url", "docs.example.org"], "expected the URL of the site the collection came from"),
        (["--undated", "yesterday"], "expected mtime, skip or a date YYYY-MM-DD"),
        (["--undated", "2024-02-30"], "expected mtime, skip or a date YYYY-MM-DD"),
        (["--undated", "1066-10-14"], "expected a date from 1900-01-01 to 2999-12-31"),
        (["--undate", "mtime"], None),  # a misspelt option: Click's own message
    ],
)
def test_bad_option_values_are_usage_errors(project, tmp_path, args, message):
    project.write({"mkdocs.yml": MKDOCS_YML, "sources/adr/0001-x.md": "# X\n\n## Status\n\nAccepted\n"})
    for command in ("adr", "posts"):
        result = project.invoke("import", command, "sources/adr", *args)
        assert result.exit_code == 2, result.output
        assert message is None or message in result.stderr
    assert not (project.root / "content/decisions").exists() and not (project.root / "content/posts").exists()


def test_undated_values():
    assert parse_undated("skip") == "skip"
    assert parse_undated(" MTIME ") == "mtime"
    assert parse_undated("2020-02-29") == dt.date(2020, 2, 29)


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("2024-03-01-x.md", dt.date(2024, 3, 1)),
        ("2017-2-5-moving.md", dt.date(2017, 2, 5)),
        ("20201016-use-markdown.md", dt.date(2020, 10, 16)),
        ("20201016.md", dt.date(2020, 10, 16)),
        ("0001-use-markdown.md", None),
        ("20201399-not-a-day.md", None),
        ("12345678-nope.md", None),
        ("2024-02-30-nope.md", None),
        ("2024-03-01x.md", None),
    ],
)
def test_date_in_a_file_name(name, day):
    assert name_date(Path("/src") / name) == day


def test_date_of_a_page_bundle_is_its_folders():
    assert name_date(Path("/src/2022-08-01-cold-starts/index.md")) == dt.date(2022, 8, 1)


@pytest.mark.parametrize(
    ("name", "style", "title"),
    [
        ("2017-2-5-moving-to-kubernetes.md", "jekyll", "Moving To Kubernetes"),
        ("notes-without-a-title.md", "mkdocs", "Notes without a title"),
        ("draft_roadmap.md", "mkdocs", "Draft roadmap"),
        ("Q3-Plan.md", "mkdocs", "Q3 Plan"),
        ("20201016-use-markdown.md", "mkdocs", "Use markdown"),
    ],
)
def test_title_from_a_file_name(name, style, title):
    assert title_from_name(Path(name), style) == title


def test_undated_mtime_and_day(project, tmp_path):
    """No date anywhere and no git: skipped by default, dated by --undated when asked, and each line says where the date came from."""
    project.write({"mkdocs.yml": MKDOCS_YML})
    src = tmp_path / "sources" / "loose"
    src.mkdir(parents=True)
    record = src / "0001-pick-a-queue.md"
    record.write_text("# Pick a queue\n\n## Status\n\nAccepted\n", encoding="utf-8")
    stamp = dt.datetime(2019, 7, 4, 12, 0).timestamp()
    os.utime(record, (stamp, stamp))

    skipped = project.invoke("import", "adr", src, "--dry-run")
    assert skipped.stdout.splitlines()[-1] == "would import 0, skipped 1, failed 0 (dry run: nothing written)"
    assert "or import with --undated mtime (the file's modification time) or --undated YYYY-MM-DD" in skipped.stdout

    by_mtime = import_adr(src, Path("content/decisions"), undated="mtime", dry_run=True)
    assert [dst.name for _, dst in by_mtime.imported] == ["2019-07-04-pick-a-queue.md"]
    assert by_mtime.dated[record] == "the file's modification time (--undated mtime)"

    result = project.invoke("import", "adr", src, "--undated", "2020-01-31")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].endswith("content/decisions/2020-01-31-pick-a-queue.md (date from --undated 2020-01-31)")

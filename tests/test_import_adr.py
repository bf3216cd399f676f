"""`portfolio import adr`: adr-tools, MADR 2 and MADR 3/4 records become decision entries.

The fixtures under tests/fixtures/import/ are records written for these tests,
following each format's published template. Every test imports a copy, so the
checkout is never written to, and asserts the sources stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sitekit import MKDOCS_YML, soup, tree_digest

from portfolio.importers import ImportReport, import_adr
from portfolio.importers.adr import detect_format, parse_status
from portfolio.model.yamlio import load_with_lines

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
GIT_DAY = "2021-06-15"
NO_DATE = (
    "no date in the record or its file name, and no git history of SRC gives one; add 'date: YYYY-MM-DD' to it, "
    "or import with --undated mtime (the file's modification time) or --undated YYYY-MM-DD"
)


# --- helpers --------------------------------------------------------------------------------


@pytest.fixture
def site(project):
    """The conftest project (the working folder) with an mkdocs.yml, ready to import into."""
    project.write({"mkdocs.yml": MKDOCS_YML})
    return project


def copy_fixture(name: str, root: Path) -> Path:
    dest = root / "sources" / name
    shutil.copytree(FIXTURES / name, dest)
    return dest


def read_entry(path: Path) -> tuple[dict, str]:
    """(front matter as `check` reads it, body) of an imported entry."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", text, re.S)
    assert match, f"no front matter in {path}:\n{text}"
    data, _ = load_with_lines(match.group(1))
    return data, match.group(2)


def by_name(report: ImportReport) -> dict[str, Path]:
    return {src.name: dst for src, dst in report.imported}


def reasons(report: ImportReport) -> dict[str, str]:
    return {src.name: reason for src, reason in report.skipped}


def notes(report: ImportReport, name: str) -> list[str]:
    return [message for src, message in report.notes if src.name == name]


def git_commit_all(repo: Path, day: str = GIT_DAY) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "records"],
    ):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


# --- adr-tools (Nygard) --------------------------------------------------------------------------


def test_adr_tools_front_matter_and_skips(site, tmp_path):
    src = copy_fixture("adr-tools", tmp_path)
    report = import_adr(src, Path("content/decisions"))

    files = by_name(report)
    assert report.failed == []
    assert len(files) == 7
    assert {name: p.name for name, p in files.items()}[
        "0001-record-architecture-decisions.md"
    ] == "2019-01-14-record-architecture-decisions.md"

    data, body = read_entry(files["0001-record-architecture-decisions.md"])
    assert data == {"title": "Record architecture decisions", "date": "2019-01-14", "status": "accepted", "adr": 1}
    assert "# 1. Record architecture decisions" not in body  # the H1 only repeated the title
    assert body.lstrip().startswith("Date: 2019-01-14")  # the prose is kept as written
    assert "## Consequences" in body

    pending, _ = read_entry(files["0003-adopt-structured-logging.md"])
    assert (pending["status"], pending["status_note"]) == ("proposed", "Pending")
    assert any("'Pending' imported as 'proposed'" in n for n in notes(report, "0003-adopt-structured-logging.md"))

    partly, _ = read_entry(files["0006-cache-sessions-in-redis.md"])
    assert partly["status"] == "superseded"
    assert partly["status_note"] == "Partly superseded by 7. Keep sessions in signed cookies"

    assert reasons(report) == {
        "0008-retire-the-legacy-export-api.md": NO_DATE,
        "README.md": "an index of the records (README), not a record",
        "template.md": "a template, not a record",
    }


def test_adr_tools_supersedes_graph_both_sides(site, tmp_path):
    report = import_adr(copy_fixture("adr-tools", tmp_path), Path("content/decisions"))
    meta = {name: read_entry(path)[0] for name, path in by_name(report).items()}

    # Both records say it (adr-tools writes both sides).
    assert meta["0002-use-postgresql-for-the-job-queue.md"]["status"] == "superseded"
    assert meta["0002-use-postgresql-for-the-job-queue.md"]["superseded_by"] == ["move-the-job-queue-to-a-dedicated-broker"]
    assert meta["0005-move-the-job-queue-to-a-dedicated-broker.md"]["supersedes"] == ["use-postgresql-for-the-job-queue"]
    assert meta["0005-move-the-job-queue-to-a-dedicated-broker.md"]["status"] == "accepted"
    # Only the older record says it: the newer one gets the other side.
    assert meta["0006-cache-sessions-in-redis.md"]["superseded_by"] == ["keep-sessions-in-signed-cookies"]
    assert meta["0007-keep-sessions-in-signed-cookies.md"]["supersedes"] == ["cache-sessions-in-redis"]
    # "Amended by" is no supersedes relation.
    assert "supersedes" not in meta["0004-split-billing-out-of-the-monolith.md"]
    assert "superseded_by" not in meta["0004-split-billing-out-of-the-monolith.md"]
    assert "supersedes" not in meta["0006-cache-sessions-in-redis.md"]


def test_adr_tools_links_rewritten_and_attachments_copied(site, tmp_path):
    src = copy_fixture("adr-tools", tmp_path)
    report = import_adr(src, Path("content/decisions"))
    files = by_name(report)

    _, billing = read_entry(files["0004-split-billing-out-of-the-monolith.md"])
    assert "Amended by [6. Cache sessions in Redis](cache-sessions-in-redis.md)" in billing
    assert "[ADR 2](use-postgresql-for-the-job-queue.md#decision)" in billing  # ./ and #fragment
    assert "[context diagram](images/billing-context.svg)" in billing
    assert (site.root / "content/decisions/images/billing-context.svg").read_bytes() == (src / "images/billing-context.svg").read_bytes()

    _, broker = read_entry(files["0005-move-the-job-queue-to-a-dedicated-broker.md"])
    assert "Supersedes [2. Use PostgreSQL for the job queue](use-postgresql-for-the-job-queue.md)" in broker
    assert "[queue]: use-postgresql-for-the-job-queue.md" in broker  # a reference definition
    assert "0002-" not in broker
    assert not [n for _, n in report.notes if "leads to a file" in n]


# --- MADR 2 -----------------------------------------------------------------------------------


def test_madr2_bullets_deciders_and_status(site, tmp_path):
    report = import_adr(copy_fixture("madr-2", tmp_path), Path("content/decisions"))
    files = by_name(report)

    assert reasons(report) == {"index.md": "an index of the records, not a record", "template.md": "a template, not a record"}
    assert len(files) == 5
    first, body = read_entry(files["0000-record-decisions-with-madr.md"])
    assert first == {
        "title": "Record decisions with MADR",
        "date": "2020-03-02",
        "status": "accepted",
        "adr": 0,
        "deciders": ["Ana Lima", "Bo Chen"],
    }
    assert "## Considered Options" in body and "* Status: accepted" in body

    framework, body = read_entry(files["0001-choose-a-frontend-framework.md"])
    assert framework["deciders"] == ["Ana Lima", "Bo Chen", "Priya Raman"]
    assert framework["date"] == "2020-05-04"
    assert "Technical Story: STORE-412" in body
    assert "[ADR-0002](use-rest-for-the-public-api.md)" in body
    assert "Refined by [ADR-0003](offer-graphql-alongside-rest.md)" in body

    rejected, _ = read_entry(files["0004-build-our-own-search-index.md"])
    assert rejected["status"] == "rejected" and "status_note" not in rejected


def test_madr2_superseded_by_one_side_only(site, tmp_path):
    report = import_adr(copy_fixture("madr-2", tmp_path), Path("content/decisions"))
    files = by_name(report)

    rest, _ = read_entry(files["0002-use-rest-for-the-public-api.md"])
    graphql, body = read_entry(files["0003-offer-graphql-alongside-rest.md"])
    assert (rest["status"], rest["superseded_by"]) == ("superseded", ["offer-graphql-alongside-rest"])
    assert (graphql["status"], graphql["supersedes"]) == ("accepted", ["use-rest-for-the-public-api"])
    assert "([ADR-0001](choose-a-frontend-framework.md#decision-outcome))" in body
    assert "[the earlier record](use-rest-for-the-public-api.md)" in body


# --- MADR 3 / 4 ------------------------------------------------------------------------------------


def test_madr3_4_front_matter(site, tmp_path):
    report = import_adr(copy_fixture("madr-3-4", tmp_path), Path("content/decisions"))
    files = by_name(report)

    utc, body = read_entry(files["0032-store-timestamps-in-utc.md"])
    # nav_order 0032 is no octal 26 and no record number; the date had a time and a zone.
    assert utc == {
        "title": "Store timestamps in UTC",
        "date": "2022-11-03",
        "status": "accepted",
        "adr": 32,
        "deciders": ["Tom Ek", "Ana Lima"],
    }
    assert body.lstrip().startswith("* Consulted: Data platform team\n* Informed: Support, Finance\n")
    assert "# Store timestamps in UTC" not in body

    zipkin, body = read_entry(files["0045-trace-requests-with-zipkin.md"])
    otel, _ = read_entry(files["0057-adopt-opentelemetry.md"])
    assert zipkin["deciders"] == ["Ana Lima", "Tom Ek"]  # MADR 3 `deciders:` as a string
    assert (zipkin["status"], zipkin["superseded_by"]) == ("superseded", ["adopt-opentelemetry"])  # "superseded by ADR-0057"
    assert (otel["status"], otel["supersedes"], otel["deciders"]) == ("accepted", ["trace-requests-with-zipkin"], ["Priya Raman", "Tom Ek"])
    assert "[ADR-0057](adopt-opentelemetry.md)" in body

    assert reasons(report) == {
        "0058-review-feature-flags-quarterly.md": NO_DATE,
        "README.md": "an index of the records (README), not a record",
        "adr-template-minimal.md": "a template, not a record",
        "adr-template.md": "a template, not a record",
    }


def test_a_numbered_record_about_templates_is_a_record(site, tmp_path):
    # MADR's own decision log has `0019-consequences-in-minimal-template.md`: a record whose
    # name ends in "-template.md". Only unnumbered, undated names say "template" by themselves.
    src = tmp_path / "sources" / "decisions"
    src.mkdir(parents=True)
    (src / "0019-consequences-in-minimal-template.md").write_text(
        "---\nstatus: accepted\ndate: 2024-05-02\n---\n# Keep Consequences in the minimal template\n\n"
        "## Context and Problem Statement\n\nIs the section optional?\n\n## Decision Outcome\n\nChosen option: required.\n",
        encoding="utf-8",
    )
    (src / "20240503-dated-review-template.md").write_text(
        "# Review the review template\n\n- Status: proposed\n- Date: 2024-05-03\n\n## Decision\n\nWe keep it.\n",
        encoding="utf-8",
    )
    (src / "0020-blank-template.md").write_text(
        "---\nstatus: proposed\ndate: 2024-05-04\n---\n# {short title of solved problem and solution}\n\n## Decision Outcome\n\n{option}\n",
        encoding="utf-8",
    )
    (src / "nygard-template.md").write_text("# Title\n\n## Status\n\nAccepted\n", encoding="utf-8")
    (src / "adr-template-minimal.md").write_text("# {short title}\n\n## Status\n\n{status}\n", encoding="utf-8")

    report = import_adr(src, Path("content/decisions"))

    files = by_name(report)
    assert set(files) == {"0019-consequences-in-minimal-template.md", "20240503-dated-review-template.md"}
    record, _ = read_entry(files["0019-consequences-in-minimal-template.md"])
    assert (record["title"], record["date"], record["status"], record["adr"]) == (
        "Keep Consequences in the minimal template",
        "2024-05-02",
        "accepted",
        19,
    )
    assert read_entry(files["20240503-dated-review-template.md"])[0]["date"] == "2024-05-03"
    assert reasons(report) == {
        "0020-blank-template.md": "a template, not a record (its title '{short title of solved problem and solution}' is a placeholder)",
        "nygard-template.md": "a template, not a record",
        "adr-template-minimal.md": "a template, not a record",
    }


@needs_git
def test_record_without_date_takes_the_day_git_first_saw_it(site, tmp_path):
    src = copy_fixture("madr-3-4", tmp_path)
    nygard = copy_fixture("adr-tools", tmp_path)
    git_commit_all(src)
    git_commit_all(nygard, "2022-02-02")

    report = import_adr(src, Path("content/decisions"))
    flags, body = read_entry(by_name(report)["0058-review-feature-flags-quarterly.md"])
    assert flags == {"title": "Review feature flags every quarter", "date": GIT_DAY, "status": "proposed", "adr": 58}
    assert by_name(report)["0058-review-feature-flags-quarterly.md"].name == f"{GIT_DAY}-review-feature-flags-every-quarter.md"
    assert report.dated[src / "0058-review-feature-flags-quarterly.md"] == "git history (the first commit of the file)"
    assert "no status given; imported as 'proposed'" in notes(report, "0058-review-feature-flags-quarterly.md")
    # A record that has a date keeps it; git is asked only when there is none.
    assert read_entry(by_name(report)["0032-store-timestamps-in-utc.md"])[0]["date"] == "2022-11-03"

    retired, _ = read_entry(by_name(import_adr(nygard, Path("content/decisions")))["0008-retire-the-legacy-export-api.md"])
    assert (retired["date"], retired["status"]) == ("2022-02-02", "deprecated")


# --- the whole import: check, build, idempotence, untouched sources ----------------------------------


@pytest.mark.slow
def test_imported_records_pass_check_and_build_strict(site, tmp_path):
    sources = [copy_fixture(name, tmp_path) for name in ("adr-tools", "madr-2", "madr-3-4")]
    for src in sources:
        result = site.invoke("import", "adr", src)
        assert result.exit_code == 0, result.output

    checked = site.check()
    assert checked.exit_code == 0
    assert checked.summary.startswith("15 entries: ") and "; 0 errors, " in checked.summary
    assert all("no-assumptions" in line or "accepted decision" in line for line in checked.findings)

    built = site.invoke("build", "--strict")
    assert built.exit_code == 0, built.output
    page = soup(site.root / "site/decisions/cache-sessions-in-redis/index.html")
    header = page.select_one(".gp-header")
    assert header.select_one(".gp-adr").get_text() == "ADR 6"
    assert header.select_one(".gp-status-note").get_text() == "(Partly superseded by 7. Keep sessions in signed cookies)"
    assert [a["href"] for a in header.select(".gp-facts a")] == ["../keep-sessions-in-signed-cookies/"]
    billing = soup(site.root / "site/decisions/split-billing-out-of-the-monolith/index.html")
    hrefs = {a.get_text(): a["href"] for a in billing.select("article a")}
    assert hrefs["ADR 2"] == "../use-postgresql-for-the-job-queue/#decision"
    assert (site.root / "site/decisions/images/billing-context.svg").is_file()
    assert soup(site.root / "site/decisions/record-decisions-with-madr/index.html").select_one(".gp-adr").get_text() == "ADR 0"


def test_second_run_imports_nothing_and_sources_stay_untouched(site, tmp_path):
    src = copy_fixture("adr-tools", tmp_path)
    before = tree_digest(src)

    first = site.invoke("import", "adr", src)
    written = tree_digest(site.root / "content")
    second = site.invoke("import", "adr", src)

    assert first.exit_code == 0 and second.exit_code == 0
    assert first.stdout.splitlines()[-1] == "imported 7, skipped 3, failed 0"
    assert second.stdout.splitlines()[-1] == "imported 0, skipped 10, failed 0"
    assert second.stdout.count("already imported as content/decisions/") == 7
    assert tree_digest(site.root / "content") == written
    assert tree_digest(src) == before


def test_dry_run_writes_nothing(site, tmp_path):
    src = copy_fixture("madr-2", tmp_path)
    result = site.invoke("import", "adr", src, "--dry-run")

    assert result.exit_code == 0
    assert (
        "would import " in result.stdout
        and result.stdout.splitlines()[-1] == "would import 5, skipped 2, failed 0 (dry run: nothing written)"
    )
    assert not (site.root / "content/decisions").exists()


def test_existing_target_is_never_overwritten(site, tmp_path):
    src = copy_fixture("madr-2", tmp_path)
    mine = site.root / "content/decisions/2021-07-19-build-our-own-search-index.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: Build our own search index\ndate: 2021-07-19\nstatus: proposed\n---\nMy own notes.\n", encoding="utf-8")

    report = import_adr(src, Path("content/decisions"))

    assert (
        reasons(report)["0004-build-our-own-search-index.md"]
        == "content/decisions/2021-07-19-build-our-own-search-index.md already exists and differs from this import; not overwritten"
    )
    assert mine.read_text(encoding="utf-8").endswith("My own notes.\n")


def test_slug_of_another_entry_is_not_taken_twice(site, tmp_path):
    site.write({"content/posts/2020-01-01-use-rest-for-the-public-api.md": "---\ntitle: A post\ndate: 2020-01-01\n---\n"})
    report = import_adr(copy_fixture("madr-2", tmp_path), Path("content/decisions"))

    assert reasons(report)["0002-use-rest-for-the-public-api.md"] == (
        "the slug 'use-rest-for-the-public-api' is already used by content/posts/2020-01-01-use-rest-for-the-public-api.md; not imported twice"
    )
    # The record that named it as its successor is left without a dangling slug.
    graphql, _ = read_entry(by_name(report)["0003-offer-graphql-alongside-rest.md"])
    assert "supersedes" not in graphql
    assert site.check().exit_code == 0


def test_into_outside_the_kind_folder_writes_kind(site, tmp_path):
    report = import_adr(copy_fixture("madr-2", tmp_path), Path("content/team/adr"))
    data, _ = read_entry(by_name(report)["0001-choose-a-frontend-framework.md"])

    assert data["kind"] == "decision"
    checked = site.check()
    assert checked.exit_code == 0 and checked.summary.startswith("5 entries: ") and "; 0 errors, " in checked.summary


# --- status wording and format detection ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "note", "supersedes", "superseded_by"),
    [
        ("Accepted", "accepted", None, [], []),
        ("accepted", "accepted", None, [], []),
        ("Superseded by [3. Use X](0003-use-x.md)", "superseded", None, [], ["0003-use-x.md"]),
        ("Accepted\n\nSupersedes [1. Old](0001-old.md)", "accepted", None, ["0001-old.md"], []),
        ("accepted; supersedes ADR-0045", "accepted", None, [45], []),
        ("superseded by ADR-0057", "superseded", None, [], [57]),
        ("superseded by [ADR-0005](0005-example.md)", "superseded", None, [], ["0005-example.md"]),
        ("Pending", "proposed", "Pending", [], []),
        ("Draft", "proposed", "Draft", [], []),
        ("Approved by the architecture board", "accepted", "Approved by the architecture board", [], []),
        ("Partly superseded", "superseded", "Partly superseded", [], []),
        ("Accepted\n\nAmended by [5. X](0005-x.md)", "accepted", None, [], []),
        ("Accepted\n\nSuperseded by [9. Y](0009-y.md)", "superseded", None, [], ["0009-y.md"]),
        ("Deprecated", "deprecated", None, [], []),
        ("**Rejected**", "rejected", None, [], []),
        ("Sort of maybe", "proposed", "Sort of maybe", [], []),
        ("Superseded by the new platform", "superseded", "Superseded by the new platform", [], []),
        ("Accepted. Superseded by [3. X](0003-x.md)", "superseded", None, [], ["0003-x.md"]),
        ("", "proposed", None, [], []),
    ],
)
def test_parse_status(text, status, note, supersedes, superseded_by):
    info = parse_status(text)

    def refs(items):
        return [r.path or r.number for r in items]

    assert (info.status, info.note, refs(info.supersedes), refs(info.superseded_by)) == (status, note, supersedes, superseded_by)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\nstatus: accepted\n---\n# T\n", "madr-3/4"),
        ("---\nparent: Decisions\nnav_order: 3\n---\n# T\n\n## Context and Problem Statement\n\nX\n", "madr-3/4"),
        ("# T\n\n* Status: accepted\n* Date: 2020-01-01\n\n## Context and Problem Statement\n", "madr-2"),
        ("# 1. T\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n", "adr-tools"),
        ("# T\n\n## Context and Problem Statement\n\n## Decision Outcome\n", "madr"),
        ("# Meeting notes\n\nWe talked.\n", None),
        ("---\ntitle: About\n---\n# About\n\nPlain page.\n", None),
    ],
)
def test_detect_format(text, expected):
    from portfolio.importers.common import split_front_matter

    front, _, body = split_front_matter(text)
    assert detect_format(front, body) == expected


# --- bad input: reported, never a traceback -------------------------------------------------------------


def record(number: int, title: str, body: str = "", date: str = "2020-01-01") -> str:
    return f"# {number}. {title}\n\nDate: {date}\n\n## Status\n\nAccepted\n\n## Context\n\n{body}\n"


def test_bad_input_is_imported_or_reported(site, tmp_path):
    src = tmp_path / "sources" / "bad"
    crlf_links = "[a](0010%20use%20spaces.md), [b](<0010 use spaces.md>), [c](0011-plus+sign.md), [d](0012-[brackets].md), [e](0013-percent%20name.md)"
    files: dict[str, bytes] = {
        "0001-latin-1.md": record(1, "Café").encode("latin-1"),
        "0002-crlf.md": record(2, "Use CRLF line endings", crlf_links).replace("\n", "\r\n").encode(),
        "0003-empty.md": b"",
        "0004-meeting-notes.md": b"We talked about the queue.\n",
        "0005-ueber.md": record(5, "Über Straßen-Caching").encode(),
        "0006-日本語.md": record(6, "日本語の決定").encode(),
        "0007-bom.md": b"\xef\xbb\xbf" + record(7, "Starts with a BOM").encode(),
        "0010 use spaces.md": record(10, "Spaces in the name").encode(),
        "0011-plus+sign.md": record(11, "Plus in the name").encode(),
        "0012-[brackets].md": record(12, "Brackets in the name").encode(),
        "0013-percent%20name.md": record(13, "Percent in the name").encode(),
        "0014-duplicate-key.md": b"---\nstatus: accepted\ndate: 2020-01-14\nstatus: rejected\n---\n# Dup\n",
        "0015-broken-yaml.md": b"---\nstatus: [accepted\n---\n# Broken\n",
        "0016-unclosed.md": b"---\nstatus: accepted\n# Unclosed\n",
        "0017-octal.md": b"---\nnav_order: 0032\nstatus: Accepted\ndate: 2020-01-17T10:00:00Z\n---\n\n# Octal nav order\n",
        "0018-list.md": b"---\n- a\n- b\n---\n# A list\n",
        "0019-nul.md": b"# 19. Binary\x00\n",
        "0020-day-first.md": record(20, "Day first", date="12/02/2016").encode(),
        "0021-words.md": record(21, "Words", date="5 March 2019").encode(),
        "0022-date-with-time.md": record(22, "Time", date="2019-03-05 10:31:00 +0100").encode(),
    }
    for name, data in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes(data)
    before = tree_digest(src)

    result = site.invoke("import", "adr", src)

    assert result.exit_code == 1  # some files failed
    assert "Traceback" not in result.output
    report = import_adr(src, Path("content/decisions"), dry_run=True)
    failed = {s.name: r for s, r in report.failed}
    assert failed == {
        "0001-latin-1.md": "not UTF-8 text (byte 0xe9 on line 1); save the file as UTF-8 and import again",
        "0015-broken-yaml.md": failed["0015-broken-yaml.md"],
        "0016-unclosed.md": "line 1: the front matter is not closed; expected a line '---' after it",
        "0018-list.md": "the front matter is not a mapping of keys to values",
        "0019-nul.md": "contains a NUL character on line 1; expected a text file",
    }
    assert failed["0015-broken-yaml.md"].startswith("line 2: invalid YAML")
    skipped = reasons(report)
    assert skipped["0003-empty.md"] == "the file is empty"
    assert skipped["0004-meeting-notes.md"].startswith("not a decision record")
    assert skipped["0020-day-first.md"].startswith("the 'Date:' line '12/02/2016' is not a date (expected YYYY-MM-DD), and no git history")

    written = {p.name: read_entry(p) for p in (site.root / "content/decisions").glob("*.md")}
    assert written["2020-01-01-use-crlf-line-endings.md"][0]["title"] == "Use CRLF line endings"
    body = written["2020-01-01-use-crlf-line-endings.md"][1]
    assert "\r" not in body
    assert (
        "[a](spaces-in-the-name.md), [b](spaces-in-the-name.md), [c](plus-in-the-name.md), [d](brackets-in-the-name.md), [e](percent-in-the-name.md)"
        in body
    )
    assert written["2020-01-01-uber-strassen-caching.md"][0]["title"] == "Über Straßen-Caching"
    assert written["2020-01-01-ribenyunojueding.md"][0]["title"] == "日本語の決定"  # one slug rule: transliterated
    assert written["2020-01-01-starts-with-a-bom.md"][0]["adr"] == 7
    assert written["2020-01-17-octal-nav-order.md"][0] == {
        "title": "Octal nav order",
        "date": "2020-01-17",
        "status": "accepted",
        "adr": 17,
    }
    # A key given twice: the last value wins, as the site generators read it, and the note names the key and lines.
    assert written["2020-01-14-dup.md"][0]["status"] == "rejected"
    assert (
        "0014-duplicate-key.md: duplicate key 'status' on lines 2 and 4: kept the value on line 4, as Jekyll, Hugo and MkDocs do"
        in result.stdout
    )
    assert written["2019-03-05-words.md"][0]["date"] == "2019-03-05"
    assert written["2019-03-05-time.md"][0]["date"] == "2019-03-05"
    assert site.check().exit_code == 0
    assert tree_digest(src) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symlinks_leaving_src_are_not_followed(site, tmp_path):
    src = tmp_path / "sources" / "links"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "0009-secret.md").write_text(record(9, "Secret"), encoding="utf-8")
    (outside / "more").mkdir()
    (outside / "more/0010-more.md").write_text(record(10, "More"), encoding="utf-8")
    src.mkdir(parents=True)
    (src / "0001-real.md").write_text(record(1, "Real", "![leak](leak.png)"), encoding="utf-8")
    (outside / "secret.png").write_bytes(b"\x89PNG secret")
    os.symlink(outside / "0009-secret.md", src / "0009-secret.md")
    os.symlink(outside / "more", src / "more")
    os.symlink(outside / "secret.png", src / "leak.png")

    report = import_adr(src, Path("content/decisions"))

    assert [s.name for s, _ in report.imported] == ["0001-real.md"]
    assert reasons(report) == {
        "0009-secret.md": "a symbolic link to a file outside SRC; not followed",
        "more": "a symbolic link to a folder outside SRC; not followed",
    }
    assert not list((site.root / "content/decisions").glob("*.png"))
    assert any("leak.png" in n for n in notes(report, "0001-real.md"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--into", "../elsewhere"], "outside the project folder"),
        (["--into", "sources/adr-tools/out"], "inside SRC"),
    ],
)
def test_unsafe_into_is_a_usage_error(site, tmp_path, args, message):
    src = site.root / "sources" / "adr-tools"
    shutil.copytree(FIXTURES / "adr-tools", src)

    result = site.invoke("import", "adr", "sources/adr-tools", *args)

    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path.parent / "elsewhere").exists() and not (src / "out").exists()


def test_missing_src_is_a_usage_error(site):
    result = site.invoke("import", "adr", "no-such-folder")

    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_empty_src_imports_nothing_and_says_so(site, tmp_path):
    (tmp_path / "empty").mkdir()
    result = site.invoke("import", "adr", tmp_path / "empty")

    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["no decision records found; nothing to import", "imported 0, skipped 0, failed 0"]


# --- collections copied out of their repository: no dates anywhere ----------------------------------


def test_undated_madr_without_git_is_skipped_with_the_way_out(site, tmp_path):
    src = copy_fixture("madr-undated", tmp_path)
    report = import_adr(src, Path("content/decisions"))

    assert report.imported == [] and report.failed == []
    assert reasons(report) == {
        "0001-use-markdown-for-decisions.md": NO_DATE,
        "0002-keep-orders-in-postgresql.md": NO_DATE,
        "0003-publish-events-after-commit.md": NO_DATE,
        "README.md": "an index of the records (README), not a record",
    }


def test_undated_madr_with_undated_day_and_base_url_checks_and_builds_strictly(site, tmp_path):
    src = copy_fixture("madr-undated", tmp_path)
    result = site.invoke("import", "adr", src, "--undated", "2023-05-02", "--base-url", "https://orders.example.org/docs/adr")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "imported 3, skipped 1, failed 0"
    assert result.stdout.count("(date from --undated 2023-05-02)") == 3
    files = {p.name: read_entry(p) for p in (site.root / "content/decisions").glob("*.md")}
    markdown, body = files["2023-05-02-use-markdown-for-decisions.md"]
    assert markdown == {"title": "Use Markdown for decisions", "date": "2023-05-02", "status": "accepted", "adr": 1}
    # Links to the rest of the docs point to the pages the source site published; links between records stay local.
    assert "[architecture overview](https://orders.example.org/docs/architecture/overview/)" in body
    assert "[team's conventions](https://orders.example.org/docs/CONTRIBUTING/#decisions)" in body
    _, orders = files["2023-05-02-keep-orders-in-postgresql.md"]
    assert "[first record](use-markdown-for-decisions.md)" in orders
    assert "([runbook](https://orders.example.org/docs/runbooks/postgres/))" in orders
    # An image outside the import becomes a link: the site never loads it from the old host.
    assert "[Order tables](https://orders.example.org/docs/diagrams/orders.svg)" in orders and "![Order tables]" not in orders
    assert (
        "note: sources/madr-undated/0002-keep-orders-in-postgresql.md: 2 links to pages that were not imported now point to https://orders.example.org/docs/adr/"
        in result.stdout
    )

    checked = site.check()
    assert checked.exit_code == 0 and checked.summary.startswith("3 entries: ") and "; 0 errors, " in checked.summary
    built = site.invoke("build", "--strict")
    assert built.exit_code == 0, built.output
    article = soup(site.root / "site/decisions/use-markdown-for-decisions/index.html").select_one("article")
    hrefs = {a.get_text(): a["href"] for a in article.select("a")}
    assert hrefs["architecture overview"] == "https://orders.example.org/docs/architecture/overview/"
    assert not soup(site.root / "site/decisions/keep-orders-in-postgresql/index.html").select("article img")


def test_links_out_without_base_url_are_counted_per_file(site, tmp_path):
    src = copy_fixture("madr-undated", tmp_path)
    report = import_adr(src, Path("content/decisions"), undated=dt.date(2023, 5, 2))

    assert notes(report, "0001-use-markdown-for-decisions.md") == [
        "2 links lead out of the import, left as written (../architecture/overview.md, ../CONTRIBUTING.md#decisions); "
        "`portfolio build --strict` fails on a link to a missing file: import with --base-url URL (the site they came from) to make them absolute"
    ]
    assert notes(report, "0003-publish-events-after-commit.md") == ["no status given; imported as 'proposed'"]
    _, body = read_entry(by_name(report)["0001-use-markdown-for-decisions.md"])
    assert "[architecture overview](../architecture/overview.md)" in body
    assert report.dated[src / "0003-publish-events-after-commit.md"] == "--undated 2023-05-02"


# --- log4brains ----------------------------------------------------------------------------------------


def test_log4brains_project_with_packages(site, tmp_path):
    src = copy_fixture("log4brains", tmp_path)
    report = import_adr(src, Path("content/decisions"))
    files = by_name(report)

    assert report.failed == []
    assert reasons(report) == {
        "README.md": "an index of the records (README), not a record",
        "index.md": "an index of the records, not a record",
        "template.md": "a template, not a record",
    }
    assert sorted(p.name for p in files.values()) == [
        "2021-01-04-use-log4brains-to-manage-the-adrs.md",
        "2021-01-11-render-pages-on-the-server.md",
        "2021-03-01-expose-orders-over-rest.md",
        "2021-06-07-render-product-pages-at-build-time.md",
        "2021-10-05-adopt-feature-flags.md",
    ]
    tool, _ = read_entry(files["20210104-use-log4brains-to-manage-the-adrs.md"])
    assert tool == {
        "title": "Use Log4brains to manage the ADRs",
        "date": "2021-01-04",
        "status": "accepted",
        "deciders": ["Ana Lima", "Bo Chen"],
        "tags": ["dev-tools", "doc"],
    }
    # Supersedes, written on the older record only, becomes a link between both.
    ssr, _ = read_entry(files["20210111-render-pages-on-the-server.md"])
    build, body = read_entry(files["20210607-render-product-pages-at-build-time.md"])
    assert (ssr["status"], ssr["superseded_by"], ssr["date"]) == ("superseded", ["render-product-pages-at-build-time"], "2021-01-11")
    assert build["supersedes"] == ["render-pages-on-the-server"]
    assert build["tags"] == ["frontend", "performance"]  # "space and/or comma separated"
    assert "[order API](expose-orders-over-rest.md)" in body  # a link to a package's record, by its log4brains slug
    # A package's record: its package is a tag. A draft stays a draft.
    backend, _ = read_entry(files["20210301-expose-orders-over-rest.md"])
    assert backend["tags"] == ["backend"]
    flags, _ = read_entry(files["20211005-adopt-feature-flags.md"])
    assert (flags["draft"], flags["status"], flags["date"]) == (True, "proposed", "2021-10-05")
    assert "status_note" not in flags
    assert {src.name: how for src, how in report.dated.items()} == {
        "20210104-use-log4brains-to-manage-the-adrs.md": "the 'Date:' line",
        "20210111-render-pages-on-the-server.md": "the file name",
        "20210301-expose-orders-over-rest.md": "the 'Date:' line",
        "20210607-render-product-pages-at-build-time.md": "the 'Date:' line",
        "20211005-adopt-feature-flags.md": "the file name",
    }


def test_log4brains_import_with_base_url_builds_strictly(site, tmp_path):
    src = copy_fixture("log4brains", tmp_path)
    result = site.invoke("import", "adr", src, "--base-url", "https://adr.example.org/")
    assert result.exit_code == 0, result.output

    assert site.check().exit_code == 0
    built = site.invoke("build", "--strict")
    assert built.exit_code == 0, built.output
    out = site.root / "site/decisions"
    article = soup(out / "render-product-pages-at-build-time/index.html").select_one("article")
    hrefs = {a.get_text(): a["href"] for a in article.select("a")}
    assert hrefs["measurements"] == "https://adr.example.org/perf/rendering.md"
    assert hrefs["order API"] == "../expose-orders-over-rest/"
    assert not (out / "adopt-feature-flags").exists()  # the draft


def test_log4brains_folders_that_leave_src_or_are_missing(site, tmp_path):
    src = tmp_path / "sources" / "l4b"
    (src / "adr").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/20200101-secret.md").write_text("# Secret\n\n- Status: accepted\n", encoding="utf-8")
    (src / "adr/20200102-kept.md").write_text("# Kept\n\n- Status: accepted\n", encoding="utf-8")
    (src / ".log4brains.yml").write_text(
        "project:\n  name: X\n  adrFolder: ./adr\n  packages:\n    - name: out\n      adrFolder: ../../elsewhere\n"
        "    - name: gone\n      adrFolder: ./packages/gone/adr\n    - name: nofolder\n",
        encoding="utf-8",
    )
    report = import_adr(src, Path("content/decisions"))

    assert [s.name for s, _ in report.imported] == ["20200102-kept.md"]
    assert {s.name: r for s, r in report.skipped} == {
        "elsewhere": "the adrFolder of the package 'out' leads out of SRC; not read",
        "adr": "the adrFolder of the package 'gone' does not exist",
    }
    assert [r for _, r in report.failed] == ["the package 'nofolder' names no adrFolder; its records are not imported"]

    (src / ".log4brains.yml").write_text("project: [broken\n", encoding="utf-8")
    broken = import_adr(src, Path("content/decisions"), dry_run=True)
    assert broken.imported == []
    assert broken.failed[0][0].name == ".log4brains.yml" and broken.failed[0][1].endswith("; the ADR folders it names are not known")

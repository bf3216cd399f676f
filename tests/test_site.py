"""The built site: real builds in temporary folders, HTML parsed with a real parser.

The site's contract (every generated page, the matrix and its evidence links, the
timeline, indexes, tags, privacy, escaping, no third-party request, a failed build
keeping the previous site) is checked on both engines: MkDocs with Material, and
Zensical (the ``engine`` fixture). Staging and option handling do not depend on
the engine and run once.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sitekit import (
    ENGINE_PARAMS,
    basic_files,
    copy_example,
    entry,
    is_external,
    page,
    require_engine,
    resolve,
    run,
    tree_digest,
    write_tree,
)

from portfolio.cli import cli
from portfolio.model.project import load_portfolio, locate
from portfolio.site.build import build_site
from portfolio.site.stage import stage

CANARY = "zqxcanary"


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def built_example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built by each engine: MkDocs' is the session's shared build (``example_site``)."""
    engine = require_engine(request.param)
    if engine == "mkdocs":
        return Path(request.getfixturevalue("example_site"))
    root = copy_example(tmp_path_factory.mktemp(f"example-{engine}"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = run(["build", "--strict", "--engine", engine])
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_tree(tmp_path, basic_files())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build_ok(*extra: str) -> None:
    result = run(["build", *extra])
    assert result.exit_code == 0, result.output


# --- the example ---------------------------------------------------------------------


@pytest.mark.slow
def test_example_has_every_generated_page(built_example: Path) -> None:
    for url in ("", "skills/", "timeline/", "decisions/", "debugging/", "posts/", "postmortems/", "wins/", "tags/"):
        assert (built_example / url / "index.html").is_file(), url
    assert (built_example / "sitemap.xml").is_file()


def test_example_matrix_lists_every_skill_with_working_evidence_links(built_example: Path) -> None:
    skills = yaml.safe_load((Path(__file__).parent.parent / "skills.yml").read_text())
    doc = page(built_example, "skills/")
    rows = doc.select(".gp-matrix tbody tr")
    assert [row["data-skill"] for row in rows] == [s["id"] for s in skills["skills"]]
    links = 0
    for row in rows:
        for link in row.select("ul.gp-evidence a"):
            target = resolve(built_example, "skills/", link["href"])
            assert target.is_file(), link["href"]
            assert page(built_example, target.parent.relative_to(built_example).as_posix() + "/").h1.get_text(strip=True) == link.get_text(
                strip=True
            )
            links += 1
    assert links >= 20


def test_example_timeline_chapters_in_date_order(built_example: Path) -> None:
    career = yaml.safe_load((Path(__file__).parent.parent / "career.yml").read_text())
    expected = [f"role-{r['id']}" for r in sorted(career["roles"], key=lambda r: str(r["start"]))]
    doc = page(built_example, "timeline/")
    assert [s["id"] for s in doc.select("section.gp-chapter")] == expected


def test_nav_lists_generated_pages_not_entries(built_example: Path) -> None:
    doc = page(built_example, "")
    titles = [a.get_text(" ", strip=True) for a in doc.select("nav.md-nav--primary > ul > li > a")]
    assert titles == ["Home", "Skills", "Timeline", "Decisions", "Debugging journals", "Posts", "Post-mortems", "Wins", "Tags"]


def test_example_has_no_draft_or_private_entry(built_example: Path) -> None:
    # The example holds one draft post and one private post-mortem.
    assert not (built_example / "posts" / "future-times-are-not-instants").exists()
    assert not (built_example / "postmortems" / "declined-reminders-rewrite-lead").exists()


# --- matrix ------------------------------------------------------------------------


def test_matrix_cells_current_level_latest_date_and_gaps(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    doc = page(project / "site", "skills/")
    rows = {row["data-skill"]: row for row in doc.select(".gp-matrix tbody tr")}
    assert list(rows) == ["debugging", "writing", "restraint"]
    debugging = rows["debugging"]
    cells = {td["data-level"]: [a.get_text(strip=True) for a in td.select("a")] for td in debugging.select("td[data-level]")}
    assert cells == {"beginner": ["Use cron"], "intermediate": ["Fixed the race"], "expert": []}
    assert debugging.select_one(".gp-current strong").get_text() == "Intermediate"
    assert debugging.select_one(".gp-latest time")["datetime"] == "2021-05-01"
    assert "2022-06-01 Intermediate" in debugging.select_one(".gp-history").get_text()
    # A list claim ([writing]) counts at the lowest level; the mapping claim at its level.
    writing = {td["data-level"]: [a.get_text(strip=True) for a in td.select("a")] for td in rows["writing"].select("td[data-level]")}
    assert writing == {"beginner": ["On queues"], "intermediate": [], "expert": ["Use a queue"]}
    assert "gp-gap" in rows["restraint"]["class"]
    assert "Gap" in rows["restraint"].select_one(".gp-current").get_text()


@pytest.mark.slow
def test_matrix_charts_are_inline_svg(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    doc = page(project / "site", "skills/")
    bars = doc.select("svg.gp-chart-levels rect.gp-bar")
    assert len(bars) == 3
    assert "gp-bar--gap" in bars[2]["class"]
    heat = doc.select("svg.gp-chart-heat rect.gp-heat[data-count]")  # the cells, not the legend
    titles = [r.title.get_text() for r in heat if r.get("fill-opacity")]
    assert "Debugging, 2021 Q2: 1 entry" in titles
    assert not doc.select("svg script")


# --- timeline ----------------------------------------------------------------------


@pytest.mark.slow
def test_timeline_chapter_contents(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    doc = page(project / "site", "timeline/")
    chapters = doc.select("section.gp-chapter")
    assert [c["id"] for c in chapters] == ["role-first", "role-second"]
    first = chapters[0]
    assert first.h2.get_text(" ", strip=True) == "Engineer at Alpha"
    assert "I learned to debug" in first.select_one(".gp-story").get_text()
    counts = {s["data-kind"]: int(s.strong.get_text()) for s in first.select(".gp-count")}
    assert counts == {"decision": 1, "debug": 1, "post": 0, "postmortem": 1, "win": 0}
    assert [a.get_text() for a in first.select(".gp-highlights a")] == ["Fixed the race"]
    assert [a.get_text() for a in first.select(".gp-milestones a")] == ["First on-call"]
    ups = [li.get_text(" ", strip=True) for li in first.select(".gp-levelups li")]
    assert ups[0].startswith("Debugging reached Beginner : Use cron")
    assert any(u.startswith("Debugging reached Intermediate") for u in ups)
    second_ups = [li.get_text(" ", strip=True) for li in chapters[1].select(".gp-levelups li")]
    # Expert came first (2023-02); the later beginner-level post is no level-up.
    assert [u.split(":")[0].strip() for u in second_ups] == ["Writing reached Expert"]


# (How the timeline prints is tested on real PDFs in tests/test_look.py.)


# --- indexes and headers ------------------------------------------------------------


@pytest.mark.slow
def test_decisions_index_table(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    doc = page(project / "site", "decisions/")
    rows = doc.select(".gp-index table tbody tr")
    assert [[td.get_text(" ", strip=True) for td in r.select("td")][:3] for r in rows] == [
        ["2023-02-01", "Use a queue", "accepted"],
        ["2020-03-01", "Use cron Superseded by Use a queue", "superseded"],
    ]
    assert rows[0].select("td")[3].get_text() == "Me, Ana"
    assert "gp-superseded" in rows[1]["class"]
    groups = [(g["data-status"], g.h2.get_text(" ", strip=True)) for g in doc.select("section.gp-status-group")]
    assert groups == [("accepted", "Accepted (1)"), ("superseded", "Superseded (1)")]


@pytest.mark.slow
def test_debugging_index_patterns(project: Path, engine: str) -> None:
    write_tree(project, {"content/debugging/2023-03-01-again.md": entry("Race again", "2023-03-01", root_cause="race-condition")})
    build_ok("--engine", engine)
    doc = page(project / "site", "debugging/")
    pattern = doc.select_one("li#cause-race-condition")
    assert pattern.strong.get_text() == "race-condition"
    assert [a.get_text() for a in pattern.select("a")] == ["Race again", "Fixed the race"]
    assert "× 2" in pattern.get_text()


@pytest.mark.slow
def test_entry_header_links_both_ways(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    site = project / "site"
    old = page(site, "decisions/use-cron/")
    link = old.select_one(".gp-facts dd a")
    assert link.get_text() == "Use a queue"
    assert resolve(site, "decisions/use-cron/", link["href"]) == (site / "decisions/use-a-queue/index.html").resolve()
    new = page(site, "decisions/use-a-queue/")
    facts = {dt_.get_text(): dd for dt_, dd in zip(new.select(".gp-facts dt"), new.select(".gp-facts dd"))}
    assert facts["Supersedes"].a.get_text() == "Use cron"
    assert facts["Deciders"].get_text() == "Me, Ana"
    role = facts["Role"].a
    assert role.get_text() == "Senior Engineer at Beta"
    assert role["href"].endswith("timeline/#role-second")
    badge = new.select_one("a.gp-badge")
    assert badge.get_text() == "Writing · Expert"
    target = resolve(site, "decisions/use-a-queue/", badge["href"])
    anchor = badge["href"].split("#")[1]
    assert page(site, target.parent.relative_to(site).as_posix() + "/").find(id=anchor) is not None
    assert new.select_one(".gp-status").get_text() == "accepted"


@pytest.mark.slow
def test_generated_home_links_every_generated_page(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    site = project / "site"
    home = page(site, "")
    targets = {
        resolve(site, "", a["href"]).relative_to(site).as_posix() for a in home.select("article a[href]") if not is_external(a["href"])
    }  # Zensical adds <a id="__skip">
    for url in ("skills/", "timeline/", "decisions/", "debugging/", "posts/", "postmortems/", "wins/", "tags/"):
        assert f"{url}index.html" in targets, url
    # (The front page itself, with and without an index.md of the person's own: tests/test_front_page.py.)


@pytest.mark.slow
def test_tags_page_lists_tagged_entries(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    doc = page(project / "site", "tags/")
    assert "On queues" in [a.get_text(strip=True) for a in doc.select("article a")]


@pytest.mark.slow
def test_user_nav_is_kept(project: Path, engine: str) -> None:
    (project / "mkdocs.yml").write_text(MKDOCS_WITH_NAV)
    build_ok("--engine", engine)
    doc = page(project / "site", "")
    assert [a.get_text(strip=True) for a in doc.select("nav.md-nav--primary > ul > li > a")] == ["Start", "Matrix"]


MKDOCS_WITH_NAV = """\
site_name: Test portfolio
docs_dir: content
theme: {name: material, font: false}
nav:
  - Start: index.md
  - Matrix: skills/index.md
"""


# --- the rules ------------------------------------------------------------------------


@pytest.mark.slow
def test_private_and_draft_reach_nothing(project: Path, engine: str) -> None:
    write_tree(
        project,
        {
            f"content/posts/2023-06-01-{CANARY}-file.md": entry(
                f"Title {CANARY}",
                "2023-06-01",
                f"Body {CANARY}",
                private=True,
                tags=[f"tag{CANARY}"],
                description=f"desc {CANARY}",
                skills={"restraint": "expert"},
                highlight=True,
            ),
            "content/posts/2023-06-02-drafty.md": entry(
                f"Draft {CANARY}",
                "2023-06-02",
                f"Draft body {CANARY}",
                draft=True,
                tags=[f"dtag{CANARY}"],
                skills={"debugging": "expert"},
                highlight=True,
            ),
            "content/about.md": f"---\ntitle: About {CANARY}\nprivate: true\n---\nsecret page {CANARY}\n",
        },
    )
    result = run(["build", "--engine", engine])
    assert result.exit_code == 0, result.output
    site = project / "site"
    for path in site.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
            assert CANARY not in path.name
    # The private/draft claims do not move the matrix.
    rows = {row["data-skill"]: row for row in page(site, "skills/").select(".gp-matrix tbody tr")}
    assert "gp-gap" in rows["restraint"]["class"]
    assert rows["debugging"].select_one(".gp-current strong").get_text() == "Intermediate"


@pytest.mark.slow
def test_entry_that_turns_private_is_removed_from_stage_and_site(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    assert (project / "site/posts/on-queues/index.html").exists()
    assert (project / ".portfolio/stage/docs/posts/on-queues/index.md").exists()
    path = project / "content/posts/2023-05-01-on-queues.md"
    path.write_text(path.read_text().replace("date: 2023-05-01", "date: 2023-05-01\nprivate: true"))
    build_ok("--engine", engine)
    assert not (project / "site/posts/on-queues").exists()
    assert not (project / ".portfolio/stage/docs/posts/on-queues/index.md").exists()


@pytest.mark.parametrize(
    "payload",
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</title><script>alert(1)</script>", "{{ 7*7 }}"],
)
@pytest.mark.slow
def test_front_matter_values_are_escaped_everywhere(project: Path, payload: str, engine: str) -> None:
    write_tree(
        project,
        {
            "content/wins/2023-10-01-evil.md": entry(
                payload,
                "2023-10-01",
                "Plain body.",
                description=payload,
                impact=payload,
                tags=[payload],
                skills={"debugging": "expert"},
                highlight=True,
            ),
            "content/decisions/2023-10-02-evil-decision.md": entry(payload, "2023-10-02", status="proposed", deciders=[payload]),
        },
    )
    career = (project / "career.yml").read_text().replace("In the second role I learned to say no.", json.dumps(payload))
    (project / "career.yml").write_text(career)
    build_ok("--engine", engine)
    site = project / "site"
    for url in ("wins/evil/", "skills/", "timeline/", "wins/", "decisions/", "", "decisions/evil-decision/", "tags/"):
        doc = page(site, url)
        assert not [s for s in doc.find_all("script") if "alert" in (s.string or "")], url
        assert not doc.find_all("img", onerror=True), url
        assert "49" not in doc.get_text() or payload != "{{ 7*7 }}", url
    win = page(site, "wins/evil/")
    assert win.h1.get_text() == payload
    assert win.select_one(".gp-facts dd").get_text() == payload
    assert win.find("meta", attrs={"name": "description"})["content"] == payload
    matrix_links = [a.get_text() for a in page(site, "skills/").select(".gp-matrix a")]
    assert payload in matrix_links
    timeline = page(site, "timeline/")
    assert payload in [a.get_text() for a in timeline.select(".gp-highlights a")]
    assert payload in timeline.select_one("#role-second .gp-story").get_text()


@pytest.mark.slow
def test_skills_and_career_files_never_copied(project: Path, engine: str) -> None:
    write_tree(
        project,
        {
            "content/skills.yml": "copied: no\n",
            "content/career.yml": "copied: no\n",
            "content/img/pic.png": b"\x89PNG fake",
            "content/img/unlinked.png": b"\x89PNG other",
            "content/posts/2023-06-01-pictured.md": entry("Pictured", "2023-06-01", "![A picture](../img/pic.png)"),
        },
    )
    build_ok("--engine", engine)
    site = project / "site"
    names = {p.name for p in site.rglob("*")}
    assert "skills.yml" not in names and "career.yml" not in names
    assert (site / "img/pic.png").read_bytes() == b"\x89PNG fake"
    assert "unlinked.png" not in names  # published only when a public page links to it


@pytest.mark.slow
def test_no_third_party_requests_in_any_page(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    for path in (project / "site").rglob("*.html"):
        doc = page(path.parent, path.name)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in doc.find_all(tag):
                url = element.get(attr)
                if url and not (tag == "link" and "canonical" in element.get("rel", [])):
                    assert not is_external(url), (path, tag, url)
        for style in doc.find_all("style"):
            assert "@import" not in (style.string or "")


# --- build behaviour -------------------------------------------------------------------


def test_content_error_writes_nothing(project: Path) -> None:
    write_tree(project, {"content/posts/bad.md": "---\ntitle: x\ndate: 2023-02-30\n---\n"})
    result = run(["build"])
    assert result.exit_code == 1
    assert "content/posts/bad.md:3: error: 'date': '2023-02-30' is not a real day" in result.stderr
    assert not (project / "site").exists()
    assert not (project / ".portfolio").exists()


@pytest.mark.slow
def test_failed_build_leaves_previous_site_intact(project: Path, engine: str) -> None:
    build_ok("--engine", engine)
    before = tree_digest(project / "site")
    write_tree(project, {"content/posts/2023-07-01-broken.md": entry("Broken", "2023-07-01", "See [this](missing.md).")})
    result = run(["build", "--strict", "--engine", engine])
    assert result.exit_code == 1
    assert "missing.md" in result.stderr
    assert tree_digest(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.new-")]
    # Without --strict the broken link is only a warning.
    build_ok("--engine", engine)
    assert (project / "site/posts/broken/index.html").exists()


@pytest.mark.slow
def test_site_dir_option_and_config_file_option(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "public"
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    result = run(["build", "-f", str(project / "mkdocs.yml"), "-d", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "skills/index.html").exists()
    # An output folder outside the portfolio is refused: no path option reaches outside it.
    elsewhere = tmp_path_factory.mktemp("out") / "public"
    result = CliRunner().invoke(cli, ["build", "-f", str(project / "mkdocs.yml"), "-d", str(elsewhere)])
    assert result.exit_code == 2
    assert "it is outside the portfolio" in result.stderr and not elsewhere.exists()


def test_build_refuses_to_replace_the_content_folder(project: Path) -> None:
    result = run(["build", "-d", "content"])
    assert result.exit_code == 2
    assert "refusing" in result.stderr
    assert (project / "content/posts/2023-05-01-on-queues.md").exists()


def test_staging_unchanged_portfolio_twice_rewrites_nothing(project: Path) -> None:
    portfolio = load_portfolio(locate())
    first = stage(portfolio, project / "stage")
    assert first.written
    mtimes = {p: p.stat().st_mtime_ns for p in (project / "stage").rglob("*") if p.is_file()}
    second = stage(load_portfolio(locate()), project / "stage")
    assert second.written == [] and second.removed == []
    assert {p: p.stat().st_mtime_ns for p in (project / "stage").rglob("*") if p.is_file()} == mtimes


def test_staging_a_change_rewrites_only_dependent_files(project: Path) -> None:
    stage(load_portfolio(locate()), project / "stage")
    path = project / "content/posts/2023-05-01-on-queues.md"
    path.write_text(path.read_text().replace("Queues decouple.", "Queues decouple producers from consumers."))
    second = stage(load_portfolio(locate()), project / "stage")
    assert second.written == ["posts/on-queues/index.md"]


def test_build_without_mkdocs_yml_is_a_usage_error(project: Path) -> None:
    (project / "mkdocs.yml").unlink()
    result = run(["build"])
    assert result.exit_code == 2
    assert "no mkdocs.yml in this folder" in result.stderr


@pytest.mark.slow
def test_verbose_build_shows_the_engine_progress(project: Path) -> None:
    quiet = run(["build"])
    assert "Documentation built in" not in quiet.stderr
    verbose = run(["build", "--verbose", "--force"])  # nothing changed: only a forced build runs the engine
    assert verbose.exit_code == 0
    assert "Documentation built in" in verbose.stderr


@pytest.mark.slow
def test_build_api_reports_counts(project: Path) -> None:
    write_tree(project, {"content/posts/2023-06-02-drafty.md": entry("Drafty", "2023-06-02", draft=True)})
    result = build_site(locate())
    assert len(result.staged.entries) == 6
    assert len(result.portfolio.entries) == 7
    assert dt.date(2023, 6, 2) not in {e.date for e in result.staged.entries}

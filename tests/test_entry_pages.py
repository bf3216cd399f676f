"""Entry pages and indexes as a reader moves through them: breadcrumbs, previous and next, reading time, the
superseded banner, the last-updated date from git, descriptions in every index, the heat strip's shades."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sitekit import basic_files, entry, page, resolve, run, write_tree

DESCRIPTIONS = {
    "content/debugging/2021-05-01-fixed-the-race.md": "Two workers sent the same email.",
    "content/decisions/2020-03-01-use-cron.md": "A nightly batch was enough then.",
    "content/decisions/2023-02-01-use-a-queue.md": "Volume doubled; jobs moved to a queue.",
    "content/posts/2023-05-01-on-queues.md": "Why queues decouple producers and consumers.",
    "content/postmortems/2022-12-01-leaving.md": "Why I left Alpha.",
    "content/wins/2023-09-01-faster.md": "Search got faster.",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = basic_files()
    for rel, description in DESCRIPTIONS.items():
        head, rest = files[rel].split("\n---\n", 1)
        files[rel] = f'{head}\ndescription: "{description}"\n---\n{rest}'
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build_ok() -> Path:
    result = run(["build", "--strict"])
    assert result.exit_code == 0, result.output
    return Path("site").resolve()


def _url(site: Path, from_url: str, href: str) -> str:
    """The site address (``decisions/x/``) a link on the page at ``from_url`` leads to."""
    target = resolve(site, from_url, href)
    return target.parent.relative_to(site).as_posix() + "/" if target.parent != site else ""


def test_entry_pages_have_a_breadcrumb_to_their_index(project: Path) -> None:
    site = build_ok()
    for url, index in (("decisions/use-cron/", "decisions/"), ("posts/on-queues/", "posts/"), ("wins/faster/", "wins/")):
        crumbs = page(site, url).select("nav.gp-crumbs a")
        assert [(a.get_text(), _url(site, url, a["href"])) for a in crumbs] == [("Home", ""), (crumbs[1].get_text(), index)]
    skill = page(site, "skills/debugging/")
    assert [(a.get_text(), _url(site, "skills/debugging/", a["href"])) for a in skill.select("nav.gp-crumbs a")] == [
        ("Home", ""),
        ("Skills", "skills/"),
    ]
    assert skill.select("article h1")[0].get_text() == "Debugging"


def test_previous_and_next_stay_within_the_kind_in_date_order(project: Path) -> None:
    write_tree(project, {"content/decisions/2021-06-01-use-redis.md": entry("Use Redis", "2021-06-01", status="accepted")})
    site = build_ok()

    def pager(url: str) -> dict[str, str]:
        links = page(site, url).select("nav.gp-pager a")
        return {a["rel"][0]: _url(site, url, a["href"]) for a in links}

    assert pager("decisions/use-cron/") == {"next": "decisions/use-redis/"}
    assert pager("decisions/use-redis/") == {"prev": "decisions/use-cron/", "next": "decisions/use-a-queue/"}
    assert pager("decisions/use-a-queue/") == {"prev": "decisions/use-redis/"}
    assert page(site, "wins/faster/").select_one("nav.gp-pager") is None  # the only win: nothing before or after it
    title = page(site, "decisions/use-redis/").select_one("a.gp-pager-next .gp-pager-title").get_text()
    assert title == "Use a queue"


def test_posts_show_a_reading_time_and_other_kinds_do_not(project: Path) -> None:
    words = " ".join(["word"] * 660)
    write_tree(project, {"content/posts/2024-01-01-long.md": entry("A long post", "2024-01-01", f"# A long post\n\n{words}\n")})
    site = build_ok()
    assert page(site, "posts/long/").select_one(".gp-reading").get_text() == "3 min read"
    assert page(site, "posts/on-queues/").select_one(".gp-reading").get_text() == "1 min read"
    assert page(site, "decisions/use-cron/").select_one(".gp-reading") is None


def test_a_superseded_decision_says_so_and_links_what_replaced_it(project: Path) -> None:
    write_tree(project, {"content/decisions/2019-01-01-orphan.md": entry("Orphan", "2019-01-01", status="superseded")})
    site = build_ok()
    banner = page(site, "decisions/use-cron/").select_one(".gp-header .gp-superseded-banner")
    assert banner.select_one(".admonition-title").get_text() == "Superseded"
    link = banner.select_one("a")
    assert link.get_text() == "Use a queue" and _url(site, "decisions/use-cron/", link["href"]) == "decisions/use-a-queue/"
    assert "1 Feb 2023" in banner.get_text()
    assert page(site, "decisions/use-a-queue/").select_one(".gp-superseded-banner") is None  # the live decision
    orphan = page(site, "decisions/orphan/").select_one(".gp-superseded-banner")
    assert "A later decision replaced this one." in orphan.get_text() and orphan.select_one("a") is None


def _git(root: Path, *args: str, day: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T"}
    env["GIT_COMMITTER_EMAIL"] = "t@example.org"
    if day:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = f"{day}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_entry_pages_show_when_git_last_recorded_a_change(project: Path) -> None:
    _git(project, "init", "-q")
    _git(project, "add", "mkdocs.yml", "skills.yml", "career.yml", "content")
    _git(project, "commit", "-q", "-m", "first", day="2024-02-03")
    cron = project / "content/decisions/2020-03-01-use-cron.md"
    cron.write_text(cron.read_text() + "\nAn outcome, later.\n")
    _git(project, "commit", "-q", "-am", "outcome", day="2025-05-06")
    write_tree(project, {"content/posts/2024-06-01-uncommitted.md": entry("Not committed yet", "2024-06-01")})
    site = build_ok()

    def updated(url: str) -> str | None:
        time = page(site, url).select_one(".gp-updated time")
        return time["datetime"] if time else None

    assert updated("decisions/use-cron/") == "2025-05-06"
    assert updated("decisions/use-a-queue/") == "2024-02-03"
    assert updated("posts/uncommitted/") is None
    assert page(site, "decisions/use-cron/").select_one(".gp-updated").get_text() == "Last updated 6 May 2025"


def test_without_git_there_is_no_last_updated_date(project: Path) -> None:
    site = build_ok()
    assert page(site, "decisions/use-cron/").select_one(".gp-updated") is None


def test_every_index_shows_each_entrys_description_and_its_date_whole(project: Path) -> None:
    site = build_ok()
    for rel, description in DESCRIPTIONS.items():
        folder = rel.split("/")[1]
        slug = rel.rsplit("/", 1)[1][len("2020-01-01-") : -len(".md")]
        index = page(site, f"{folder}/")
        row = index.select_one(f"tr[data-slug='{slug}']")
        assert row is not None, (folder, slug)
        assert row.select_one(".gp-desc:not(.gp-decision)").get_text() == description
        assert row.select_one("td.gp-date time").get_text() == rel.split("/")[2][:10]
        assert not index.select("article table[class]")  # unclassed: Material's table look


def test_decision_index_chips_name_each_status_and_only_the_superseded_decision_is_marked(project: Path) -> None:
    site = build_ok()
    index = page(site, "decisions/")
    rows = {row["data-slug"]: row for row in index.select("tr[data-slug]")}
    assert rows["use-cron"].select_one(".gp-status")["class"] == ["gp-status", "gp-status--superseded"]
    assert rows["use-a-queue"].select_one(".gp-status")["class"] == ["gp-status", "gp-status--accepted"]
    assert [slug for slug, row in rows.items() if "gp-superseded" in (row.get("class") or [])] == ["use-cron"]
    replaced = rows["use-cron"].select_one(".gp-replaced a")
    assert replaced.get_text() == "Use a queue" and "gp-title" not in (replaced.get("class") or [])
    summary = [(a.get_text(" ", strip=True), a["href"]) for a in index.select(".gp-statuses a")]
    assert summary == [("accepted 1", "#status-accepted"), ("superseded 1", "#status-superseded")]


def test_heat_strip_shades_by_count_has_a_legend_and_its_data_as_text(project: Path) -> None:
    write_tree(
        project,
        {
            "content/debugging/2021-05-20-again.md": entry("Again", "2021-05-20", skills={"debugging": "beginner"}),
            "content/debugging/2021-06-02-and-again.md": entry("And again", "2021-06-02", skills={"debugging": "beginner"}),
        },
    )
    site = build_ok()
    doc = page(site, "skills/")
    cells = doc.select("svg.gp-chart-heat rect.gp-heat[data-count]")
    shade = {int(c["data-count"]): c.get("fill-opacity") for c in cells}
    assert shade[0] is None and shade[1] != shade[3] and shade[1] and shade[3]
    assert "Debugging, 2021 Q2: 3 entries" in [c.title.get_text() for c in cells]
    legend = [t.get_text() for t in doc.select("svg.gp-chart-heat .gp-legend text")]
    assert legend == ["Entries per quarter:", "0", "1", "2", "3"]
    table = doc.select_one("table.gp-heat-data")
    assert table.caption.get_text() == "Evidence per skill per quarter"
    rows = {tr.th.get_text(): [td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")}
    assert rows["Debugging"] == ["2020 Q1: 1; 2021 Q2: 3", "4"]
    assert rows["Restraint"] == ["none", "0"]


def test_generated_pages_and_entries_carry_a_print_header_with_the_name(project: Path) -> None:
    site = build_ok()
    for url, title in (("timeline/", "Timeline"), ("skills/", "Skills matrix"), ("decisions/use-cron/", "Use cron"), ("", None)):
        header = page(site, url).select_one(".gp-print-running")
        assert header.select_one(".gp-print-name").get_text() == "Test Person", url
        shown = header.select_one(".gp-print-title")
        assert (shown.get_text() if shown else None) == title, url
        assert header.select_one("time.gp-print-date") is not None

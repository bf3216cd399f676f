"""The decision graph, each decision's neighbourhood, backlinks, and the review page with its feed: real builds, parsed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest
from sitekit import basic_files, entry, page, resolve, run, write_tree

from portfolio.model.project import locate
from portfolio.site.build import build_site
from portfolio.site.views.graph import GROUP_OVER, _lanes

SITE_URL = "https://team.example.org/wiki/"
CANARY = "zqxhidden"
TODAY = dt.date(2024, 6, 1)


def files() -> dict[str, str]:
    tree = basic_files()
    tree["mkdocs.yml"] = tree["mkdocs.yml"].replace("site_author: Test Person\n", f"site_author: Test Person\nsite_url: {SITE_URL}\n")
    tree["content/decisions/2023-06-01-cache-reports.md"] = entry(
        "Cache reports",
        "2023-06-01",
        "We cache reports.",
        status="accepted",
        depends_on=["use-a-queue"],
        relates_to=["on-queues", "secret-plan", "draft-idea"],
        assumptions=["Reports are read more than written"],
        deciders=["Ana", "Bo"],
        revisit="2024-01-01",
    )
    tree["content/decisions/2024-01-01-split-queues.md"] = entry(
        "Split the queues", "2024-01-01", status="accepted", depends_on="cache-reports", assumptions=["x"]
    )
    tree["content/decisions/2023-07-01-secret-plan.md"] = entry(
        f"Secret plan {CANARY}",
        "2023-07-01",
        f"Links to [the queue](2023-02-01-use-a-queue.md) {CANARY}.",
        status="accepted",
        private=True,
        depends_on=["use-a-queue"],
        revisit="2023-12-01",
        assumptions=["x"],
    )
    tree["content/decisions/2023-08-01-draft-idea.md"] = entry(
        f"Draft idea {CANARY}", "2023-08-01", "[q](2023-02-01-use-a-queue.md)", draft=True, relates_to=["use-a-queue"]
    )
    tree["content/decisions/2023-02-01-use-a-queue.md"] = entry(
        "Use a queue",
        "2023-02-01",
        "See [this very page](2023-02-01-use-a-queue.md) for details.",
        status="accepted",
        supersedes="use-cron",
        deciders=["Me", "Ana"],
        assumptions=["Redis stays up"],
        skills={"writing": "expert"},
    )
    tree["content/posts/2023-05-01-on-queues.md"] = entry(
        "On queues",
        "2023-05-01",
        "Queues decouple. We [moved to a *queue*](../decisions/2023-02-01-use-a-queue.md) in 2023. Nothing else.\n\n"
        "In code `[not a link](../decisions/2020-03-01-use-cron.md)` stays code.\n\n"
        "```\n[fenced](../decisions/2020-03-01-use-cron.md)\n```\n",
        tags=["queues"],
        skills=["writing"],
    )
    tree["content/wins/2023-09-01-faster.md"] = entry(
        "Faster search",
        "2023-09-01",
        "It got faster. Thanks to the [queue][q] work, search got faster.\n\n[q]: ../decisions/2023-02-01-use-a-queue.md\n",
        impact="p99 from 2 s to 300 ms",
    )
    tree["content/posts/2023-10-01-draft.md"] = entry(
        f"Draft {CANARY}", "2023-10-01", "[q](../decisions/2023-02-01-use-a-queue.md)", draft=True
    )
    tree["content/about.md"] = (
        '---\ntitle: About me\n---\n\n<p>About the <a href="decisions/2023-02-01-use-a-queue.md">queue decision</a>.</p>\n'
    )
    return tree


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("graph"), files())
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        build_site(locate(need_config=True), strict=True, today=TODAY)
    return root


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    return built / "site"


# --- the graph page ------------------------------------------------------------------------


def test_graph_nodes_and_edges_match_the_front_matter_of_public_entries(site: Path) -> None:
    doc = page(site, "decisions/graph/")
    nodes = {(c["data-slug"], c["data-kind"]) for c in doc.select("svg.gp-graph-rails circle.gp-node")}
    edges = {(g["data-source"], g["data-target"], g["data-kind"]) for g in doc.select("svg.gp-graph-rails g.gp-edge")}

    assert nodes == {
        ("use-cron", "decision"),
        ("use-a-queue", "decision"),
        ("cache-reports", "decision"),
        ("split-queues", "decision"),
        ("on-queues", "post"),  # a decision relates to it
    }
    assert edges == {
        ("use-a-queue", "use-cron", "supersedes"),
        ("cache-reports", "use-a-queue", "depends_on"),
        ("cache-reports", "on-queues", "relates_to"),
        ("split-queues", "cache-reports", "depends_on"),
    }
    # Private and draft decisions are absent, and so is every relation to them.
    assert CANARY not in str(doc).lower()


def test_graph_rows_are_oldest_first_and_every_node_is_a_working_link(site: Path) -> None:
    doc = page(site, "decisions/graph/")
    rows = doc.select("ol.gp-graph-nodes > li")
    assert [row["data-slug"] for row in rows] == ["use-cron", "use-a-queue", "on-queues", "cache-reports", "split-queues"]
    for row in rows:
        link = row.select_one("a.gp-graph-link")
        target = resolve(site, "decisions/graph/", link["href"])
        assert target.is_file(), link["href"]
        assert page(site, target.parent.relative_to(site).as_posix() + "/").h1.get_text(strip=True) == link.get_text(strip=True)
    # The SVG only draws: no link inside it (Material's instant navigation cannot follow one).
    assert doc.select("svg.gp-graph-rails a") == []
    circles = {c["data-slug"]: int(c["cy"]) for c in doc.select("svg.gp-graph-rails circle.gp-node")}
    assert sorted(circles, key=circles.get) == [row["data-slug"] for row in rows]


def test_graph_page_is_linked_from_the_decisions_index(site: Path) -> None:
    doc = page(site, "decisions/")
    links = {a.get_text(strip=True): resolve(site, "decisions/", a["href"]) for a in doc.select(".gp-decision-views a")}
    assert links["Decision graph"] == (site / "decisions/graph/index.html").resolve()
    assert links["Due for review"] == (site / "decisions/review/index.html").resolve()
    assert doc.select_one(".gp-decision-views").get_text(" ", strip=True).endswith("(2)")


# --- each decision's neighbourhood ------------------------------------------------------------


def test_decision_page_shows_its_relations_both_ways(site: Path) -> None:
    doc = page(site, "decisions/cache-reports/")
    facts = {dt_.get_text(strip=True): dt_.find_next_sibling("dd") for dt_ in doc.select(".gp-header dl.gp-facts dt")}
    assert [a.get_text(strip=True) for a in facts["Depends on"].select("a")] == ["Use a queue"]
    assert [a.get_text(strip=True) for a in facts["Depended on by"].select("a")] == ["Split the queues"]
    assert [a.get_text(strip=True) for a in facts["Related"].select("a")] == ["On queues"]

    rows = doc.select(".gp-neighbourhood ol.gp-graph-nodes > li")
    assert [row["data-slug"] for row in rows] == ["use-a-queue", "on-queues", "cache-reports", "split-queues"]
    focus = doc.select_one(".gp-neighbourhood li.gp-graph-row--focus")
    assert focus["data-slug"] == "cache-reports" and focus.select("a") == []
    edges = {(g["data-source"], g["data-target"]) for g in doc.select(".gp-neighbourhood g.gp-edge")}
    assert edges == {("cache-reports", "use-a-queue"), ("cache-reports", "on-queues"), ("split-queues", "cache-reports")}
    more = doc.select_one(".gp-neighbourhood .gp-graph-more a")
    assert more["href"].endswith("graph/#decision-cache-reports")
    assert page(site, "decisions/graph/").select_one("#decision-cache-reports") is not None
    assert CANARY not in str(doc).lower()


def test_a_decision_related_to_nothing_public_has_no_neighbourhood(site: Path) -> None:
    assert page(site, "decisions/use-cron/").select(".gp-neighbourhood ol li")  # superseded by use-a-queue
    doc = page(site, "posts/on-queues/")
    assert doc.select(".gp-neighbourhood") == []  # only decisions get one


# --- backlinks ----------------------------------------------------------------------------------


def test_backlinks_list_exactly_the_public_pages_that_link_with_their_sentence(site: Path) -> None:
    doc = page(site, "decisions/use-a-queue/")
    items = doc.select("ul.gp-backlinks > li")
    found = [(li.a.get_text(strip=True), li.select_one(".gp-context").get_text(strip=True)) for li in items]

    assert found == [
        ("Faster search", "Thanks to the queue work, search got faster."),
        ("Cache reports", "Depends on this decision."),
        ("On queues", "We moved to a queue in 2023."),
        ("Use cron", "Names this decision as the one that superseded it."),
        ("About me", "About the queue decision."),
    ]
    for li in items:
        assert resolve(site, "decisions/use-a-queue/", li.a["href"]).is_file(), li.a["href"]
    assert doc.select_one("h2#referenced-by") is not None
    assert CANARY not in str(doc).lower()


def test_links_in_code_are_not_backlinks_and_an_entry_nobody_links_to_has_none(site: Path) -> None:
    use_cron = page(site, "decisions/use-cron/")
    assert [li.a.get_text(strip=True) for li in use_cron.select("ul.gp-backlinks > li")] == ["Use a queue"]  # its supersedes
    assert page(site, "debugging/fixed-the-race/").select("ul.gp-backlinks") == []
    assert page(site, "debugging/fixed-the-race/").select_one("#referenced-by") is None


def test_the_front_page_introduction_is_a_backlink_source_named_after_the_person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # content/index.md becomes the front page's introduction (never a page of its own): its links come from the front page.
    tree = files()
    tree["content/index.md"] = "# Hello\n\nLately I [chose a queue](decisions/2023-02-01-use-a-queue.md) over cron.\n"
    root = write_tree(tmp_path, tree)
    monkeypatch.chdir(root)
    assert run(["build"]).exit_code == 0
    site = root / "site"
    items = page(site, "decisions/use-a-queue/").select("ul.gp-backlinks > li")
    front = [li for li in items if resolve(site, "decisions/use-a-queue/", li.a["href"]) == (site / "index.html").resolve()]
    assert len(front) == 1
    assert front[0].a.get_text(strip=True) == "Test Person"
    assert front[0].select_one(".gp-context").get_text(strip=True) == "Lately I chose a queue over cron."


@pytest.mark.slow  # a few seconds: several builds
def test_backlinks_follow_an_edit_on_the_next_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path, files())
    monkeypatch.chdir(root)
    assert run(["build"]).exit_code == 0
    post = root / "content/posts/2023-05-01-on-queues.md"
    post.write_text(post.read_text().replace("in 2023.", "in the spring."), encoding="utf-8")
    assert run(["build"]).exit_code == 0
    contexts = [c.get_text(strip=True) for c in page(root / "site", "decisions/use-a-queue/").select(".gp-context")]
    assert "We moved to a queue in the spring." in contexts

    post.write_text(post.read_text().replace("[moved to a *queue*](../decisions/2023-02-01-use-a-queue.md)", "moved"), encoding="utf-8")
    assert run(["build"]).exit_code == 0
    titles = [li.a.get_text(strip=True) for li in page(root / "site", "decisions/use-a-queue/").select("ul.gp-backlinks > li")]
    assert "On queues" not in titles and "Faster search" in titles


# --- the review page and its feed -----------------------------------------------------------


def test_review_page_lists_exactly_the_overdue_public_decisions_waiting_longest_first(site: Path) -> None:
    doc = page(site, "decisions/review/")
    rows = doc.select(".gp-due tbody tr")

    assert [row["data-slug"] for row in rows] == ["use-a-queue", "cache-reports"]
    reasons = {row["data-slug"]: [li["data-code"] for li in row.select("li[data-code]")] for row in rows}
    assert reasons == {"use-a-queue": ["outcome-missing"], "cache-reports": ["revisit-overdue", "outcome-missing"]}
    cache = rows[1].select("td")
    assert cache[0].get_text(strip=True) == "2023-12-01"  # accepted 2023-06-01 + 182 days: due from the 183rd
    assert [li.get_text(" ", strip=True) for li in rows[1].select("li")] == [
        "Revisit was due 1 Jan 2024 , 152 days ago",
        "Accepted 366 days ago with no outcome",
    ]
    assert cache[3].get_text(strip=True) == "Ana, Bo"
    assert resolve(site, "decisions/review/", rows[0].select_one("a")["href"]) == (site / "decisions/use-a-queue/index.html").resolve()
    assert doc.select_one(".gp-lead time")["datetime"] == TODAY.isoformat()
    assert CANARY not in str(doc).lower()


def test_review_feed_has_the_same_decisions_and_is_announced_on_the_review_page(site: Path) -> None:
    feed = feedparser.parse((site / "review.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Cache reports", "Use a queue"]  # newest reminder first
    first = feed.entries[0]
    assert first.link == SITE_URL + "decisions/cache-reports/"
    assert first.id == SITE_URL + "decisions/cache-reports/#review-2023-12-01"
    assert first.summary == "Revisit was due 2024-01-01, 152 days ago; accepted 366 days ago with no outcome. Owners: Ana, Bo."
    assert {t.term for t in first.tags} == {"decision", "revisit-overdue", "outcome-missing"}
    assert feed.feed.link == SITE_URL + "decisions/review/"

    doc = page(site, "decisions/review/")
    announced = [link["href"] for link in doc.find_all("link", rel="alternate") if link["href"].endswith("review.atom.xml")]
    assert len(announced) == 1 and resolve(site, "decisions/review/", announced[0]) == (site / "review.atom.xml").resolve()
    subscribe = doc.select_one("a.gp-feed")["href"]
    assert not subscribe.endswith("/") and resolve(site, "decisions/review/", subscribe) == (site / "review.atom.xml").resolve()
    others = [link["href"] for link in page(site, "decisions/").find_all("link", rel="alternate")]
    assert not any(href.endswith("review.atom.xml") for href in others)


def test_review_respects_the_thresholds_of_portfolio_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = files()
    tree["portfolio.yml"] = "outcome_after_days: 400\nrevisit_grace_days: 200\n"
    root = write_tree(tmp_path, tree)
    monkeypatch.chdir(root)
    build_site(locate(need_config=True), today=TODAY)

    rows = page(root / "site", "decisions/review/").select(".gp-due tbody tr")
    assert [row["data-slug"] for row in rows] == ["use-a-queue"]  # 486 days > 400; cache-reports: 366 days, revisit 152 < 200
    assert "more than 400 days ago" in page(root / "site", "decisions/review/").select_one(".gp-lead").get_text(" ", strip=True)


def test_without_site_url_there_is_no_review_feed_and_no_link_to_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = files()
    tree["mkdocs.yml"] = tree["mkdocs.yml"].replace(f"site_url: {SITE_URL}\n", "")
    root = write_tree(tmp_path, tree)
    monkeypatch.chdir(root)
    build_site(locate(need_config=True), today=dt.date(2023, 1, 1))

    assert not (root / "site/review.atom.xml").exists()
    doc = page(root / "site", "decisions/review/")
    assert doc.select("a.gp-feed") == [] and doc.select(".gp-due") == []
    assert "no decision is due for another look" in doc.select_one(".gp-lead").get_text(" ", strip=True)


# --- a large graph -----------------------------------------------------------------------------


@pytest.mark.slow  # a few seconds: several builds
def test_a_large_graph_is_grouped_by_year_with_edges_running_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = {name: text for name, text in basic_files().items() if not name.startswith("content/decisions/")}
    count = GROUP_OVER + 5
    for index in range(count):
        year = 2015 + index // 10
        extra: dict = {"status": "proposed"}
        if index == count - 1:
            extra["depends_on"] = ["d-0"]  # from the last year back to the first
        tree[f"content/decisions/{year}-01-{index % 10 + 10:02d}-d-{index}.md"] = entry(
            f"Decision {index}", f"{year}-01-{index % 10 + 10:02d}", **extra
        )
    root = write_tree(tmp_path, tree)
    monkeypatch.chdir(root)
    assert run(["build", "--strict"]).exit_code == 0

    doc = page(root / "site", "decisions/graph/")
    years = [h2["id"] for h2 in doc.select("h2[id^=year-]")]
    assert years == [f"year-{year}" for year in range(2015, 2015 + (count + 9) // 10)]
    assert [a["href"] for a in doc.select(".gp-graph-years a")] == [f"#{year}" for year in years]
    slugs = [li["data-slug"] for li in doc.select("ol.gp-graph-nodes > li")]
    assert sorted(slugs) == sorted(f"d-{i}" for i in range(count)) and len(slugs) == count
    sections = doc.select("div.gp-graph")
    assert len(sections) == len(years)
    # The one long edge is drawn in every year it passes through, with the same path.
    paths = {g.path["d"] for section in sections for g in section.select("g.gp-edge")}
    assert len(paths) == 1 and all(section.select("g.gp-edge") for section in sections)


def test_lanes_are_shared_only_by_edges_that_do_not_overlap() -> None:
    lanes = _lanes([(0, 2, 0), (2, 4, 1), (3, 5, 2), (5, 6, 3), (0, 6, 4)])
    assert lanes[0] != lanes[1]  # they meet at row 2: a shared lane would look like one line through that node
    assert lanes[1] != lanes[2] and lanes[2] != lanes[3]
    assert len({lanes[4], lanes[0]}) == 2 and max(lanes.values()) == 3


def test_values_from_files_are_escaped_in_the_graph_and_in_backlinks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = basic_files()
    hostile = '<img src=x onerror="alert(1)">'
    tree["content/decisions/2023-06-01-evil.md"] = entry(
        f"Evil {hostile} & co",
        "2023-06-01",
        f'Read <b onclick="alert(2)">this</b>: the [queue {hostile}](2023-02-01-use-a-queue.md#decision) & more. After.',
        status="proposed",
        depends_on=["use-a-queue"],
        deciders=[hostile],
        revisit="2020-01-01",
    )
    root = write_tree(tmp_path, tree)
    monkeypatch.chdir(root)
    build_site(locate(need_config=True), strict=True, today=TODAY)

    for url in ("decisions/graph/", "decisions/use-a-queue/", "decisions/review/"):
        doc = page(root / "site", url)
        assert doc.select("article img, article [onerror], article [onclick]") == [], url
    # The body is the author's Markdown, raw HTML included; what the tool adds around it escapes.
    own = page(root / "site", "decisions/evil/")
    assert own.select(".gp-header img, .gp-header [onerror], .gp-neighbourhood img, .gp-neighbourhood [onerror]") == []
    queue = page(root / "site", "decisions/use-a-queue/")
    item = next(li for li in queue.select("ul.gp-backlinks > li") if "Evil" in li.a.get_text())
    assert item.a.get_text() == f"Evil {hostile} & co"
    assert item.select_one(".gp-context").get_text() == "Read this: the queue & more."  # tags dropped, the link's fragment ignored
    graph = page(root / "site", "decisions/graph/")
    assert graph.select_one("li[data-slug=evil] a.gp-graph-link").get_text() == f"Evil {hostile} & co"
    review = page(root / "site", "decisions/review/")
    assert review.select_one("tr[data-slug=evil] td:last-child").get_text() == hostile


def test_serve_stages_drafts_but_no_graph_draws_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bs4 import BeautifulSoup

    from portfolio.model.project import load_portfolio
    from portfolio.site.stage import stage

    root = write_tree(tmp_path, files())
    monkeypatch.chdir(root)
    staged = stage(load_portfolio(locate(need_config=True)), root / ".portfolio/serve", drafts=True, private=True, today=TODAY)
    from portfolio.model.addresses import page_file

    docs = staged.docs_dir

    def staged_page(name: str) -> Path:
        return docs / page_file(name)  # each page is staged as <its URL>/index.md

    assert staged_page("decisions/draft-idea.md").is_file() and staged_page("decisions/secret-plan.md").is_file()  # previewed, with banners
    for name in ("decisions/graph.md", "decisions/review.md", "decisions/use-a-queue.md", "decisions/cache-reports.md"):
        html = BeautifulSoup(staged_page(name).read_text(encoding="utf-8"), "html.parser")
        slugs = {tag["data-slug"] for tag in html.select("[data-slug]")}
        assert not slugs & {"draft-idea", "secret-plan"}, name
        assert [
            li["data-src"] for li in html.select("ul.gp-backlinks > li") if "draft" in li["data-src"] or "secret" in li["data-src"]
        ] == []
    own = BeautifulSoup(staged_page("decisions/secret-plan.md").read_text(encoding="utf-8"), "html.parser")
    assert own.select(".gp-neighbourhood") == [] and own.select_one(".gp-banner") is not None


def test_the_graph_page_is_left_out_of_search_and_the_entries_are_not(site: Path) -> None:
    import json

    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "decisions/graph/" not in locations
    assert {"decisions/use-a-queue/", "decisions/cache-reports/", "decisions/review/"} <= locations
    # Pages that list entries are left out too: at a few thousand entries the matrix alone outgrew
    # Zensical's limit for one page's search text, and each title on them is found on its own page.
    assert not {"skills/", "decisions/", "posts/", "debugging/"} & locations

"""The example site in a real Chromium, driven by Playwright, served over HTTP on 127.0.0.1.

Needs Debian's `chromium` (`apt-get install chromium`); without it these tests
skip with that hint, except under CI (PORTFOLIO_REQUIRE_BROWSER=1), where a
missing browser is a failure. The site is built by each engine in turn: Zensical
ships its own JavaScript (navigation, search), which must work as Material's does.
MkDocs' build is the session's shared example site (``base_url``); Zensical's is
built once for this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import yaml
from browserkit import require_browser, serve
from sitekit import ENGINES, REPO, copy_example, require_engine, run

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Watched:
    """A page that records console errors and every request it makes."""

    def __init__(self, browser: object, base_url: str) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.base_url = base_url

    def check(self) -> None:
        assert self.errors == []
        assert self.requests and all(url.startswith((self.base_url, "data:")) for url in self.requests), [
            url for url in self.requests if not url.startswith(self.base_url)
        ]
        self.page.close()


#: Site URL -> the engine that built the site served there.
_ENGINE_AT: dict[str, str] = {}


@pytest.fixture(scope="module", params=ENGINES)
def site_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site built by each engine, served on 127.0.0.1."""
    require_browser()
    engine = require_engine(request.param)
    if engine == "mkdocs":
        url = request.getfixturevalue("base_url")
        _ENGINE_AT[url] = engine
        yield url
        return
    root = copy_example(tmp_path_factory.mktemp(f"example-{engine}"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = run(["build", "--strict", "--engine", engine])
    assert result.exit_code == 0, result.output
    with serve(root / "site") as url:
        _ENGINE_AT[url] = engine
        yield url


@pytest.fixture
def watched(browser: object, site_url: str) -> Iterator[Watched]:
    page = Watched(browser, site_url)
    yield page
    page.check()


def test_matrix_shows_every_skill_level_and_working_evidence(watched: Watched, site_url: str) -> None:
    from playwright.sync_api import expect

    skills = yaml.safe_load((REPO / "skills.yml").read_text())["skills"]
    page = watched.page
    page.goto(site_url + "skills/")
    rows = page.locator(".gp-matrix tbody tr")
    assert rows.count() == len(skills)
    for index, skill in enumerate(skills):
        row = rows.nth(index)
        assert row.locator("th .gp-skill-name").inner_text() == skill["name"]
        assert row.locator(".gp-current").inner_text().strip() != ""
        assert row.is_visible()
    links = page.locator(".gp-matrix ul.gp-evidence a")
    count = links.count()
    assert count >= 10
    for index in (0, count // 2, count - 1):
        link = page.locator(".gp-matrix ul.gp-evidence a").nth(index)
        title = link.inner_text()
        link.click()
        expect(page.locator("article h1").first).to_have_text(title)  # instant navigation loads in the background
        page.go_back()
        page.wait_for_selector(".gp-matrix")


def test_timeline_chapters_appear_in_date_order(watched: Watched, site_url: str) -> None:
    roles = sorted(yaml.safe_load((REPO / "career.yml").read_text())["roles"], key=lambda r: str(r["start"]))
    page = watched.page
    page.goto(site_url + "timeline/")
    chapters = page.locator("section.gp-chapter")
    assert chapters.count() == len(roles)
    tops = []
    for index, role in enumerate(roles):
        chapter = chapters.nth(index)
        assert chapter.get_attribute("id") == f"role-{role['id']}"
        assert chapter.locator("h2").inner_text().startswith(role["title"])
        tops.append(chapter.bounding_box()["y"])
    assert tops == sorted(tops)


def _body_only_word() -> tuple[str, str]:
    """A word in one public entry's body that no title, description or other file contains."""
    files = sorted((REPO / "content").rglob("*.md"))
    texts = {path: path.read_text(encoding="utf-8").lower() for path in files}
    target = next(path for path in files if "double-booked-slots" in path.name)
    _, front, body = texts[target].split("---", 2)
    title = re.search(r"^title: (.*)$", texts[target], re.M).group(1).strip().strip("\"'")
    for word in sorted(set(re.findall(r"[a-z]{9,}", body))):
        if word not in front and all(word not in text for path, text in texts.items() if path != target):
            return word, title
    raise AssertionError("no body-only word found in the example")


def test_search_finds_an_entry_by_a_word_only_its_body_contains(watched: Watched, site_url: str) -> None:
    word, title = _body_only_word()
    page = watched.page
    page.goto(site_url)
    if _ENGINE_AT[site_url] == "zensical":
        # Zensical's own search: a dialog (in a shadow root) with a combobox and a listbox of results,
        # each result a link to the section of the page where the word is.
        page.locator("button.md-search__button").click()
        page.get_by_role("combobox").press_sequentially(word, delay=30)
        # The list re-renders as results stream in, so wait for the one result that matters rather than
        # reading the list while it changes.
        hit = page.get_by_role("listbox").locator('[href*="/debugging/double-booked-slots/"]')
        hit.first.wait_for(timeout=15_000)
        assert urlsplit(hit.first.get_attribute("href") or "").path.startswith("/debugging/double-booked-slots/")
        return
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(word, delay=30)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    titles = [t.lower() for t in page.locator(".md-search-result__item h1").all_inner_texts()]
    assert title.lower() in titles


def test_entry_page_header_and_dark_mode_have_no_errors(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "decisions/queue-over-cron/")
    badges = page.locator(".gp-header a.gp-badge")
    assert badges.count() >= 1
    badges.first.click()
    page.wait_for_load_state()
    assert page.url.startswith(site_url + "skills/#skill-")
    page.locator("label.md-header__button[for^='__palette']").first.click()


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example served where its site_url says: Material's instant navigation only intercepts links whose
    URL is in sitemap.xml, and it maps the sitemap to the current host and protocol but not the port, so on
    any other address every click is a full page load and instant navigation is never exercised. The server
    starts first (its port is the site_url), then the site is built into the folder it serves."""
    require_browser()
    root = copy_example(tmp_path_factory.mktemp("instant"))
    (root / "site").mkdir()
    with serve(root / "site") as url:
        config = root / "mkdocs.yml"
        config.write_text(re.sub(r"^site_url: .*$", f"site_url: {url}", config.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(root)
            result = run(["build", "--strict"])
        assert result.exit_code == 0, result.output
        yield url


@pytest.fixture
def instant(browser: object, instant_url: str) -> Iterator[Watched]:
    page = Watched(browser, instant_url)
    yield page
    page.check()


def test_decision_graph_nodes_click_through_with_instant_navigation(instant: Watched, instant_url: str) -> None:
    from playwright.sync_api import expect

    page = instant.page
    page.goto(instant_url + "decisions/graph/")
    rows = page.locator("ol.gp-graph-nodes > li")
    count = rows.count()
    assert count >= 8
    page.evaluate("window.gpMarker = 'still the same document'")
    for index in (0, count // 2, count - 1):
        link = page.locator("ol.gp-graph-nodes > li").nth(index).locator("a.gp-graph-link")
        title = link.inner_text()
        link.click()
        expect(page.locator("article h1").first).to_have_text(title)
        # Material's instant navigation swapped the content in: no full page load happened.
        assert page.evaluate("window.gpMarker") == "still the same document"
        page.go_back()
        page.wait_for_selector("ol.gp-graph-nodes")


def test_clicking_a_node_dot_opens_its_decision(instant: Watched, instant_url: str) -> None:
    from playwright.sync_api import expect

    page = instant.page
    page.goto(instant_url + "decisions/graph/")
    page.evaluate("window.gpMarker = 'still the same document'")
    slug = "reporting-read-replica"
    title = page.locator(f"li[data-slug='{slug}'] a.gp-graph-link").inner_text()
    box = page.locator(f"svg.gp-graph-rails circle[data-slug='{slug}']").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("article h1").first).to_have_text(title)
    assert page.url == instant_url + f"decisions/{slug}/"
    neighbour = page.locator(".gp-neighbourhood a.gp-graph-link").first
    other = neighbour.inner_text()
    neighbour.click()
    expect(page.locator("article h1").first).to_have_text(other)
    assert page.evaluate("window.gpMarker") == "still the same document"

"""The "not found" page is styled wherever the site is served: a GitHub Pages project site (/repo/) or a
user site (/), with or without site_url in mkdocs.yml.

Served like GitHub Pages: a missing address gets the site's 404.html, status 404, the address unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import DESKTOP, serve
from sitekit import ENGINE_PARAMS, copy_example, require_engine, run, soup

PROJECT_SITE = "https://maya-okafor.github.io/portfolio/"


def _build(root: Path, site_url: str | None, into: str, engine: str) -> Path:
    config = root / "mkdocs.yml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("site_url:")]
    if site_url:
        lines.insert(1, f"site_url: {site_url}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = run(["build", "--strict", "-d", into, "--engine", engine])
    assert result.exit_code == 0, result.output
    return root / into


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def no_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built without site_url (as `portfolio init` leaves it), into ``served/repo``, on each engine."""
    engine = require_engine(request.param)
    root = copy_example(tmp_path_factory.mktemp(f"no-url-{engine}"))
    return _build(root, None, "served/repo", engine)


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def with_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with the site_url of a GitHub Pages project site, into ``served/portfolio``, its path."""
    engine = require_engine(request.param)
    root = copy_example(tmp_path_factory.mktemp(f"with-url-{engine}"))
    return _build(root, PROJECT_SITE, "served/portfolio", engine)


def _references(page_path: Path) -> list[str]:
    doc = soup(page_path)
    found = [tag["href"] for tag in doc.select("link[href], a[href]")] + [tag["src"] for tag in doc.select("script[src]")]
    return [url for url in found if not url.startswith(("#", "https://", "http://", "mailto:"))]


# --- the page as written -------------------------------------------------------------------------------


def test_without_site_url_the_404_page_links_relatively_and_finds_its_root_first(no_url: Path, request: pytest.FixtureRequest) -> None:
    if request.node.callspec.params.get("no_url") == "zensical":
        # Known difference, kept visible: the test runs and must fail until Zensical changes.
        request.applymarker(
            pytest.mark.xfail(
                reason="Zensical 0.0.73 writes the 404 page's navigation as root-absolute links (/skills/) when site_url is unset; "
                "the page is styled, but on a project site (/repo/) those links miss the prefix",
                strict=True,
            )
        )
    references = _references(no_url / "404.html")
    assert references and not [url for url in references if url.startswith("/")]
    assert "./assets/portfolio/portfolio.css" in references
    head = soup(no_url / "404.html").head
    first = head.find(True)
    assert first.name == "script" and "base" in first.get_text()  # before any stylesheet or link is read
    assert head.find("link").sourceline > first.sourceline


def test_with_site_url_the_404_page_links_under_its_path(with_url: Path) -> None:
    references = _references(with_url / "404.html")
    assert "/portfolio/assets/portfolio/portfolio.css" in references
    assert all(url.startswith("/portfolio/") for url in references), references
    assert soup(with_url / "404.html").head.find(True).name != "script"


# --- in a browser, served like GitHub Pages --------------------------------------------------------------


@pytest.fixture
def watched(browser: object) -> Iterator[tuple[object, list[str]]]:
    """A fresh page (no stored state) and the list of every failed request but the 404 page itself."""
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[attr-defined]
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    yield page, failed
    context.close()


def _styled(page: object, base: str) -> None:
    """Material's stylesheets and ours are applied and its script runs, all loaded from the site's root."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('.md-header')).position === 'sticky'"
        " && [...document.styleSheets].some(sheet => (sheet.href || '').endsWith('/assets/portfolio/portfolio.css'))"
    )
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    sheets = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map(l => [l.href, !!l.sheet])")  # type: ignore[attr-defined]
    scripts = page.evaluate("[...document.querySelectorAll('script[src]')].map(s => s.src)")  # type: ignore[attr-defined]
    assert sheets and all(url.startswith(base) and loaded for url, loaded in sheets), sheets
    assert scripts and all(url.startswith(base) for url in scripts), scripts
    assert page.evaluate("typeof document$ === 'object'")  # type: ignore[attr-defined]  # Material's bundle ran


def _only_guesses(failed: list[str], base: str, missing: str) -> list[str]:
    """Failed requests other than the missing page itself and the preload scanner's guesses under it (Chromium
    fetches a page's stylesheets before any script runs, so before the page has set its <base>)."""
    folder = base + missing[: missing.rfind("/") + 1] if "/" in missing else base + missing
    return [line for line in failed if not line.split(" ", 1)[1].startswith(folder)]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("missing", ["no/such/page/", "missing.html", "decisions/gone/"])
def test_404_is_styled_on_a_project_site_without_site_url(watched: tuple, no_url: Path, missing: str) -> None:
    page, failed = watched
    with serve(no_url.parent, pages_prefix="/repo/") as base:
        response = page.goto(base + missing)
        assert response.status == 404
        _styled(page, base)
        assert page.locator("article h1").inner_text() == "Page not found"
        home = page.locator("article a", has_text="Go to the front page")
        assert home.evaluate("a => a.href") == base
        assert _only_guesses(failed, base, missing) == []
        home.click()
        page.wait_for_load_state()
        assert page.locator("article h1").first.inner_text() == "Maya Okafor"


@pytest.mark.browser
@pytest.mark.slow
def test_404_is_styled_on_a_user_site_without_site_url(watched: tuple, no_url: Path) -> None:
    """At the host's root a missing address deep down is first taken for a project site; the page then tries the root."""
    page, _ = watched
    with serve(no_url, pages_prefix="/") as base:
        response = page.goto(base + "no/such/page/")
        assert response.status == 404
        _styled(page, base)
        assert page.locator("article a", has_text="Go to the front page").evaluate("a => a.href") == base


@pytest.mark.browser
@pytest.mark.slow
def test_404_is_styled_on_a_project_site_with_site_url(watched: tuple, with_url: Path) -> None:
    page, failed = watched
    with serve(with_url.parent, pages_prefix="/portfolio/") as base:
        response = page.goto(base + "no/such/page/")
        assert response.status == 404
        _styled(page, base)
        assert [line for line in failed if not line.endswith(base + "no/such/page/")] == []

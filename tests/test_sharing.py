"""Sharing: feeds parsed with a real feed parser, link-preview meta on every page (the 404 page too), preview cards.

Built once per engine: our head partial must work on MkDocs' Jinja and on Zensical's MiniJinja alike.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest
from PIL import Image, ImageChops
from sitekit import ENGINE_PARAMS, basic_files, entry, page, require_engine, run, write_tree

from portfolio.site.sharing.cards import SIZE, Card, render_card

pytestmark = pytest.mark.slow  # builds, deploys, kills or drives a browser: see CONTRIBUTING.md

SITE_URL = "https://ada.example.org/portfolio/"
CANARY = "zzsharecanary"


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build per engine: the feeds, cards and head tags are the same guarantee on both."""
    engine = require_engine(request.param)
    tmp_path = tmp_path_factory.mktemp(f"sharing-{engine}")
    files = basic_files()
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("site_author: Test Person\n", f"site_author: Test Person\nsite_url: {SITE_URL}\n")
    files["content/posts/2023-08-01-cjk.md"] = entry(
        "キャッシュの競合状態",
        "2023-08-01",
        "First paragraph of a post with **bold** and a [link](https://example.org).\n\nSecond paragraph.",
        tags=["cache"],
    )
    files["content/posts/2023-08-02-draft.md"] = entry(f"Draft {CANARY}", "2023-08-02", f"Body {CANARY}", draft=True)
    files["content/posts/2023-08-03-private.md"] = entry(f"Private {CANARY}", "2023-08-03", f"Body {CANARY}", private=True)
    write_tree(tmp_path, files)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        result = run(["build", "--strict", "--engine", engine])
    assert result.exit_code == 0, result.output
    return tmp_path / "site"


def test_feeds_round_trip_through_a_feed_parser(site: Path) -> None:
    posts_atom = feedparser.parse((site / "posts.atom.xml").read_bytes())
    posts_rss = feedparser.parse((site / "posts.rss.xml").read_bytes())
    everything = feedparser.parse((site / "all.atom.xml").read_bytes())
    for feed in (posts_atom, posts_rss, everything, feedparser.parse((site / "all.rss.xml").read_bytes())):
        assert not feed.bozo, feed.bozo_exception
    assert posts_rss.version == "rss20" and posts_atom.version == "atom10"
    assert [e.title for e in posts_atom.entries] == ["キャッシュの競合状態", "On queues"]
    assert [e.title for e in posts_rss.entries] == ["キャッシュの競合状態", "On queues"]
    first = posts_atom.entries[0]
    assert first.link == SITE_URL + "posts/cjk/"
    assert first.published_parsed[:3] == (2023, 8, 1)
    assert first.summary == "First paragraph of a post with bold and a link."
    titles = [e.title for e in everything.entries]
    assert titles[:2] == ["Faster search", "キャッシュの競合状態"] and "Use cron" in titles and len(titles) == 7
    dates = [e.published_parsed[:3] for e in everything.entries]
    assert dates == sorted(dates, reverse=True)
    for feed_entry in everything.entries:
        assert feed_entry.link.startswith(SITE_URL)
        assert (site / feed_entry.link[len(SITE_URL) :] / "index.html").is_file()


def test_no_draft_or_private_entry_in_any_feed(site: Path) -> None:
    for name in ("posts.atom.xml", "posts.rss.xml", "all.atom.xml", "all.rss.xml"):
        assert CANARY not in (site / name).read_text(encoding="utf-8")


def test_every_page_has_preview_meta_and_feed_autodiscovery(site: Path, latin_fonts: None) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        doc = page(path.parent, path.name)
        meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.find_all("meta")}
        for key in ("og:title", "og:type", "og:site_name", "twitter:card", "twitter:title"):
            assert meta.get(key), (path, key)
        if path.name != "404.html":
            assert meta["og:url"].startswith(SITE_URL), path
            assert meta["og:image"].startswith(SITE_URL + "assets/previews/"), path
        feeds = [link["href"] for link in doc.find_all("link", rel="alternate") if link.get("type", "").endswith("xml")]
        names = ["posts.atom.xml", "posts.rss.xml", "all.atom.xml", "all.rss.xml"]
        if path.relative_to(site).as_posix() == "decisions/review/index.html":
            names.append("review.atom.xml")  # only the review page announces its own feed
        assert [href.split("/")[-1] for href in feeds] == names, path
        for href in feeds:  # not absolute, so Material's sitemap look-up stays on the same host
            assert not href.startswith("http"), (path, href)
            target = site / href.removeprefix("/portfolio/") if href.startswith("/") else path.parent / href
            assert target.resolve().is_file(), (path, href)
    post = page(site, "posts/cjk/")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in post.find_all("meta")}
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "キャッシュの競合状態"
    assert meta["og:description"] == "First paragraph of a post with bold and a link."
    assert meta["og:image"] == SITE_URL + "assets/previews/posts/cjk.png"


def _lit(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    region = image.convert("L").crop(box)
    return sum(region.histogram()[201:])


@pytest.mark.parametrize("src", ["index", "skills/index", "timeline/index", "posts/cjk", "decisions/use-cron", "skills/debugging"])
def test_preview_images_exist_at_size_with_text(site: Path, src: str, cjk_fonts: None) -> None:
    image = Image.open(site / "assets/previews" / f"{src}.png")
    assert image.size == SIZE == (1200, 630)
    assert _lit(image, (60, 140, 1140, 480)) > 5000  # the title area is not blank


def test_no_card_for_draft_or_private(site: Path, latin_fonts: None) -> None:
    names = [p.name for p in (site / "assets/previews").rglob("*.png")]
    assert "draft.png" not in names and "private.png" not in names


def test_non_latin_titles_render_as_glyphs_not_boxes(cjk_fonts: None) -> None:
    one = Image.open(__import__("io").BytesIO(render_card(Card("競合状態", "Post", dt.date(2024, 1, 1), "A", "B"))))
    two = Image.open(__import__("io").BytesIO(render_card(Card("日本語話", "Post", dt.date(2024, 1, 1), "A", "B"))))
    # Missing glyphs would all draw as the same box: two different titles would look the same.
    box = (60, 140, 1140, 260)
    assert _lit(one, box) > 2000
    assert ImageChops.difference(one.crop(box), two.crop(box)).getbbox() is not None


def test_without_site_url_feeds_and_cards_are_skipped_with_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, basic_files())
    monkeypatch.chdir(tmp_path)
    result = run(["build"])
    assert result.exit_code == 0
    assert "note: feeds and link-preview images were skipped: they need absolute URLs; set site_url in mkdocs.yml" in result.stderr
    assert not (tmp_path / "site/all.atom.xml").exists()
    assert not (tmp_path / "site/assets/previews").exists()
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page(tmp_path / "site", "skills/").find_all("meta")}
    assert meta["og:title"] == "Skills matrix" and "og:image" not in meta  # the page's own title, not its short name in the navigation

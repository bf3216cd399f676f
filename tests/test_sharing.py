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


# --- fonts: one warning naming the package, and cards redrawn when a font arrives ------------------------


def _card_site(root: Path, titles: dict[str, str]) -> Path:
    files = basic_files()
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("site_author: Test Person\n", f"site_author: Test Person\nsite_url: {SITE_URL}\n")
    for slug, title in titles.items():
        files[f"content/posts/2023-08-01-{slug}.md"] = entry(title, "2023-08-01")
    return write_tree(root, files)


def _without_fonts_for_other_scripts(monkeypatch: pytest.MonkeyPatch, cjk: bool) -> None:
    """The machine as if only DejaVu (and, with ``cjk``, Noto CJK) were installed: fontconfig finds nothing else."""
    from portfolio.site.sharing import cards

    bold, regular, found = cards._font_files()
    monkeypatch.setattr(cards, "_font_files", lambda: (bold, regular, found if cjk else None))
    monkeypatch.setattr(cards, "_fallback", lambda char: None)


def _warnings(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


def test_a_title_in_a_script_without_a_font_gets_one_warning_naming_the_debian_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cjk_fonts: None
) -> None:
    _without_fonts_for_other_scripts(monkeypatch, cjk=False)
    _card_site(tmp_path, {"one": "キャッシュの競合状態", "two": "競合状態", "three": "日本語の話"})
    monkeypatch.chdir(tmp_path)

    result = run(["build"])

    assert result.exit_code == 0, result.output
    assert _warnings(result) == [
        "warning: link-preview images of 3 pages would show boxes for characters no installed font has "
        "(e.g. '競' in '競合状態'); install Debian's fonts-noto-cjk, then build again: those images are redrawn"
    ]


def test_other_scripts_and_pictographs_name_their_packages_in_the_same_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, latin_fonts: None
) -> None:
    _without_fonts_for_other_scripts(monkeypatch, cjk=True)
    _card_site(tmp_path, {"thai": "สวัสดี และ 🦀 crabs", "crab": "🦀 Rust in production", "latin": "Plain title"})
    monkeypatch.chdir(tmp_path)

    result = run(["build"])

    assert _warnings(result) == [
        "warning: link-preview images of 2 pages would show boxes for characters no installed font has "
        "(e.g. 'ส' in 'สวัสดี และ 🦀 crabs'); install Debian's fonts-noto-core and fonts-symbola, then build again: those images are redrawn"
    ]


def test_titles_every_font_covers_give_no_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cjk_fonts: None) -> None:
    _card_site(tmp_path, {"mixed": "Caching 競合状態 — naïve café, Ωmega"})
    monkeypatch.chdir(tmp_path)

    result = run(["build"])

    assert result.exit_code == 0 and _warnings(result) == []


def test_installing_a_font_redraws_the_cards_it_changes_and_only_those(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cjk_fonts: None
) -> None:
    _card_site(tmp_path, {"cjk": "競合状態の話", "latin": "Plain title"})
    monkeypatch.chdir(tmp_path)
    cjk_card = tmp_path / "site/assets/previews/posts/cjk.png"
    latin_card = tmp_path / "site/assets/previews/posts/latin.png"
    cache = tmp_path / ".portfolio/cards"

    with monkeypatch.context() as before:
        _without_fonts_for_other_scripts(before, cjk=False)
        assert run(["build"]).exit_code == 0
        boxes, latin = cjk_card.read_bytes(), latin_card.read_bytes()
        cached = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
        assert run(["build", "--force"]).exit_code == 0
        assert cjk_card.read_bytes() == boxes  # nothing changed: nothing redrawn
        assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == cached

    from portfolio.site.sharing import drawing

    drawn: list[str] = []
    monkeypatch.setattr(drawing, "render_card", lambda card: drawn.append(card.title) or render_card(card))
    assert run(["build"]).exit_code == 0  # the CJK font is "installed" now

    assert drawn == ["競合状態の話"]  # only the card whose fonts changed is drawn again
    assert cjk_card.read_bytes() != boxes
    assert ImageChops.difference(Image.open(cjk_card).convert("RGB"), Image.open(__import__("io").BytesIO(boxes)).convert("RGB")).getbbox()
    assert latin_card.read_bytes() == latin
    now = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert len(now) == len(cached)  # the card drawn with boxes left the cache, its successor came in
    assert len(set(now.items()) & set(cached.items())) == len(cached) - 1  # the others were not even rewritten

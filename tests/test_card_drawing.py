"""Link-preview cards drawn in a pool of processes: the same bytes wherever they are drawn, kept in a cache."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image
from sitekit import basic_files, run, write_tree

from portfolio.site.sharing import drawing
from portfolio.site.sharing.cards import SIZE, Card, render_card
from portfolio.site.sharing.drawing import CardCache, Drawing, card_key

pytestmark = pytest.mark.usefixtures("latin_fonts")

SITE_URL = "https://cards.example.org/"


def _cards(count: int) -> list[Card]:
    return [
        Card(f"Decision {n} about queues, retries and the cost of idempotency", "Decision", dt.date(2024, 1, 1 + n % 28), "Ana", "Site")
        for n in range(count)
    ]


def test_cards_drawn_by_a_pool_of_processes_are_the_bytes_this_process_draws(tmp_path: Path) -> None:
    cards = _cards(drawing.POOL_FROM + 6)
    cache = CardCache(tmp_path / "cards", {card_key(card): card for card in cards})
    jobs = list(cache.cards.items())

    stats = Drawing(cache, jobs, processes=2).start().wait()

    assert (stats.drawn, stats.processes) == (len(cards), 2)
    assert stats.ms_per_card > 0
    for key, card in jobs:
        assert cache.read(key) == render_card(card)
    assert sorted(path.name for path in cache.folder.iterdir()) == sorted(f"{key}.png" for key, _ in jobs)  # no temporary file left


def test_a_card_is_a_palette_png_of_the_card_size_with_the_title_drawn(tmp_path: Path) -> None:
    image = Image.open(io.BytesIO(render_card(_cards(1)[0])))

    assert (image.format, image.mode, image.size) == ("PNG", "P", SIZE)
    rgb = image.convert("RGB")
    assert rgb.getpixel((10, 5)) == (0x2B, 0xB3, 0xA3)  # the top bar
    assert rgb.getpixel((10, 300)) == (0x0F, 0x3D, 0x3E)  # the background
    whites = rgb.crop((60, 140, 1140, 420)).convert("L").histogram()[255]
    assert whites > 5000  # the title, in white at full coverage


def test_the_key_of_a_card_changes_with_what_it_shows() -> None:
    one, two = _cards(2)
    assert card_key(one) == card_key(Card(one.title, one.kind, one.date, one.person, one.site))
    assert card_key(one) != card_key(two)


def _site(root: Path) -> Path:
    files = basic_files()
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("site_author: Test Person\n", f"site_author: Test Person\nsite_url: {SITE_URL}\n")
    return write_tree(root, files)


def _previews(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted((site / "assets/previews").rglob("*.png"))}


@pytest.mark.slow  # two builds
def test_cards_are_byte_identical_from_one_clean_build_to_the_next_and_only_used_ones_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_site(tmp_path))
    assert run(["build"]).exit_code == 0
    first = _previews(tmp_path / "site")
    cache = tmp_path / ".portfolio/cards"
    assert len(first) >= 8 and len(list(cache.iterdir())) == len(set(first.values()))

    for path in cache.iterdir():
        path.unlink()
    assert run(["build", "--clean"]).exit_code == 0

    assert _previews(tmp_path / "site") == first
    # A retitled entry: its old card leaves the cache, the new one comes in.
    post = next((tmp_path / "content/posts").glob("*.md"))
    post.write_text(post.read_text(encoding="utf-8").replace("title: ", "title: Retitled ", 1), encoding="utf-8")
    assert run(["build"]).exit_code == 0
    assert len(list(cache.iterdir())) == len(set(_previews(tmp_path / "site").values()))


def test_build_verbose_says_what_the_cards_cost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_site(tmp_path))

    result = run(["build", "-v"])

    assert result.exit_code == 0
    notes = [line for line in result.output.splitlines() if line.startswith("note: drew ")]
    assert len(notes) == 1, result.output
    assert notes[0].endswith("on 1 process") or notes[0].endswith("processes"), notes[0]
    assert " ms each) on " in notes[0]


def test_after_one_entry_is_retitled_the_next_build_draws_one_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a CI run with .portfolio/ restored from its cache does after a push that edits one entry."""
    monkeypatch.chdir(_site(tmp_path))
    assert run(["build"]).exit_code == 0
    post = next((tmp_path / "content/posts").glob("*.md"))
    post.write_text(post.read_text(encoding="utf-8").replace("title: ", "title: Retitled ", 1), encoding="utf-8")

    result = run(["build", "-v"])

    assert result.exit_code == 0
    assert any(line.startswith("note: drew 1 link preview in ") for line in result.output.splitlines()), result.output

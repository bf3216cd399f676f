"""The example site as a reader meets it: the front page, a phone, the two palettes, and paper.

Real Chromium through Playwright; printed pages come from Chromium's own print to PDF and are read back with pypdf.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browserkit import DESKTOP, PHONE, serve
from sitekit import REPO, entry, run, write_tree

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PERSON = yaml.safe_load((REPO / "career.yml").read_text(encoding="utf-8"))["person"]["name"]


@pytest.fixture
def page_for(browser: object) -> Iterator:
    """``page_for(scheme, viewport)``: a fresh page preferring that colour scheme."""
    contexts = []

    def make(scheme: str = "light", viewport: dict = DESKTOP) -> object:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[attr-defined]
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg: tuple[float, ...], bg: tuple[float, ...]) -> float:
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgba(css: str) -> tuple[float, ...]:
    """A computed colour, ``rgb(...)``, ``rgba(...)`` or ``color(srgb r g b [/ a])``, as 0-255 channels and an alpha."""
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    if css.startswith("color(srgb"):
        values = [v * 255 for v in values[:3]] + values[3:]
    return tuple(values) if len(values) == 4 else (*values[:3], 1.0)


def _rgb(css: str) -> tuple[float, ...]:
    return _rgba(css)[:3]


# --- the front page ------------------------------------------------------------------------------------


def test_home_page_title_and_first_heading_are_the_persons_name(page_for, base_url: str) -> None:
    page = page_for()
    page.goto(base_url)
    assert page.title() == PERSON
    assert page.locator("article h1").first.inner_text() == PERSON
    assert page.locator("meta[property='og:title']").get_attribute("content") == PERSON
    # Within one screen: who (name, headline), at what level (role), and the way to the evidence.
    for locator in (page.locator(".gp-hero-headline"), page.locator(".gp-hero-role"), page.locator(".gp-ways a", has_text="Skills matrix")):
        box = locator.bounding_box()
        assert box is not None and box["y"] + box["height"] <= DESKTOP["height"], locator


# --- a phone --------------------------------------------------------------------------------------------


def _site_pages(site: Path) -> list[str]:
    found = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html") if "assets" not in p.parts)
    return ["" if url == "./" else url for url in found]


def test_no_page_overflows_a_phone_and_the_matrix_stays_on_screen(page_for, base_url: str, example_site: Path) -> None:
    page = page_for("light", PHONE)
    wide = []
    for url in _site_pages(example_site):
        page.goto(base_url + url)
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            wide.append(f"/{url}: {scroll} > {client}")
    assert wide == []
    page.goto(base_url + "skills/")
    cells = page.evaluate(
        """[...document.querySelectorAll('.gp-matrix tbody th, .gp-matrix tbody td')].map(cell => {
             const box = cell.getBoundingClientRect();
             return [cell.closest('tr').id + ' ' + (cell.dataset.level || 'skill'), box.left, box.right];
           })"""
    )
    assert len(cells) >= 6 * 4
    off = [name for name, left, right in cells if left < 0 or right > PHONE["width"]]
    assert off == []
    # Each skill is a card: its name, its current level and its latest evidence before the levels, all on screen.
    first = page.locator(".gp-matrix tbody tr").first
    for selector in (".gp-skill-name", ".gp-current", ".gp-latest", "td[data-level] .gp-cell-label"):
        box = first.locator(selector).first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector


def test_matrix_level_text_and_chart_labels_are_readable_on_a_phone(page_for, base_url: str) -> None:
    for scheme in ("light", "dark"):
        page = page_for(scheme, PHONE)
        page.goto(base_url + "skills/")
        texts = page.evaluate(
            """[...document.querySelectorAll('.gp-level-text')].map(el => {
                 let bg = 'rgba(0, 0, 0, 0)', node = el;
                 while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { bg = getComputedStyle(node).backgroundColor; node = node.parentElement; }
                 return [parseFloat(getComputedStyle(el).fontSize), getComputedStyle(el).color, bg, getComputedStyle(el).opacity];
               })"""
        )
        assert texts
        for size, color, background, opacity in texts:
            assert size >= 13
            assert float(opacity) == 1
            composed = _compose(_rgba(color), _rgb(background))
            assert _contrast(composed, _rgb(background)) >= 4.5, (scheme, color, background)
        # Chart labels: the font size times the chart's scale, as the reader sees it.
        sizes = page.evaluate(
            """[...document.querySelectorAll('.gp-chart svg text')].map(t => {
                 const svg = t.ownerSVGElement;
                 return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
               })"""
        )
        assert sizes and min(sizes) >= 10
        clipped = page.evaluate(
            """[...document.querySelectorAll('.gp-chart svg text')].filter(t => {
                 const box = t.getBBox(), view = t.ownerSVGElement.viewBox.baseVal;
                 return box.x < 0 || box.x + box.width > view.width;
               }).map(t => t.textContent)"""
        )
        assert clipped == []


def _compose(fg: tuple[float, ...], bg: tuple[float, ...]) -> tuple[float, ...]:
    alpha = fg[3]
    return tuple(fg[i] * alpha + bg[i] * (1 - alpha) for i in range(3))


# --- status chips -------------------------------------------------------------------------------------------


STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")


@pytest.fixture(scope="module")
def every_status(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small portfolio with a decision in each of the five statuses, served."""
    root = tmp_path_factory.mktemp("statuses")
    files = {
        "mkdocs.yml": "site_name: Statuses\ndocs_dir: content\ntheme:\n  name: material\n  font: false\n"
        "  palette:\n    - media: '(prefers-color-scheme: light)'\n      scheme: default\n"
        "    - media: '(prefers-color-scheme: dark)'\n      scheme: slate\n",
    }
    for day, status in enumerate(STATUSES, start=1):
        files[f"content/decisions/2024-01-0{day}-{status}.md"] = entry(f"A {status} decision", f"2024-01-0{day}", status=status)
    write_tree(root, files)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = run(["build", "--strict"])
    assert result.exit_code == 0, result.output
    with serve(root / "site") as url:
        yield url


def test_status_chips_have_a_colour_of_their_own_in_both_palettes(page_for, every_status: str) -> None:
    for scheme in ("light", "dark"):
        page = page_for(scheme)
        page.goto(every_status + "decisions/")
        chips = page.evaluate(
            """[...document.querySelectorAll('td .gp-status')].map(chip => {
                 const style = getComputedStyle(chip);
                 return [chip.textContent.trim(), style.color, style.backgroundColor];
               })"""
        )
        assert sorted(name for name, _, _ in chips) == sorted(STATUSES)
        assert len({fg for _, fg, _ in chips}) == len(STATUSES), (scheme, chips)
        assert len({bg for _, _, bg in chips}) == len(STATUSES), (scheme, chips)
        for name, fg, bg in chips:
            assert _contrast(_rgb(fg), _rgb(bg)) >= 4.5, (scheme, name)
        # Only the superseded decision is struck through, not the decision that replaced it.
        struck = page.evaluate(
            "[...document.querySelectorAll('td.gp-entry a')].filter(a => getComputedStyle(a).textDecorationLine.includes('line-through')).map(a => a.textContent)"
        )
        assert struck == ["A superseded decision"]


# --- paper --------------------------------------------------------------------------------------------------


def _squeeze(text: str) -> str:
    """Text as compared: ligatures unfolded (a PDF's "ﬂ" is "fl"), runs of white space as one space, none after a
    hyphen (a line may end at "time-" and go on with "related")."""
    return re.sub(r"-\s+", "-", " ".join(unicodedata.normalize("NFKC", text).split()))


def _pdf_pages(page: object, paper: str) -> list[str]:
    """The text of each page of the page printed to PDF by Chromium (print media, its own page breaks)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))  # type: ignore[attr-defined]
    return [_squeeze(p.extract_text()) for p in reader.pages]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_timeline_has_the_name_on_every_page_and_no_chapter_split(page_for, base_url: str, paper: str) -> None:
    page = page_for()
    page.goto(base_url + "timeline/")
    printed = page.locator(".gp-print-date").first.text_content()
    assert printed
    chapters = page.evaluate(
        """[...document.querySelectorAll('section.gp-chapter')].map(chapter =>
             [...chapter.querySelectorAll('h2, li')].map(el => el.textContent))"""
    )
    pages = _pdf_pages(page, paper)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"{PERSON} · Timeline · printed {printed}" in text, f"page {number} of {len(pages)}"
    assert len(pages[0]) > 600  # the first page holds more than the heading
    for parts in chapters:
        where = {number for number, text in enumerate(pages) for part in parts if _squeeze(part) in text}
        assert len(where) == 1, f"the chapter {_squeeze(parts[0])!r} is printed on pages {sorted(n + 1 for n in where)}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_matrix_keeps_every_column_and_every_skill_whole(page_for, base_url: str, paper: str) -> None:
    page = page_for()
    page.goto(base_url + "skills/")
    # Per skill card: its description and what each level looks like, texts no other part of the page repeats.
    skills = page.evaluate(
        """[...document.querySelectorAll('.gp-matrix tbody tr')].map(row => [
             row.querySelector('.gp-skill-name').textContent,
             ...[...row.querySelectorAll('.gp-skill-desc, .gp-level-text')].map(el => el.textContent)])"""
    )
    pages = _pdf_pages(page, paper)
    assert all(PERSON in text for text in pages)
    for name, *parts in skills:
        where = [{number for number, text in enumerate(pages) if _squeeze(part) in text} for part in parts]
        assert all(len(found) == 1 for found in where), f"{name!r}: a text of its card is not printed whole ({where})"
        pages_of_card = set.union(*where)
        assert len(pages_of_card) == 1, f"the skill {name!r} is printed across pages {sorted(n + 1 for n in pages_of_card)}"
        assert _squeeze(name) in pages[pages_of_card.pop()]


def test_an_entry_marks_its_kinds_index_in_the_navigation(page_for, base_url: str) -> None:
    page = page_for()
    page.goto(base_url + "posts/idempotency-keys-explained/")
    weights = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('.md-nav--primary > ul > li > a.md-nav__link')].map(a => [a.textContent.trim(), getComputedStyle(a).fontWeight]))"
    )
    assert weights["Posts"] == "700"
    assert [name for name, weight in weights.items() if weight == "700"] == ["Posts"]
    page.locator("nav.gp-crumbs a", has_text="Posts").click()  # Material's instant navigation: the mark goes with the page
    page.wait_for_url(base_url + "posts/")
    assert page.evaluate("getComputedStyle(document.querySelector('.gp-index')).display") == "block"

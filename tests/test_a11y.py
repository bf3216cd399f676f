"""Accessibility as a test: axe-core on every page of the example site, light and dark, desktop and phone.

Zero serious or critical violations are allowed. The only exclusions are violations that come from
Material for MkDocs itself and that no override of ours can fix; each is listed in EXCLUDED with the
reason, and in the README.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import DESKTOP, PHONE, axe_script

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: (axe rule, CSS selector of the element) -> why it is not ours to fix. Empty: every violation axe found in
#: Material's own markup could be fixed from our theme overrides or our CSS (the search dialog's name by an
#: override of partials/search.html, the footer's and the code comments' contrast by portfolio.css).
EXCLUDED: dict[tuple[str, str], str] = {}

_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").flatMap(
    v => v.nodes.map(n => ({rule: v.id, target: n.target.join(" "), summary: (n.failureSummary || "").split("\\n").slice(-1)[0]})));
}"""


#: Material makes a code block that overflows focusable (tabindex) from a resize observer, a moment after
#: the viewport changes; axe run before that moment reports the block. Wait for it (a real miss still shows).
_SETTLED = """() => [...document.querySelectorAll("pre > code")].every(c => c.scrollWidth <= c.clientWidth || c.hasAttribute("tabindex"))"""


def _settle(page: object) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # then axe below says which block is not focusable
        page.wait_for_function(_SETTLED, timeout=5_000)  # type: ignore[attr-defined]


def _pages(site: Path) -> list[str]:
    """Every page of the built site (generated pages, entries, tags), and the 404 page."""
    found = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html") if "assets" not in p.parts)
    return ["" if url == "./" else url for url in found] + ["404.html"]


@pytest.fixture(scope="module")
def axe() -> Path:
    return axe_script()


@pytest.fixture(scope="module", params=["light", "dark"])
def palette(request: pytest.FixtureRequest, browser: object) -> Iterator[tuple[str, object]]:
    """A browser page that prefers the light or the dark colour scheme (Material follows it on first load)."""
    context = browser.new_context(viewport=DESKTOP, color_scheme=request.param)  # type: ignore[attr-defined]
    yield request.param, context.new_page()
    context.close()


def test_no_serious_or_critical_violation_on_any_page(palette: tuple[str, object], axe: Path, base_url: str, example_site: Path) -> None:
    scheme, page = palette
    expected = "slate" if scheme == "dark" else "default"
    pages = _pages(example_site)
    assert len(pages) >= 25
    problems = []
    for url in pages:
        page.goto(base_url + url)  # type: ignore[attr-defined]
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected  # type: ignore[attr-defined]
        page.add_script_tag(path=str(axe))  # type: ignore[attr-defined]
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)  # type: ignore[attr-defined]
            _settle(page)
            for found in page.evaluate(_RUN):  # type: ignore[attr-defined]
                if (found["rule"], found["target"]) not in EXCLUDED:
                    problems.append(f"/{url} ({scheme}, {viewport['width']} px): {found['rule']} at {found['target']}: {found['summary']}")
    assert problems == [], "\n".join(problems)

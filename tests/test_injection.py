"""Injection tests: HTML, `javascript:` URLs, Markdown link tricks and Jinja syntax from files stay inert text.

Front-matter values, skills.yml and career.yml texts, and file names carry hostile
payloads; after a real build every generated page (entry headers, matrix, charts,
timeline, indexes, tags, authors, home, feeds, search index) and the packet (Markdown
and HTML) is parsed: no payload became an element, an event-handler attribute or a
`javascript:` link, and no template evaluated user text (``{{ 7*7 }}`` stays as written).

Entry *bodies* are the author's own Markdown: raw HTML in a body is rendered as HTML,
like on every MkDocs site, by design. Jinja syntax in a body stays text.

The site is built with each engine: Zensical's MiniJinja templates and its search
index (search.json) must be as inert as MkDocs' Jinja and search_index.json.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from sitekit import CAREER_YML, ENGINE_PARAMS, MKDOCS_YML, basic_files, entry, require_engine, search_index, write_tree

from portfolio.cli import cli

#: Each payload calls alert() with its own number, so a failure names the value that got through.
SCRIPT = "<script>alert(101)</script>"
IMG = "<img src=x onerror=alert(102)>"
ATTR = '" onmouseover="alert(103)" x="'
JS_URL = "javascript:alert(104)"
MD_LINK = "[click me](javascript:alert(105))"
MD_IMG = "![x](javascript:alert(106))"
AUTOLINK = "<javascript:alert(107)>"
SVG = "<svg onload=alert(108)>"
JINJA = "{{ 7*7 }}"
JINJA_LOOP = "{% for x in range(3) %}loop{% endfor %}"
ENTITY = "&lt;b&gt; &amp;"
ALL = [SCRIPT, IMG, ATTR, JS_URL, MD_LINK, MD_IMG, AUTOLINK, SVG, JINJA, JINJA_LOOP, ENTITY]
TITLE = f"Title {SCRIPT} {IMG} {MD_LINK} {JINJA}"

SKILLS = """\
levels:
  - {id: beginner, name: "Beginner <img src=x onerror=alert(201)>"}
  - {id: expert, name: "Expert {{ 7*7 }}"}
skills:
  - id: debugging
    name: "Debugging <script>alert(202)</script>"
    description: "Finding bugs [x](javascript:alert(203)) {{ 7*7 }}"
    levels: {beginner: "\\" onmouseover=\\"alert(204)", expert: "<svg onload=alert(205)>"}
  - id: writing
    name: Writing
  - id: restraint
    name: Restraint
"""

CAREER = (
    CAREER_YML.replace("title: Senior Engineer", 'title: "Senior <script>alert(301)</script> {{ 7*7 }}"')
    .replace("org: Beta", 'org: "Beta\\" onmouseover=\\"alert(302)"')
    .replace(
        "story: In the second role I learned to say no.", 'story: "I learned <img src=x onerror=alert(303)> and [x](javascript:alert(304))"'
    )
    .replace(
        "  - date: 2021-06-01\n    title: First on-call\n    link: fixed-the-race\n",
        '  - date: 2021-06-01\n    title: "On-call <svg onload=alert(305)>"\n    link: fixed-the-race\n'
        '  - date: 2023-03-01\n    title: "A link {{ 7*7 }}"\n    link: \'https://ok.example/" onmouseover="alert(306)\'\n',
    )
    .replace("{debugging: intermediate, writing: beginner, restraint: beginner}", "{debugging: beginner}")
)


def hostile_files() -> dict[str, str]:
    files = basic_files()
    files["mkdocs.yml"] = MKDOCS_YML + "site_url: https://example.com/\n"
    files["skills.yml"] = SKILLS
    files["career.yml"] = CAREER
    for name in list(files):
        if name.startswith("content/"):
            del files[name]
    body = f"Body with {JINJA} and {JINJA_LOOP} as text."
    files["content/debugging/2021-05-01-fixed-the-race.md"] = entry(
        TITLE,
        "2021-05-01",
        body,
        description=f"Desc {ATTR} {SVG} {ENTITY}",
        tags=[f"tag {SCRIPT}", JINJA],
        skills={"debugging": "expert"},
        authors=[f"Author {IMG}", JINJA],
        root_cause="race-condition",
        severity="high",
        highlight=True,
    )
    files["content/decisions/2020-03-01-old.md"] = entry(
        f"Old {AUTOLINK} {MD_IMG}",
        "2020-03-01",
        body,
        status="superseded",
        superseded_by="new-way",
        deciders=[f"Decider {SCRIPT}"],
        assumptions=[f"Assume {IMG}"],
        outcome="wrong",
        outcome_note=f"Note {MD_LINK} {JINJA_LOOP}",
        skills={"debugging": "beginner"},
        highlight=True,
    )
    files["content/decisions/2023-02-01-new-way.md"] = entry(
        f"New {ATTR} {JINJA}",
        "2023-02-01",
        body,
        status="accepted",
        supersedes="old",
        assumptions=[ENTITY],
        description=f"{MD_LINK} {JS_URL}",
    )
    files["content/postmortems/2022-12-01-left.md"] = entry(
        f"Left {SVG}", "2022-12-01", body, decision=f"Leave {SCRIPT} {JINJA}", highlight=True
    )
    files["content/wins/2023-09-01-won.md"] = entry(
        f"Won {JS_URL}", "2023-09-01", body, impact=f"Impact {IMG} {JINJA}", link=JS_URL, highlight=True
    )
    files["content/wins/2023-09-02-won-again.md"] = entry(
        "Won again", "2023-09-02", body, impact="2x", link='https://ok.example/"><script>alert(109)</script>'
    )
    # File names: a slug is made of them, and a page that is not an entry is named by its file in the navigation.
    files["content/posts/2023-05-01-<img src=x onerror=alert(110)>.md"] = entry("From the file name", "2023-05-01", body, tags=[IMG])
    files['content/"><svg onload=alert(111)> {{ 7*7 }}.md'] = "A page named by its file.\n"
    files["content/about.md"] = f"---\ntitle: '{SCRIPT} {JINJA}'\n---\n\nAbout.\n"
    return files


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    engine = require_engine(request.param)
    root = write_tree(tmp_path_factory.mktemp(f"injection-{engine}"), hostile_files())
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        out = {"root": root, "check": invoke("check"), "build": invoke("build", "--engine", engine)}
        out["packet"] = invoke("packet")
        out["packet_html"] = invoke("packet", "-o", "packet.html")
    return out


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "content"}


def live_payloads(html: str) -> list[str]:
    """Every place a payload became markup: an element, an event handler, a script URL."""
    found = []
    doc = BeautifulSoup(html, "html.parser")
    for tag in doc.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}={text!r}>")
            if name.lower() in URL_ATTRIBUTES and text.strip().lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                found.append(f"<{tag.name} {name}={text!r}>")
        if tag.name == "script" and "alert(" in (tag.string or ""):
            found.append(f"<script>{tag.string}</script>")
        if tag.name == "img" and tag.get("src") == "x":
            found.append(str(tag)[:80])
    if "looplooploop" in html:
        found.append("a Jinja loop from a file ran")
    return found


def html_pages(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.html"))}


@pytest.mark.slow
def test_the_hostile_portfolio_builds(hostile: dict) -> None:
    assert hostile["check"].exit_code == 0, hostile["check"].output
    assert hostile["build"].exit_code == 0, hostile["build"].output


def test_no_payload_is_live_in_any_page(hostile: dict) -> None:
    pages = html_pages(hostile["root"] / "site")
    for url in (
        "index.html",
        "skills/index.html",
        "timeline/index.html",
        "decisions/index.html",
        "debugging/index.html",
        "tags/index.html",
        "debugging/fixed-the-race/index.html",
        "wins/won/index.html",
        "posts/img-src-x-onerror-alert-110/index.html",
        "about/index.html",
    ):
        assert url in pages, url
    live = {url: found for url, html in pages.items() if (found := live_payloads(html))}
    assert live == {}


def test_payloads_show_as_the_text_that_was_written(hostile: dict) -> None:
    """Escaped, not stripped: a person sees exactly what they wrote, and no template evaluated it."""
    site = hostile["root"] / "site"
    entry_page = BeautifulSoup((site / "debugging/fixed-the-race/index.html").read_text(), "html.parser")
    assert entry_page.h1.get_text() == TITLE
    assert f"Body with {JINJA} and {JINJA_LOOP} as text." in entry_page.get_text()
    meta = entry_page.find("meta", attrs={"name": "description"})
    assert meta["content"] == f"Desc {ATTR} {SVG} {ENTITY}"
    header = entry_page.select_one(".gp-header").get_text()
    assert f"Author {IMG}" in header
    matrix = BeautifulSoup((site / "skills/index.html").read_text(), "html.parser")
    assert TITLE in [a.get_text() for a in matrix.select(".gp-evidence a")]
    assert "Debugging <script>alert(202)</script>" in matrix.select_one('tr[data-skill="debugging"] .gp-skill-name').get_text()
    timeline = BeautifulSoup((site / "timeline/index.html").read_text(), "html.parser").get_text()
    for text in (
        "Senior <script>alert(301)</script> {{ 7*7 }}",
        "I learned <img src=x onerror=alert(303)>",
        "On-call <svg onload=alert(305)>",
        "A link {{ 7*7 }}",
    ):
        assert text in timeline, text
    won = BeautifulSoup((site / "wins/won/index.html").read_text(), "html.parser")
    assert not won.select(".gp-facts a[href^=javascript]") and f"Impact {IMG} {JINJA}" in won.get_text()
    assert "49" not in entry_page.select_one(".gp-header").get_text()


def test_search_index_holds_no_markup_from_files(hostile: dict) -> None:
    docs = search_index(hostile["root"] / "site")
    assert docs
    for doc in docs:
        for field in ("title", "text"):
            value = doc.get(field, "")
            assert not live_payloads(value), (doc["location"], field, value[:200])
            for raw in ("<script", "<img", "<svg"):
                assert raw not in value.lower(), (doc["location"], field, value[:200])


def test_feeds_stay_well_formed_xml(hostile: dict) -> None:
    feeds = sorted((hostile["root"] / "site").glob("*.xml"))
    assert feeds
    for feed in feeds:
        ET.fromstring(feed.read_bytes())  # a payload that broke out of its element would not parse


def test_packet_markdown_and_html_are_inert(hostile: dict) -> None:
    assert hostile["packet"].exit_code == 0, hostile["packet"].output
    rendered = markdown.markdown(hostile["packet"].stdout, extensions=["tables"])
    assert live_payloads(rendered) == []
    # (Python-Markdown keeps the backslash of a CommonMark escape such as \<; the text stays inert either way.)
    text = BeautifulSoup(rendered, "html.parser").get_text()
    assert "[click me](javascript:alert(105)) {{ 7*7 }}" in text and "alert(101)" in text
    html = (hostile["root"] / "packet.html").read_text()
    assert live_payloads(html) == []
    assert TITLE in BeautifulSoup(html, "html.parser").get_text()

"""The front page: who this is, at what level they work, and where the evidence is, within one screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import CAREER_YML, basic_files, page, resolve, run, write_tree

PERSON = """\
person:
  name: Ada Quill
  headline: Backend engineer who writes her decisions down
  email: ada@example.org
  location: Lisbon
  links:
    GitHub: https://github.com/ada-example
    LinkedIn: https://www.linkedin.com/in/ada-example
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = basic_files()
    files["career.yml"] = PERSON + CAREER_YML
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build_ok() -> None:
    result = run(["build", "--strict"])
    assert result.exit_code == 0, result.output


def _meta(doc: object, name: str) -> str | None:
    tag = doc.select_one(f"meta[property='{name}'], meta[name='{name}']")  # type: ignore[attr-defined]
    return tag["content"] if tag else None


def test_front_page_names_the_person_their_role_and_the_ways_in(project: Path) -> None:
    build_ok()
    site = project / "site"
    home = page(site, "")
    assert home.title.get_text() == "Ada Quill"
    assert [h1.get_text() for h1 in home.select("article h1")] == ["Ada Quill"]
    assert _meta(home, "og:title") == "Ada Quill"
    assert _meta(home, "description") == "Backend engineer who writes her decisions down"
    hero = home.select_one(".gp-hero")
    assert hero.select_one(".gp-hero-headline").get_text() == "Backend engineer who writes her decisions down"
    facts = hero.select_one(".gp-hero-facts").get_text(" ", strip=True)
    assert "Senior Engineer at Beta" in facts and "Lisbon" in facts  # the role held now, not the first one
    links = [(a.get_text(), a["href"]) for a in hero.select(".gp-contact a")]
    assert links == [
        ("GitHub", "https://github.com/ada-example"),
        ("LinkedIn", "https://www.linkedin.com/in/ada-example"),
        ("Email", "mailto:ada@example.org"),
    ]
    ways = {a.get_text(): resolve(site, "", a["href"]) for a in hero.select(".gp-ways a")}
    assert ways == {"Skills matrix": site / "skills/index.html", "Timeline": site / "timeline/index.html"}
    assert home.select_one(".gp-home-levels svg.gp-chart-levels") is not None


def test_front_page_highlights_and_latest_entries_per_kind(project: Path) -> None:
    build_ok()
    site = project / "site"
    home = page(site, "")
    cards = {card["data-slug"]: card for card in home.select(".gp-cards .gp-card")}
    assert list(cards) == ["faster", "fixed-the-race"]  # the win and the highlighted journal, newest first
    assert cards["faster"].select_one(".gp-impact").get_text() == "p99 from 2 s to 300 ms"
    latest = {section["data-kind"]: section for section in home.select(".gp-latest-kind")}
    assert list(latest) == ["decision", "debug", "post", "postmortem", "win"]
    decisions = latest["decision"]
    assert decisions.select_one(".gp-count").get_text() == "2"
    assert [a.get_text() for a in decisions.select(".gp-latest-list a")] == ["Use a queue", "Use cron"]
    for section in latest.values():
        index = section.select_one("h3 a")
        assert resolve(site, "", index["href"]).is_file()
        for link in section.select(".gp-latest-list a"):
            assert page(site, resolve(site, "", link["href"]).parent.relative_to(site).as_posix() + "/").h1.get_text() == link.get_text()


def test_the_persons_own_index_md_becomes_the_introduction(project: Path) -> None:
    write_tree(
        project,
        {
            "content/index.md": "---\ntitle: Welcome\ndescription: My own words.\ntags: [intro]\n---\n\n# Hello there\n\n"
            "I build **queues**. ![Me](img/me.png)\n\n- [My decisions](decisions/index.md)\n",
            "content/img/me.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    build_ok()
    site = project / "site"
    home = page(site, "")
    assert [h1.get_text() for h1 in home.select("article h1")] == ["Ada Quill"]  # the person's name, not "Hello there"
    intro = home.select_one(".gp-intro")
    assert intro.select_one("strong").get_text() == "queues"
    assert (site / resolve(site, "", intro.img["src"]).relative_to(site)).is_file()  # what it shows is published
    assert resolve(site, "", intro.select_one("li a")["href"]) == site / "decisions/index.html"
    assert _meta(home, "description") == "My own words."
    assert home.select_one(".gp-hero") is not None and home.select(".gp-cards .gp-card")
    assert "Hello there" not in home.get_text()


def test_readme_md_is_an_introduction_too(project: Path) -> None:
    write_tree(project, {"content/README.md": "Written as a README.\n"})
    build_ok()
    home = page(project / "site", "")
    assert home.select_one(".gp-intro").get_text(strip=True) == "Written as a README."
    assert home.h1.get_text() == "Ada Quill"


def test_an_index_md_that_says_front_page_false_is_the_whole_front_page(project: Path) -> None:
    write_tree(project, {"content/index.md": "---\nfront_page: false\n---\n\n# My own landing page\n\nNothing generated here.\n"})
    build_ok()
    home = page(project / "site", "")
    assert home.select_one(".gp-hero") is None
    assert home.select_one("article h1").get_text(strip=True) == "My own landing page"


@pytest.mark.slow  # a few seconds: several builds
def test_without_a_person_the_name_comes_from_site_author_then_site_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, basic_files())
    monkeypatch.chdir(tmp_path)
    build_ok()
    assert page(tmp_path / "site", "").h1.get_text() == "Test Person"  # site_author in mkdocs.yml
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_author: Test Person\n", ""))
    build_ok()
    home = page(tmp_path / "site", "")
    assert home.h1.get_text() == "Test portfolio"  # site_name
    assert home.select_one(".gp-contact") is None


def test_person_values_are_escaped_on_the_front_page(project: Path) -> None:
    hostile = 'Ada <img src=x onerror="alert(1)"> {{ 7*7 }}'
    career = (project / "career.yml").read_text()
    career = career.replace("name: Ada Quill", f"name: '{hostile}'").replace(
        "headline: Backend engineer who writes her decisions down", "headline: '<script>alert(2)</script>'"
    )
    career = career.replace("GitHub: https://github.com/ada-example", "'<b>GitHub</b>': https://github.com/ada-example")
    (project / "career.yml").write_text(career)
    build_ok()
    home = page(project / "site", "")
    assert home.title.get_text() == hostile
    assert home.h1.get_text() == hostile
    assert home.select_one(".gp-hero-headline").get_text() == "<script>alert(2)</script>"
    assert home.select_one(".gp-contact a").get_text() == "<b>GitHub</b>"
    article = home.select_one("article")
    assert not article.select("script, img[onerror], b")
    assert _meta(home, "og:title") == hostile

"""Team wikis: authors.yml, author pages, decisions grouped by status."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import basic_files, entry, page, resolve, run, write_tree

AUTHORS = """\
ana:
  name: Ana Pereira
  avatar: img/ana.png
  link: https://example.org/ana
bo: Bo Chen
"""


@pytest.fixture
def wiki(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = basic_files()
    files["authors.yml"] = AUTHORS
    files["content/img/ana.png"] = "not really a png"
    files["content/decisions/2023-03-01-pick-a-db.md"] = entry(
        "Pick a database", "2023-03-01", status="accepted", authors=["ana", "bo"], assumptions=["Load stays low"]
    )
    files["content/debugging/2023-04-01-slow-query.md"] = entry("Slow query", "2023-04-01", authors=["Ana Pereira"], root_cause="config")
    files["content/posts/2023-05-02-guest.md"] = entry("Guest post", "2023-05-02", authors=["Dee Guest"])
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.slow
def test_author_pages_list_decisions_and_journals(wiki: Path) -> None:
    result = run(["build", "--strict"])
    assert result.exit_code == 0, result.output
    site = wiki / "site"
    index = page(site, "authors/")
    rows = {r["data-author"]: [td.get_text(strip=True) for td in r.select("td")] for r in index.select("tbody tr")}
    assert rows == {"ana": ["Ana Pereira", "1", "1", "2"], "bo": ["Bo Chen", "1", "0", "1"], "dee-guest": ["Dee Guest", "0", "0", "1"]}
    ana = page(site, "authors/ana/")
    groups = {s["data-kind"]: [a.get_text() for a in s.select("li a")] for s in ana.select("section.gp-author-kind")}
    assert groups == {"decision": ["Pick a database"], "debug": ["Slow query"]}
    avatar = ana.select_one("img.gp-avatar")
    assert resolve(site, "authors/ana/", avatar["src"]) == (site / "img/ana.png").resolve()
    header = page(site, "decisions/pick-a-db/")
    links = [a for a in header.select(".gp-facts dd a") if "authors/" in a["href"]]
    assert [a.get_text() for a in links] == ["Ana Pereira", "Bo Chen"]
    assert resolve(site, "decisions/pick-a-db/", links[0]["href"]) == (site / "authors/ana/index.html").resolve()
    nav = [a.get_text(strip=True) for a in page(site, "").select("nav.md-nav--primary > ul > li > a")]
    assert nav[-1] == "Authors"
    assert not (site / "authors.yml").exists()


def test_unknown_author_is_a_warning_with_did_you_mean(wiki: Path) -> None:
    result = run(["check"])
    assert result.exit_code == 0
    assert "content/posts/2023-05-02-guest.md:4: warning: author 'Dee Guest' is not in authors.yml" in result.stdout


@pytest.mark.parametrize(
    "text, message",
    [
        ("ana:\n  name: Ana\n  avatar: https://cdn.example.org/a.png\n", "the site requests nothing from other hosts"),
        ("Ana P:\n  name: Ana\n", "author id 'Ana P' should be lowercase"),
        ("ana:\n  nam: Ana\n", "unknown key"),
    ],
)
def test_bad_authors_yml(wiki: Path, text: str, message: str) -> None:
    (wiki / "authors.yml").write_text(text)
    result = run(["check"])
    assert result.exit_code == 1
    assert any(line.startswith("authors.yml:") and message in line for line in result.stdout.splitlines()), result.stdout

"""What a person sees on a built site, parsed, so two engines' builds can be compared fact by fact.

Used by tests/test_engine_parity.py (the example and a 150-entry portfolio) and by
benchmarks/parity.py (1,000 entries). Links are compared by the page they lead
to (resolved against the page they are on), never by how an engine spells them.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urldefrag

from bs4 import BeautifulSoup, Tag


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def resolved(page_url: str, href: str) -> str:
    """The site-relative URL (with its fragment) a link on ``page_url`` leads to; external links as written."""
    if "://" in href or href.startswith(("mailto:", "//")):
        return href
    target, fragment = urldefrag(href)
    if not target:
        path = page_url
    else:
        base = page_url if page_url.endswith("/") or page_url == "" else posixpath.dirname(page_url) + "/"
        path = posixpath.normpath(posixpath.join("/" + base, unquote(target))).lstrip("/")
        if target.endswith("/") and path and not path.endswith("/"):
            path += "/"
        if path == ".":
            path = ""
    return f"{path}#{fragment}" if fragment else path


def _links(page_url: str, scope: Tag | None) -> list[tuple[str, str]]:
    if scope is None:
        return []
    return [(a.get_text(" ", strip=True), resolved(page_url, a.get("href", ""))) for a in scope.find_all("a") if a.get("href")]


def _heading(tag: Tag) -> str:
    for link in tag.select("a.headerlink"):
        link.extract()
    return tag.get_text(" ", strip=True)


def site_facts(site: Path) -> dict:
    """Titles, matrix cells, evidence links, timeline chapters and tags of a built site."""
    titles: dict[str, tuple[str, str]] = {}
    entry_tags: dict[str, list[str]] = {}
    for path in sorted(site.rglob("index.html")):
        url = _url_of(site, path)
        doc = _soup(path)
        article = doc.find("article")
        h1 = article.find("h1") if article else None
        titles[url] = (doc.title.get_text(strip=True) if doc.title else "", _heading(h1) if h1 else "")
        chips = doc.select("nav.md-tags .md-tag")
        if chips:
            entry_tags[url] = sorted(chip.get_text(" ", strip=True) for chip in chips)

    matrix: dict[str, dict[str, list[tuple[str, str]]]] = {}
    skills = _soup(site / "skills" / "index.html")
    for row in skills.select(".gp-matrix tbody tr"):
        matrix[row["data-skill"]] = {cell["data-level"]: _links("skills/", cell) for cell in row.select("td[data-level]")}

    evidence: dict[str, list[tuple[str, str]]] = {}
    for skill in matrix:
        url = f"skills/{skill}/"
        doc = _soup(site / url / "index.html")
        evidence[skill] = _links(url, doc.find("article"))

    chapters = []
    for chapter in _soup(site / "timeline" / "index.html").select("section.gp-chapter"):
        heading = chapter.find("h2")
        chapters.append(
            {
                "id": chapter.get("id"),
                "heading": _heading(heading) if heading else "",
                "links": _links("timeline/", chapter),
            }
        )

    tags: dict[str, list[tuple[str, str]]] = {}
    article = _soup(site / "tags" / "index.html").find("article")
    for heading in article.find_all("h2") if article else []:
        listing = heading.find_next_sibling("ul")
        tags[_heading(heading)] = sorted(_links("tags/", listing))
    return {"titles": titles, "matrix": matrix, "evidence": evidence, "chapters": chapters, "tags": tags, "entry_tags": entry_tags}


def differences(a: dict, b: dict) -> list[str]:
    """Human-readable differences between two :func:`site_facts` (empty when the sites agree)."""
    found = []
    for key in a:
        if a[key] == b[key]:
            continue
        left, right = a[key], b[key]
        if isinstance(left, dict):
            for item in sorted(set(left) | set(right), key=str):
                if left.get(item) != right.get(item):
                    found.append(f"{key}[{item!r}]: {left.get(item)!r} != {right.get(item)!r}")
        else:
            found.append(f"{key}: {left!r} != {right!r}")
    return found


def canaries_in_tree(root: Path, canaries: list[str]) -> list[str]:
    """Files under ``root`` whose name or bytes hold a canary."""
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path.relative_to(root)}: {c}" for c in canaries if c.encode() in data or c in path.name]
    return hits

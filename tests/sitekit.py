"""Helpers for tests that build real sites: small portfolios from a dict, the example copied, HTML parsed."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from machine import REQUIRE_ENGINES, require

from portfolio.cli import cli

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Test portfolio
site_author: Test Person
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - tags
"""

SKILLS_YML = """\
levels: [beginner, intermediate, expert]
skills:
  - id: debugging
    name: Debugging
    levels: {beginner: Finds bugs with help, intermediate: Finds bugs alone, expert: Finds the bugs others cannot}
  - id: writing
    name: Writing
  - id: restraint
    name: Restraint
"""

CAREER_YML = """\
roles:
  - id: second
    title: Senior Engineer
    org: Beta
    start: 2023-01-01
    story: In the second role I learned to say no.
  - id: first
    title: Engineer
    org: Alpha
    start: 2020-01-01
    end: 2022-12-31
    story: In the first role I learned to debug.
milestones:
  - date: 2021-06-01
    title: First on-call
    link: fixed-the-race
assessments:
  - date: 2022-06-01
    ratings: {debugging: intermediate, writing: beginner, restraint: beginner}
"""


def entry(title: str, day: str, body: str = "Some words.", **meta: object) -> str:
    """An entry file's text; extra front matter given as YAML flow values."""
    lines = ["---", f"title: {_yaml(title)}", f"date: {day}"]
    for key, value in meta.items():
        lines.append(f"{key}: {_yaml(value)}")
    lines += ["---", "", body, ""]
    return "\n".join(lines)


def _yaml(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def basic_files() -> dict[str, str]:
    return {
        "mkdocs.yml": MKDOCS_YML,
        "skills.yml": SKILLS_YML,
        "career.yml": CAREER_YML,
        "content/debugging/2021-05-01-fixed-the-race.md": entry(
            "Fixed the race",
            "2021-05-01",
            "The zebrafish symptom only showed under load.",
            skills={"debugging": "intermediate"},
            root_cause="race-condition",
            highlight=True,
        ),
        "content/decisions/2020-03-01-use-cron.md": entry(
            "Use cron",
            "2020-03-01",
            status="superseded",
            superseded_by="use-a-queue",
            skills={"debugging": "beginner"},
            assumptions=["Volume stays low"],
        ),
        "content/decisions/2023-02-01-use-a-queue.md": entry(
            "Use a queue",
            "2023-02-01",
            status="accepted",
            supersedes="use-cron",
            deciders=["Me", "Ana"],
            assumptions=["Redis stays up"],
            skills={"writing": "expert"},
        ),
        "content/posts/2023-05-01-on-queues.md": entry("On queues", "2023-05-01", "Queues decouple.", tags=["queues"], skills=["writing"]),
        "content/postmortems/2022-12-01-leaving.md": entry("Leaving Alpha", "2022-12-01", "I left. " * 10, decision="Leave Alpha"),
        "content/wins/2023-09-01-faster.md": entry("Faster search", "2023-09-01", "It got faster.", impact="p99 from 2 s to 300 ms"),
    }


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` under ``root``: bytes as they are, text as UTF-8 with no newline translation
    (so CRLF and BOM inputs stay byte-exact); return ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    return root


def copy_example(dest: Path) -> Path:
    """The repository's example portfolio, copied so tests never write into the checkout."""
    for name in ("mkdocs.yml", "skills.yml", "career.yml"):
        shutil.copy2(REPO / name, dest / name)
    for name in ("content", "theme"):
        shutil.copytree(REPO / name, dest / name)
    return dest


def run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url: str) -> BeautifulSoup:
    """The parsed page published at ``url`` (e.g. ``skills/``)."""
    return soup(site / url / "index.html" if url.endswith("/") or url == "" else site / url)


def resolve(site: Path, from_url: str, href: str) -> Path:
    """The file a relative link on the page at ``from_url`` points to (directory URLs)."""
    target, _ = urldefrag(href)
    base = (site / from_url) if from_url.endswith("/") or from_url == "" else (site / from_url).parent
    path = (base / target).resolve() if target else (site / from_url).resolve()
    return path / "index.html" if path.is_dir() else path


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme in ("http", "https") or url.startswith("//"))


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_no_placeholder_in(site: Path) -> None:
    """No placeholder or prompt of :mod:`portfolio.model.placeholders` in any published file's text."""
    from portfolio.model.placeholders import PROMPTS, STARTER_TITLES, VALUES

    texts = [p.text for p in (*VALUES.values(), *STARTER_TITLES.values())]
    texts += [prompt for prompts in PROMPTS.values() for prompt in prompts.values()]
    visible = [re.sub(r"[*`]", "", text.lstrip("-0123456789. ")) for text in texts]
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json", ".txt"):
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        shown = BeautifulSoup(raw, "html.parser").get_text(" ") if path.suffix == ".html" else raw
        shown = " ".join(shown.split())
        for text, plain in zip(texts, visible, strict=True):
            assert text not in raw and plain not in shown, f"{path.relative_to(site)} publishes the placeholder {text!r}"


# --- the two engines ------------------------------------------------------------------

#: The site engines every contract test runs on.
ENGINES = ("mkdocs", "zensical")
#: The same as fixture or test parameters: Zensical's runs are slow tests, so the fast suite
#: (``-m "not slow"``) stays as quick as with one engine and the full suite (CI) runs both.
ENGINE_PARAMS = ("mkdocs", pytest.param("zensical", marks=pytest.mark.slow))


def require_engine(name: str) -> str:
    """``name``, or a skip with the reason when its engine is not installed (a failure with
    ``PORTFOLIO_REQUIRE_ENGINES`` set, as CI sets it: there both engines must run)."""
    module = {"mkdocs": "material", "zensical": "zensical"}[name]
    if name == "zensical" and sys.version_info < (3, 11):
        reason = f"the zensical engine needs Python 3.11 or newer (this is {sys.version_info.major}.{sys.version_info.minor})"
    elif importlib.util.find_spec(module) is None:
        reason = f'the {name} engine is not installed: pip install -e ".[{name}]"'
    else:
        return name
    require(False, reason, REQUIRE_ENGINES)
    return name


def search_index(site: Path) -> list[dict]:
    """The search index of a built site, one ``{"location", "title", "text"}`` per page or section,
    whichever engine wrote it (MkDocs: search/search_index.json "docs"; Zensical: search.json "items")."""
    mkdocs, zensical = site / "search" / "search_index.json", site / "search.json"
    if mkdocs.is_file():
        return list(json.loads(mkdocs.read_text(encoding="utf-8"))["docs"])
    return list(json.loads(zensical.read_text(encoding="utf-8"))["items"])


def search_index_file(site: Path) -> str:
    """The site-relative path of the search index the engine wrote."""
    return "search/search_index.json" if (site / "search" / "search_index.json").is_file() else "search.json"

"""Leak tests: canaries in private and draft entries never reach anything published.

Each private and draft entry carries a canary in its title, body, tags, skills,
description, authors, kind-specific keys and file name (so in its slug too).
After `build`, `deploy --dry-run`, `packet` (without ``--private``) and `serve`
(every URL of the served sitemap, and the search index, fetched over HTTP), no
byte of any output contains a private canary; no draft canary either, except
under `serve`, which shows drafts by design (with a Draft banner) but never a
private entry without ``--private``. Positive controls prove the canaries are
really in the inputs. Every output is checked with both engines (MkDocs writes
search/search_index.json, Zensical search.json).
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from robustkit import canaries_in, output_bytes
from sitekit import CAREER_YML, ENGINE_PARAMS, MKDOCS_YML, SKILLS_YML, basic_files, entry, require_engine, search_index_file, write_tree
from test_serve import Server

from portfolio.cli import cli

pytestmark = pytest.mark.slow  # builds, deploys, kills or drives a browser: see CONTRIBUTING.md

PRIVATE = "zqxprivcanary"
DRAFT = "zqxdraftcanary"


def secret_files(canary: str, flag: str) -> dict[str, str]:
    """One entry of every kind with ``flag: true`` and the canary everywhere a person can put text."""
    c = canary
    common = {flag: True, "description": f"Description {c}", "tags": [f"{c}tag"], "authors": [f"Author {c}"], "highlight": True}
    return {
        f"content/posts/2023-06-01-{c}-post.md": entry(
            f"Post {c}", "2023-06-01", f"Body {c} words.", skills={"restraint": "expert"}, **common
        ),
        f"content/decisions/2023-06-02-{c}-decision.md": entry(
            f"Decision {c}",
            "2023-06-02",
            f"Decision body {c}.",
            status="accepted",
            deciders=[f"Decider {c}"],
            assumptions=[f"Assumption {c}"],
            outcome="right",
            outcome_note=f"Note {c}",
            slug=f"{c}-slug",
            skills={"writing": "expert"},
            **common,
        ),
        f"content/debugging/2023-06-03-{c}-journal.md": entry(
            f"Journal {c}",
            "2023-06-03",
            f"Journal body {c}.",
            root_cause=f"{c}-cause",
            severity="high",
            skills={"debugging": "expert"},
            **common,
        ),
        f"content/postmortems/2023-06-04-{c}-pm.md": entry(
            f"Postmortem {c}", "2023-06-04", f"Postmortem body {c}.", decision=f"Decided {c}", **common
        ),
        f"content/wins/2023-06-05-{c}-win.md": entry(
            f"Win {c}", "2023-06-05", f"Win body {c}.", impact=f"Impact {c}", link=f"https://{c}.example.com/", **common
        ),
        f"content/{c}-page.md": f"---\ntitle: Page {c}\n{flag}: true\n---\n\n# Page {c}\n\nPage body {c}.\n",
        f"content/notes/{c}-note.md": f"---\n{flag}: true\n---\n\nNote {c}.\n",
    }


def leak_files() -> dict[str, str]:
    files = basic_files()
    files["mkdocs.yml"] = MKDOCS_YML + "site_url: https://example.com/portfolio/\n"
    files["skills.yml"] = SKILLS_YML
    # A milestone may point at a private entry: its title is public, the private page never is.
    files["career.yml"] = CAREER_YML.replace(
        "assessments:", f"  - date: 2023-06-06\n    title: Shipped the thing\n    link: {PRIVATE}-slug\nassessments:"
    )
    files.update(secret_files(PRIVATE, "private"))
    files.update(secret_files(DRAFT, "draft"))
    files[".gitignore"] = "site/\n.portfolio/\n"
    return files


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def leaky(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The portfolio built, deployed dry and packed once per engine; every output kept for the tests below."""
    engine = require_engine(request.param)
    base = tmp_path_factory.mktemp(f"leaks-{engine}")
    root = write_tree(base / "work", leak_files())
    git(base, "init", "-q", "--bare", str(base / "origin.git"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "portfolio")
    git(root, "remote", "add", "origin", str(base / "origin.git"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        out = {"root": root, "check": invoke("check")}
        out["build"] = invoke("build", "--engine", engine)
        out["site"] = output_bytes(root / "site")
        out["stage"] = output_bytes(root / ".portfolio" / "stage")
        out["deploy"] = invoke("deploy", "--dry-run", "--engine", engine)
        out["packet"] = invoke("packet")
        out["packet_html"] = invoke("packet", "-o", "packet.html")
        out["packet_private"] = invoke("packet", "--private")
    return out


def test_the_canaries_are_in_the_inputs(leaky: dict) -> None:
    """Positive controls: `check` reads every secret entry, `packet --private` shows the private ones."""
    assert leaky["check"].exit_code == 0, leaky["check"].output
    assert leaky["check"].stdout.strip().endswith("16 entries: 6 public, 5 drafts, 5 private; 0 errors, 0 warnings"), leaky["check"].stdout
    assert PRIVATE in leaky["packet_private"].stdout
    assert DRAFT not in leaky["packet_private"].stdout  # drafts never, even with --private


def test_build_output_has_no_canary(leaky: dict) -> None:
    assert leaky["build"].exit_code == 0, leaky["build"].output
    site = leaky["site"]
    assert search_index_file(leaky["root"] / "site") in site and "sitemap.xml" in site and "tags/index.html" in site
    assert canaries_in(site, [PRIVATE, DRAFT]) == []
    # The engine never even saw them: the stage holds no secret either.
    assert canaries_in(leaky["stage"], [PRIVATE, DRAFT]) == []


def test_private_and_draft_evidence_does_not_move_the_matrix(leaky: dict) -> None:
    doc = BeautifulSoup(leaky["site"]["skills/index.html"], "html.parser")
    rows = {row["data-skill"]: row for row in doc.select(".gp-matrix tbody tr")}
    assert "gp-gap" in rows["restraint"]["class"], "only secret entries claim restraint"
    assert rows["debugging"].select_one(".gp-current strong").get_text() == "Intermediate"
    assert not rows["debugging"].select('td[data-level="expert"] a')
    assert not rows["writing"].select('td[data-level="expert"] a:not([href*="use-a-queue"])')


def test_deploy_dry_run_lists_and_builds_no_canary(leaky: dict) -> None:
    result = leaky["deploy"]
    assert result.exit_code == 0, result.output
    assert "Dry run:" in result.stdout
    assert canaries_in({"deploy stdout": result.stdout.encode(), "deploy stderr": result.stderr.encode()}, [PRIVATE, DRAFT]) == []


def test_packet_without_private_has_no_canary(leaky: dict) -> None:
    assert leaky["packet"].exit_code == 0, leaky["packet"].output
    assert leaky["packet_html"].exit_code == 0, leaky["packet_html"].output
    html = (leaky["root"] / "packet.html").read_bytes()
    assert canaries_in({"packet": leaky["packet"].stdout.encode(), "packet.html": html}, [PRIVATE, DRAFT]) == []


# --- serve: the real server, fetched over HTTP ------------------------------------------


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_serve_never_serves_a_private_canary(tmp_path: Path, engine: str) -> None:
    """Every URL of the served sitemap and the search index: no private canary. Drafts are shown by design."""
    root = write_tree(tmp_path, leak_files())
    index = "search/search_index.json" if engine == "mkdocs" else "search.json"
    server = Server(root, "--engine", engine)
    try:
        sitemap = _get(server.base + "sitemap.xml").decode()
        locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        assert len(locs) > 10
        assert all(loc.startswith(server.base) for loc in locs), locs[:3]  # the preview points at itself
        served = {"sitemap.xml": sitemap.encode(), index: _get(server.base + index)}
        for loc in locs:
            path = urlsplit(loc).path.lstrip("/")
            served[path] = _get(server.base + path)
        json.loads(served[index])
    finally:
        server.stop()
    assert canaries_in(served, [PRIVATE]) == []
    # By design serve shows drafts (with a banner): the draft canary is served, the private one never.
    assert canaries_in(served, [DRAFT]) != []
    draft_page = BeautifulSoup(served[f"posts/{DRAFT}-post/"], "html.parser")
    assert draft_page.select_one(".gp-banner .admonition-title").get_text() == "Draft"

"""`portfolio packet`: strongest evidence per skill in order, levels, roles and milestones; Markdown and standalone HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitekit import copy_example, entry, run

from portfolio.reflect.packet import md_text

SITE = "https://me.example.org/folio/"

SKILLS = """\
levels: [beginner, intermediate, expert]
skills:
  - id: debugging
    name: Debugging
    levels: {expert: Finds the bugs others cannot}
  - id: writing
    name: Writing
  - id: restraint
    name: Restraint
"""

CAREER = """\
roles:
  - id: first
    title: Engineer
    org: Alpha
    start: 2020-01-01
    end: 2022-12-31
    story: In the first role I learned to debug.
  - id: second
    title: Senior Engineer
    org: Beta
    start: 2023-01-01
    story: |
      In the second role I learned to say no.

      And to write it down.
milestones:
  - date: 2021-06-01
    title: First on-call
  - date: 2024-03-15
    title: Led the incident review
    link: p2-deep-dive
  - date: 2024-09-01
    title: Spoke at a conference
    link: https://conf.example.com/talk
  - date: 2024-10-01
    title: Quiet promotion
    link: secret-win
"""

XSS = "<script>alert(1)</script> & co"


def packet_files(site_url: str | None = SITE) -> dict[str, str]:
    config = "site_name: Folio\nsite_author: Test Person\ndocs_dir: content\n" + (f"site_url: {site_url}\n" if site_url else "")
    return {
        "mkdocs.yml": config,
        "skills.yml": SKILLS,
        "career.yml": CAREER,
        "content/debugging/2024-02-01-p1-first-bug.md": entry(
            "First bug", "2024-02-01", description="A bug.", skills={"debugging": "intermediate"}
        ),
        "content/posts/2024-03-01-p2-deep-dive.md": entry(
            "Deep dive", "2024-03-01", description="How it really works.", skills={"debugging": "expert"}
        ),
        "content/wins/2024-03-01-p3-big-win.md": entry(
            "Big win",
            "2024-03-01",
            highlight=True,
            impact="p99 halved",
            description="Not shown: impact wins.",
            skills={"debugging": "expert"},
        ),
        "content/posts/2024-05-01-p4-bare.md": entry("Bare claim", "2024-05-01", skills=["debugging"]),
        "content/debugging/2024-06-01-p5-later-bug.md": entry("Later bug", "2024-06-01", skills={"debugging": "intermediate"}),
        "content/posts/2023-01-01-p6-before.md": entry("Before the period", "2023-01-01", skills={"debugging": "expert"}),
        "content/wins/2024-07-01-secret-win.md": entry(
            "Secret win", "2024-07-01", private=True, impact="a private number", skills={"debugging": "expert"}
        ),
        "content/posts/2024-08-01-draft-thing.md": entry(
            "Draft thing", "2024-08-01", draft=True, skills={"debugging": "expert", "restraint": "expert"}
        ),
        "content/posts/2024-04-01-xss.md": entry(
            XSS, "2024-04-01", description="<img src=x onerror=alert(1)>", skills={"writing": "intermediate"}
        ),
        "content/posts/2025-02-01-after.md": entry("After the period", "2025-02-01", skills={"writing": "expert"}),
    }


PERIOD = ("--since", "2024-01-01", "--until", "2024-12-31")


@pytest.fixture
def folio(project):
    project.write(packet_files())
    return project


def markdown(project, *args: str) -> str:
    result = project.invoke("packet", *PERIOD, *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


def md_section(text: str, heading: str) -> str:
    return text.split(f"\n### {heading}\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def md_evidence(text: str, skill: str) -> list[str]:
    """The titles listed as evidence under a skill, in order."""
    items = re.findall(r"^\d+\. (?:\[(.+?)\]\(|\*\*(.+?)\*\*)", md_section(text, skill), re.M)
    return [a or b for a, b in items]


# --- evidence per skill, in order --------------------------------------------------------------


def test_markdown_lists_the_strongest_evidence_per_skill_in_order(folio):
    text = markdown(folio)

    # expert before intermediate; on the same level and day the highlight first; at most 3
    assert md_evidence(text, "Debugging") == ["Big win", "Deep dive", "Later bug"]
    assert md_evidence(text, "Writing") == [md_text(XSS)]
    assert md_evidence(text, "Restraint") == []
    assert "*No evidence in this period.*" in md_section(text, "Restraint")


def test_current_and_target_levels(folio):
    text = markdown(folio)

    assert "| Debugging | Expert | Expert | 5 |" in text  # current from all public evidence, target capped at the top
    assert "| Writing | Intermediate | Expert | 1 |" in text  # the expert post comes after the period
    assert "| Restraint | none yet | Beginner | 0 |" in text  # a draft never counts
    assert "Current: **Expert** · Target: **Expert** · 5 entries in the period" in md_section(text, "Debugging")
    assert "> Expert looks like: Finds the bugs others cannot" in md_section(text, "Debugging")


def test_target_level_option_sets_every_target(folio):
    text = markdown(folio, "--target-level", "intermediate")

    assert "| Debugging | Expert | Intermediate | 5 |" in text
    assert "| Restraint | none yet | Intermediate | 0 |" in text
    assert "Target level for every skill: intermediate." in text


def test_unknown_target_level_is_a_usage_error_with_did_you_mean(folio):
    result = folio.invoke("packet", "--target-level", "exprt")

    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: --target-level: unknown level 'exprt'; expected one of beginner, intermediate, expert (did you mean 'expert'?)\n"
    )


def test_links_point_at_published_pages_and_lines_describe_the_entry(folio):
    section = md_section(markdown(folio), "Debugging")

    assert f"1. [Big win]({SITE}wins/p3-big-win/) — Expert, win, 2024-03-01  \n   Impact: p99 halved\n" in section
    assert f"2. [Deep dive]({SITE}posts/p2-deep-dive/) — Expert, post, 2024-03-01  \n   How it really works.\n" in section


def test_without_site_url_there_are_no_links(project):
    project.write(packet_files(site_url=None))
    text = markdown(project)

    assert "](" not in text
    assert md_evidence(text, "Debugging") == ["Big win", "Deep dive", "Later bug"]


def test_private_entries_only_with_private_and_never_linked(folio):
    without = markdown(folio)
    with_private = markdown(folio, "--private")

    assert "Secret win" not in without
    assert "Public entries only." in without
    assert md_evidence(with_private, "Debugging") == ["Secret win", "Big win", "Deep dive"]
    assert "1. **Secret win** — Expert, win, 2024-07-01 *(private)*" in with_private
    assert "secret-win/" not in with_private


def test_drafts_never_appear(folio):
    for args in ((), ("--private",)):
        text = markdown(folio, *args)
        assert "Draft thing" not in text
        assert "draft-thing" not in text


def test_roles_and_milestones_of_the_period(folio):
    text = markdown(folio)
    roles = text.split("\n## Roles\n", 1)[1].split("\n## Milestones\n")[0]
    milestones = text.split("\n## Milestones\n", 1)[1]

    assert "### Senior Engineer, Beta" in roles and "Alpha" not in roles
    assert "2023-01-01 – present" in roles
    assert "In the second role I learned to say no.\n\nAnd to write it down." in roles
    assert milestones.strip().splitlines() == [
        f"- 2024-03-15 — [Led the incident review]({SITE}posts/p2-deep-dive/)",
        "- 2024-09-01 — Spoke at a conference (https://conf.example.com/talk)",
        "- 2024-10-01 — Quiet promotion",
    ]


def test_whole_history_by_default(folio):
    result = folio.invoke("packet")
    assert result.exit_code == 0
    assert "Period: all time." in result.stdout
    assert "### Engineer, Alpha" in result.stdout
    assert "- 2021-06-01 — First on-call" in result.stdout
    assert md_evidence(result.stdout, "Writing") == ["After the period", md_text(XSS)]


def test_since_after_until_is_a_usage_error(folio):
    result = folio.invoke("packet", "--since", "2024-06-01", "--until", "2024-01-01")

    assert result.exit_code == 2


def test_markdown_escapes_titles(folio):
    text = markdown(folio)

    assert not re.search(r"(?<!\\)<", text)  # every '<' is escaped
    assert r"\<script\>alert(1)\</script\> & co" in text
    assert r"\<img src=x onerror=alert(1)\>" in text


def test_content_errors_stop_the_packet(folio):
    folio.write({"content/posts/bad.md": "---\ntitle: Bad\ndate: 2024-02-30\n---\n"})
    result = folio.invoke("packet")

    assert result.exit_code == 1
    assert "content/posts/bad.md:3: error:" in result.stderr


# --- files: HTML or Markdown by suffix, never overwriting -----------------------------------------


def html_packet(project, *args: str) -> tuple[Path, BeautifulSoup]:
    result = project.invoke("packet", *PERIOD, *args, "-o", "packet.html")
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout == "packet.html\n"
    path = project.root / "packet.html"
    return path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_html_packet_is_standalone_and_requests_nothing(folio):
    path, soup = html_packet(folio)

    assert soup.find("html") is not None and soup.title.string == "Promotion packet: Test Person"
    assert soup.find_all(["script", "link", "img", "iframe", "object", "embed", "video", "audio", "source"]) == []
    assert all(not tag.get("src") for tag in soup.find_all(True))
    css = soup.find("style").string
    assert "@media print" in css and "url(" not in css and "@import" not in css
    for a in soup.find_all("a"):
        assert a["href"].startswith(("#", SITE)), a["href"]


def test_html_packet_escapes_values_from_files(folio):
    path, soup = html_packet(folio)
    raw = path.read_text(encoding="utf-8")

    assert "<script>alert" not in raw and "<img src=x" not in raw
    writing = soup.find("section", attrs={"data-skill": "writing"})
    assert XSS in writing.get_text()
    assert "<img src=x onerror=alert(1)>" in writing.get_text()


def test_html_packet_lists_the_same_evidence_in_order(folio):
    _, soup = html_packet(folio, "--private")
    debugging = soup.find("section", attrs={"data-skill": "debugging"})

    assert [li["data-slug"] for li in debugging.select("ol.evidence > li")] == ["secret-win", "p3-big-win", "p2-deep-dive"]
    assert debugging.select_one("li[data-slug=secret-win] a") is None
    assert debugging.select_one("li[data-slug=p3-big-win] a")["href"] == f"{SITE}wins/p3-big-win/"
    assert soup.find(string=re.compile("Draft thing")) is None


def test_output_suffix_chooses_markdown(folio):
    result = folio.invoke("packet", *PERIOD, "-o", "packet.md")

    assert result.exit_code == 0
    written = (folio.root / "packet.md").read_text(encoding="utf-8")
    assert written == markdown(folio)
    assert written.startswith("# Promotion packet: Test Person\n")


@pytest.mark.parametrize("name", ["packet.html", "packet.md"])
def test_output_never_overwrites(folio, name):
    target = folio.root / name
    target.write_text("precious", encoding="utf-8")
    result = folio.invoke("packet", "-o", name)

    assert result.exit_code == 1
    assert result.stderr == f"error: {name} already exists; choose another name\n"
    assert target.read_text(encoding="utf-8") == "precious"


def test_example_portfolio_packet(tmp_path, monkeypatch):
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run(["packet", "--since", "2024-01-15"])

    assert result.exit_code == 0, result.output
    assert "Saying no to leading the reminders rewrite" not in result.stdout  # private
    assert "Future times are not instants" not in result.stdout  # draft
    assert md_evidence(result.stdout, "Problem framing") == [
        "Store future appointments as local time plus timezone, not as UTC instants",
        "Availability search p99 from 2.4 seconds to 310 milliseconds",
        "Precompute two weeks of availability into a slots table",
    ]
    assert "| Restraint: knowing when not to build | Beginner | Intermediate | 0 |" in result.stdout

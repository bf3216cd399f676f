"""Timeline chapters follow time: what falls outside every role sits where it belongs, never after the current role."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import MKDOCS_YML, SKILLS_YML, entry, page, run, write_tree

from portfolio.model.project import load_portfolio, locate
from portfolio.site.views.timeline import chapters


def _career(*roles: tuple[str, str, str, str | None], milestones: str = "") -> str:
    lines = ["roles:"]
    for role_id, title, start, end in roles:
        lines += [f"  - id: {role_id}", f"    title: {title}", f"    start: {start}"]
        if end:
            lines.append(f"    end: {end}")
    return "\n".join(lines) + "\n" + milestones


def _chapters(root: Path, career: str, dated: list[str], **meta: object) -> list[tuple[str, str, list[str]]]:
    """(anchor, title, slugs of its highlights) of each chapter, for entries dated ``dated``."""
    files = {"mkdocs.yml": MKDOCS_YML, "skills.yml": SKILLS_YML, "career.yml": career}
    for day in dated:
        files[f"content/posts/{day}-p{day}.md"] = entry(f"Post of {day}", day, highlight=True, **meta)
    write_tree(root, files)
    portfolio = load_portfolio(locate(root / "mkdocs.yml"))
    assert not portfolio.errors, portfolio.errors
    return [
        (c.anchor, c.title or c.role.title, [e.date.isoformat() for e in c.highlights])
        for c in chapters(portfolio.entries, portfolio.career, [])
    ]


def test_entries_before_the_first_role_form_the_first_chapter(tmp_path: Path) -> None:
    found = _chapters(tmp_path, _career(("eng", "Engineer", "2022-03-01", None)), ["2021-06-01", "2023-01-01", "2019-02-01"])

    assert found == [
        ("before-eng", "Before Engineer", ["2019-02-01", "2021-06-01"]),
        ("role-eng", "Engineer", ["2023-01-01"]),
    ]


def test_gaps_between_roles_and_after_the_last_sit_where_they_belong(tmp_path: Path) -> None:
    career = _career(
        ("second", "Senior Engineer", "2021-01-01", "2022-06-30"),
        ("first", "Engineer", "2018-01-01", "2019-12-31"),
        ("third", "Staff Engineer", "2023-01-01", "2024-12-31"),
    )
    found = _chapters(tmp_path, career, ["2017-05-01", "2020-06-01", "2022-09-01", "2025-03-01", "2018-02-01"])

    assert found == [
        ("before-first", "Before Engineer", ["2017-05-01"]),
        ("role-first", "Engineer", ["2018-02-01"]),
        ("between-first-and-second", "Between roles", ["2020-06-01"]),
        ("role-second", "Senior Engineer", []),
        ("between-second-and-third", "Between roles", ["2022-09-01"]),
        ("role-third", "Staff Engineer", []),
        ("after-third", "After Staff Engineer", ["2025-03-01"]),
    ]


def test_overlapping_roles_leave_no_gap_and_a_current_role_no_after(tmp_path: Path) -> None:
    career = _career(
        ("lead", "Lead", "2019-01-01", "2021-12-31"), ("ic", "Engineer", "2018-01-01", "2020-06-30"), ("now", "Staff", "2022-01-01", None)
    )

    found = _chapters(tmp_path, career, ["2020-03-01", "2030-01-01"])

    assert [anchor for anchor, _, _ in found] == ["role-ic", "role-lead", "role-now"]
    assert found[2][2] == ["2030-01-01"]


def test_an_explicit_role_wins_over_the_date(tmp_path: Path) -> None:
    found = _chapters(tmp_path, _career(("eng", "Engineer", "2022-03-01", None)), ["2020-01-01"], role="eng")

    assert found == [("role-eng", "Engineer", ["2020-01-01"])]


def test_without_roles_everything_is_outside_any_role(tmp_path: Path) -> None:
    found = _chapters(tmp_path, "roles: []\n", ["2020-01-01"])

    assert found == [("role-other", "Outside any role", ["2020-01-01"])]


def test_milestones_outside_every_role_land_in_their_gap(tmp_path: Path) -> None:
    career = _career(("eng", "Engineer", "2022-03-01", None), milestones="milestones:\n  - date: 2020-05-01\n    title: Gave a talk\n")
    write_tree(tmp_path, {"mkdocs.yml": MKDOCS_YML, "skills.yml": SKILLS_YML, "career.yml": career, "content/.keep": ""})
    portfolio = load_portfolio(locate(tmp_path / "mkdocs.yml"))

    found = chapters(portfolio.entries, portfolio.career, [])

    assert [(c.anchor, [m.title for m in c.milestones]) for c in found] == [("before-eng", ["Gave a talk"]), ("role-eng", [])]


@pytest.mark.slow  # builds a site
def test_the_published_timeline_shows_the_chapters_in_order_with_their_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    career = _career(("first", "Engineer", "2018-01-01", "2019-12-31"), ("second", "Senior Engineer", "2021-01-01", None))
    files = {"mkdocs.yml": MKDOCS_YML, "skills.yml": SKILLS_YML, "career.yml": career}
    files["content/wins/2017-05-01-early.md"] = entry("Early win", "2017-05-01", impact="1 user", highlight=True)
    files["content/posts/2020-06-01-gap.md"] = entry("Written between jobs", "2020-06-01", highlight=True)
    write_tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)

    assert run(["build", "--strict"]).exit_code == 0

    doc = page(tmp_path / "site", "timeline/")
    sections = doc.select("section.gp-chapter")
    assert [(s["id"], s.h2.get_text(" ", strip=True)) for s in sections] == [
        ("before-first", "Before Engineer"),
        ("role-first", "Engineer"),
        ("between-first-and-second", "Between roles"),
        ("role-second", "Senior Engineer"),
    ]
    assert [s.select_one(".gp-dates").get_text(" ", strip=True) for s in sections] == [
        "until Dec 2017",
        "Jan 2018 – Dec 2019",
        "Jan 2020 – Dec 2020",
        "Jan 2021 – present",
    ]
    assert "gp-chapter-outside" in sections[0]["class"] and "gp-chapter-outside" not in sections[1]["class"]
    assert [a.get_text() for a in sections[0].select(".gp-highlights a")] == ["Early win"]
    assert [a.get_text() for a in sections[2].select(".gp-highlights a")] == ["Written between jobs"]


# --- drafts marked in every list (what `serve` stages) -------------------------------------------------


def test_every_generated_list_marks_drafts_and_private_entries(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from portfolio.model.skills import load_preset
    from portfolio.site.views.pages import GENERATED, SiteData, entry_page, generated_pages, skill_page_src

    files = {"mkdocs.yml": MKDOCS_YML, "skills.yml": SKILLS_YML, "career.yml": _career(("eng", "Engineer", "2020-01-01", None))}
    held = {"draft": {"draft": True}, "private": {"private": True}, "public": {}}
    for name, flags in held.items():
        common = {"skills": {"debugging": "expert"}, "highlight": True, "authors": ["ana"], **flags}
        files[f"content/decisions/2023-01-01-{name}-d.md"] = entry(
            f"{name} decision", "2023-01-01", status="accepted", assumptions=["x"], **common
        )
        files[f"content/debugging/2023-01-02-{name}-j.md"] = entry(f"{name} journal", "2023-01-02", root_cause="config", **common)
        files[f"content/posts/2023-01-03-{name}-p.md"] = entry(f"{name} post", "2023-01-03", **common)
        files[f"content/postmortems/2023-01-04-{name}-m.md"] = entry(f"{name} postmortem", "2023-01-04", decision="Left", **common)
        files[f"content/wins/2023-01-05-{name}-w.md"] = entry(f"{name} win", "2023-01-05", impact="2x", **common)
    write_tree(tmp_path, files)
    portfolio = load_portfolio(locate(tmp_path / "mkdocs.yml"))
    data = SiteData(entries=list(portfolio.entries), matrix=portfolio.skills or load_preset(), career=portfolio.career)

    pages = generated_pages(data, home=True)

    lists = {
        GENERATED["decision"]: "table tbody tr",
        GENERATED["debug"]: "table tbody tr",
        GENERATED["post"]: "table tbody tr",
        GENERATED["postmortem"]: "table tbody tr",
        GENERATED["win"]: "table tbody tr",
        GENERATED["home"]: ".gp-cards li, .gp-latest-list li",
        GENERATED["skills"]: "#skill-debugging .gp-evidence li",
        skill_page_src("debugging"): ".gp-evidence li",
        GENERATED["timeline"]: ".gp-highlights li",
        "authors/ana.md": ".gp-list li",
    }
    for src, selector in lists.items():
        doc = BeautifulSoup(pages[src].split("\n---\n", 1)[1], "html.parser")
        items = doc.select(selector)
        assert items, src
        for item in items:
            title = item.a.get_text(strip=True)
            kind = title.split()[0]
            label = item.select_one(".gp-held-label")
            if kind == "public":
                assert label is None and not {"gp-draft", "gp-private"} & set(item.get("class") or []), (src, title)
            else:
                assert label is not None and label.get_text() == kind, (src, title)
                assert f"gp-{kind}" in item["class"], (src, title)
    # An entry page's previous and next links say so too when they lead to a held entry.
    pagers = [
        link
        for held_entry in data.entries
        for link in BeautifulSoup(entry_page(held_entry, data).split("\n---\n", 1)[1], "html.parser").select("nav.gp-pager a")
    ]
    assert pagers
    for link in pagers:
        title = link.select_one(".gp-pager-title").contents[0].strip()
        kind = title.split()[0]
        label = link.select_one(".gp-held-label")
        if kind == "public":
            assert label is None and not {"gp-draft", "gp-private"} & set(link["class"]), title
        else:
            assert label is not None and label.get_text() == kind and f"gp-{kind}" in link["class"], title
    patterns = BeautifulSoup(pages[GENERATED["debug"]], "html.parser").select("#cause-config a")
    assert {a.get_text(): a.get("class") for a in patterns} == {
        "draft journal": ["gp-draft"],
        "private journal": ["gp-private"],
        "public journal": None,
    }
    # Only public evidence makes a level: the preview shows the levels the site will.
    assert [(ev.entry.title, ev.level.id) for ev in data.level_ups] == [("public decision", "expert")]

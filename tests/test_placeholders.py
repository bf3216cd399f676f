"""Placeholders never publish: what `init` and `new` write for a person to replace is known to `check`,
which refuses it in anything that would be published, and leaves drafts their prompts."""

from __future__ import annotations

import json

import pytest
from sitekit import MKDOCS_YML, assert_no_placeholder_in, entry, page

from portfolio.authoring.new import render_entry
from portfolio.model.placeholders import PROMPTS, STARTER_TITLES, VALUES

KINDS = {"decision": "decisions", "debug": "debugging", "post": "posts", "postmortem": "postmortems", "win": "wins"}
EDIT = ", or keep draft: true until the entry is written"


@pytest.fixture
def site(project):
    return project.write({"mkdocs.yml": MKDOCS_YML})


def _published_starter(project, kind: str, title: str) -> tuple[str, str]:
    """`new`'s text for ``kind`` with ``draft: true`` deleted, as a hurried person would."""
    import datetime as dt

    text = render_entry(kind, title, dt.date(2024, 1, 5), {}).replace("draft: true\n", "")
    rel = f"content/{KINDS[kind]}/2024-01-05-x.md"
    project.write({rel: text})
    return rel, text


def _line_of(text: str, wanted: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if line.strip() == wanted)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_prompt_left_in_a_public_entry_is_an_error_at_its_line(site, kind):
    rel, text = _published_starter(site, kind, "My own title")

    out = site.check()

    expected = [
        f'{rel}:{_line_of(text, prompt)}: error: the template\'s prompt "{_short(prompt)}" is still here and would be published; '
        f"answer it in your own words or delete the line{EDIT}"
        for prompt in PROMPTS[kind].values()
    ]
    for key, placeholder in (("decision", VALUES["decision"]), ("impact", VALUES["impact"])):
        if kind == {"decision": "postmortem", "impact": "win"}[key]:
            line = next(number for number, line in enumerate(text.split("\n"), 1) if line.startswith(f"{key}: "))
            expected.append(
                f"{rel}:{line}: error: '{key}' is still the placeholder '{_short(placeholder.text)}' and would be published; "
                f"write {placeholder.instead}"
            )
    assert sorted(out.findings, key=lambda f: int(f.split(":")[1])) == sorted(expected, key=lambda f: int(f.split(":")[1]))
    assert out.summary == f"1 entries: 1 public, 0 drafts, 0 private; {len(expected)} errors, 0 warnings"
    assert out.exit_code == 1
    assert {finding["code"] for finding in json.loads(site.check("--format", "json").result.stdout)} == {"placeholder"}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_starter_title_left_in_a_public_entry_is_an_error(site, kind):
    rel, _ = _published_starter(site, kind, STARTER_TITLES[kind].text)

    title = [line for line in site.check().findings if f"{rel}:2: " in line]

    assert title == [
        f"{rel}:2: error: 'title' is still the placeholder '{STARTER_TITLES[kind].text}' and would be published; "
        f"write {STARTER_TITLES[kind].instead}"
    ]


@pytest.mark.parametrize("flag", ["draft: true", "private: true"])
def test_drafts_and_private_entries_keep_their_prompts_without_an_error(site, flag):
    import datetime as dt

    text = render_entry("decision", STARTER_TITLES["decision"].text, dt.date(2024, 1, 5), {})
    site.write({"content/decisions/2024-01-05-x.md": text.replace("draft: true", flag)})

    out = site.check()

    assert out.exit_code == 0
    assert not [line for line in out.findings if ": error: " in line]


def test_an_answered_entry_has_no_placeholder_even_with_the_headings_kept(site):
    import datetime as dt

    text = render_entry("win", "Label generation in two minutes", dt.date(2024, 1, 5), {})
    for prompt in PROMPTS["win"].values():
        text = text.replace(prompt, "Cut label generation from 40 minutes to 2 by batching carrier calls.")
    text = text.replace(VALUES["impact"].text, "Label generation from 40 minutes to 2").replace("draft: true\n", "")
    site.write({"content/wins/2024-01-05-x.md": text})

    out = site.check()

    assert out.lines == ["1 entries: 1 public, 0 drafts, 0 private; 0 errors, 0 warnings"]


def test_a_prompt_copied_into_a_public_page_is_an_error_and_into_a_draft_page_is_not(site):
    prompt = PROMPTS["post"]["question"]
    site.write(
        {
            "content/about.md": f"---\ntitle: About\n---\n\n# About\n\n{prompt}\n",
            "content/notes.md": f"---\ntitle: Notes\ndraft: true\n---\n\n{prompt}\n",
        }
    )

    out = site.check()

    assert out.findings == [
        f'content/about.md:7: error: the template\'s prompt "{_short(prompt)}" is still here and would be published; '
        "answer it in your own words or delete the line"
    ]


def test_a_title_that_only_mentions_a_placeholder_word_is_fine(site):
    site.write({"content/posts/2024-01-05-x.md": entry("What's Your Name? On naming services", "2024-01-05")})

    assert site.check().exit_code == 0


def test_placeholders_in_career_yml_are_errors_also_the_story_older_inits_wrote(site):
    site.write(
        {
            "career.yml": (
                "person:\n"
                "  name: Ada Lovelace\n"
                "  headline: Your job title at Your company\n"
                "roles:\n"
                "  - id: current-role\n"
                "    title: Software Engineer\n"
                "    org: Your company\n"
                "    start: 2024-01-01\n"
                "    story: >\n"
                "      Two or three sentences on how you changed in this role: what you\n"
                "      stopped doing, what you learned to do, what others came to rely on you for.\n"
                "milestones:\n"
                "  - date: 2024-06-01\n"
                "    title: Your Name gave a talk\n"
            )
        }
    )

    out = site.check()

    assert out.findings == [
        "career.yml:3: error: person.headline still holds the placeholder 'Your job title' and would be published; "
        "write your title in this role, e.g. Backend Engineer",
        "career.yml:7: error: the org of role 'current-role' is still the placeholder 'Your company' and would be published; "
        "write the organisation's name",
        "career.yml:9: error: the story of role 'current-role' is still the placeholder "
        "'Two or three sentences on how you changed in this role: wha…' and would be published; "
        "write two or three sentences on how you changed in this role",
        "career.yml:14: error: the milestone's title still holds the placeholder 'Your Name' and would be published; "
        "write your name, as readers should see it",
    ]


def test_the_example_portfolio_has_no_placeholder(monkeypatch):
    from sitekit import REPO

    monkeypatch.chdir(REPO)
    from portfolio.model.project import load_portfolio, locate

    assert [f for f in load_portfolio(locate()).findings if f.code == "placeholder"] == []


@pytest.mark.slow  # builds a site
def test_no_placeholder_reaches_the_built_site_of_a_fresh_init(tmp_path, monkeypatch):
    from sitekit import run

    assert run(["init", str(tmp_path), "--author", "Ada", "--role", "Engineer", "--org", "Fernway", "--since", "2022-03"]).exit_code == 0
    monkeypatch.chdir(tmp_path)
    assert run(["build"]).exit_code == 0

    assert_no_placeholder_in(tmp_path / "site")
    timeline = page(tmp_path / "site", "timeline/").get_text(" ", strip=True)
    assert "Engineer at Fernway" in timeline


def test_the_site_scan_finds_a_placeholder_when_one_is_there(tmp_path):
    """A positive control: the scan the walkthrough relies on does fail on a published prompt."""
    (tmp_path / "x").mkdir()
    (tmp_path / "x/index.html").write_text(f"<html><body><p>{PROMPTS['decision']['context']}</p></body></html>")

    with pytest.raises(AssertionError, match="publishes the placeholder"):
        assert_no_placeholder_in(tmp_path)

"""`portfolio new`: the file it writes, where, and what it refuses."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from portfolio.cli import cli
from portfolio.model.entries import load_content, word_count
from portfolio.model.yamlio import load_with_lines

FOLDERS = {"decision": "decisions", "debug": "debugging", "post": "posts", "postmortem": "postmortems", "win": "wins"}


def split(path: Path) -> tuple[dict, str]:
    """(front matter as the tool reads it, body)."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", text, re.S)
    assert match, f"no front matter in {path}:\n{text}"
    data, _ = load_with_lines(match.group(1))
    return data, match.group(2)


def headings(body: str) -> list[str]:
    return [line.lstrip("#").strip() for line in body.splitlines() if line.startswith("## ")]


def new(project, *args: object):
    return project.invoke("new", *args)


@pytest.fixture
def project(project):
    """A portfolio: `new` writes into the one whose mkdocs.yml is here or in a folder above."""
    return project.write({"mkdocs.yml": "site_name: Test\n"})


#: What `check` says of one new entry: a draft, so nothing would be published yet.
ONE_DRAFT = "1 entries: 0 public, 1 drafts, 0 private; 0 errors, 1 warnings"


# --- every kind -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_new_entry_passes_check_cleanly(project, kind):
    result = new(project, kind, "My First Entry", "--date", "2024-01-05")

    expected = f"content/{FOLDERS[kind]}/2024-01-05-my-first-entry.md"
    assert result.exit_code == 0
    assert result.stdout == expected + "\n"
    assert (project.root / expected).is_file()

    out = project.check()
    assert out.summary == ONE_DRAFT
    assert out.only(f"{expected}:{out.findings[0].split(':')[1]}: warning: ").startswith("nothing will be published")
    assert out.exit_code == 0


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_new_entry_with_skills_passes_check_cleanly(project, kind):
    result = new(project, kind, "Skilled", "--date", "2024-01-05", "--skill", "debugging:expert", "--skill", "code-review")
    assert result.exit_code == 0

    data, _ = split(project.root / result.stdout.strip())
    assert data["skills"] == {"debugging": "expert", "code-review": None}
    assert project.check().summary == ONE_DRAFT


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_new_entry_front_matter_common_keys(project, kind):
    result = new(project, kind, "Common keys", "--date", "2023-12-31")

    data, _ = split(project.root / result.stdout.strip())
    assert data["title"] == "Common keys"
    assert data["date"] == "2023-12-31"
    assert data["draft"] is True
    assert "kind" not in data  # the folder gives the kind
    entries, _, _ = load_content(project.root / "content")
    assert [(e.kind, e.slug, e.date) for e in entries] == [(kind, "common-keys", dt.date(2023, 12, 31))]


def test_new_decision(project):
    result = new(project, "decision", "Use Postgres", "--date", "2024-01-05")

    data, body = split(project.root / "content/decisions/2024-01-05-use-postgres.md")
    assert result.exit_code == 0
    assert data["status"] == "proposed"
    assert data["revisit"] == "2024-07-03"
    assert dt.date.fromisoformat(data["revisit"]) - dt.date(2024, 1, 5) == dt.timedelta(days=180)
    assert data["assumptions"] == []
    assert data["deciders"] == []
    assert headings(body) == [
        "Context",
        "Options and tradeoffs",
        "Decision",
        "Assumptions — what changes if one is wrong",
        "Risks",
        "Revisit",
    ]


def test_new_debug(project):
    new(project, "debug", "Flaky test", "--date", "2024-01-05")

    data, body = split(project.root / "content/debugging/2024-01-05-flaky-test.md")
    assert data["severity"] == "medium"
    assert "resolved" not in data
    assert headings(body) == ["Symptom", "Hypotheses", "What I tried", "Root cause", "Lesson", "Prevention"]


def test_new_postmortem_body_is_under_the_word_limit(project):
    new(project, "postmortem", "Leaving the startup", "--date", "2024-01-05")

    data, body = split(project.root / "content/postmortems/2024-01-05-leaving-the-startup.md")
    assert data["decision"]
    assert 0 < word_count(body) < 150
    assert len(body.split()) < 150
    for prompt in ("Reasoning", "What I felt", "What I'd do differently"):
        assert prompt in body


def test_new_win_mentions_impact(project):
    new(project, "win", "Faster builds", "--date", "2024-01-05")

    data, body = split(project.root / "content/wins/2024-01-05-faster-builds.md")
    assert data["impact"]
    assert "Impact" in headings(body)


def test_new_post(project):
    new(project, "post", "Idempotency keys", "--date", "2024-01-05")

    data, body = split(project.root / "content/posts/2024-01-05-idempotency-keys.md")
    assert set(data) == {"title", "date", "description", "tags", "skills", "draft"}
    assert body.strip()


# --- options ------------------------------------------------------------------------------


def test_date_and_skill_land_in_front_matter(project):
    result = new(project, "debug", "Race in the queue", "--date", "2022-09-27", "--skill", "debugging:expert")

    assert result.stdout == "content/debugging/2022-09-27-race-in-the-queue.md\n"
    data, _ = split(project.root / "content/debugging/2022-09-27-race-in-the-queue.md")
    assert data["date"] == "2022-09-27"
    assert data["skills"] == {"debugging": "expert"}


def test_default_date_is_today(project):
    before = dt.date.today()
    result = new(project, "post", "Today")
    after = dt.date.today()

    assert result.exit_code == 0
    assert result.stdout.strip() in {f"content/posts/{day.isoformat()}-today.md" for day in (before, after)}


def test_kind_is_case_insensitive(project):
    result = new(project, "DECISION", "Shout", "--date", "2024-01-05")

    assert result.exit_code == 0
    assert result.stdout == "content/decisions/2024-01-05-shout.md\n"


@pytest.mark.parametrize(
    "title",
    [
        '"Quotes": and #hash & {braces}',
        "yes",
        "null",
        "0032",
        "2024-01-05",
        "key: value",
        "[not a list]",
        "*not-an-alias and &anchor",
        "!not-a-tag",
        "{{ not jinja }} {% raw %}",
        'It\'s 100% "quoted"',
        "Trailing backslash \\",
    ],
)
def test_title_with_yaml_special_characters_round_trips(project, title):
    result = new(project, "post", title, "--date", "2024-01-05", "--slug", "special")

    assert result.exit_code == 0
    entries, _, findings = load_content(project.root / "content")
    assert findings == []
    assert [e.title for e in entries] == [title]
    assert project.check().summary == ONE_DRAFT


def test_title_with_quotes_and_hash_gives_a_slug(project):
    result = new(project, "post", '"Quotes": and #hash & {braces}', "--date", "2024-01-05")

    assert result.stdout == "content/posts/2024-01-05-quotes-and-hash-braces.md\n"
    data, _ = split(project.root / "content/posts/2024-01-05-quotes-and-hash-braces.md")
    assert data["title"] == '"Quotes": and #hash & {braces}'


def test_never_overwrites(project):
    first = new(project, "post", "Only once", "--date", "2024-01-05")
    path = project.root / "content/posts/2024-01-05-only-once.md"
    path.write_text(path.read_text(encoding="utf-8") + "My precious notes.\n", encoding="utf-8")
    before = path.read_bytes()

    second = new(project, "post", "Only once", "--date", "2024-01-05")

    assert first.exit_code == 0
    assert second.exit_code == 1
    assert "already exists" in second.stderr
    assert "content/posts/2024-01-05-only-once.md" in second.stderr
    assert second.stdout == ""
    assert path.read_bytes() == before


def test_slug_option_names_the_file(project):
    result = new(project, "decision", "A long and winding title", "--date", "2024-01-05", "--slug", "short")

    assert result.exit_code == 0
    assert result.stdout == "content/decisions/2024-01-05-short.md\n"
    assert (project.root / "content/decisions/2024-01-05-short.md").is_file()


@pytest.mark.parametrize("slug", ["Bad Slug", "a/b", "../up", "UPPER", "trailing-", "a--b"])
def test_bad_slug_option_exits_2(project, slug):
    result = new(project, "post", "Fine title", "--date", "2024-01-05", "--slug", slug)

    assert result.exit_code == 2
    assert "--slug" in result.stderr
    assert not any((project.root / "content").rglob("*.md"))
    assert not (project.root / "up").exists()


def test_a_title_of_punctuation_only_exits_2_mentioning_slug(project):
    result = new(project, "post", "?!… — ?", "--date", "2024-01-05")

    assert result.exit_code == 2
    assert "--slug" in result.stderr
    assert not any((project.root / "content").rglob("*.md"))


def test_non_latin_title_is_transliterated_into_its_slug(project):
    """Slugs are permalinks made by one rule: any script gives one (it used to need --slug)."""
    result = new(project, "post", "日本語のメモ", "--date", "2024-01-05")

    assert result.exit_code == 0, result.output
    assert (project.root / "content/posts/2024-01-05-ribenyunomemo.md").is_file()


def test_non_latin_title_with_slug_works(project):
    result = new(project, "post", "日本語のメモ", "--date", "2024-01-05", "--slug", "nihongo-memo")

    assert result.exit_code == 0
    entries, _, _ = load_content(project.root / "content")
    assert [e.title for e in entries] == ["日本語のメモ"]
    assert "日本語のメモ" in (project.root / "content/posts/2024-01-05-nihongo-memo.md").read_text(encoding="utf-8")


def test_empty_slug_option_names_the_slug(project):
    result = new(project, "post", "Fine title", "--date", "2024-01-05", "--slug", "")

    assert result.exit_code == 2
    assert "--slug ''" in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("poast", "Title"), ["unknown kind 'poast'; expected one of decision, debug, post, postmortem, win (did you mean 'post'?)"]),
        (("post", "   "), ["the title is empty"]),
        (("post", "!!!"), ["--slug"]),
        (("post", "Title", "--skill", "debuging"), ["unknown skill", "did you mean 'debugging'?"]),
        (("post", "Title", "--skill", "debugging:guru"), ["unknown level", "beginner, intermediate, expert"]),
        (("post", "Title", "--skill", ":expert"), ["expected ID or ID:LEVEL"]),
        (("post", "Title", "--date", "2024-1-5"), ["is not a date; expected YYYY-MM-DD"]),
        (("post", "Title", "--date", "2024-02-30"), ["is not a date"]),
        (("post",), ["Missing argument 'TITLE'"]),
    ],
    ids=[
        "unknown-kind",
        "blank-title",
        "title-without-slug",
        "unknown-skill",
        "unknown-level",
        "skill-without-id",
        "bad-date",
        "unreal-date",
        "no-title",
    ],
)
def test_usage_errors_exit_2_and_write_nothing(project, args, words):
    result = new(project, *args)

    assert result.exit_code == 2
    for word in words:
        assert word in result.stderr
    assert result.stdout == ""
    assert not any((project.root / "content").rglob("*.md"))


def test_skill_is_checked_against_skills_yml(project):
    project.write({"skills.yml": "levels: [low, high]\nskills:\n  - id: cooking\n    name: Cooking\n"})

    bad = new(project, "post", "Title", "--skill", "debugging")
    good = new(project, "post", "Title", "--date", "2024-01-05", "--skill", "cooking:high")

    assert bad.exit_code == 2
    assert "expected one of cooking" in bad.stderr
    assert good.exit_code == 0
    assert project.check().summary == ONE_DRAFT


def test_dir_option_writes_there(project):
    result = new(project, "win", "Elsewhere", "--date", "2024-01-05", "--dir", "notes")

    assert result.exit_code == 0
    assert result.stdout == "notes/wins/2024-01-05-elsewhere.md\n"
    assert (project.root / "notes/wins/2024-01-05-elsewhere.md").is_file()
    assert project.check("--dir", "notes").summary == ONE_DRAFT


def test_docs_dir_of_mkdocs_yml_is_the_default_folder(project):
    project.write({"mkdocs.yml": "site_name: Me\ndocs_dir: docs\n"})

    result = new(project, "post", "In docs", "--date", "2024-01-05")

    assert result.exit_code == 0
    assert result.stdout == "docs/posts/2024-01-05-in-docs.md\n"
    assert project.check().summary == ONE_DRAFT


def test_dir_that_is_a_file_exits_2(project):
    project.write({"afile": "x"})

    result = new(project, "post", "Title", "--dir", "afile")

    assert result.exit_code == 2


def test_new_never_leaves_a_duplicate_slug(project):
    first = new(project, "post", "Weekly notes", "--date", "2024-01-05")
    second = new(project, "post", "Weekly notes", "--date", "2024-01-12")

    assert first.exit_code == 0
    # Either `new` refuses the clash, or what it wrote still passes check.
    assert second.exit_code != 0 or project.check().exit_code == 0


# --- finding the portfolio, and kinds as people type them ---------------------------------


@pytest.mark.parametrize(
    ("word", "folder"),
    [
        ("debugging", "debugging"),
        ("decisions", "decisions"),
        ("posts", "posts"),
        ("postmortems", "postmortems"),
        ("post-mortem", "postmortems"),
        ("Post-Mortems", "postmortems"),
        ("wins", "wins"),
        ("DEBUG", "debugging"),
    ],
)
def test_kinds_accept_folder_names_and_plurals(project, word, folder):
    result = new(project, word, "Named loosely", "--date", "2024-01-05")

    assert result.exit_code == 0, result.output
    assert result.stdout == f"content/{folder}/2024-01-05-named-loosely.md\n"


@pytest.mark.parametrize(
    ("word", "meant"),
    [("debuging", "debug"), ("decison", "decision"), ("postmortm", "postmortem"), ("winn", "win"), ("debbugging", "debug")],
)
def test_a_misspelt_kind_gets_a_did_you_mean(project, word, meant):
    result = new(project, word, "Title")

    assert result.exit_code == 2
    assert (
        f"Error: Invalid value for 'KIND': unknown kind '{word}'; expected one of decision, debug, post, postmortem, win "
        f"(did you mean '{meant}'?)"
    ) in result.stderr
    assert not any((project.root / "content").rglob("*.md"))


def test_a_kind_nothing_is_close_to_gets_no_guess(project):
    result = new(project, "recipe", "Title")

    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(
        "Error: Invalid value for 'KIND': unknown kind 'recipe'; expected one of decision, debug, post, postmortem, win"
    )


def test_new_in_a_subfolder_writes_into_the_portfolio_above(project, monkeypatch):
    project.write(
        {
            "mkdocs.yml": "site_name: Test\ndocs_dir: notes\n",
            "skills.yml": "levels: [low, high]\nskills:\n  - id: cooking\n    name: Cooking\n",
        }
    )
    deep = project.root / "notes" / "posts" / "drafts"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)

    result = new(project, "win", "From below", "--date", "2024-01-05", "--skill", "cooking:high")

    assert result.exit_code == 0, result.output
    written = project.root / "notes/wins/2024-01-05-from-below.md"
    assert result.stdout == f"{written}\n"
    assert written.is_file()
    assert not (deep / "content").exists() and not (deep / "notes").exists()


def test_new_outside_any_portfolio_refuses_with_a_hint_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["new", "post", "Lost", "--date", "2024-01-05"])

    assert result.exit_code == 2
    assert result.stderr == (
        "error: no portfolio here: no mkdocs.yml in this folder or any folder above it; "
        "run the command inside your portfolio, or create one with `portfolio init`\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_dir_outside_the_portfolio_is_refused(project, tmp_path):
    result = new(project, "post", "Escape", "--dir", "../elsewhere")

    assert result.exit_code == 2
    assert "--dir: ../elsewhere is not inside the portfolio" in result.stderr
    assert not (tmp_path.parent / "elsewhere").exists()


def test_new_inside_the_tools_own_stage_writes_into_the_portfolio_not_the_stage(project, monkeypatch):
    stage = project.root / ".portfolio/stage"
    (stage / "docs").mkdir(parents=True)
    (stage / "mkdocs.yml").write_text(f"site_name: Stage\ndocs_dir: {stage / 'docs'}\n")
    monkeypatch.chdir(stage / "docs")

    result = new(project, "post", "Not lost", "--date", "2024-01-05")

    assert result.exit_code == 0, result.output
    assert (project.root / "content/posts/2024-01-05-not-lost.md").is_file()
    assert not list((stage / "docs").rglob("*.md"))

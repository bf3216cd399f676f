"""`portfolio check`: every validation rule of one file, skills.yml and career.yml.

Each test builds a small portfolio in tmp_path and asserts what a person sees:
the exit code, the exact ``path:line: severity:`` prefix of each finding, the
key words of its message and the summary line.
"""

from __future__ import annotations

import json
import time

import pytest

HEAD = "---\ntitle: An entry\ndate: 2024-01-05\n"  # lines 1-3; the next key is on line 4

#: 9 levels of 10-fold alias expansion: 10**9 values if anything expanded it.
ALIAS_BOMB = (
    "---\ntitle: Bomb\ndate: 2024-01-05\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))
    + "---\n"
)


def words(n: int) -> str:
    return " ".join(["word"] * n) + "\n"


# --- one rule, one file ---------------------------------------------------------
#
# (id, kind folder, file content, line, key words of the message). Each input
# gives exactly one finding, an error, and no entry.

BAD_ENTRIES = [
    ("malformed-yaml", "posts", HEAD + "tags: [a, b\n---\nbody\n", 4, ["invalid YAML"]),
    ("not-a-mapping", "posts", "---\n- title\n- date\n---\nbody\n", 2, ["must be a mapping", "got a list"]),
    ("missing-title", "posts", "---\ndate: 2024-01-05\n---\nbody\n", 1, ["missing required key 'title'"]),
    ("missing-date", "posts", "---\ntitle: No date\n---\nbody\n", 1, ["missing required key 'date'", "YYYY-MM-DD"]),
    ("date-format", "posts", "---\ntitle: T\ndate: 2024-1-5\n---\n", 3, ["'2024-1-5'", "expected a date as YYYY-MM-DD"]),
    ("date-not-a-day", "posts", "---\ntitle: T\ndate: 2024-02-30\n---\n", 3, ["'2024-02-30' is not a real day"]),
    ("unknown-kind", "posts", "---\nkind: postt\ntitle: T\ndate: 2024-01-05\n---\n", 2, ["unknown kind 'postt'", "did you mean 'post'?"]),
    ("unknown-status", "decisions", HEAD + "status: acepted\n---\n", 4, ["unknown status 'acepted'", "did you mean 'accepted'?"]),
    (
        "python-tag",
        "posts",
        HEAD + "x: !!python/object/apply:os.system ['touch pwned']\n---\n",
        4,
        ["unsupported YAML tag", "python/object/apply:os.system"],
    ),
    ("latin-1", "posts", b"---\ntitle: T\ndate: 2024-01-05\n---\nCaf\xe9 au lait\n", 5, ["not UTF-8", "0xe9"]),
    ("empty-file", "posts", "", 1, ["the file is empty"]),
    ("slug-slash", "posts", HEAD + "slug: a/b\n---\n", 4, ["slug 'a/b' is not allowed"]),
    ("slug-dotdot", "posts", HEAD + "slug: ../escape\n---\n", 4, ["slug '../escape' is not allowed"]),
    ("slug-upper-space", "posts", HEAD + "slug: My Entry\n---\n", 4, ["slug 'My Entry' is not allowed", "'my-entry'"]),
    ("duplicate-key", "posts", HEAD + "title: Again\n---\n", 4, ["duplicate key 'title'", "first given on line 2"]),
    ("no-front-matter", "debugging", "# Just a heading\n\nSome text.\n", 1, ["no front matter"]),
    ("not-closed", "wins", "---\ntitle: T\ndate: 2024-01-05\n\nbody\n", 1, ["front matter is not closed"]),
    ("alias-bomb", "posts", ALIAS_BOMB, 2, ["more than 100000 values", "aliases"]),
    ("self-alias", "posts", HEAD + "loop: &loop [*loop]\n---\n", 4, ["nesting deeper than 50 levels"]),
    ("nul-character", "posts", "---\ntitle: a\x00b\ndate: 2024-01-05\n---\n", 2, ["NUL character"]),
    ("non-word-key", "posts", "---\n1: one\ntitle: T\ndate: 2024-01-05\n---\n", 2, ["keys must be words"]),
    ("empty-title", "posts", "---\ntitle: ''\ndate: 2024-01-05\n---\n", 2, ["'title' should be text", "empty text"]),
    ("tags-not-list", "posts", HEAD + "tags: {a: b}\n---\n", 4, ["'tags' should be a list"]),
]


@pytest.mark.parametrize(("name", "folder", "text", "line", "keywords"), BAD_ENTRIES, ids=[case[0] for case in BAD_ENTRIES])
def test_each_bad_entry_gives_one_error_at_its_line(project, name, folder, text, line, keywords):
    out = project.check_files({f"content/{folder}/x.md": text})

    message = out.only(f"content/{folder}/x.md:{line}: error: ")
    for word in keywords:
        assert word in message
    assert out.summary == "0 entries: 0 public, 0 drafts, 0 private; 1 errors, 0 warnings"
    assert out.exit_code == 1


def test_folder_of_bad_inputs_gives_exactly_one_finding_per_file(project):
    files = {f"content/{folder}/{name}.md": text for name, folder, text, _, _ in BAD_ENTRIES}

    out = project.check_files(files)

    for name, folder, _, line, _ in BAD_ENTRIES:
        found = out.for_path(f"content/{folder}/{name}.md")
        assert len(found) == 1, found
        assert found[0].startswith(f"content/{folder}/{name}.md:{line}: error: ")
    assert len(out.findings) == len(BAD_ENTRIES)
    assert out.summary == f"0 entries: 0 public, 0 drafts, 0 private; {len(BAD_ENTRIES)} errors, 0 warnings"
    assert out.exit_code == 1


def test_findings_are_printed_in_path_then_line_order(project):
    out = project.check_files(
        {
            "content/posts/b.md": HEAD + "tgas: x\nslug: A B\n---\n",
            "content/posts/a.md": "---\ntitle: T\n---\n",
        }
    )
    assert [f.split(": ")[0] for f in out.findings] == ["content/posts/a.md:1", "content/posts/b.md:4", "content/posts/b.md:5"]


def test_empty_front_matter_reports_missing_title_and_date(project):
    out = project.check_files({"content/posts/x.md": "---\n---\nbody\n"})

    assert sorted(out.findings) == [
        "content/posts/x.md:1: error: missing required key 'date' (YYYY-MM-DD); every entry needs a title and a date",
        "content/posts/x.md:1: error: missing required key 'title'; every entry needs a title and a date",
    ]
    assert out.summary == "0 entries: 0 public, 0 drafts, 0 private; 2 errors, 0 warnings"
    assert out.exit_code == 1


def test_python_tag_is_not_executed(project):
    out = project.check_files({"content/posts/x.md": HEAD + "x: !!python/object/apply:os.system ['touch pwned']\n---\n"})

    assert out.exit_code == 1
    assert not (project.root / "pwned").exists()
    assert "Traceback" not in out.result.output


def test_not_utf8_has_code_encoding(project):
    project.write({"content/posts/x.md": b"---\ntitle: Caf\xe9\ndate: 2024-01-05\n---\n"})

    result = project.invoke("check", "--format", "json")

    assert json.loads(result.stdout) == [
        {
            "path": "content/posts/x.md",
            "line": 2,
            "severity": "error",
            "code": "encoding",
            "message": "not UTF-8 text (byte 0xe9 at offset 14); save the file as UTF-8",
        }
    ]
    assert result.exit_code == 1


def test_alias_bomb_is_reported_quickly(project):
    start = time.perf_counter()
    out = project.check_files({"content/posts/x.md": ALIAS_BOMB})
    elapsed = time.perf_counter() - start

    assert out.only("content/posts/x.md:2: error: ").startswith("more than 100000 values")
    assert elapsed < 5


def test_empty_file_outside_kind_folders_is_a_page(project):
    out = project.check_files({"content/empty.md": ""})

    assert out.findings == []
    assert out.summary == "0 entries: 0 public, 0 drafts, 0 private; 0 errors, 0 warnings"
    assert out.exit_code == 0


@pytest.mark.parametrize("value", ["[post]", "{a: b}"])
def test_kind_that_is_not_text_is_an_error_not_a_crash(project, value):
    out = project.check_files({"content/posts/x.md": HEAD + f"kind: {value}\n---\n"})

    assert out.only("content/posts/x.md:4: error: ").startswith("unknown kind")
    assert out.exit_code == 1


def test_blank_kind_defaults_to_the_folder(project):
    out = project.check_files({"content/decisions/x.md": "---\nkind:\ntitle: No date here\n---\n"})

    assert out.only("content/decisions/x.md:1: error: ").startswith("missing required key 'date'")
    assert out.exit_code == 1


def test_blank_title_is_an_error(project):
    out = project.check_files({"content/posts/x.md": "---\ntitle: '   '\ndate: 2024-01-05\n---\n"})

    assert out.only("content/posts/x.md:2: error: ")
    assert out.exit_code == 1


# --- warnings ------------------------------------------------------------------------


def test_unknown_key_is_a_warning_with_did_you_mean_and_exit_0(project):
    out = project.check_files({"content/posts/x.md": HEAD + "tgas: [python]\n---\n"})

    assert out.only("content/posts/x.md:4: warning: ") == "unknown key 'tgas' is ignored (did you mean 'tags'?)"
    assert out.summary == "1 entries: 1 public, 0 drafts, 0 private; 0 errors, 1 warnings"
    assert out.exit_code == 0


@pytest.mark.parametrize(
    ("folder", "extra", "key", "owner", "kind"),
    [
        ("posts", "root_cause: config\n", "root_cause", "debug", "post"),
        ("wins", "impact: 2x faster\nstatus: accepted\n", "status", "decision", "win"),
        ("decisions", "impact: 2x faster\n", "impact", "win", "decision"),
        ("debugging", "supersedes: old\n", "supersedes", "decision", "debug"),
    ],
)
def test_key_of_another_kind_is_a_warning(project, folder, extra, key, owner, kind):
    out = project.check_files({f"content/{folder}/x.md": HEAD + extra + "---\n"})

    line = 4 + extra.count("\n") - 1
    assert out.only(f"content/{folder}/x.md:{line}: warning: ") == f"'{key}' belongs to {owner} entries, not {kind} entries; it is ignored"
    assert out.exit_code == 0


def test_accepted_decision_without_assumptions_warns_at_status(project):
    out = project.check_files({"content/decisions/x.md": HEAD + "deciders: [me]\nstatus: accepted\n---\n"})

    message = out.only("content/decisions/x.md:5: warning: ")
    assert "accepted decision with no 'assumptions'" in message
    assert out.exit_code == 0


def test_accepted_decision_with_assumptions_is_clean(project):
    out = project.check_files({"content/decisions/x.md": HEAD + "status: accepted\nassumptions: [traffic stays under 1k rps]\n---\n"})

    assert out.findings == []
    assert out.summary == "1 entries: 1 public, 0 drafts, 0 private; 0 errors, 0 warnings"


def test_resolved_debug_without_root_cause_warns_at_resolved(project):
    out = project.check_files({"content/debugging/x.md": HEAD + "severity: high\nresolved: 2024-01-06\n---\n"})

    message = out.only("content/debugging/x.md:5: warning: ")
    assert "resolved journal with no 'root_cause'" in message
    assert out.exit_code == 0


def test_resolved_debug_with_root_cause_is_clean(project):
    out = project.check_files({"content/debugging/x.md": HEAD + "resolved: 2024-01-06\nroot_cause: race-condition\n---\n"})

    assert out.findings == []


def test_win_without_impact_warns(project):
    out = project.check_files({"content/wins/x.md": HEAD + "---\nI did a thing.\n"})

    assert "a win with no 'impact'" in out.only("content/wins/x.md:1: warning: ")
    assert out.summary == "1 entries: 1 public, 0 drafts, 0 private; 0 errors, 1 warnings"
    assert out.exit_code == 0


def test_win_with_impact_is_clean(project):
    out = project.check_files({"content/wins/x.md": HEAD + "impact: cut p95 from 900 ms to 120 ms\n---\n"})

    assert out.findings == []


def test_outcome_note_without_outcome_warns(project):
    out = project.check_files({"content/decisions/x.md": HEAD + "outcome_note: it went fine\n---\n"})

    assert "'outcome_note' without 'outcome'" in out.only("content/decisions/x.md:4: warning: ")


@pytest.mark.parametrize(("count", "warned"), [(100, False), (150, False), (151, True)])
def test_postmortem_word_limit(project, count, warned):
    # The body starts on line 5; the heading and the comment are not counted.
    body = "# Heading words here\n<!-- a comment with words -->\n" + words(count)
    out = project.check_files({"content/postmortems/x.md": HEAD + "---\n" + body})

    if warned:
        message = out.only("content/postmortems/x.md:5: warning: ")
        assert f"has {count} words" in message and "at most 150" in message
    else:
        assert out.findings == []
    assert out.exit_code == 0


# --- reading files -------------------------------------------------------------------


def test_bom_and_crlf_are_accepted_and_lines_stay_right(project):
    out = project.check_files(
        {
            "content/posts/clean.md": "\ufeff---\r\ntitle: Clean\r\ndate: 2024-01-05\r\n---\r\nbody\r\n",
            "content/posts/warn.md": "\ufeff---\r\ntitle: T\r\ndate: 2024-01-05\r\ntgas: x\r\n---\r\nbody\r\n",
            "content/posts/dup.md": "---\r\ntitle: T\r\ndate: 2024-01-05\r\ndate: 2024-01-06\r\n---\r\n",
            "content/postmortems/long.md": "\ufeff---\r\ntitle: T\r\ndate: 2024-01-05\r\n---\r\n" + words(151).replace("\n", "\r\n"),
        }
    )

    assert out.findings == [
        "content/postmortems/long.md:5: warning: this post-mortem has 151 words; keep it to about 100 (at most 150)",
        "content/posts/dup.md:4: error: duplicate key 'date' (first given on line 3); keep one",
        "content/posts/warn.md:4: warning: unknown key 'tgas' is ignored (did you mean 'tags'?)",
    ]
    assert out.summary == "3 entries: 3 public, 0 drafts, 0 private; 1 errors, 2 warnings"


def test_leading_zero_number_is_not_octal(project):
    from portfolio.model.entries import load_content

    out = project.check_files({"content/posts/x.md": "---\ntitle: 0032\ndate: 2024-01-05\n---\n"})
    entries, _, _ = load_content(project.root / "content")

    assert out.findings == []
    assert [e.title for e in entries] == ["0032"]


def test_skill_claims_as_list_and_as_mapping_are_accepted(project):
    out = project.check_files(
        {
            "content/posts/a.md": HEAD + "skills: [debugging]\n---\n",
            "content/posts/b.md": HEAD + "skills:\n  - debugging\n  - code-review: expert\n---\n",
            "content/posts/c.md": HEAD + "skills: {debugging: intermediate}\n---\n",
            "content/posts/d.md": HEAD + "skills: debugging\n---\n",
        }
    )

    assert out.findings == []
    assert out.summary == "4 entries: 4 public, 0 drafts, 0 private; 0 errors, 0 warnings"
    assert out.exit_code == 0


def test_kind_in_front_matter_overrides_the_folder(project):
    out = project.check_files(
        {
            # A win in posts/: checked as a win (impact is known, status is not).
            "content/posts/x.md": HEAD + "kind: win\nimpact: 3 teams unblocked\nstatus: accepted\n---\n",
            # A decision outside the kind folders.
            "content/notes/y.md": HEAD + "kind: decision\nstatus: bogus\n---\n",
        }
    )

    assert out.findings == [
        "content/notes/y.md:5: error: unknown status 'bogus'; expected one of proposed, accepted, rejected, deprecated, superseded",
        "content/posts/x.md:6: warning: 'status' belongs to decision entries, not win entries; it is ignored",
    ]
    assert out.summary == "1 entries: 1 public, 0 drafts, 0 private; 1 errors, 1 warnings"


def test_markdown_outside_kind_folders_is_a_page_not_an_entry(project):
    out = project.check_files(
        {
            "content/index.md": "# Home\n\nWelcome.\n",
            "content/about/me.md": "---\ntitle: About me\n---\nHi.\n",
            "content/posts/x.md": HEAD + "---\n",
        }
    )

    assert out.findings == []
    assert out.summary == "1 entries: 1 public, 0 drafts, 0 private; 0 errors, 0 warnings"
    assert out.exit_code == 0


def test_page_draft_flag_must_be_a_boolean(project):
    out = project.check_files({"content/about.md": "---\ntitle: About\ndraft: maybe\n---\n"})

    assert out.only("content/about.md:3: error: ") == "'draft' should be true or false, got 'maybe'"
    assert out.exit_code == 1


def test_hidden_folders_are_skipped(project):
    out = project.check_files(
        {
            "content/.git/broken.md": "---\n[\n",
            "content/posts/.drafts/broken.md": "garbage without front matter",
            "content/posts/.hidden.md": "garbage",
            "content/posts/x.md": HEAD + "---\n",
        }
    )

    assert out.findings == []
    assert out.summary == "1 entries: 1 public, 0 drafts, 0 private; 0 errors, 0 warnings"
    assert out.exit_code == 0


def test_non_markdown_files_are_ignored(project):
    out = project.check_files({"content/posts/notes.txt": "not markdown", "content/posts/img.png": b"\x89PNG\xff\xfe"})

    assert out.lines == ["0 entries: 0 public, 0 drafts, 0 private; 0 errors, 0 warnings"]
    assert out.exit_code == 0


# --- skills.yml ----------------------------------------------------------------------

SKILLS_OK = "levels: [low, high]\nskills:\n  - id: s1\n    name: Skill one\n"


def test_skills_yml_replaces_the_preset(project):
    out = project.check_files({"skills.yml": SKILLS_OK, "content/posts/x.md": HEAD + "skills: {s1: high}\n---\n"})

    assert out.findings == []
    assert out.exit_code == 0


def test_skills_yml_missing_levels(project):
    out = project.check_files({"skills.yml": "skills:\n  - id: s1\n    name: S1\n"})

    assert out.only("skills.yml:1: error: ") == "missing required key 'levels'"
    assert out.exit_code == 1


def test_skills_yml_duplicate_skill_id(project):
    out = project.check_files({"skills.yml": SKILLS_OK + "  - id: s2\n    name: S2\n  - id: s1\n    name: Again\n"})

    assert len(out.findings) == 1
    assert out.findings[0].startswith("skills.yml:")
    assert out.findings[0].endswith(": error: skill id 's1' is defined twice; ids must be unique")
    assert out.exit_code == 1


def test_skills_yml_duplicate_skill_id_points_at_the_second(project):
    out = project.check_files({"skills.yml": SKILLS_OK + "  - id: s2\n    name: S2\n  - id: s1\n    name: Again\n"})

    out.only("skills.yml:7: error: ")


def test_skills_yml_skill_describing_unknown_level(project):
    out = project.check_files({"skills.yml": SKILLS_OK + "    levels:\n      low: Starts\n      hihg: Leads\n"})

    # Reported at the skill's 'levels:' key.
    assert out.only("skills.yml:5: error: ") == "skill 's1' describes unknown level 'hihg'; levels are high, low"
    assert out.exit_code == 1


def test_skills_yml_unknown_key(project):
    out = project.check_files({"skills.yml": "levels: [low]\nskils: []\nskills:\n  - id: s1\n    name: S1\n"})

    assert out.only("skills.yml:2: error: ") == "unknown key 'skils'"
    assert out.exit_code == 1


def test_skills_yml_malformed(project):
    out = project.check_files({"skills.yml": "levels: [low\nskills: []\n"})

    assert out.only("skills.yml:2: error: ").startswith("invalid YAML")
    assert out.exit_code == 1


def test_skills_yml_not_utf8(project):
    out = project.check_files({"skills.yml": b"levels: [low]\nskills:\n  - id: s1\n    name: Caf\xe9\n"})

    assert out.only("skills.yml:1: error: ").startswith("not UTF-8")
    assert out.exit_code == 1


# --- career.yml ----------------------------------------------------------------------

ROLE = "  - id: {id}\n    title: Engineer\n    start: {start}\n"


def test_career_yml_malformed(project):
    out = project.check_files({"career.yml": "roles:\n  - id: a\n    title: [unclosed\n"})

    assert out.only("career.yml:3: error: ").startswith("invalid YAML")
    assert out.exit_code == 1


def test_career_yml_unknown_keys(project):
    out = project.check_files({"career.yml": "roles:\n" + ROLE.format(id="a", start="2020-01-01") + "    tiltle: typo\nmilestone: []\n"})

    assert out.findings == [
        "career.yml:5: error: unknown key 'roles.0.tiltle'",
        "career.yml:6: error: unknown key 'milestone'",
    ]
    assert out.exit_code == 1


def test_career_yml_role_ending_before_it_starts(project):
    out = project.check_files({"career.yml": "roles:\n" + ROLE.format(id="a", start="2020-01-01") + "    end: 2019-06-30\n"})

    assert out.only("career.yml:2: error: ") == "'roles.0': role 'a' ends (2019-06-30) before it starts (2020-01-01)"
    assert out.exit_code == 1


def test_career_yml_duplicate_role_id(project):
    out = project.check_files(
        {"career.yml": "roles:\n" + ROLE.format(id="a", start="2020-01-01") + ROLE.format(id="a", start="2021-01-01")}
    )

    assert out.only("career.yml:5: error: ") == "role id 'a' is used twice; role ids must be unique"
    assert out.exit_code == 1


def test_career_yml_not_a_mapping(project):
    out = project.check_files({"career.yml": "- a\n- b\n"})

    assert out.only("career.yml:1: error: ").startswith("expected a mapping")


def test_career_yml_empty_is_fine(project):
    out = project.check_files({"career.yml": "# nothing yet\n", "content/posts/x.md": HEAD + "---\n"})

    assert out.lines == ["1 entries: 1 public, 0 drafts, 0 private; 0 errors, 0 warnings"]
    assert out.exit_code == 0

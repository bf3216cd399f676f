"""`portfolio check`: rules across files (skills, levels, roles, supersedes, slugs, milestones, assessments)."""

from __future__ import annotations

import pytest


def decision(slug: str, extra: str = "") -> str:
    """A decision whose 'slug:' is on line 4; ``extra`` keys start on line 5."""
    return f"---\ntitle: Decision {slug}\ndate: 2024-01-05\nslug: {slug}\n{extra}---\nBody.\n"


def post(slug: str, extra: str = "") -> str:
    return f"---\ntitle: Post {slug}\ndate: 2024-01-05\nslug: {slug}\n{extra}---\nBody.\n"


CAREER = "roles:\n  - id: staff-engineer\n    title: Staff Engineer\n    start: 2020-01-01\n"

# --- skills and levels claimed by entries -------------------------------------------


def test_unknown_skill_is_an_error_with_did_you_mean(project):
    out = project.check_files({"content/posts/x.md": post("x", "skills:\n  debuging: expert\n")})

    message = out.only("content/posts/x.md:6: error: ")
    assert message.startswith("unknown skill 'debuging'")
    assert message.endswith("(did you mean 'debugging'?)")
    assert out.summary == "1 entries: 1 public, 0 drafts, 0 private; 1 errors, 0 warnings"
    assert out.exit_code == 1


def test_unknown_skill_in_a_list_claim(project):
    out = project.check_files({"content/posts/x.md": post("x", "skills: [code-reveiw]\n")})

    assert "did you mean 'code-review'?" in out.only("content/posts/x.md:5: error: unknown skill 'code-reveiw'")
    assert out.exit_code == 1


def test_unknown_level_is_an_error(project):
    out = project.check_files({"content/posts/x.md": post("x", "skills:\n  code-review: beginner\n  debugging: exprt\n")})

    message = out.only("content/posts/x.md:7: error: ")
    assert message.startswith("unknown level 'exprt' for skill 'debugging'; expected one of beginner, intermediate, expert")
    assert "did you mean 'expert'?" in message
    assert out.exit_code == 1


def test_skills_are_checked_against_skills_yml_when_present(project):
    out = project.check_files(
        {
            "skills.yml": "levels: [low, high]\nskills:\n  - id: cooking\n    name: Cooking\n",
            "content/posts/x.md": post("x", "skills: {debugging: high}\n"),
        }
    )

    assert out.only("content/posts/x.md:5: error: ").startswith("unknown skill 'debugging'; expected one of cooking")


# --- roles ------------------------------------------------------------------------------


def test_unknown_role_is_an_error_with_did_you_mean(project):
    out = project.check_files({"career.yml": CAREER, "content/posts/x.md": post("x", "role: staf-engineer\n")})

    assert out.only("content/posts/x.md:5: error: ") == (
        "unknown role 'staf-engineer'; career.yml defines staff-engineer (did you mean 'staff-engineer'?)"
    )
    assert out.exit_code == 1


def test_known_role_is_fine(project):
    out = project.check_files({"career.yml": CAREER, "content/posts/x.md": post("x", "role: staff-engineer\n")})

    assert out.lines == ["1 entries: 1 public, 0 drafts, 0 private; 0 errors, 0 warnings"]
    assert out.exit_code == 0


def test_role_without_career_yml_is_an_error(project):
    out = project.check_files({"content/posts/x.md": post("x", "role: staff-engineer\n")})

    assert "career.yml defines no roles" in out.only("content/posts/x.md:5: error: unknown role 'staff-engineer'")


# --- supersedes ---------------------------------------------------------------------------


def test_supersedes_a_missing_slug(project):
    out = project.check_files(
        {
            "content/decisions/a.md": decision("use-postgres", "supersedes: use-postgress-old\n"),
            "content/decisions/b.md": decision("use-postgres-old", "status: superseded\n"),
        }
    )

    message = out.only("content/decisions/a.md:5: error: ")
    assert message.startswith("'supersedes' names 'use-postgress-old', which is no entry's slug")
    assert "did you mean 'use-postgres-old'?" in message
    assert out.exit_code == 1


def test_supersedes_itself(project):
    out = project.check_files({"content/decisions/a.md": decision("a", "supersedes: a\n")})

    assert out.only("content/decisions/a.md:5: error: ") == "'supersedes' names this decision itself"
    assert out.exit_code == 1


def test_supersedes_a_non_decision(project):
    out = project.check_files(
        {
            "content/decisions/a.md": decision("a", "supersedes: [p]\n"),
            "content/posts/p.md": post("p"),
        }
    )

    assert out.only("content/decisions/a.md:5: error: ") == "'supersedes' names 'p', a post entry; expected a decision"
    assert out.exit_code == 1


def test_non_reciprocal_supersedes_is_a_warning(project):
    out = project.check_files(
        {
            "content/decisions/new.md": decision("new", "supersedes: old\n"),
            "content/decisions/old.md": decision("old", "status: superseded\n"),
        }
    )

    assert out.only("content/decisions/new.md:5: warning: ") == (
        "'supersedes: old' is not returned: add 'superseded_by: new' to content/decisions/old.md"
    )
    assert out.exit_code == 0


def test_superseded_by_while_accepted_is_a_warning(project):
    out = project.check_files(
        {
            "content/decisions/new.md": decision("new", "supersedes: old\n"),
            "content/decisions/old.md": decision("old", "superseded_by: new\nassumptions: [x]\nstatus: accepted\n"),
        }
    )

    assert out.only("content/decisions/old.md:7: warning: ") == (
        "this decision is superseded by 'new' but its status is 'accepted'; set status: superseded"
    )
    assert out.exit_code == 0


def test_reciprocal_supersedes_is_clean(project):
    out = project.check_files(
        {
            "content/decisions/new.md": decision("new", "supersedes: old\nstatus: accepted\nassumptions: [x]\n"),
            "content/decisions/old.md": decision("old", "superseded_by: [new]\nstatus: superseded\n"),
        }
    )

    assert out.lines == ["2 entries: 2 public, 0 drafts, 0 private; 0 errors, 0 warnings"]
    assert out.exit_code == 0


# --- slugs --------------------------------------------------------------------------------


def test_duplicate_slug_is_an_error_on_the_second_file(project):
    out = project.check_files(
        {
            "content/posts/2024-01-01-same.md": post("same"),
            "content/wins/2024-02-01-other.md": post("same", "impact: big\n"),
        }
    )

    assert out.only("content/wins/2024-02-01-other.md:4: error: ") == (
        "slug 'same' is already used by content/posts/2024-01-01-same.md; give this entry its own 'slug:'"
    )
    assert out.summary == "2 entries: 2 public, 0 drafts, 0 private; 1 errors, 0 warnings"
    assert out.exit_code == 1


def test_slug_from_file_name_drops_the_date(project):
    head = "---\ntitle: T\ndate: 2024-01-05\n---\n"
    out = project.check_files(
        {
            "content/posts/2024-01-05-same-thing.md": head,
            "content/posts/2024-03-01-same-thing.md": head,
        }
    )

    assert out.only("content/posts/2024-03-01-same-thing.md:1: error: ").startswith("slug 'same-thing' is already used")


# --- career.yml links ----------------------------------------------------------------


def test_milestone_linking_an_unknown_slug(project):
    career = (
        CAREER
        + "milestones:\n"
        + "  - date: 2020-06-01\n    title: Shipped it\n    link: use-postgress\n"
        + "  - date: 2020-07-01\n    title: Talk\n    link: https://example.com/talk\n"
        + "  - date: 2020-08-01\n    title: Known\n    link: use-postgres\n"
    )
    out = project.check_files({"career.yml": career, "content/decisions/a.md": decision("use-postgres")})

    message = out.only("career.yml:6: error: ")
    assert message.startswith("milestone 'Shipped it' links to 'use-postgress', which is no entry's slug nor a URL")
    assert "did you mean 'use-postgres'?" in message
    assert out.exit_code == 1


def test_milestone_naming_an_unknown_role(project):
    career = CAREER + "milestones:\n  - date: 2020-06-01\n    title: Promoted\n    role: staf-engineer\n"
    out = project.check_files({"career.yml": career})

    assert out.only("career.yml:6: error: ") == "milestone 'Promoted' names unknown role 'staf-engineer' (did you mean 'staff-engineer'?)"


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ("debuging: expert", "assessment of 2021-01-01 rates unknown skill 'debuging' (did you mean 'debugging'?)"),
        (
            "debugging: guru",
            "assessment of 2021-01-01 rates 'debugging' at unknown level 'guru'; expected one of beginner, intermediate, expert",
        ),
    ],
    ids=["unknown-skill", "unknown-level"],
)
def test_assessment_with_unknown_skill_or_level(project, ratings, expected):
    career = CAREER + f"assessments:\n  - date: 2021-01-01\n    ratings:\n      {ratings}\n"
    out = project.check_files({"career.yml": career})

    assert out.only("career.yml:6: error: ") == expected
    assert out.exit_code == 1


def test_valid_career_is_clean(project):
    career = (
        CAREER
        + "milestones:\n  - date: 2020-06-01\n    title: Shipped\n    link: a\n    role: staff-engineer\n"
        + "assessments:\n  - date: 2021-01-01\n    ratings:\n      debugging: expert\n    note: fine\n"
    )
    out = project.check_files({"career.yml": career, "content/decisions/a.md": decision("a")})

    assert out.lines == ["1 entries: 1 public, 0 drafts, 0 private; 0 errors, 0 warnings"]
    assert out.exit_code == 0

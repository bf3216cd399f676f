"""`portfolio review`: every finding type lands on exactly the expected entries, text and JSON, thresholds from config."""

from __future__ import annotations

import datetime as dt
import json
import re

import click
import jsonschema
import pytest
from pydantic import ValidationError
from sitekit import copy_example, entry, tree_digest

from portfolio.model.project import load_portfolio, locate
from portfolio.model.thresholds import DEFAULTS, Settings
from portfolio.reflect.report import cadence_chart, render_json, schema
from portfolio.reflect.review import CODES, GROUPS, Month, build_review

AS_OF = "2025-06-30"

SKILLS = """\
levels: [beginner, intermediate, expert]
skills:
  - id: debugging
    name: Debugging
  - id: writing
    name: Writing
  - id: restraint
    name: Restraint
  - id: design
    name: Design
  - id: mentoring
    name: Mentoring
"""

CAREER = """\
roles:
  - id: eng
    title: Engineer
    start: 2021-01-01
assessments:
  - date: 2023-01-01
    ratings: {debugging: beginner}
  - date: 2025-05-01
    ratings: {debugging: expert, writing: expert, restraint: beginner, mentoring: intermediate}
  - date: 2025-12-01
    ratings: {design: expert}
"""

D = "content/decisions/"
J = "content/debugging/"


def review_files() -> dict[str, str]:
    """A portfolio where every finding type appears, each on known entries, as of 2025-06-30."""
    return {
        "mkdocs.yml": "site_name: Review test\ndocs_dir: content\n",
        "skills.yml": SKILLS,
        "career.yml": CAREER,
        # decisions
        D + "2025-03-01-d-overdue.md": entry(
            "Overdue decision", "2025-03-01", status="accepted", revisit="2025-06-01", assumptions=["A1 holds", "A2 holds"]
        ),
        D + "2024-06-01-d-old-no-outcome.md": entry("Old decision, no outcome", "2024-06-01", status="accepted", assumptions=["X holds"]),
        D + "2024-01-10-d-old-with-outcome.md": entry(
            "Old decision with outcome", "2024-01-10", status="accepted", revisit="2024-06-01", outcome="right", assumptions=["Y"]
        ),
        D + "2025-05-01-d-future-revisit.md": entry(
            "Revisit later", "2025-05-01", status="accepted", revisit="2025-09-01", assumptions=["Z"], skills={"restraint": "beginner"}
        ),
        D + "2025-02-01-d-private-overdue.md": entry(
            "Private overdue", "2025-02-01", status="proposed", revisit="2025-04-01", private=True
        ),
        D + "2024-02-01-d-rejected.md": entry("Rejected idea", "2024-02-01", status="rejected", revisit="2024-05-01"),
        D + "2022-01-01-c1.md": entry("Chain one", "2022-01-01", status="superseded", superseded_by="c2", assumptions=["c"]),
        D + "2023-01-01-c2.md": entry(
            "Chain two", "2023-01-01", status="superseded", supersedes="c1", superseded_by="c3", assumptions=["c"]
        ),
        D + "2024-03-01-c3.md": entry("Chain three", "2024-03-01", status="accepted", supersedes="c2", outcome="mixed", assumptions=["c"]),
        # debugging journals
        J + "2024-01-05-jr1.md": entry("Race one", "2024-01-05", root_cause="race-condition", skills={"debugging": "beginner"}),
        J + "2024-09-01-jr2.md": entry("Race two", "2024-09-01", root_cause="race-condition", skills={"debugging": "expert"}),
        J + "2024-10-31-jr3.md": entry(
            "Race three (private)", "2024-10-31", root_cause="race-condition", private=True, skills={"debugging": "expert"}
        ),
        J + "2025-02-01-jr4.md": entry("Config one", "2025-02-01", root_cause="config", skills={"debugging": "intermediate"}),
        J + "2023-06-01-jr5.md": entry("Config two", "2023-06-01", root_cause="config"),
        # posts, wins, drafts
        "content/posts/2023-03-01-writing-post.md": entry("Old writing", "2023-03-01", skills={"writing": "intermediate"}),
        "content/posts/2025-06-01-draft-new.md": entry("Fresh draft", "2025-06-01", draft=True, skills={"writing": "expert"}),
        "content/posts/2025-04-01-draft-old.md": entry("Old draft", "2025-04-01", draft=True, skills={"mentoring": "beginner"}),
        "content/posts/2025-08-01-after-as-of.md": entry("Written after the review day", "2025-08-01", skills={"design": "expert"}),
        "content/wins/2025-03-15-private-win.md": entry(
            "Private mentoring win", "2025-03-15", private=True, impact="2 people promoted", skills={"mentoring": "intermediate"}
        ),
    }


#: code -> [(subject, [entry slugs in order])], exactly, in report order.
EXPECTED = {
    "revisit-overdue": [("d-private-overdue", ["d-private-overdue"]), ("d-overdue", ["d-overdue"])],
    "outcome-missing": [("d-old-no-outcome", ["d-old-no-outcome"])],
    "recheck-assumptions": [("d-old-no-outcome", ["d-old-no-outcome"]), ("d-overdue", ["d-overdue"])],
    "supersede-chain": [("c1", ["c1", "c2", "c3"])],
    "stale-skill": [("writing", ["writing-post"])],
    "unsupported-claim": [("writing", ["writing-post"]), ("mentoring", [])],
    "avoidance-zone": [("design", []), ("mentoring", ["private-win", "draft-old"])],
    "recurring-root-cause": [("race-condition", ["jr1", "jr2", "jr3"])],
    "cadence-gap": [("2024-06-01..2024-09-01", ["d-old-no-outcome", "jr2"]), ("2024-10-31..2025-02-01", ["jr3", "d-private-overdue"])],
    "stale-draft": [("draft-old", ["draft-old"])],
}


@pytest.fixture
def fixture(project):
    project.write(review_files())
    return project


def review_json(project, *args: str) -> dict:
    result = project.invoke("review", "--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema())
    return data


def by_code(data: dict) -> dict[str, list[tuple[str, list[str]]]]:
    found: dict[str, list] = {code: [] for code in CODES}
    for finding in data["findings"]:
        found[finding["code"]].append((finding["subject"], [e["slug"] for e in finding["entries"]]))
    return found


# --- every finding type, exactly where it should be ------------------------------------------


def test_every_finding_type_lands_on_exactly_the_expected_entries(fixture):
    data = review_json(fixture)

    assert by_code(data) == EXPECTED
    assert data["summary"]["by_code"] == {code: len(items) for code, items in EXPECTED.items()}
    assert data["summary"]["findings"] == sum(len(items) for items in EXPECTED.values())


def test_findings_come_in_group_then_code_order(fixture):
    data = review_json(fixture)

    codes = [f["code"] for f in data["findings"]]
    order = list(CODES)
    assert codes == sorted(codes, key=order.index)
    assert all(f["group"] == CODES[f["code"]] for f in data["findings"])


def test_details_of_each_finding(fixture):
    data = review_json(fixture)
    details = {(f["code"], f["subject"]): f["details"] for f in data["findings"]}

    assert details["revisit-overdue", "d-overdue"] == {"revisit": "2025-06-01", "days_overdue": 29}
    assert details["outcome-missing", "d-old-no-outcome"] == {"age_days": 394}
    assert details["recheck-assumptions", "d-overdue"] == {"assumptions": ["A1 holds", "A2 holds"]}
    assert details["supersede-chain", "c1"] == {"length": 3, "slugs": ["c1", "c2", "c3"], "current": "c3"}
    assert details["stale-skill", "writing"] == {"skill": "writing", "latest": "2023-03-01", "age_days": 852}
    assert details["unsupported-claim", "writing"] == {
        "skill": "writing",
        "claimed": "expert",
        "evidenced": "intermediate",
        "assessed": "2025-05-01",
    }
    assert details["unsupported-claim", "mentoring"] == {
        "skill": "mentoring",
        "claimed": "intermediate",
        "evidenced": None,
        "assessed": "2025-05-01",
    }
    assert details["avoidance-zone", "mentoring"] == {"skill": "mentoring", "unpublished": 2}
    assert details["recurring-root-cause", "race-condition"] == {"root_cause": "race-condition", "count": 3}
    assert details["cadence-gap", "2024-06-01..2024-09-01"] == {"start": "2024-06-01", "end": "2024-09-01", "days": 92, "ongoing": False}
    assert details["stale-draft", "draft-old"] == {"age_days": 90}


def test_entries_carry_path_slug_title_date_and_flags(fixture):
    data = review_json(fixture)
    private = next(f for f in data["findings"] if f["code"] == "revisit-overdue")["entries"][0]

    assert private == {
        "path": "content/decisions/2025-02-01-d-private-overdue.md",
        "slug": "d-private-overdue",
        "title": "Private overdue",
        "date": "2025-02-01",
        "kind": "decision",
        "draft": False,
        "private": True,
    }


def test_public_evidence_findings_ignore_drafts_and_private_entries(fixture):
    # The fresh draft claims writing: expert and the private journal debugging: expert;
    # neither makes the skill fresh nor supports a claim.
    data = by_code(review_json(fixture))

    assert ("writing", ["writing-post"]) in data["stale-skill"]
    assert ("writing", ["writing-post"]) in data["unsupported-claim"]
    assert not any(subject == "debugging" for subject, _ in data["unsupported-claim"] + data["stale-skill"])


def test_as_of_leaves_out_later_entries_and_assessments(fixture):
    # The post of 2025-08-01 evidences design, and the assessment of 2025-12-01 rates it expert.
    later = by_code(review_json(fixture))
    assert ("design", []) in later["avoidance-zone"]
    assert not any(subject == "design" for subject, _ in later["unsupported-claim"])

    after = fixture.invoke("review", "--as-of", "2025-12-31", "--format", "json")
    data = by_code(json.loads(after.stdout))
    assert not any(subject == "design" for subject, _ in data["avoidance-zone"])
    assert not any(subject == "design" for subject, _ in data["unsupported-claim"])  # expert claimed, expert shown


def test_ongoing_gap_runs_to_the_review_day(fixture):
    data = json.loads(fixture.invoke("review", "--as-of", "2025-12-31", "--format", "json").stdout)
    gaps = [f for f in data["findings"] if f["code"] == "cadence-gap"]

    assert gaps[-1]["subject"] == "2025-08-01.."
    assert gaps[-1]["details"] == {"start": "2025-08-01", "end": "2025-12-31", "days": 152, "ongoing": True}
    assert [e["slug"] for e in gaps[-1]["entries"]] == ["after-as-of"]


def test_cadence_months_count_every_entry_in_the_window(fixture):
    data = review_json(fixture)

    assert data["cadence"]["from"] == "2024-07" and data["cadence"]["to"] == "2025-06"
    counts = {m["month"]: m["entries"] for m in data["cadence"]["months"]}
    assert len(counts) == 12
    assert {k: v for k, v in counts.items() if v} == {
        "2024-09": 1,
        "2024-10": 1,
        "2025-02": 2,
        "2025-03": 2,
        "2025-04": 1,
        "2025-05": 1,
        "2025-06": 1,
    }


def test_since_narrows_the_entries_under_review(fixture):
    data = review_json(fixture, "--since", "2025-01-01")
    found = by_code(data)

    assert data["since"] == "2025-01-01"
    assert found["revisit-overdue"] == EXPECTED["revisit-overdue"]
    assert found["outcome-missing"] == []
    assert found["recheck-assumptions"] == [("d-overdue", ["d-overdue"])]
    assert found["supersede-chain"] == []
    assert found["recurring-root-cause"] == []
    assert found["cadence-gap"] == []
    # skill state still counts all public evidence; avoidance is about the period
    assert found["stale-skill"] == EXPECTED["stale-skill"]
    assert found["unsupported-claim"] == EXPECTED["unsupported-claim"]
    assert found["avoidance-zone"] == [("writing", ["draft-new"]), ("design", []), ("mentoring", ["private-win", "draft-old"])]
    assert data["cadence"]["from"] == "2025-01"
    assert data["summary"]["entries"] == 7


def test_since_after_as_of_is_a_usage_error(fixture):
    result = fixture.invoke("review", "--as-of", AS_OF, "--since", "2025-07-01")

    assert result.exit_code == 2
    assert "--since" in result.stderr


def test_the_example_portfolio_reviews_cleanly_and_validates(tmp_path, monkeypatch):
    copy_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    from sitekit import run

    result = run(["review", "--as-of", "2026-11-21", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema())
    assert [e["slug"] for f in data["findings"] if f["code"] == "recurring-root-cause" for e in f["entries"]] == [
        "duplicate-shipment-emails",
        "double-charged-retries",
        "double-booked-slots",
    ]


# --- text -------------------------------------------------------------------------------


def sections(text: str) -> dict[str, str]:
    """Group heading -> the lines under it."""
    parts = re.split(rf"^({'|'.join(GROUPS.values())})$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_text_groups_each_finding_under_its_heading(fixture):
    result = fixture.invoke("review", "--as-of", AS_OF)

    assert result.exit_code == 0
    assert result.stdout.startswith("Review as of 2025-06-30: 18 entries (2 draft, 3 private), 15 findings\n")
    groups = sections(result.stdout)
    assert list(groups) == list(GROUPS.values())
    for code, items in EXPECTED.items():
        where = GROUPS[CODES[code]]
        for title, body in groups.items():
            assert body.count(f"[{code}]") == (len(items) if title == where else 0), (code, title)
    assert "content/decisions/2025-03-01-d-overdue.md" in groups["Decisions"]
    assert "      - A1 holds\n      - A2 holds" in groups["Decisions"]
    assert "Race three (private) (private)" in groups["Debugging"]
    assert "Old draft (draft)" in groups["Drafts"]


def test_text_chart_has_one_bar_per_month(fixture):
    text = fixture.invoke("review", "--as-of", AS_OF).stdout
    cadence = sections(text)["Cadence"]

    assert "  2025-03 ██ 2\n" in cadence
    assert "  2024-08 0\n" in cadence
    assert len(re.findall(r"^  \d{4}-\d{2} ", cadence, re.M)) == 12


def test_chart_scales_long_bars_with_partial_blocks():
    chart = cadence_chart([Month(dt.date(2025, 1, 1), 48), Month(dt.date(2025, 2, 1), 5), Month(dt.date(2025, 3, 1), 0)], width=24)
    lines = [click.unstyle(line) for line in chart]

    assert lines[0] == "  2025-01 " + "█" * 24 + " 48"
    assert lines[1] == "  2025-02 ██▌ 5"
    assert lines[2] == "  2025-03 0"


def test_text_is_plain_when_piped_and_colored_on_a_terminal(fixture):
    from click.testing import CliRunner

    from portfolio.cli import cli

    piped = CliRunner().invoke(cli, ["review", "--as-of", AS_OF])
    tty = CliRunner().invoke(cli, ["review", "--as-of", AS_OF], color=True)

    assert "\x1b[" not in piped.stdout
    assert "\x1b[" in tty.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", tty.stdout) == piped.stdout


def test_empty_groups_say_so(project):
    project.write({"content/posts/2025-06-01-p.md": entry("Only post", "2025-06-01")})
    text = project.invoke("review", "--as-of", AS_OF).stdout

    assert sections(text)["Decisions"].strip() == "nothing to review"
    assert sections(text)["Drafts"].strip() == "nothing to review"


# --- a review reads, never writes; it refuses a broken portfolio --------------------------------


def test_review_writes_nothing(fixture):
    before = tree_digest(fixture.root)
    fixture.invoke("review", "--as-of", AS_OF)
    fixture.invoke("review", "--as-of", AS_OF, "--format", "json")

    assert tree_digest(fixture.root) == before


def test_content_errors_are_printed_like_check_and_exit_1(fixture):
    fixture.write({"content/posts/bad.md": "---\ntitle: Bad\ndate: 2024-02-30\n---\n"})
    result = fixture.invoke("review", "--as-of", AS_OF)

    assert result.exit_code == 1
    assert "content/posts/bad.md:3: error: 'date': '2024-02-30' is not a real day" in result.stderr
    assert result.stdout == ""


# --- thresholds -----------------------------------------------------------------------------


def test_thresholds_from_mkdocs_extra_portfolio(fixture):
    fixture.write(
        {
            "mkdocs.yml": "site_name: T\ndocs_dir: content\nextra:\n  portfolio:\n    pattern_min: 2\n    draft_stale_days: 100\n    gap_days: 92\n"
        }
    )
    data = review_json(fixture)
    found = by_code(data)

    assert data["settings"] == {**DEFAULTS.as_dict(), "pattern_min": 2, "draft_stale_days": 100, "gap_days": 92}
    assert found["recurring-root-cause"] == [("race-condition", ["jr1", "jr2", "jr3"]), ("config", ["jr5", "jr4"])]
    assert found["stale-draft"] == []
    assert found["cadence-gap"] == [("2024-10-31..2025-02-01", ["jr3", "d-private-overdue"])]


def test_thresholds_from_portfolio_yml(fixture):
    fixture.write({"portfolio.yml": "# review thresholds\nstale_after_days: 900\noutcome_after_days: 400\n"})
    found = by_code(review_json(fixture))

    assert found["stale-skill"] == []
    assert found["outcome-missing"] == []
    assert found["recheck-assumptions"] == [("d-overdue", ["d-overdue"])]


def test_cadence_months_setting_sizes_the_chart(fixture):
    fixture.write({"portfolio.yml": "cadence_months: 3\n"})
    data = review_json(fixture)

    assert [m["month"] for m in data["cadence"]["months"]] == ["2025-04", "2025-05", "2025-06"]
    assert by_code(data)["cadence-gap"] == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "mkdocs.yml": "site_name: T\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nextra:\n  portfolio:\n    patern_min: 2\n"
            },
            "mkdocs.yml:7: error: unknown setting 'patern_min'; expected one of revisit_grace_days, outcome_after_days, stale_after_days, pattern_min, cadence_months, gap_days, draft_stale_days, engine (did you mean 'pattern_min'?)",
        ),
        (
            {"portfolio.yml": "stale_after_days: 365\ngap_days: soon\n"},
            "portfolio.yml:2: error: 'gap_days' should be a whole number of at least 1, got 'soon'",
        ),
        ({"portfolio.yml": "pattern_min: 1\n"}, "portfolio.yml:1: error: 'pattern_min' should be a whole number of at least 2, got 1"),
        (
            {"portfolio.yml": "draft_stale_days: true\n"},
            "portfolio.yml:1: error: 'draft_stale_days' should be a whole number of at least 1, got true",
        ),
        (
            {"portfolio.yml": "cadence_months: 500\n"},
            "portfolio.yml:1: error: 'cadence_months' should be a whole number from 1 to 120, got 500",
        ),
        ({"portfolio.yml": "- 30\n"}, "portfolio.yml:1: error: portfolio.yml should be a mapping of setting -> number"),
        ({"portfolio.yml": "gap_days: [1\n"}, "portfolio.yml:1: error: invalid YAML"),
        ({"mkdocs.yml": "site_name: T\nextra:\n  portfolio: 30\n"}, "mkdocs.yml:3: error: extra.portfolio should be a mapping"),
        (
            {"mkdocs.yml": "site_name: T\nextra:\n  portfolio:\n    gap_days: 30\n", "portfolio.yml": "gap_days: 40\n"},
            "mkdocs.yml:3: error: portfolio settings are given both here (extra.portfolio) and in portfolio.yml; keep them in one place",
        ),
    ],
)
def test_bad_settings_are_content_errors_with_a_line(project, files, expected):
    project.write({"content/posts/2025-06-01-p.md": entry("Only post", "2025-06-01"), **files})
    result = project.invoke("review", "--as-of", AS_OF)

    assert result.exit_code == 1
    assert result.stderr.startswith(expected), result.stderr
    assert "Traceback" not in result.output


def test_settings_are_one_frozen_dataclass_with_the_documented_defaults():
    assert (
        Settings(
            revisit_grace_days=0,
            outcome_after_days=182,
            stale_after_days=365,
            pattern_min=3,
            cadence_months=12,
            gap_days=60,
            draft_stale_days=30,
        )
        == DEFAULTS
    )
    with pytest.raises(ValidationError):  # frozen: nobody changes the defaults by accident
        DEFAULTS.gap_days = 1  # type: ignore[misc]


def test_revisit_grace_days_delays_the_overdue_finding(fixture):
    fixture.write({"portfolio.yml": "revisit_grace_days: 30\n"})
    found = by_code(review_json(fixture))

    assert found["revisit-overdue"] == [("d-private-overdue", ["d-private-overdue"])]


# --- the library, directly ------------------------------------------------------------------


def test_build_review_is_pure_and_reproducible(fixture):
    portfolio = load_portfolio(locate())
    first = build_review(portfolio, dt.date(2025, 6, 30))
    second = build_review(portfolio, dt.date(2025, 6, 30))

    assert render_json(first) == render_json(second)
    assert first.settings is DEFAULTS


def test_schema_rejects_an_unknown_code_and_a_wrong_detail_shape(fixture):
    data = review_json(fixture)
    broken = json.loads(json.dumps(data))
    broken["findings"][0]["code"] = "made-up"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema())
    broken = json.loads(json.dumps(data))
    broken["findings"][0]["details"] = {"age_days": 3}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema())

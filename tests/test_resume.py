"""JSON Resume both ways: `portfolio import resume` into career.yml, `portfolio export resume` out of it.

The resume in tests/fixtures/import/resume/ is written for these tests from
the JSON Resume schema's documentation. Exported documents are validated
against the official schema, fetched from npm (`@jsonresume/schema`) at test
time and never committed; without npm or the registry the validation test
skips with the reason, unless PORTFOLIO_REQUIRE_BROWSER is set (as in CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from sitekit import MKDOCS_YML, copy_example, entry

from portfolio.model.career import load_career
from portfolio.system.files import FileChanged, update_file

RESUME = Path(__file__).resolve().parent / "fixtures" / "import" / "resume" / "resume.json"

CAREER_WITH_COMMENTS = """\
# my career, by hand
roles:
  # the first job
  - id: old-co-engineer
    title: Engineer
    org: Old Co
    start: 2014-01-01
    end: 2014-12-31   # left for Brightpath

milestones: []  # to do
"""


@pytest.fixture
def site(project):
    project.write({"mkdocs.yml": MKDOCS_YML})
    return project


def test_import_adds_roles_and_person_and_keeps_comments(site):
    site.write({"career.yml": CAREER_WITH_COMMENTS})
    result = site.invoke("import", "resume", RESUME)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "added role 'fernway-staff-engineer' (Staff Engineer, Fernway, 2022-04-01 to now)",
        "added role 'tallyroot-senior-engineer' (Senior Engineer, Tallyroot, 2019-02-01 to 2022-03-31)",
        "added role 'brightpath-engineer' (Engineer, Brightpath, 2016-01-01 to 2019-01-31)",
        "added the person section (Ana Lima)",
        "skipped work[3] (Intern, Nowhere Inc): no 'startDate'; a role needs a start",
        "skipped work[4] (Contractor, Backwards Ltd): it ends (2015-01-01) before it starts (2015-06-01)",
        "note: work[0] (Staff Engineer, Fernway): a date without a day is read as the first (start) or last (end) day of its month or year",
        "note: work[2] (Engineer, Brightpath): a date without a day is read as the first (start) or last (end) day of its month or year",
        "note: basics.location: the street address and postal code are not kept; the portfolio is public",
        "note: basics.phone is not kept: the portfolio is public",
        "note: basics.summary is not kept: career.yml has no place for it; the home page can say it",
        "note: basics.profiles[1] (Mastodon) has no https:// URL; not kept",
        "note: education: 1 item not imported; career.yml holds roles and a person",
        "note: skills: 1 item not imported; career.yml holds roles and a person",
        "added 3 roles and the person section, skipped 2",
    ]
    text = (site.root / "career.yml").read_text(encoding="utf-8")
    # What was there is there, byte for byte, comments included; the new roles follow the old one.
    assert text.startswith(CAREER_WITH_COMMENTS.split("\nmilestones")[0])
    assert "milestones: []  # to do\n" in text
    career, findings = load_career(site.root / "career.yml")
    assert findings == []
    assert [(r.id, r.title, r.org, str(r.start), str(r.end)) for r in career.roles] == [
        ("old-co-engineer", "Engineer", "Old Co", "2014-01-01", "2014-12-31"),
        ("brightpath-engineer", "Engineer", "Brightpath", "2016-01-01", "2019-01-31"),
        ("tallyroot-senior-engineer", "Senior Engineer", "Tallyroot", "2019-02-01", "2022-03-31"),
        ("fernway-staff-engineer", "Staff Engineer", "Fernway", "2022-04-01", "None"),
    ]
    assert career.role("fernway-staff-engineer").story == (
        "Led the payments platform through its move to event sourcing.\n\n"
        "- Cut settlement time from two days to four hours\n- Mentored four engineers to senior"
    )
    person = career.person
    assert (person.name, person.headline, person.email, person.location) == (
        "Ana Lima",
        "Staff engineer: payments, Postgres, queues",
        "ana.lima@example.org",
        "Lisbon, Lisboa, PT",
    )
    assert person.links == (("Website", "https://ana.example.org"), ("GitHub", "https://github.com/ana-lima-example"))
    assert site.check().exit_code == 0


def test_second_import_changes_nothing_and_says_what_it_skipped(site):
    site.write({"career.yml": CAREER_WITH_COMMENTS})
    site.invoke("import", "resume", RESUME)
    written = (site.root / "career.yml").read_bytes()

    again = site.invoke("import", "resume", RESUME)

    assert again.exit_code == 0
    assert (site.root / "career.yml").read_bytes() == written
    assert (
        "skipped work[0] (Staff Engineer, Fernway): the role id 'fernway-staff-engineer' is already in career.yml; not changed"
        in again.stdout
    )
    assert "skipped basics: career.yml already has a person section; not changed" in again.stdout
    assert again.stdout.splitlines()[-1] == "added 0 roles, skipped 6"


def test_same_role_under_another_id_is_not_added_twice(site):
    site.write({"career.yml": "roles:\n  - id: my-tallyroot\n    title: Senior Engineer\n    org: Tallyroot\n    start: 2019-02-01\n"})
    result = site.invoke("import", "resume", RESUME, "--dry-run")

    assert "skipped work[1] (Senior Engineer, Tallyroot): already in career.yml as 'my-tallyroot'; not changed" in result.stdout
    assert result.stdout.splitlines()[-1] == "would add 2 roles and the person section, skipped 3 (dry run: nothing written)"
    assert "would add role 'fernway-staff-engineer'" in result.stdout
    assert (site.root / "career.yml").read_text(encoding="utf-8").count("id:") == 1


@pytest.mark.parametrize(
    "career",
    [
        None,  # no career.yml yet: it is created
        "",
        "# only a comment\n",
        "roles: []\nmilestones: []\n",
        "milestones:\n  - date: 2020-01-01\n    title: First talk\nroles:\n",
        "person:\n  name: Someone Else\nroles:\n- id: flush-left\n  title: T\n  start: 2010-01-01\nassessments: []\n",
    ],
)
def test_import_into_every_shape_of_career_yml(site, career):
    if career is not None:
        site.write({"career.yml": career})
    result = site.invoke("import", "resume", RESUME)

    assert result.exit_code == 0, result.output
    loaded, findings = load_career(site.root / "career.yml")
    assert findings == []
    assert {"fernway-staff-engineer", "tallyroot-senior-engineer", "brightpath-engineer"} <= {r.id for r in loaded.roles}
    assert loaded.person.name == ("Someone Else" if career and "Someone Else" in career else "Ana Lima")
    if career and career.strip() and "[]" not in career:
        assert (site.root / "career.yml").read_text(encoding="utf-8").startswith(career.rstrip("\n"))


def test_career_yml_that_cannot_be_added_to_is_left_alone(site):
    for text, message in (
        ("roles: [{id: a, title: T, start: 2010-01-01}]\n", "'roles' is written on one line; add the new items by hand"),
        ("roles:\n  - id: [broken\n", "invalid YAML"),
        ("- just\n- a list\n", "expected a mapping with 'roles'"),
    ):
        site.write({"career.yml": text})
        result = site.invoke("import", "resume", RESUME)
        assert result.exit_code == 1, result.output
        assert message in result.stderr and "Traceback" not in result.output
        assert (site.root / "career.yml").read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{\n  "basics": {,\n}', "resume.json:2: invalid JSON"),
        (b"[1, 2]", "resume.json:1: expected a JSON Resume document"),
        ("{}".encode("utf-16"), "resume.json:1: not UTF-8 text"),
    ],
)
def test_unreadable_resume_is_a_content_error(site, data, message):
    site.write({"resume.json": data})
    result = site.invoke("import", "resume", "resume.json")

    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert not (site.root / "career.yml").exists()


def test_update_file_refuses_a_file_changed_meanwhile(tmp_path):
    path = tmp_path / "career.yml"
    path.write_text("roles: []\n", encoding="utf-8")
    with pytest.raises(FileChanged):
        update_file(path, b"something else\n", "roles: [x]\n")
    assert path.read_text(encoding="utf-8") == "roles: []\n"
    update_file(path, b"roles: []\n", "roles:\n")
    assert path.read_text(encoding="utf-8") == "roles:\n"


# --- export ------------------------------------------------------------------------------------------


def _portfolio_with_wins(site) -> None:
    site.write({"career.yml": CAREER_WITH_COMMENTS})
    site.invoke("import", "resume", RESUME)
    site.write(
        {
            "content/wins/2023-01-10-settlement.md": entry(
                "Same-day settlement", "2023-01-10", impact="settlement from 2 days to 4 hours", highlight=True
            ),
            "content/wins/2023-02-10-quiet.md": entry("A quiet win", "2023-02-10", impact="not highlighted"),
            "content/wins/2023-03-10-secret.md": entry("Secret deal", "2023-03-10", impact="private", highlight=True, private=True),
            "content/wins/2023-04-10-draft.md": entry("Draft win", "2023-04-10", impact="draft", highlight=True, draft=True),
            "content/wins/2013-05-01-talk.md": entry(
                "Conference talk", "2013-05-01", impact="300 people", highlight=True, link="https://talks.example.org/queues"
            ),
        }
    )


def test_export_round_trips_career_and_adds_highlighted_public_wins(site):
    _portfolio_with_wins(site)
    result = site.invoke("export", "resume")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["basics"] == {
        "name": "Ana Lima",
        "label": "Staff engineer: payments, Postgres, queues",
        "email": "ana.lima@example.org",
        "location": {"city": "Lisbon", "countryCode": "PT", "region": "Lisboa"},
        "url": "https://ana.example.org",
        "profiles": [{"network": "GitHub", "url": "https://github.com/ana-lima-example"}],
    }
    fernway = document["work"][0]
    assert fernway == {
        "name": "Fernway",
        "position": "Staff Engineer",
        "startDate": "2022-04-01",
        "summary": "Led the payments platform through its move to event sourcing.",
        "highlights": [
            "Cut settlement time from two days to four hours",
            "Mentored four engineers to senior",
            "Same-day settlement: settlement from 2 days to 4 hours",
        ],
    }
    assert [w["name"] for w in document["work"]] == ["Fernway", "Tallyroot", "Brightpath", "Old Co"]
    # A win in no role is a project; drafts, private and unhighlighted wins are never part of it.
    assert document["projects"] == [
        {"name": "Conference talk", "startDate": "2013-05-01", "description": "300 people", "url": "https://talks.example.org/queues"}
    ]
    assert "Secret deal" not in result.stdout and "Draft win" not in result.stdout and "A quiet win" not in result.stdout


def test_export_to_a_file_never_overwrites(site):
    _portfolio_with_wins(site)
    first = site.invoke("export", "resume", "-o", "resume.json")
    assert first.exit_code == 0 and first.stdout.strip() == "resume.json"
    written = (site.root / "resume.json").read_text(encoding="utf-8")

    second = site.invoke("export", "resume", "-o", "resume.json")
    assert second.exit_code == 1
    assert "resume.json already exists; not overwritten" in second.stderr
    assert (site.root / "resume.json").read_text(encoding="utf-8") == written


def test_export_refuses_content_with_errors(site):
    site.write({"career.yml": "roles:\n  - id: x\n    title: T\n    start: not-a-date\n"})
    result = site.invoke("export", "resume")
    assert result.exit_code == 1 and "career.yml:4: error:" in result.stderr


# --- the official schema -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def resume_schema(tmp_path_factory) -> dict:
    """The schema of `@jsonresume/schema`, fetched with `npm pack` (never committed)."""
    required = bool(os.environ.get("PORTFOLIO_REQUIRE_BROWSER"))

    def unavailable(reason: str) -> None:
        if required:
            pytest.fail(f"the JSON Resume schema is needed here (PORTFOLIO_REQUIRE_BROWSER is set): {reason}")
        pytest.skip(reason)

    npm = shutil.which("npm")
    if npm is None:
        unavailable("npm is not installed; the JSON Resume schema is fetched with `npm pack @jsonresume/schema`")
    folder = tmp_path_factory.mktemp("jsonresume")
    try:
        done = subprocess.run(
            [npm, "pack", "@jsonresume/schema", "--silent"], cwd=folder, capture_output=True, text=True, timeout=180, check=False
        )
    except subprocess.TimeoutExpired:
        unavailable("`npm pack @jsonresume/schema` took longer than 180 s")
    packed = list(folder.glob("*.tgz"))
    if done.returncode != 0 or not packed:
        unavailable(f"`npm pack @jsonresume/schema` failed: {done.stderr.strip()[-300:]}")
    with tarfile.open(packed[0]) as archive:
        member = archive.extractfile("package/schema.json")
        assert member is not None
        return json.loads(member.read().decode("utf-8"))


@pytest.mark.slow
def test_export_is_valid_against_the_json_resume_schema(site, resume_schema, tmp_path):
    from jsonschema import Draft7Validator

    _portfolio_with_wins(site)
    document = json.loads(site.invoke("export", "resume").stdout)
    validator = Draft7Validator(resume_schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(document)] == []
    # The schema checks what it can: a resume it rejects shows the validation is real.
    assert list(validator.iter_errors({"work": [{"startDate": "2022-4-1"}]}))

    # And the example portfolio of this repository exports a valid resume too.
    (tmp_path / "example").mkdir()
    example = copy_example(tmp_path / "example")
    exported = site.invoke("export", "resume", "-f", example / "mkdocs.yml")
    assert exported.exit_code == 0, exported.output
    document = json.loads(exported.stdout)
    assert document["basics"]["name"] == "Maya Okafor" and len(document["work"]) == 3
    assert list(validator.iter_errors(document)) == []


def test_hostile_values_stay_data_in_career_yml(site):
    site.write(
        {
            "resume.json": json.dumps(
                {
                    "basics": {"name": "Ana: 'Lima'\nroles: []", "profiles": [{"network": "x: y", "url": "javascript:alert(1)"}]},
                    "work": [
                        {
                            "name": "#Org",
                            "position": "Lead: [platform]",
                            "startDate": "2020-01-01",
                            "summary": "line one\n  - id: injected\n|",
                        },
                        "not an object",
                        {"name": "Tiny", "position": "Dev", "startDate": "2020-02-30"},
                    ],
                    "education": "not a list",
                }
            )
        }
    )
    result = site.invoke("import", "resume", "resume.json")

    assert result.exit_code == 0, result.output
    assert "skipped work[1]: expected an object with position, name and startDate" in result.stdout
    assert "skipped work[2] (Dev, Tiny): its startDate '2020-02-30' is not YYYY, YYYY-MM or YYYY-MM-DD" in result.stdout
    assert "note: basics.profiles[0] (x: y) has no https:// URL; not kept" in result.stdout
    career, findings = load_career(site.root / "career.yml")
    assert findings == []
    assert [(r.id, r.title, r.org, r.story) for r in career.roles] == [
        ("org-lead-platform", "Lead: [platform]", "#Org", "line one\n  - id: injected\n|")
    ]
    assert career.person.name == "Ana: 'Lima' roles: []"  # one line, as written, never YAML

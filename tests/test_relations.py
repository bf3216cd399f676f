"""`portfolio check` on relations between decisions: depends_on, relates_to, cycles, affects patterns, reserved
addresses, and findings printed as GitHub Actions annotations."""

from __future__ import annotations

import json

import pytest

from portfolio.model.findings import Finding
from portfolio.model.globs import glob_matches, glob_problem


def decision(slug: str, extra: str = "") -> str:
    """A decision whose 'slug:' is on line 4; ``extra`` keys start on line 5."""
    return f"---\ntitle: Decision {slug}\ndate: 2024-01-05\nslug: {slug}\n{extra}---\nBody.\n"


def post(slug: str) -> str:
    return f"---\ntitle: Post {slug}\ndate: 2024-01-05\nslug: {slug}\n---\nBody.\n"


# --- depends_on / relates_to ----------------------------------------------------------------


def test_depends_on_an_unknown_slug_is_an_error_at_its_item_line_with_did_you_mean(project):
    out = project.check_files(
        {
            "content/decisions/a.md": decision("a", "depends_on:\n  - use-postgres\n  - use-postgress-old\n"),
            "content/decisions/b.md": decision("use-postgres"),
            "content/decisions/c.md": decision("use-postgres-old"),
        }
    )

    assert out.only("content/decisions/a.md:7: error: ") == (
        "'depends_on' names 'use-postgress-old', which is no entry's slug; expected the slug of a decision (did you mean 'use-postgres-old'?)"
    )
    assert out.exit_code == 1


def test_depends_on_a_post_is_an_error(project):
    out = project.check_files({"content/decisions/a.md": decision("a", "depends_on: [p]\n"), "content/posts/p.md": post("p")})

    assert out.only("content/decisions/a.md:5: error: ") == "'depends_on' names 'p', a post entry; expected a decision"


def test_relates_to_any_kind_is_fine_and_needs_no_return_link(project):
    out = project.check_files(
        {
            "content/decisions/a.md": decision("a", "relates_to: [p, b]\n"),
            "content/decisions/b.md": decision("b"),
            "content/posts/p.md": post("p"),
        }
    )

    assert out.lines == ["3 entries: 3 public, 0 drafts, 0 private; 0 errors, 0 warnings"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("relates_to: [a]\n", "content/decisions/a.md:5: error: 'relates_to' names this decision itself"),
        ("depends_on: a\n", "content/decisions/a.md:5: error: 'depends_on' names this decision itself"),
        (
            "relates_to: [nowhere]\n",
            "content/decisions/a.md:5: error: 'relates_to' names 'nowhere', which is no entry's slug; expected the slug of any entry",
        ),
    ],
)
def test_bad_relation_targets(project, extra, expected):
    out = project.check_files({"content/decisions/a.md": decision("a", extra)})

    assert out.findings == [expected]
    assert out.exit_code == 1


def test_a_cycle_of_dependencies_is_one_error_where_it_starts(project):
    out = project.check_files(
        {
            "content/decisions/a.md": decision("a", "depends_on: [b]\n"),
            "content/decisions/b.md": decision("b", "depends_on: [c]\n"),
            "content/decisions/c.md": decision("c", "depends_on:\n  - d\n  - a\n"),
            "content/decisions/d.md": decision("d"),
        }
    )

    assert out.findings == [
        "content/decisions/a.md:5: error: 'depends_on' closes a cycle: a -> b -> c -> a (each depends on the next); "
        "a decision cannot depend on itself, even through others; remove one of these links"
    ]
    assert out.exit_code == 1


def test_a_supersedes_cycle_written_on_both_sides_is_an_error(project):
    # a supersedes b (said by both), and b supersedes a (said by a's superseded_by): a loop.
    out = project.check_files(
        {
            "content/decisions/a.md": decision("a", "supersedes: [b]\nsuperseded_by: [b]\nstatus: superseded\n"),
            "content/decisions/b.md": decision("b", "supersedes: [a]\nsuperseded_by: [a]\nstatus: superseded\n"),
        }
    )

    cycles = [line for line in out.findings if "cycle" in line]
    assert cycles == [
        "content/decisions/a.md:5: error: 'supersedes' closes a cycle: a -> b -> a (each supersedes the next); "
        "a decision cannot supersede itself, even through others; remove one of these links"
    ]
    assert out.exit_code == 1


def test_a_chain_without_a_loop_is_clean(project):
    out = project.check_files(
        {
            "content/decisions/a.md": decision("a", "depends_on: [b, c]\n"),
            "content/decisions/b.md": decision("b", "depends_on: [c]\n"),
            "content/decisions/c.md": decision("c"),
        }
    )

    assert out.lines == ["3 entries: 3 public, 0 drafts, 0 private; 0 errors, 0 warnings"]


def test_check_changed_does_not_call_an_unloaded_target_unknown(project):
    import subprocess

    project.write({"content/decisions/a.md": decision("a"), "content/decisions/b.md": decision("b")})
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["-c", "user.name=T", "-c", "user.email=t@x.invalid", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True)
    project.write({"content/decisions/a.md": decision("a", "depends_on: [b]\nrelates_to: [b]\n")})

    out = project.check("--changed")

    assert out.exit_code == 0, out.result.stdout


# --- affects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "line", "message"),
    [
        ("affects: ['src/../secrets']", 5, "'src/../secrets' leads out of the repository ('..')"),
        ("affects:\n  - src/**\n  - 'src\\\\app.py'", 7, "holds a backslash; write paths with '/'"),
        ("affects: ['src/[ab.py']", 5, "opens a '[' it never closes"),
        ("affects: ['  ']", 5, "an empty path pattern"),
    ],
)
def test_bad_affects_patterns_are_errors_at_their_line(project, value, line, message):
    out = project.check_files({"content/decisions/a.md": decision("a", value + "\n")})

    assert len(out.findings) == 1
    assert out.findings[0].startswith(f"content/decisions/a.md:{line}: error: ")
    assert message in out.findings[0]
    assert out.exit_code == 1


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("src/billing/**", "src/billing/a/b.py", True),
        ("src/billing/**", "src/billingx/a.py", False),
        ("src/billing", "src/billing/invoice.py", True),
        ("src/billing/", "src/billing/invoice.py", True),
        ("/src/billing", "src/billing/invoice.py", True),
        ("*.sql", "db/migrations/0001.sql", True),
        ("*.sql", "db/migrations/0001.sql.bak", False),
        ("db/*.sql", "db/migrations/0001.sql", False),
        ("db/**/*.sql", "db/0001.sql", True),
        ("db/**/*.sql", "db/a/b/0001.sql", True),
        ("Dockerfile", "services/api/Dockerfile", True),
        ("api/v?/*.py", "api/v2/x.py", True),
        ("api/v?/*.py", "api/v10/x.py", False),
        ("api/[!x]*.py", "api/y.py", True),
        ("api/[!x]*.py", "api/x.py", False),
        ("a+b (1).md", "a+b (1).md", True),
    ],
)
def test_affects_patterns_follow_codeowners_rules(pattern, path, matches):
    assert glob_problem(pattern) is None
    assert glob_matches(pattern, path) is matches


def test_schema_describes_the_new_keys(project):
    result = project.invoke("schema", "decision")
    properties = json.loads(result.stdout)["properties"]

    assert properties["depends_on"]["type"] == "array"
    assert properties["relates_to"]["type"] == "array"
    assert properties["affects"]["items"] == {"type": "string", "minLength": 1}


# --- reserved addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(("slug", "what"), [("graph", "the decision graph"), ("review", "the list of decisions due for review")])
def test_a_decision_cannot_take_the_address_of_the_graph_or_the_review_page(project, slug, what):
    out = project.check_files({f"content/decisions/2024-01-05-{slug}.md": "---\ntitle: T\ndate: 2024-01-05\n---\nBody.\n"})

    assert out.only(f"content/decisions/2024-01-05-{slug}.md:1: error: ") == (
        f"the slug '{slug}' would publish this entry at /decisions/{slug}/, the address of {what}; choose another slug"
    )


def test_a_post_may_be_called_graph(project):
    out = project.check_files({"content/posts/2024-01-05-graph.md": post("graph")})

    assert out.exit_code == 0


def test_new_refuses_a_decision_titled_review(project):
    project.write({"mkdocs.yml": "site_name: Test\n"})  # `new` writes only into a portfolio
    result = project.invoke("new", "decision", "Review", "--date", "2024-01-05")

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: the slug 'review' would publish this entry at /decisions/review/, the address of the list of decisions due for review; "
        "pass --slug to choose another"
    )
    assert not (project.root / "content/decisions/2024-01-05-review.md").exists()


def test_a_file_named_like_the_review_feed_is_reserved(project):
    project.write({"content/review.atom.xml": "<feed/>", "content/posts/p.md": post("p")})

    out = project.check()

    assert "content/review.atom.xml:1: error: /review.atom.xml is written by the build itself" in out.result.stdout


def test_bad_review_thresholds_are_check_errors_too(project):
    out = project.check_files({"portfolio.yml": "outcome_after_days: soon\n", "content/posts/p.md": post("p")})

    assert out.only("portfolio.yml:1: error: ") == "'outcome_after_days' should be a whole number of at least 1, got 'soon'"


# --- check --format github -------------------------------------------------------------------


def test_check_prints_github_annotations(project):
    out = project.check_files(
        {
            "content/decisions/a.md": decision("a", "depends_on: [zz]\n"),
            "content/posts/p, q: 100%.md": "---\ntitle: P\ndate: 2024-01-05\nsumary: x\n---\nBody.\n",
        },
        "--format",
        "github",
    )

    assert out.lines == [
        "::error file=content/decisions/a.md,line=5,title=portfolio check (depends-on)::"
        "'depends_on' names 'zz', which is no entry's slug; expected the slug of a decision",
        "::warning file=content/posts/p%2C q%3A 100%25.md,line=4,title=portfolio check (unknown-key)::unknown key 'sumary' is ignored",
        "2 entries: 2 public, 0 drafts, 0 private; 1 errors, 1 warnings",
    ]
    assert out.exit_code == 1


def test_github_escaping_keeps_one_command_per_line():
    finding = Finding("a,b:c%.md", 3, "error", "x", "first line\nsecond: 50%\r\n::error::forged")

    assert finding.github() == (
        "::error file=a%2Cb%3Ac%25.md,line=3,title=portfolio check (x)::first line%0Asecond: 50%25%0D%0A::error::forged"
    )
    assert "\n" not in finding.github()

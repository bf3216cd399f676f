"""The `portfolio` command as a user runs it: options, exit codes, output streams."""

from __future__ import annotations

import json
import sys

import pytest

from portfolio import __version__

HEAD = "---\ntitle: An entry\ndate: 2024-01-05\n"
BAD = {
    "content/posts/bad-date.md": "---\ntitle: T\ndate: 2024-02-30\n---\n",
    "content/posts/warn.md": HEAD + "tgas: [x]\n---\n",
    "content/posts/ok.md": HEAD + "---\nBody.\n",
}


# --- version and help -------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(project, flag):
    result = project.invoke(flag)

    assert result.exit_code == 0
    assert result.stdout == f"portfolio, version {__version__}\n"


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_the_commands(project, flag):
    result = project.invoke(flag)

    assert result.exit_code == 0
    commands = result.stdout.split("Commands:")[1].split()
    for name in ("check", "new", "schema"):
        assert name in commands


@pytest.mark.parametrize("command", ["check", "new", "schema"])
def test_each_command_has_help(project, command):
    result = project.invoke(command, "--help")

    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_unknown_command_exits_2(project):
    result = project.invoke("chek")

    assert result.exit_code == 2
    assert "No such command 'chek'" in result.stderr


# --- check: exit codes and streams ---------------------------------------------------------


def test_check_clean_portfolio_exits_0(project):
    out = project.check_files({"content/posts/ok.md": HEAD + "---\n"})

    assert out.lines == ["1 entries: 1 public, 0 drafts, 0 private; 0 errors, 0 warnings"]
    assert out.result.stderr == ""
    assert out.exit_code == 0


def test_check_empty_content_folder_exits_0(project):
    out = project.check()

    assert out.lines == ["0 entries: 0 public, 0 drafts, 0 private; 0 errors, 0 warnings"]
    assert out.exit_code == 0


def test_check_errors_exit_1_and_go_to_stdout(project):
    out = project.check_files(BAD)

    assert out.findings == [
        "content/posts/bad-date.md:3: error: 'date': '2024-02-30' is not a real day; expected a date as YYYY-MM-DD",
        "content/posts/warn.md:4: warning: unknown key 'tgas' is ignored (did you mean 'tags'?)",
    ]
    assert out.summary == "2 entries: 2 public, 0 drafts, 0 private; 1 errors, 1 warnings"
    assert out.result.stderr == ""
    assert out.exit_code == 1


def test_warnings_never_change_the_exit_code(project):
    out = project.check_files({"content/posts/warn.md": HEAD + "tgas: [x]\nroot_cause: config\n---\n", "content/wins/w.md": HEAD + "---\n"})

    assert out.summary == "2 entries: 2 public, 0 drafts, 0 private; 0 errors, 3 warnings"
    assert out.exit_code == 0


def test_check_missing_dir_exits_2(project):
    result = project.invoke("check", "--dir", "nope")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "nope: no such content folder" in result.stderr


def test_check_without_content_folder_exits_2(project):
    (project.root / "content").rmdir()

    result = project.invoke("check")

    assert result.exit_code == 2
    assert "content: no such content folder" in result.stderr


@pytest.mark.parametrize("args", [("--format", "xml"), ("--bogus",), ("-f",)], ids=["bad-format", "unknown-option", "missing-value"])
def test_check_bad_options_exit_2(project, args):
    result = project.invoke("check", *args)

    assert result.exit_code == 2
    assert "Error:" in result.stderr
    assert result.stdout == ""


def test_check_dir_option(project):
    project.write({"notes/posts/x.md": "---\ntitle: T\n---\n"})

    out = project.check("--dir", "notes")

    assert out.only("notes/posts/x.md:1: error: ").startswith("missing required key 'date'")
    assert out.exit_code == 1


def test_check_dir_outside_working_folder_prints_absolute_paths(project, monkeypatch):
    project.write({"elsewhere/posts/x.md": "---\ntitle: T\n---\n", "work/.keep": ""})
    monkeypatch.chdir(project.root / "work")

    out = project.check("--dir", project.root / "elsewhere")

    absolute = (project.root / "elsewhere/posts/x.md").resolve().as_posix()
    assert out.only(f"{absolute}:1: error: ")


def test_check_uses_docs_dir_of_mkdocs_yml(project):
    project.write({"mkdocs.yml": "site_name: Me\ndocs_dir: docs\n", "docs/posts/x.md": "---\ntitle: T\n---\n"})

    out = project.check()

    assert out.only("docs/posts/x.md:1: error: ")


def test_check_config_file_option_finds_skills_and_career_beside_it(project):
    project.write(
        {
            "site/mkdocs.yml": "site_name: Me\ndocs_dir: pages\n",
            "site/skills.yml": "levels: [low, high]\nskills:\n  - id: cooking\n    name: Cooking\n",
            "site/career.yml": "roles:\n  - id: chef\n    title: Chef\n    start: 2020-01-01\n",
            "site/pages/posts/x.md": HEAD + "skills: {cooking: high}\nrole: chef\n---\n",
            "site/pages/posts/y.md": HEAD + "skills: [debugging]\nrole: cook\n---\n",
        }
    )

    out = project.check("-f", "site/mkdocs.yml")

    assert [f.split(": error: ")[0] for f in out.findings] == ["site/pages/posts/y.md:4", "site/pages/posts/y.md:5"]
    assert "unknown skill 'debugging'; expected one of cooking" in out.findings[0]
    assert "unknown role 'cook'; career.yml defines chef" in out.findings[1]
    assert out.summary == "2 entries: 2 public, 0 drafts, 0 private; 2 errors, 0 warnings"


def test_check_missing_config_file_exits_2(project):
    result = project.invoke("check", "-f", "missing.yml")

    assert result.exit_code == 2
    assert "missing.yml: no such config file" in result.stderr


def test_check_broken_mkdocs_yml_exits_2_with_its_line(project):
    project.write({"mkdocs.yml": "site_name: Me\nnav: [a, b\n"})

    result = project.invoke("check")

    assert result.exit_code == 2
    assert result.stderr.startswith("error: mkdocs.yml:")
    assert "invalid YAML" in result.stderr


def test_check_mkdocs_yml_with_python_tags_is_fine(project):
    project.write(
        {
            "mkdocs.yml": "site_name: Me\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
            "content/posts/x.md": HEAD + "---\n",
        }
    )

    assert project.check().lines == ["1 entries: 1 public, 0 drafts, 0 private; 0 errors, 0 warnings"]


# --- check --format json -----------------------------------------------------------------


def test_check_json_format(project):
    project.write(BAD)

    result = project.invoke("check", "--format", "json")

    findings = json.loads(result.stdout)
    assert result.exit_code == 1
    assert all(set(f) == {"path", "line", "severity", "code", "message"} for f in findings)
    assert findings == [
        {
            "path": "content/posts/bad-date.md",
            "line": 3,
            "severity": "error",
            "code": "value",
            "message": "'date': '2024-02-30' is not a real day; expected a date as YYYY-MM-DD",
        },
        {
            "path": "content/posts/warn.md",
            "line": 4,
            "severity": "warning",
            "code": "unknown-key",
            "message": "unknown key 'tgas' is ignored (did you mean 'tags'?)",
        },
    ]


def test_check_json_clean_is_an_empty_list(project):
    project.write({"content/posts/x.md": HEAD + "---\n"})

    result = project.invoke("check", "--format", "json")

    assert json.loads(result.stdout) == []
    assert result.exit_code == 0


def test_check_json_keeps_non_ascii(project):
    project.write({"content/posts/x.md": HEAD + "rôle: x\n---\n"})

    result = project.invoke("check", "--format", "json")

    assert "'rôle'" in result.stdout
    assert json.loads(result.stdout)[0]["message"].startswith("unknown key 'rôle'")
    assert result.exit_code == 0


# --- the installed console script ----------------------------------------------------------


def test_script_version(run_script, tmp_path):
    proc = run_script("--version", cwd=tmp_path)

    assert proc.returncode == 0
    assert proc.stdout == f"portfolio, version {__version__}\n"


def test_script_check_bad_folder(run_script, tmp_path):
    files = {
        "content/posts/tag.md": HEAD + "x: !!python/object/apply:os.system ['touch pwned']\n---\n",
        "content/decisions/dup.md": HEAD + "status: accepted\nstatus: proposed\n---\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")

    proc = run_script("check", cwd=tmp_path)

    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "content/decisions/dup.md:5: error: duplicate key 'status' (first given on line 4); keep one",
        "content/posts/tag.md:4: error: unsupported YAML tag '!!python/object/apply:os.system'; expected plain text, numbers, lists and mappings",
        "0 entries: 0 public, 0 drafts, 0 private; 2 errors, 0 warnings",
    ]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "pwned").exists()


def test_script_check_missing_folder_exits_2(run_script, tmp_path):
    proc = run_script("check", "--dir", "nope", cwd=tmp_path)

    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "no such content folder" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_script_new_then_check(run_script, tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n")
    made = run_script("new", "decision", "Use Postgres", "--date", "2024-01-05", cwd=tmp_path)
    checked = run_script("check", cwd=tmp_path)

    assert made.returncode == 0
    assert made.stdout == "content/decisions/2024-01-05-use-postgres.md\n"
    assert checked.returncode == 0
    assert checked.stdout == (
        "content/decisions/2024-01-05-use-postgres.md:11: warning: nothing will be published: all 1 entries are drafts or private; "
        "delete 'draft: true' here when this entry is ready\n"
        "1 entries: 0 public, 1 drafts, 0 private; 0 errors, 1 warnings\n"
    )


def test_python_dash_m(tmp_path):
    import subprocess

    proc = subprocess.run([sys.executable, "-m", "portfolio", "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60)

    assert proc.returncode == 0
    assert proc.stdout == f"portfolio, version {__version__}\n"

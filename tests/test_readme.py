"""The README stays true: its Quick start commands are the ones CI runs, its tables match the code."""

from __future__ import annotations

import re
from pathlib import Path

from portfolio.site.urls import page_url
from portfolio.site.views.pages import GENERATED

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_has_two_commands_and_ci_runs_them_verbatim() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "portfolio build" in commands[0] and "pytest" in commands[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command in ci


def test_readme_documents_every_generated_url() -> None:
    for src in GENERATED.values():
        url = "/" + page_url(src)
        assert f"`{url}" in README, url


def test_the_settings_table_is_the_one_the_thresholds_model_makes() -> None:
    from portfolio.model.thresholds import settings_table

    assert settings_table() in README


def test_ci_installs_the_axe_core_the_tests_pin() -> None:
    from browserkit import AXE_VERSION

    assert f"axe-core@{AXE_VERSION} " in (REPO / ".ci" / "run").read_text(encoding="utf-8")

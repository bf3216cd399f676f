"""`portfolio init`: a portfolio that builds strictly at once, and never a file overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sitekit import run, tree_digest

from portfolio.model.skills import preset_text


@pytest.mark.slow
def test_init_into_empty_folder_then_strict_build_has_no_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "me"
    result = run(["init", str(target), "--author", "Ada Lovelace", "--name", "Ada's portfolio"])
    assert result.exit_code == 0, result.output
    for rel in (
        "mkdocs.yml",
        "skills.yml",
        "career.yml",
        "theme/main.html",
        ".github/workflows/pages.yml",
        ".gitignore",
        "README.md",
        "requirements.txt",
    ):
        assert (target / rel).is_file(), rel
    kinds = {"decisions", "debugging", "posts", "postmortems", "wins"}
    assert {p.parent.name for p in (target / "content").rglob("*.md")} == kinds
    config = yaml.safe_load((target / "mkdocs.yml").read_text())
    assert config["theme"]["font"] is False
    assert config["site_name"] == "Ada's portfolio" and config["site_author"] == "Ada Lovelace"
    assert {"search", "tags"} <= set(config["plugins"])
    assert (target / "skills.yml").read_text() == preset_text("ai-era")
    assert "site/" in (target / ".gitignore").read_text().split() and ".portfolio/" in (target / ".gitignore").read_text().split()
    monkeypatch.chdir(target)
    check = run(["check"])
    assert check.exit_code == 0 and check.stdout.strip().endswith("5 entries, 0 errors, 0 warnings")
    build = run(["build", "--strict"])
    assert build.exit_code == 0, build.output
    assert "WARNING" not in build.output and "warning:" not in build.output
    assert (target / "site/skills/index.html").is_file()
    assert (target / "site/timeline/index.html").is_file()


def test_init_senior_ladder_preset(tmp_path: Path) -> None:
    assert run(["init", str(tmp_path), "--preset", "senior-ladder"]).exit_code == 0
    skills = yaml.safe_load((tmp_path / "skills.yml").read_text())
    assert [level["id"] for level in skills["levels"]] == ["junior", "mid", "senior", "staff"]


def test_init_never_overwrites_and_lists_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n# my own comments\n")
    (tmp_path / "content/posts").mkdir(parents=True)
    (tmp_path / "content/posts/mine.md").write_text("---\ntitle: Mine\ndate: 2020-01-01\n---\nMine.\n")
    before = tree_digest(tmp_path)
    result = run(["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    after = tree_digest(tmp_path)
    for rel, digest in before.items():
        assert after[rel] == digest, rel
    assert "skipped " in result.stdout and "mkdocs.yml (already there; not overwritten)" in result.stdout
    assert "content/posts (already there" in result.stdout
    assert not [p for p in (tmp_path / "content/posts").iterdir() if p.name != "mine.md"]
    assert (tmp_path / "skills.yml").exists()
    second = run(["init", str(tmp_path)])
    assert second.exit_code == 0
    assert tree_digest(tmp_path) == after
    assert "wrote" not in second.stdout


def test_init_offers_no_force(tmp_path: Path) -> None:
    result = run(["init", str(tmp_path), "--force"])
    assert result.exit_code == 2


def test_init_onto_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    result = run(["init", str(tmp_path / "afile")])
    assert result.exit_code == 2

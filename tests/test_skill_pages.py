"""Per-skill pages /skills/<id>/: a URL a person can paste as "my evidence for debugging"."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import ENGINE_PARAMS, basic_files, page, require_engine, resolve, run, write_tree


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    engine = require_engine(request.param)
    tmp_path = write_tree(tmp_path_factory.mktemp(f"skills-{engine}"), basic_files())
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        result = run(["build", "--strict", "--engine", engine])
    assert result.exit_code == 0, result.output
    return tmp_path / "site"


@pytest.mark.slow
def test_every_skill_has_a_page_that_links_back_to_the_matrix(site: Path) -> None:
    for skill in ("debugging", "writing", "restraint"):
        doc = page(site, f"skills/{skill}/")
        back = doc.select_one(".gp-lead a")
        assert back.get_text() == "Back to the skills matrix"
        assert resolve(site, f"skills/{skill}/", back["href"]) == (site / "skills/index.html").resolve()
        assert back["href"].endswith(f"#skill-{skill}")


@pytest.mark.slow
def test_skill_page_lists_evidence_per_level_with_dates_and_lines(site: Path) -> None:
    doc = page(site, "skills/debugging/")
    assert doc.h1.get_text() == "Debugging"
    assert doc.select_one(".gp-current strong").get_text() == "Intermediate"
    levels = {s["data-level"]: s for s in doc.select("section.gp-level")}
    assert list(levels) == ["expert", "intermediate", "beginner"]
    assert levels["intermediate"].select_one(".gp-level-text").get_text() == "Finds bugs alone"
    assert [a.get_text() for a in levels["intermediate"].select(".gp-evidence a")] == ["Fixed the race"]
    assert levels["intermediate"].select_one("time")["datetime"] == "2021-05-01"
    assert levels["expert"].select_one(".gp-none") is not None
    link = levels["beginner"].select_one(".gp-evidence a")
    assert resolve(site, "skills/debugging/", link["href"]).is_file()


def test_step_chart_has_one_step_per_level_up(site: Path) -> None:
    steps = page(site, "skills/debugging/").select("svg.gp-chart-steps circle.gp-step")
    assert [s.title.get_text().split(":")[0] for s in steps] == ["2020-03-01", "2021-05-01"]
    assert page(site, "skills/restraint/").select_one("svg.gp-chart-steps") is None


def test_matrix_links_each_skill_to_its_page(site: Path) -> None:
    doc = page(site, "skills/")
    for link in doc.select(".gp-matrix tbody th a.gp-skill-name"):
        target = resolve(site, "skills/", link["href"])
        assert page(site, target.parent.relative_to(site).as_posix() + "/").h1.get_text() == link.get_text()

"""Shared fixtures: a throw-away portfolio in tmp_path, the CLI run against it, and what a test needs of the machine.

Every test builds its portfolio from a dict ``{relative path: file text}``
(``bytes`` are written as they are, ``str`` as UTF-8 with no newline
translation, so CRLF and BOM files stay byte-exact), and runs with the
portfolio as the working folder so findings print relative paths such as
``content/posts/x.md:3: error: ...``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from browserkit import ARGS, require_browser, serve
from click.testing import CliRunner, Result
from machine import REQUIRE_FONTS, require
from sitekit import ENGINE_PARAMS, copy_example, require_engine, run
from sitekit import write_tree as make_tree

from portfolio.cli import cli


@dataclass
class Checked:
    """What `portfolio check` (text format) showed."""

    result: Result

    @property
    def exit_code(self) -> int:
        return self.result.exit_code

    @property
    def lines(self) -> list[str]:
        return self.result.stdout.splitlines()

    @property
    def findings(self) -> list[str]:
        """Every finding line (all stdout lines but the summary)."""
        return self.lines[:-1]

    @property
    def summary(self) -> str:
        return self.lines[-1] if self.lines else ""

    def only(self, prefix: str) -> str:
        """Assert there is exactly one finding and it starts with ``prefix``; return its message."""
        assert len(self.findings) == 1, f"expected one finding, got:\n{self.result.stdout}{self.result.stderr}"
        line = self.findings[0]
        assert line.startswith(prefix), f"expected {prefix!r}, got {line!r}"
        return line[len(prefix) :].strip()

    def for_path(self, path: str) -> list[str]:
        return [line for line in self.findings if line.startswith(path + ":")]


class Project:
    """A portfolio folder (the working folder of the test) and the CLI pointed at it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, files: dict[str, str | bytes]) -> Project:
        make_tree(self.root, files)
        return self

    def invoke(self, *args: object) -> Result:
        result = CliRunner().invoke(cli, [str(a) for a in args])
        # No traceback ever: the only exception a run may end with is its exit.
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"portfolio {' '.join(map(str, args))} crashed") from result.exception
        return result

    def check(self, *args: object) -> Checked:
        return Checked(self.invoke("check", *args))

    def check_files(self, files: dict[str, str | bytes], *args: object) -> Checked:
        self.write(files)
        return self.check(*args)


# --- what the machine must have: see machine.py ---------------------------------------


@pytest.fixture
def latin_fonts() -> None:
    """Link-preview cards need a font; without one the build skips them (and says so)."""
    from portfolio.site.sharing.cards import fonts_available

    require(fonts_available(), "no font for link-preview cards: install Debian's fonts-dejavu-core", REQUIRE_FONTS)


@pytest.fixture
def cjk_fonts(latin_fonts: None) -> None:
    from portfolio.site.sharing.cards import cjk_font_available

    require(cjk_font_available(), "no CJK font for link-preview cards: install Debian's fonts-noto-cjk", REQUIRE_FONTS)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """An empty portfolio (just ``content/``) that is also the working folder."""
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


@pytest.fixture(params=ENGINE_PARAMS)
def engine(request: pytest.FixtureRequest) -> str:
    """Each site engine in turn (``mkdocs``, ``zensical``); skipped with the reason when one is not installed."""
    return require_engine(request.param)


def _console_script() -> list[str]:
    found = shutil.which("portfolio")
    if found:
        return [found]
    beside = Path(sys.executable).with_name("portfolio")
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    return [sys.executable, "-m", "portfolio"]


@pytest.fixture
def run_script():
    """Run the installed console script in a subprocess: ``run_script(*args, cwd=...)``."""

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*_console_script(), *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )

    return run


# --- the example site in a real Chromium (tests/test_browser.py, test_a11y.py, test_look.py) -------------


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example portfolio, built once per run with ``build --strict``; the built ``site/`` folder."""
    root = copy_example(tmp_path_factory.mktemp("example"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = run(["build", "--strict"])
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="session")
def base_url(example_site: Path) -> Iterator[str]:
    """The example site served over HTTP on 127.0.0.1 (search and fetch need http://, not file://)."""
    require_browser()
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(base_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=require_browser(), args=ARGS)
        yield instance
        instance.close()


# --- Hypothesis profiles (tests/test_properties.py) ------------------------------------
# "ci" (the default): a fixed seed and a bounded number of examples, so `.ci/run` is quick
# and repeatable. "long": many more random examples, for a run by hand:
#     HYPOTHESIS_PROFILE=long pytest tests/test_properties.py
try:
    from hypothesis import HealthCheck
    from hypothesis import settings as _hypothesis_settings
except ImportError:  # the test extra is not installed; test_properties.py skips
    pass
else:
    _hypothesis_settings.register_profile(
        "ci", derandomize=True, database=None, max_examples=60, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
    )
    _hypothesis_settings.register_profile(
        "long", max_examples=1500, database=None, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
    )
    _hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

"""Choosing the site engine, refusing what Zensical would ignore, its errors in our words, and `portfolio doctor`.

The site contract itself runs on both engines in test_site, test_sharing, test_leaks,
test_injection, test_serve, test_deploy and test_engine_parity; here is what only
exists because there are two engines.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from paritykit import resolved
from sitekit import MKDOCS_YML, basic_files, copy_example, entry, page, require_engine, resolve

from portfolio.site.doctor import MATERIAL_END_OF_FIXES

FINDING = re.compile(r"^[^:\s][^:]*:\d+: (error|warning): ")


@pytest.fixture
def here(project):
    """The basic portfolio in a working folder (the ``project`` fixture of conftest)."""
    project.write(basic_files())
    return project


def built_with(root: Path) -> str:
    """Which engine wrote the site, by what only that engine writes: its search index."""
    site = root / "site"
    if (site / "search.json").is_file() and not (site / "search").exists():
        return "zensical"
    if (site / "search" / "search_index.json").is_file() and not (site / "search.json").exists():
        return "mkdocs"
    return "neither"


# --- choosing the engine -------------------------------------------------------------------


def test_the_default_engine_is_mkdocs(here) -> None:
    result = here.invoke("build")
    assert result.exit_code == 0, result.output
    assert built_with(here.root) == "mkdocs"
    assert "with MkDocs with Material" in result.stdout


@pytest.mark.slow  # a whole Zensical build
@pytest.mark.parametrize("where", ["mkdocs.yml", "portfolio.yml"])
def test_the_engine_setting_picks_zensical_and_the_option_overrides_it(here, where: str) -> None:
    require_engine("zensical")
    if where == "mkdocs.yml":
        here.write({"mkdocs.yml": MKDOCS_YML + "extra:\n  portfolio:\n    engine: zensical\n"})
    else:
        here.write({"portfolio.yml": "engine: zensical\nstale_after_days: 400\n"})
    result = here.invoke("build")
    assert result.exit_code == 0, result.output
    assert built_with(here.root) == "zensical"
    assert "with Zensical" in result.stdout
    result = here.invoke("build", "--engine", "mkdocs")
    assert result.exit_code == 0, result.output
    assert built_with(here.root) == "mkdocs"
    # The review thresholds share the section and still work beside the engine.
    assert here.invoke("review", "--format", "json").exit_code == 0


def test_an_unknown_engine_option_is_a_usage_error_with_did_you_mean(here) -> None:
    for command in ("build", "serve", "deploy", "doctor"):
        result = here.invoke(command, "--engine", "zensicl")
        assert result.exit_code == 2, (command, result.output)
        assert "unknown engine 'zensicl'; expected one of mkdocs, zensical (did you mean 'zensical'?)" in result.stderr
    assert not (here.root / "site").exists() and not (here.root / ".portfolio").exists()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"mkdocs.yml": MKDOCS_YML + "extra:\n  portfolio:\n    engine: Zensical\n"},
            "error: mkdocs.yml:12: extra.portfolio.engine: unknown engine 'Zensical'; expected one of mkdocs, zensical (did you mean 'zensical'?)",
        ),
        (
            {"portfolio.yml": "gap_days: 30\nengine: [mkdocs]\n"},
            "error: portfolio.yml:2: engine: unknown engine ['mkdocs'] (not a name); expected one of mkdocs, zensical",
        ),
    ],
)
def test_an_unknown_engine_setting_is_a_usage_error_at_its_line(here, files: dict, expected: str) -> None:
    here.write(files)
    result = here.invoke("build")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == expected
    assert not (here.root / "site").exists()


def test_a_missing_zensical_is_one_line_saying_how_to_install_it(here, monkeypatch: pytest.MonkeyPatch) -> None:
    zensical = importlib.import_module("portfolio.site.engines.zensical")
    monkeypatch.setattr(zensical, "installed", lambda: False)
    result = here.invoke("build", "--engine", "zensical")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        'error: the Zensical engine is not installed; install it with pip install "growth-portfolio[zensical]" '
        '(in a checkout: pip install -e ".[zensical]")'
    )
    assert not (here.root / "site").exists()


# --- refusing what Zensical would ignore -------------------------------------------------------

IGNORED_BY_ZENSICAL = """\
site_name: Test portfolio
docs_dir: content
theme:
  name: material
  font: false
  features:
    - navigation.top
    - search.suggest
plugins:
  - search:
      lang: en
  - tags
  - material/info:
      enabled: false
hooks:
  - hooks.py
validation:
  nav:
    omitted_files: info
  links:
    absolute_links: info
markdown_extensions:
  - pymdownx.snippets:
      base_path:
        - !relative $config_dir
        - !relative
"""


def test_settings_zensical_would_ignore_are_refused_one_line_each(here) -> None:
    here.write({"mkdocs.yml": IGNORED_BY_ZENSICAL, "hooks.py": "def on_config(config):\n    return config\n"})
    result = here.invoke("build", "--engine", "zensical")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    findings = [line for line in lines if FINDING.match(line)]
    assert [line.split(": error: ")[0] for line in findings] == [
        "mkdocs.yml:11",
        "mkdocs.yml:13",
        "mkdocs.yml:15",
        "mkdocs.yml:8",
        "mkdocs.yml:19",
        "mkdocs.yml:21",
        "mkdocs.yml:26",
    ]
    messages = "\n".join(findings)
    for part in (
        "plugin 'material/info': Zensical does not run it and would ignore it silently",
        "plugin 'search' option 'lang': Zensical ignores it silently",
        "hooks: Zensical runs no hooks",
        "theme feature 'search.suggest'",
        "validation setting 'nav.omitted_files'",
        "validation setting 'links.absolute_links'",
        "'markdown_extensions.0.pymdownx.snippets.base_path.1' uses the YAML tag !relative, which only MkDocs reads",
    ):
        assert part in messages, part
    assert lines[-1].startswith("error: 7 settings of mkdocs.yml that Zensical would ignore without a word; nothing was built")
    assert "https://zensical.org/docs/compatibility/mkdocs/plugins/" in lines[-1]
    assert len(lines) == 8 and "Traceback" not in result.output
    assert not (here.root / "site").exists() and not (here.root / ".portfolio").exists()
    # MkDocs honours all of it: the same portfolio builds with the MkDocs engine.
    mkdocs = here.invoke("build", "--engine", "mkdocs")
    assert mkdocs.exit_code == 0, mkdocs.output


def test_zensicals_plugin_list_is_the_installed_zensicals() -> None:
    """The one list (engines/compat.py) against the installed package's own table, so an upgrade that changes it shows."""
    require_engine("zensical")
    from portfolio.site.engines.compat import ZENSICAL_PLUGINS

    installed = importlib.import_module("zensical.config")
    assert {name: tuple(options) for name, options in installed._PLUGIN_UNSUPPORTED_OPTIONS.items()} == ZENSICAL_PLUGINS


def test_the_theme_features_zensical_lacks_are_the_ones_listed() -> None:
    """Every feature name Material's templates test for is in Zensical's theme too, but the ones we refuse."""
    require_engine("zensical")
    from portfolio.site.engines.compat import ZENSICAL_IGNORED_FEATURES

    def features(package: str) -> set[str]:
        root = Path(importlib.import_module(package).__file__).parent / "templates"
        found: set[str] = set()
        for path in root.rglob("*"):
            if path.suffix in (".html", ".js") and path.is_file():
                found |= set(
                    re.findall(r'"((?:announce|content|header|navigation|search|toc)\.[a-z.]+)"', path.read_text(errors="replace"))
                )
        return found

    material, zensical = features("material"), features("zensical")
    assert "search.highlight" in material and "navigation.instant" in zensical
    assert material - zensical == set(ZENSICAL_IGNORED_FEATURES)


# --- Zensical's failures and warnings in our words ----------------------------------------------


@pytest.mark.slow  # a whole Zensical build
def test_a_broken_template_override_is_one_line_at_the_template(here) -> None:
    require_engine("zensical")
    here.write(
        {
            "mkdocs.yml": MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: theme\n"),
            "theme/main.html": '{% extends "base.html" %}\n{% block extrahead %}\n{{ super() }\n{% endblock %}\n',
        }
    )
    result = here.invoke("build", "--engine", "zensical")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    findings = [line for line in result.stderr.splitlines() if FINDING.match(line)]
    assert len(findings) == 1 and findings[0].startswith("theme/main.html:3: error: the site engine could not render this file: ")
    assert result.stderr.strip().splitlines()[-1] == "error: the site engine could not render a file; the previous site is left as it was"


def test_a_configuration_zensical_rejects_is_one_line(here) -> None:
    require_engine("zensical")
    here.write({"mkdocs.yml": MKDOCS_YML.replace("  - tags\n", "  - tags:\n      no_such_option: 1\n")})
    result = here.invoke("build", "--engine", "zensical")
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: mkdocs.yml is not valid for Zensical: ")
    assert "Traceback" not in result.output and not (here.root / "site").exists()


@pytest.mark.slow  # a whole Zensical build
def test_zensical_warnings_name_the_persons_file_and_line(here) -> None:
    require_engine("zensical")
    here.write(
        {
            "content/posts/2023-07-01-broken.md": entry(
                "Broken", "2023-07-01", "First line.\n\nSecond line, see [this](missing.md).\n\nAnd [that](on-queues.md#no-such-heading)."
            )
        }
    )
    result = here.invoke("build", "--engine", "zensical")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if FINDING.match(line)]
    assert warnings == [
        "content/posts/2023-07-01-broken.md:8: warning: the link 'missing.md' leads to no page of the site",
        "content/posts/2023-07-01-broken.md:10: warning: the link's anchor '#no-such-heading' is no heading or id on that page",
    ]
    strict = here.invoke("build", "--engine", "zensical", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.strip().splitlines()[-1] == (
        "error: the site engine stopped: 2 warnings in strict mode; the previous site is left as it was"
    )
    assert "Traceback" not in strict.output


@pytest.mark.slow  # a whole Zensical build
def test_verbose_shows_zensicals_progress(here) -> None:
    require_engine("zensical")
    quiet = here.invoke("build", "--engine", "zensical")
    assert not [line for line in quiet.stderr.splitlines() if line.startswith("INFO")]
    verbose = here.invoke("build", "--engine", "zensical", "-v", "--force")  # nothing changed: only a forced build runs the engine
    assert verbose.exit_code == 0
    assert [line for line in verbose.stderr.splitlines() if line.startswith("INFO    -  Zensical: ")]


# --- one stage for both ---------------------------------------------------------------------


@pytest.mark.slow  # a few seconds: several builds
def test_the_stage_is_the_same_for_both_engines_and_all_relative(here) -> None:
    require_engine("zensical")
    stage = here.root / ".portfolio" / "stage"

    def staged() -> dict[str, bytes]:
        return {p.relative_to(stage).as_posix(): p.read_bytes() for p in stage.rglob("*") if p.is_file() and ".cache" not in p.parts}

    assert here.invoke("build", "--engine", "mkdocs").exit_code == 0
    first = staged()
    assert here.invoke("build", "--engine", "zensical").exit_code == 0
    assert staged() == first
    config = yaml.safe_load(first["mkdocs.yml"])
    assert (config["docs_dir"], config["site_dir"], config["theme"]["custom_dir"]) == ("docs", "site", "overrides")
    assert config["theme"]["variant"] == "classic"
    assert str(here.root) not in first["mkdocs.yml"].decode()
    # Zensical's cache stays in the stage; its rendering was moved out to the site.
    assert (stage / ".cache").is_dir() and not (stage / "site").exists()
    assert sorted(p.name for p in here.root.iterdir()) == [".portfolio", "career.yml", "content", "mkdocs.yml", "site", "skills.yml"]


def test_links_people_write_mean_the_same_on_both_engines(here, engine: str) -> None:
    """Markdown and raw-HTML links relative to the file, by content path or by address-like name; raw-HTML
    links to folders relative to the page's URL; a page named by its file: each leads to the same page on
    both engines (every page is staged as <URL>/index.md, and raw-HTML links to pages become URLs)."""
    here.write(
        {
            "content/posts/2023-06-01-links.md": entry(
                "Links",
                "2023-06-01",
                "By path [queues](2023-05-01-on-queues.md), by name [queues again](on-queues.md), "
                "[tags](../tags.md), [a skill](../skills/debugging.md), [a page](../about-me.md).\n\n"
                '<p class="raw"><a href="../on-queues/">raw dir</a> <a href="../../decisions/">raw index</a> '
                '<a href="2023-05-01-on-queues.md#words">raw md</a> <img src="../img/dot.png" alt="dot"></p>\n',
            ),
            "content/about-me.md": "Plain words, no title and no heading.\n",
            "content/img/dot.png": b"\x89PNG dot",
            "content/notes.md": "# A heading of its own\n\nWords.\n",
        }
    )
    result = here.invoke("build", "--strict", "--engine", engine)
    assert result.exit_code == 0, result.output
    site = here.root / "site"
    doc = page(site, "posts/links/")
    links = {a.get_text(): resolved("posts/links/", a["href"]) for a in doc.find("article").find_all("a") if a.get_text()}
    assert {name: links[name] for name in ("queues", "queues again", "tags", "a skill", "a page", "raw dir", "raw index", "raw md")} == {
        "queues": "posts/on-queues/",
        "queues again": "posts/on-queues/",
        "tags": "tags/",
        "a skill": "skills/debugging/",
        "a page": "about-me/",
        "raw dir": "posts/on-queues/",
        "raw index": "decisions/",
        "raw md": "posts/on-queues/#words",
    }
    image = doc.select_one("p.raw img")
    assert resolve(site, "posts/links/", image["src"]).read_bytes() == b"\x89PNG dot"
    assert page(site, "about-me/").find("h1").get_text(strip=True) == "About me"
    assert page(site, "notes/").find("h1").get_text(strip=True) == "A heading of its own"


@pytest.mark.slow  # a few seconds: several builds
def test_the_head_tags_and_a_persons_own_main_html_work_on_both_engines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    """The example's theme/main.html (a person's override that includes our partial) renders with Jinja and MiniJinja."""
    root = copy_example(tmp_path)
    monkeypatch.chdir(root)
    from sitekit import run

    assert run(["build", "--engine", engine]).exit_code == 0
    for url in ("decisions/queue-over-cron/", ""):
        head = page(root / "site", url).head
        meta = {m.get("property") or m.get("name"): m.get("content") for m in head.find_all("meta")}
        assert meta["og:site_name"] == "Maya Okafor — engineering portfolio"
        assert meta["twitter:card"] == "summary_large_image"
        assert [m["content"] for m in head.find_all("meta", attrs={"name": "generator"}) if "growth" in m["content"]] == [
            "growth-portfolio"
        ]
        assert len(head.find_all("link", rel="alternate")) == 4
    entry_meta = {m.get("property"): m.get("content") for m in page(root / "site", "decisions/queue-over-cron/").head.find_all("meta")}
    assert entry_meta["og:type"] == "article"
    assert entry_meta["og:url"] == "https://portfolio.example.org/decisions/queue-over-cron/"
    assert entry_meta["og:image"] == "https://portfolio.example.org/assets/previews/decisions/queue-over-cron.png"
    missing = BeautifulSoup((root / "site" / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert missing.find("meta", property="og:site_name")["content"] == "Maya Okafor — engineering portfolio"


# --- doctor --------------------------------------------------------------------------------


def test_doctor_says_which_engine_and_versions_and_that_both_are_ready(here) -> None:
    require_engine("zensical")
    result = here.invoke("doctor")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "engine: mkdocs (the default)"
    from importlib.metadata import version

    assert lines[1].split() == ["mkdocs", "mkdocs", version("mkdocs") + ",", "mkdocs-material", version("mkdocs-material"), "(in", "use)"]
    assert lines[2].split() == ["zensical", "zensical", version("zensical")]
    assert "MkDocs with Material (builds this portfolio): mkdocs.yml is ready for it; nothing would have to change" in lines
    assert "Zensical (to move to it): mkdocs.yml is ready for it; nothing would have to change" in lines
    days = (MATERIAL_END_OF_FIXES - dt.date.today()).days
    assert f"Material for MkDocs is in maintenance mode: critical fixes until 5 May 2027 ({days} days from today)." in lines or days < 0


def test_doctor_lists_what_would_have_to_change_and_fails_only_for_the_engine_in_use(here) -> None:
    here.write({"mkdocs.yml": IGNORED_BY_ZENSICAL, "hooks.py": "def on_config(config):\n    return config\n"})
    result = here.invoke("doctor")
    assert result.exit_code == 0, result.output  # MkDocs, in use, honours all of it
    assert "Zensical (to move to it): 7 settings of mkdocs.yml would have to change:" in result.stdout
    assert (
        "  mkdocs.yml:15: hooks: Zensical runs no hooks and would ignore them silently; remove them, or keep the MkDocs engine"
        in result.stdout
    )
    chosen = here.invoke("doctor", "--engine", "zensical")
    assert chosen.exit_code == 1
    assert chosen.stdout.startswith("engine: zensical (--engine)\n")
    here.write(
        {
            "mkdocs.yml": MKDOCS_YML.replace("  font: false\n", "  font: false\n  variant: modern\n")
            + "extra:\n  portfolio:\n    engine: zensical\n"
        }
    )
    result = here.invoke("doctor")
    assert result.stdout.startswith("engine: zensical (extra.portfolio.engine in mkdocs.yml)\n")
    assert "  mkdocs.yml:7: theme variant 'modern': Material for MkDocs has only its classic look and ignores this setting" in result.stdout


def test_doctor_without_zensical_says_how_to_install_it(here, monkeypatch: pytest.MonkeyPatch) -> None:
    zensical = importlib.import_module("portfolio.site.engines.zensical")
    monkeypatch.setattr(zensical, "installed", lambda: False)
    monkeypatch.setattr(zensical, "versions", lambda: {"zensical": None})
    result = here.invoke("doctor")
    assert result.exit_code == 0, result.output  # the engine in use, MkDocs, is there
    assert "  zensical  not installed" in result.stdout.splitlines()
    assert 'Zensical: the Zensical engine is not installed; install it with pip install "growth-portfolio[zensical]"' in result.stdout
    assert here.invoke("doctor", "--engine", "zensical").exit_code == 1

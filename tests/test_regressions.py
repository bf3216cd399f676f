"""One test per bug the robustness suites found (issue 8), each named after what went wrong, and the README's exit codes.

Found by tests/test_properties.py, test_injection.py, test_paths.py and test_atomic.py;
each test here is the smallest input that showed the bug, so it stays fixed.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from robustkit import FINDING, MiB, run_bounded
from sitekit import basic_files, entry, tree_digest, write_tree

from portfolio.cli import cli

REPO = Path(__file__).resolve().parent.parent
MKDOCS_YML = "site_name: Regressions\ndocs_dir: content\ntheme:\n  name: material\n  font: false\n"


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small valid portfolio that is the working folder."""
    write_tree(tmp_path, basic_files())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def post(root: Path, name: str, text: str | bytes) -> Path:
    path = root / "content" / "posts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


# --- check: findings ----------------------------------------------------------------------


def test_a_key_with_a_newline_or_escape_code_stays_one_finding_line(here: Path) -> None:
    """Was: `unknown key 'a<newline>b'` printed over two lines, and an ESC sequence reached the terminal."""
    post(here, "2024-01-01-keys.md", '---\ntitle: T\ndate: 2024-01-01\n"a\\nb": 1\n"c\\e[2Jd": 2\n---\nBody.\n')
    result = invoke("check")
    lines = result.stdout.splitlines()
    assert lines[:-1] == [
        "content/posts/2024-01-01-keys.md:4: warning: unknown key 'a\\nb' is ignored",
        "content/posts/2024-01-01-keys.md:5: warning: unknown key 'c\\x1b[2Jd' is ignored",
    ]
    assert "\x1b" not in result.stdout


def test_a_line_separator_in_yaml_does_not_push_line_numbers_past_the_end(here: Path) -> None:
    """Was: libyaml counts U+2028, U+2029 and NEL as line breaks, so findings named lines past the end of the file."""
    post(here, "2024-01-01-ls.md", "---\ntitle: 'a\u2028\u2028\x85 b'\ndate: 2024-01-01\nunknown: 1\n---\nBody.\n")
    assert invoke("check").stdout.splitlines()[0] == "content/posts/2024-01-01-ls.md:4: warning: unknown key 'unknown' is ignored"


def test_a_null_key_is_an_error_like_any_key_that_is_not_a_word(here: Path) -> None:
    """Was: `~: 1` passed as a warning about an unknown key 'None', while `1: 1` was an error."""
    post(here, "2024-01-01-null.md", "---\n~: 1\ntitle: T\ndate: 2024-01-01\n---\nBody.\n")
    result = invoke("check")
    assert result.exit_code == 1
    assert "content/posts/2024-01-01-null.md:2: error: front-matter keys must be words, got nothing" in result.stdout


@pytest.mark.parametrize("where", ["content/posts/2024-01-01-one-value.md", "skills.yml", "career.yml"])
def test_yaml_that_is_one_plain_value_is_a_finding(here: Path, where: str) -> None:
    """Was (briefly, after the loader stopped visiting scalars): `AttributeError: 'str' object has no attribute 'start_mark'`."""
    (here / where).write_text("---\njust text\n---\nBody.\n" if where.endswith(".md") else "0\n")
    result = invoke("check")
    assert result.exit_code == 1
    assert re.search(rf"^{re.escape(where)}:\d+: error: ", result.stdout, re.MULTILINE), result.stdout


def test_a_control_character_in_mkdocs_yml_is_a_usage_error(here: Path) -> None:
    """Was (briefly, while hardening the config loader): PyYAML's reader raised before the error handling began."""
    (here / "mkdocs.yml").write_text("\x1f")
    result = invoke("check")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: mkdocs.yml:1: invalid YAML: ")


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000 + "]" * 200_000, "{a: " * 100_000 + "1" + "}" * 100_000, "\n" + "- " * 100_000 + "x"],
    ids=["brackets", "braces", "dashes"],
)
@pytest.mark.slow
def test_front_matter_nested_a_hundred_thousand_deep_is_a_finding_not_a_crash(tmp_path: Path, text: str) -> None:
    """Was: libyaml's composer recursed in C and the process died of a segmentation fault (exit -11)."""
    write_tree(
        tmp_path,
        {"mkdocs.yml": MKDOCS_YML, "content/posts/2024-01-01-deep.md": f"---\ntitle: Deep\ndate: 2024-01-01\nskills: {text}\n---\n"},
    )
    run = run_bounded(["check"], tmp_path, timeout=60)
    assert run.returncode == 1, run.stderr[-500:]
    assert re.match(r"content/posts/2024-01-01-deep\.md:\d+: error: nesting deeper than 50 levels", run.stdout)


def test_a_deeply_nested_mkdocs_yml_is_a_usage_error_not_a_traceback(here: Path) -> None:
    """Was: RecursionError from PyYAML's composer, with a traceback, for every command."""
    (here / "mkdocs.yml").write_text(MKDOCS_YML + "extra: " + "[" * 3000 + "]" * 3000 + "\n")
    result = invoke("check")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: mkdocs.yml:6: nesting deeper than 50 levels"


def test_an_impossible_date_in_mkdocs_yml_is_a_usage_error_not_a_traceback(here: Path) -> None:
    """Was: PyYAML's ValueError (month must be in 1..12) escaped from every command that reads mkdocs.yml."""
    (here / "mkdocs.yml").write_text(MKDOCS_YML + "extra:\n  since: 2024-13-45\n")
    result = invoke("check")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: mkdocs.yml:1: invalid YAML value: month must be in 1..12"


@pytest.mark.slow
def test_an_alias_bomb_in_mkdocs_yml_is_refused_before_the_engine_sees_it(tmp_path: Path) -> None:
    """Was: MkDocs logs repr() of every config value, so a 9**9 'billion laughs' made `build` take a minute and 5 GB."""
    bomb = "".join(f"l{i}: &l{i} [" + ", ".join(["lol"] * 9 if i == 0 else [f"*l{i - 1}"] * 9) + "]\n" for i in range(9))
    write_tree(tmp_path, {**basic_files(), "mkdocs.yml": MKDOCS_YML + bomb})
    run = run_bounded(["build"], tmp_path, timeout=30)
    assert run.returncode == 2
    assert run.stderr.strip() == "error: mkdocs.yml:1: more than 100000 values (are aliases expanding?); simplify this file"
    assert run.max_rss < 300 * MiB


# --- build --------------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_a_finding_not_a_traceback(here: Path) -> None:
    """Was: UnicodeEncodeError (surrogates not allowed) while staging."""
    (here / "content" / "posts").joinpath(os.fsdecode(b"2024-01-01-\xff\xfe.md")).write_text(entry("Latin-1 name", "2024-01-01"))
    result = invoke("build")
    assert result.exit_code == 1
    assert re.search(
        r"^content/posts/2024-01-01-.+\.md:1: error: the file name is not UTF-8 text; rename the file$", result.stderr, re.MULTILINE
    )


@pytest.mark.slow
def test_markdown_nested_hundreds_deep_is_a_finding_at_the_file(here: Path) -> None:
    """Was: Python-Markdown's RecursionError ended `build` in a traceback."""
    body = "".join("  " * level + "- item\n" for level in range(500))
    post(here, "2024-01-01-nested.md", entry("Nested", "2024-01-01", body))
    before = tree_digest(here / "site") if (here / "site").exists() else None
    result = invoke("build")
    assert result.exit_code == 1
    findings = [line for line in result.stderr.splitlines() if FINDING.match(line)]
    assert findings == [
        "content/posts/2024-01-01-nested.md:5: error: the site engine could not render this file: it nests too deeply (lists, quotes or HTML hundreds of levels deep)"
    ]
    assert (tree_digest(here / "site") if (here / "site").exists() else None) == before


def test_tags_that_are_not_a_list_on_a_page_are_a_finding_from_check(here: Path) -> None:
    """Was: `tags: x` on a page that is no entry passed `check`, then Material stopped the build with no file named."""
    (here / "content" / "about.md").write_text("---\ntitle: About\ntags: x\n---\n\nAbout.\n")
    result = invoke("check")
    assert result.exit_code == 1
    assert "content/about.md:3: error: 'tags' should be a list of words, e.g. [a, b], got 'x'" in result.stdout


def test_an_engine_failure_on_one_file_names_that_file(here: Path) -> None:
    """Was: `error: the site engine stopped: Aborted with a BuildError!`, with no file or line."""
    (here / "hooks.py").write_text(
        "from mkdocs.exceptions import PluginError\n"
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.file.src_uri == 'about/index.md':  # a page is staged as <its URL>/index.md\n"
        "        raise PluginError('this page cannot be rendered')\n"
        "    return markdown\n"
    )
    (here / "mkdocs.yml").write_text((here / "mkdocs.yml").read_text() + "hooks: [hooks.py]\n")
    (here / "content" / "about.md").write_text("---\ntitle: About\n---\n\nAbout.\n")
    result = invoke("build")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert errors == ["content/about.md:1: error: the site engine could not render this file: this page cannot be rendered"]


def test_any_exception_the_engine_raises_is_one_line_naming_the_page(here: Path) -> None:
    """Was: an exception from a hook or a Markdown extension (not a BuildError) came out as a traceback."""
    (here / "hooks.py").write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.file.src_uri == 'posts/on-queues/index.md':\n"
        "        raise KeyError('boom')\n"
        "    return markdown\n"
    )
    (here / "mkdocs.yml").write_text((here / "mkdocs.yml").read_text() + "hooks: [hooks.py]\n")
    result = invoke("build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith(("content/", "error:"))]
    assert lines == [
        "content/posts/2023-05-01-on-queues.md:7: error: the site engine could not render this file: KeyError: 'boom'",
        "error: the site engine could not render a file; the previous site is left as it was",
    ]


@pytest.mark.slow
def test_relative_config_dir_tags_resolve_against_the_portfolio_not_the_stage(here: Path) -> None:
    """Was: `!relative $config_dir` in mkdocs.yml pointed into .portfolio/stage/."""
    (here / "snippets").mkdir()
    (here / "snippets" / "note.md").write_text("Included from the snippets folder.\n")
    (here / "mkdocs.yml").write_text(
        (here / "mkdocs.yml").read_text()
        + "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir/snippets\n      check_paths: true\n"
    )
    (here / "content" / "posts" / "2023-05-01-on-queues.md").write_text(entry("On queues", "2023-05-01", '--8<-- "note.md"'))
    result = invoke("build")
    assert result.exit_code == 0, result.output
    text = BeautifulSoup((here / "site/posts/on-queues/index.html").read_text(), "html.parser").find("article").get_text(" ", strip=True)
    assert "Included from the snippets folder." in text


@pytest.mark.slow
def test_a_page_title_from_front_matter_or_file_name_is_escaped(here: Path) -> None:
    """Was: pages that are not entries (about.md, any root page) went into <title>, the navigation and meta tags as raw HTML."""
    (here / "content" / "about.md").write_text(
        "---\ntitle: '<script>alert(1)</script>'\ndescription: '\" onmouseover=\"alert(2)'\ntags: ['<b>t</b>']\n---\n\nAbout.\n"
    )
    (here / "content" / "<svg onload=alert(3)>.md").write_text("Named by its file.\n")
    (here / "content" / "notes").mkdir()
    (here / "content" / "notes" / "<img src=x onerror=alert(4)>.md").write_text("Not in the navigation.\n")
    assert invoke("build").exit_code == 0
    for page in (here / "site").rglob("*.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not doc.find_all("script", string=re.compile("alert")), page
        assert not [tag for tag in doc.find_all(True) if any(name.startswith("on") for name in tag.attrs)], page
    about = BeautifulSoup((here / "site/about/index.html").read_text(), "html.parser")
    assert about.title.get_text().startswith("<script>alert(1)</script>")
    assert about.find("meta", attrs={"name": "description"})["content"] == '" onmouseover="alert(2)'
    assert (here / "content" / "about.md").read_text().startswith("---\ntitle: '<script>")  # the source is untouched


@pytest.mark.slow
def test_a_very_long_author_name_is_a_page_not_a_file_name_error(here: Path) -> None:
    """Was: an author page named after a 600-character name failed the build with "File name too long"."""
    post(here, "2024-01-01-long-author.md", entry("Long author", "2024-01-01", authors=["b" * 600]))
    result = invoke("build")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (here / "site" / "authors").iterdir() if p.is_dir()] == ["b" * 100]


def test_a_very_long_slug_is_a_finding(here: Path) -> None:
    """Was: `slug:` of 300 characters passed `check`, then failed the build with "File name too long"."""
    post(here, "2024-01-01-long-slug.md", entry("Long slug", "2024-01-01", slug="a" * 300))
    result = invoke("build")
    assert result.exit_code == 1
    assert "content/posts/2024-01-01-long-slug.md:4: error: 'slug': slug 'aaaa" in result.stderr
    assert "is 300 characters long; keep it to at most 100" in result.stderr


def test_new_with_a_very_long_title_cuts_the_file_name_at_a_word(here: Path) -> None:
    """Was: `new post "<400 characters>"` failed with "File name too long"."""
    result = invoke("new", "post", "word " * 80, "--date", "2024-01-01")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.name == "2024-01-01-" + "-".join(["word"] * 20) + ".md"  # one limit for every slug: 100
    assert invoke("check").exit_code == 0


@pytest.mark.slow
def test_a_killed_builds_temporary_folder_does_not_pile_up(here: Path) -> None:
    """Was: every killed build left a `.site.new-*` folder (a copy of a site) behind, forever."""
    (here / ".site.new-abc123").mkdir()
    (here / ".site.new-abc123" / "index.html").write_text("half a site")
    assert invoke("build").exit_code == 0
    assert not (here / ".site.new-abc123").exists()


@pytest.mark.slow
def test_a_full_disk_during_the_build_names_the_site_not_a_temporary_path(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: `error: /abs/.site.new-x1y2/posts/a/index.html: No space left on device`."""
    import mkdocs.commands.build as engine_build

    def full(content: bytes, output_path: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)

    monkeypatch.setattr(engine_build.utils, "write_file", full)
    result = invoke("build")
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[-1] == "error: site: cannot write the site: No space left on device; the previous site is left as it was"
    )


def test_new_on_a_full_disk_leaves_no_empty_entry_behind(here: Path) -> None:
    """Was: the O_EXCL file stayed, empty or cut short, and the next `new` said "already exists"."""

    class Full:
        def __init__(self, fd: int, *args: object, **kwargs: object) -> None:
            os.close(fd)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def write(self, text: str) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fdopen", Full)
        result = invoke("new", "post", "Full", "--date", "2024-01-01")
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert not (here / "content/posts/2024-01-01-full.md").exists()
    assert invoke("new", "post", "Full", "--date", "2024-01-01").exit_code == 0


# --- paths --------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["../elsewhere", "/tmp/portfolio-elsewhere-{pid}"])
def test_new_dir_outside_the_portfolio_is_a_usage_error(here: Path, where: str) -> None:
    """Was: `new post T --dir ../elsewhere` wrote the entry outside the portfolio."""
    target = Path(where.format(pid=os.getpid()))
    result = invoke("new", "post", "Out", "--date", "2024-01-01", "--dir", str(target))
    assert result.exit_code == 2, result.output
    assert not (here / target).exists() and not target.exists()


@pytest.mark.slow
def test_a_linked_file_from_outside_is_not_published(here: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Was: a symbolic link in content/ to a file anywhere on the machine was read and published (and copied, for non-Markdown files)."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "notes.md").write_text(entry("Private notes zqxlinked", "2024-01-01"))
    (outside / "key.txt").write_text("zqxlinked\n")
    (here / "content/posts/2024-01-01-notes.md").symlink_to(outside / "notes.md")
    (here / "content/key.txt").symlink_to(outside / "key.txt")
    result = invoke("build")
    assert result.exit_code == 0, result.output
    assert "content/posts/2024-01-01-notes.md:1: warning: a symbolic link to " in result.stderr
    assert not any(b"zqxlinked" in p.read_bytes() for p in (here / "site").rglob("*") if p.is_file())
    assert not (here / "site/key.txt").exists()


def test_a_linked_folder_is_reported_not_silently_skipped(here: Path) -> None:
    """Was: a folder link (a loop, here) was skipped without a word; now `check` says so."""
    (here / "content" / "again").symlink_to(here / "content", target_is_directory=True)
    result = invoke("check")
    assert result.exit_code == 0
    assert (
        "content/again:1: warning: a symbolic link to a folder is not followed; its files are not part of the portfolio (move them in instead)"
        in result.stdout
    )


# --- the README's exit codes ------------------------------------------------------------------


def exit_code_table() -> dict[int, str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    return {int(code): meaning for code, meaning in re.findall(r"^\| (\d) \| (.+) \|$", section, re.MULTILINE)}


CASES = [
    # (what the README row says, the command, its exit code)
    ("`check` found no errors", ["check"], 0),
    ("content errors", ["check"], 1),
    ("`new` onto an existing file", ["new", "post", "On queues", "--date", "2023-05-01"], 1),
    ("`packet -o` onto an existing file", ["packet", "-o", "mkdocs.yml"], 1),
    ("`export resume -o` onto an existing file", ["export", "resume", "-o", "mkdocs.yml"], 1),
    ("a resume file that is not JSON", ["import", "resume", "mkdocs.yml"], 1),
    ("a `--strict` one with engine warnings", ["build", "--strict"], 1),
    ("`deploy` refusing (not a git repository", ["deploy", "--dry-run"], 1),
    ("an unknown command", ["frobnicate"], 2),
    ("kind", ["new", "essay", "Title"], 2),
    ("option value (`--target-level`", ["packet", "--target-level", "guru"], 2),
    ("a missing argument", ["new", "post"], 2),
    ("a missing content folder", ["check", "--dir", "nowhere"], 2),
    ("a title that gives no file name", ["new", "post", "!!!"], 2),
    ("a `--slug`, `--dir`", ["new", "post", "Out", "--dir", "../out"], 2),
    ("an output folder (`-d` or `site_dir`) that is outside the portfolio, on its sources", ["build", "-d", "."], 2),
    ("not empty and not built by this tool", ["build", "-d", "out"], 2),
    ("a date outside 1900-01-01..2999-12-31", ["review", "--as-of", "9999-12-31"], 2),
    ("a port outside 1..65535", ["serve", "-a", "127.0.0.1:70000"], 2),
    ("a misspelt privacy flag", ["check"], 1),
    ("a name that takes over a generated page's address", ["check"], 1),
]


def test_the_exit_code_table_lists_0_1_2() -> None:
    assert sorted(exit_code_table()) == [0, 1, 2]


@pytest.mark.parametrize("phrase, args, code", CASES, ids=[" ".join(args) + f" -> {code}" for _, args, code in CASES])
@pytest.mark.slow
def test_the_exit_code_table_matches_the_code(here: Path, phrase: str, args: list[str], code: int) -> None:
    assert phrase in exit_code_table()[code], f"the README's row {code} does not mention {phrase!r}"
    if phrase == "content errors":
        post(here, "2024-01-01-bad.md", "---\ntitle: No date\n---\n")
    if phrase == "a `--strict` one with engine warnings":
        post(here, "2024-01-01-broken-link.md", entry("Broken link", "2024-01-01", "See [this](nowhere.md)."))
    if phrase == "not empty and not built by this tool":
        write_tree(here, {"out/notes.txt": "mine\n"})
    if phrase == "a misspelt privacy flag":
        post(here, "2024-01-01-flag.md", entry("Flag", "2024-01-01", Private=True))
    if phrase == "a name that takes over a generated page's address":
        post(here, "2024-01-01-index.md", entry("Index", "2024-01-01", slug="index"))
    if phrase == "`check` found no errors":
        post(here, "2024-01-01-warned.md", entry("Warned", "2024-01-01", unknown_key=1))
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def test_the_exit_code_table_for_a_missing_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    assert "a missing or unreadable `mkdocs.yml`" in exit_code_table()[2]
    assert invoke("build").exit_code == 2
    (tmp_path / "mkdocs.yml").write_text("site_name: [\n")
    assert invoke("check").exit_code == 2


@pytest.mark.slow
def test_the_exit_code_table_for_serve(tmp_path: Path) -> None:
    """`serve` stopped with Ctrl+C exits 0; a port in use is a system error, exit 1."""
    import signal
    import subprocess

    from robustkit import console_script
    from test_serve import Server

    assert "`serve` stopped with Ctrl+C" in exit_code_table()[0] and "an address `serve` cannot serve on" in exit_code_table()[1]
    write_tree(tmp_path / "one", basic_files())
    write_tree(tmp_path / "two", basic_files())
    server = Server(tmp_path / "one")
    try:
        busy = subprocess.run(
            [*console_script(), "serve", "-a", f"127.0.0.1:{server.port}"],
            cwd=tmp_path / "two",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert busy.returncode == 1
        assert busy.stderr.startswith(f"error: cannot serve on 127.0.0.1:{server.port}: the address is already in use")
    finally:
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=30) == 0


@pytest.mark.slow
def test_an_engine_failure_when_serve_starts_is_one_line_not_a_traceback(here: Path) -> None:
    """Was: an exception from the engine in serve's first build came out as a Python traceback."""
    (here / "hooks.py").write_text("def on_page_markdown(markdown, page, **kwargs):\n    raise KeyError('boom')\n")
    (here / "mkdocs.yml").write_text((here / "mkdocs.yml").read_text() + "hooks: [hooks.py]\n")
    run = run_bounded(["serve", "-a", "127.0.0.1:8999"], here, timeout=60)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert re.search(r"^error: the site engine failed on [^:]+\.md: KeyError: 'boom'$", run.stderr, re.M), run.stderr[-1000:]

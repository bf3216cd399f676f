"""Property tests: whatever a person puts in a file, `check` and `build` answer with findings.

Hypothesis generates front matter and bodies — random keys, types and nesting,
Unicode (RTL, combining marks, emoji, NUL, line separators), YAML anchors and
aliases, duplicate keys, tabs, BOMs, CRLF and lone CR, bytes that are not UTF-8 —
and asserts the contract of the design: every finding is one line
``path:line: error|warning: message`` with a line inside the file, the exit code
is 1 exactly when an error was printed, and nothing ends in a traceback. The
nastiest inputs (alias-expansion bombs, nesting tens of thousands deep, strings
of many megabytes) run the real console script in a subprocess with a timeout and
a peak-memory bound.

Profiles (tests/conftest.py): "ci" by default (fixed seed, bounded examples);
``HYPOTHESIS_PROFILE=long pytest tests/test_properties.py`` for a long random run.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")

import yaml  # noqa: E402 - after the skip: without hypothesis this file is skipped, not an error
from click.testing import CliRunner, Result  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from robustkit import FINDING, SUMMARY, MiB, run_bounded  # noqa: E402
from sitekit import CAREER_YML, SKILLS_YML  # noqa: E402

from portfolio.cli import cli  # noqa: E402

pytestmark = pytest.mark.slow  # builds, deploys, kills or drives a browser: see CONTRIBUTING.md

#: The examples the loaded profile allows; the suites below take fractions of it.
EXAMPLES = settings.default.max_examples

MKDOCS_YML = "site_name: Property test\ndocs_dir: content\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - tags\n"

# --- strategies ------------------------------------------------------------------------

NASTY = [
    "\u202eevil\u202c",
    "مرحبا بالعالم",
    "שלום עולם",
    "e\u0301\u0302\u0303\u0304",
    "👩🏽‍💻🚀",
    "\u200b\u200d\u2060",
    "\ufeff",
    "\x00",
    "\x01",
    "\x7f",
    "\x9b",
    "\x1b[31m",
    "\t",
    "\r\n",
    "\r",
    "\n",
    "\u2028",
    "\u2029",
    "\x85",
    "\U0001d54f",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "{#",
    "---",
    "...",
    ": ",
    "- ",
    "? ",
    "&a ",
    "*a",
    "<<",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "!ENV X",
    "'",
    '"',
    "#",
    "\\",
    "%",
    "@",
    "`",
    "|",
    ">",
    "[",
    "]",
    "{",
    "}",
    ",",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "0x1F",
    "0o17",
    "1e400",
    ".nan",
    "-.inf",
    "0032",
    "9" * 5000,
    "2024-02-30",
    "2023-01-01",
    "2023-01-01T10:00:00Z",
    "debugging",
    "expert",
    "accepted",
    "a" * 1100,
]
KNOWN_KEYS = [
    "title",
    "date",
    "description",
    "tags",
    "skills",
    "draft",
    "private",
    "highlight",
    "authors",
    "slug",
    "role",
    "kind",
    "status",
    "supersedes",
    "superseded_by",
    "deciders",
    "assumptions",
    "revisit",
    "outcome",
    "outcome_note",
    "root_cause",
    "resolved",
    "severity",
    "decision",
    "impact",
    "link",
]

any_text = st.text(st.characters(codec="utf-8"), max_size=30)
text = st.one_of(any_text, st.sampled_from(NASTY), st.lists(st.one_of(st.sampled_from(NASTY), any_text), max_size=5).map("".join))
keys = st.one_of(st.sampled_from(KNOWN_KEYS), text)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    text,
    st.dates().map(str),
    st.sampled_from(["proposed", "accepted", "superseded", "right", "high", "debugging", "writing", "expert", "second"]),
)
values = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=12
)


def _dump(data: object, style: str) -> str:
    if style == "json":
        return json.dumps(data, ensure_ascii=False, default=str)
    return yaml.safe_dump(data, allow_unicode=style == "unicode", default_flow_style=None, sort_keys=False, width=10_000)


@st.composite
def structured_front_matter(draw: st.DrawFn) -> str:
    """Well-formed YAML (or JSON) of a random mapping, usually with a title and a date."""
    data: dict = {}
    if draw(st.integers(0, 9)):
        data["title"] = draw(st.one_of(text, scalars))
    if draw(st.integers(0, 9)):
        data["date"] = draw(st.one_of(st.dates().map(str), scalars))
    data.update(draw(st.dictionaries(keys, values, max_size=8)))
    return _dump(data, draw(st.sampled_from(["ascii", "unicode", "json"])))


RAW_LINES = [
    "title: A title",
    "title: Another",
    "date: 2023-01-01",
    "date: 2024-02-30",
    "kind: decision",
    "kind: nonsense",
    "status: aproved",
    "skills: {debugging: expert}",
    "skills: [writing, {restraint: beginner}]",
    "skills: {debugging: [x]}",
    "tags: [a, b]",
    "tags: {a: 1}",
    "draft: true",
    "private: maybe",
    "slug: ../../etc",
    "slug: ok-slug",
    "role: nope",
    "supersedes: [nothing]",
    "a: &x [1, 2, 3]",
    "b: *x",
    "<<: *x",
    "c: &y {p: 1}",
    "<<: [*y, *y]",
    "d: *undefined",
    "e: &z [*z]",
    "\ttitle: tabbed",
    "title: a\tb",
    "# a comment",
    "---",
    "...",
    "? complex",
    ": value",
    "[unclosed",
    "{a: 1",
    "'unterminated",
    '"unterminated',
    "key: |",
    "  block text",
    "key: >-",
    "%YAML 1.2",
    "title: !!binary aGk=",
    "title: !!python/name:os.system",
    "title: !custom x",
    "? [a, b]\n: c",
    "~: null",
    "1: one",
    "true: yes",
    '"\\ud800": surrogate',
    '"a\\nb": newline key',
    'title: "\\x00"',
    "date: 2023-01-01 10:00:00",
    "x: 0x",
    "y: 1_000",
]
raw_line = st.one_of(
    st.sampled_from(RAW_LINES),
    st.builds(lambda k, v: f"{k}: {v}", keys, text),
    st.builds(lambda v: f"- {v}", text),
    st.builds(lambda n, k, v: " " * n + f"{k}: {v}", st.integers(1, 6), keys, text),
    text,
)
raw_front_matter = st.lists(raw_line, max_size=12).map("\n".join)


@st.composite
def alias_bomb(draw: st.DrawFn) -> str:
    """A 'billion laughs': each level repeats the previous one ``width`` times."""
    width, depth = draw(st.integers(2, 10)), draw(st.integers(2, 9))
    lines = ["title: Laughs", "date: 2023-01-01", "l0: &l0 [lol" + ", lol" * (width - 1) + "]"]
    for level in range(1, depth):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    if draw(st.booleans()):
        lines.append(f"tags: *l{depth - 1}")
    return "\n".join(lines)


@st.composite
def deep_nesting(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, 300))
    style = draw(st.sampled_from(["flow-list", "flow-map", "block-map", "block-list"]))
    if style == "flow-list":
        nested = "[" * depth + "]" * depth
    elif style == "flow-map":
        nested = "{a: " * depth + "1" + "}" * depth
    elif style == "block-list":
        nested = "\n" + "- " * depth + "x"
    else:
        nested = "".join("\n" + " " * (i + 1) + f"k{i}:" for i in range(min(depth, 120))) + " end"
    return f"title: Deep\ndate: 2023-01-01\nskills: {nested}"


front_matter = st.one_of(structured_front_matter(), raw_front_matter, alias_bomb(), deep_nesting())

MD_TOKENS = [
    "# ",
    "## ",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "```",
    "`",
    "[",
    "](",
    ")",
    "![](x.png)",
    "<div>",
    "</div>",
    "<script>",
    "{{ 7*7 }}",
    "{% if x %}",
    "|",
    "---",
    "<!--",
    "-->",
    "&amp;",
    "**",
    "_",
    "[^1]",
    "    ",
    "\t",
    "!!! note",
    "word ",
]
body = st.lists(st.one_of(st.sampled_from(MD_TOKENS), text), max_size=40).map("".join)

FOLDERS = ["decisions", "debugging", "posts", "postmortems", "wins", "", "notes", "posts/2023"]
file_stem = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="/:\\"), min_size=1, max_size=24
).filter(lambda s: not s.startswith(".") and s.strip() == s and len(s.encode()) < 200)


@st.composite
def entry_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """One Markdown file: a path under content/ and its bytes, with line-ending and encoding accidents."""
    folder = draw(st.sampled_from(FOLDERS))
    prefix = draw(st.sampled_from(["2023-05-01-", "", "2024-13-45-"]))
    rel = "/".join(part for part in ("content", folder, f"{prefix}{draw(file_stem)}.md") if part)
    opener = draw(st.sampled_from(["---\n", "---\n", "---\n", "--- \n", "", "---"]))
    closer = draw(st.sampled_from(["\n---\n", "\n---\n", "\n---\n", "\n...\n", "\n", ""]))
    text = opener + draw(front_matter).rstrip("\n") + closer + draw(body)
    text = text.replace("\n", draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])))
    if draw(st.integers(0, 4)) == 0:
        text = "\ufeff" + text
    data = text.encode("utf-8", "surrogatepass")
    accident = draw(st.integers(0, 9))
    if accident == 0 and data:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80"])) + data[cut:]
    elif accident == 1 and data:
        data = data[: draw(st.integers(0, len(data)))]
    return rel, data


@st.composite
def portfolio_files(draw: st.DrawFn) -> dict[str, bytes]:
    files = {"mkdocs.yml": MKDOCS_YML.encode()}
    for rel, data in draw(st.lists(entry_file(), min_size=1, max_size=3, unique_by=lambda item: item[0].lower())):
        files[rel] = data
    for name, good in (("skills.yml", SKILLS_YML), ("career.yml", CAREER_YML)):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            files[name] = draw(front_matter).encode("utf-8", "surrogatepass")
        elif choice < 3:
            files[name] = good.encode()
    return files


# --- the contract -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@contextmanager
def portfolio_in(scratch: Path, files: dict[str, bytes]) -> Iterator[Path]:
    """The files written into a fresh folder that is the working folder while the block runs."""
    root = Path(tempfile.mkdtemp(dir=scratch))
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    previous = os.getcwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(previous)
        shutil.rmtree(root, ignore_errors=True)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"portfolio {' '.join(args)} ended in a traceback") from result.exception
    return result


def line_count(data: bytes) -> int:
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def assert_findings(lines: list[str], files: dict[str, bytes]) -> list[str]:
    """Every line is one finding about a file we wrote, at a line inside it; return the severities."""
    severities = []
    for line in lines:
        match = FINDING.match(line)
        assert match, f"not a `path:line: severity: message` line: {line!r}"
        path, number = line.split(":", 2)[:2]
        assert path in files, f"a finding about a file we did not write: {line!r}"
        assert 1 <= int(number) <= line_count(files[path]), f"line {number} is outside {path} ({line_count(files[path])} lines): {line!r}"
        severities.append(match.group(1))
    return severities


def assert_check_contract(files: dict[str, bytes]) -> None:
    result = invoke("check")
    assert result.exit_code in (0, 1), result.output
    lines = result.stdout.split("\n")
    assert lines[-1] == "", "the output ends with a newline"
    *finding_lines, summary = lines[:-1]
    match = SUMMARY.match(summary)
    assert match, f"the last line is not the summary: {summary!r}"
    severities = assert_findings(finding_lines, files)
    errors = severities.count("error")
    assert int(match["errors"]) == errors and int(match["warnings"]) == severities.count("warning")
    assert int(match["public"]) + int(match["drafts"]) + int(match["private"]) == int(match["entries"])
    assert result.exit_code == (1 if errors else 0), result.stdout
    as_json = invoke("check", "--format", "json")
    assert as_json.exit_code == result.exit_code
    assert len(json.loads(as_json.stdout)) == len(finding_lines)


@settings(max_examples=EXAMPLES * 4, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=portfolio_files())
def test_check_answers_every_input_with_findings(scratch: Path, files: dict[str, bytes]) -> None:
    with portfolio_in(scratch, files):
        assert_check_contract(files)


@settings(max_examples=EXAMPLES * 2)
@given(fm=front_matter)
def test_skills_and_career_files_answer_with_findings(scratch: Path, fm: str) -> None:
    """skills.yml and career.yml go through the same loader: the same contract holds for them."""
    for name in ("skills.yml", "career.yml"):
        files = {
            "mkdocs.yml": MKDOCS_YML.encode(),
            name: fm.encode("utf-8", "surrogatepass"),
            "content/posts/2023-01-01-a.md": b"---\ntitle: A\ndate: 2023-01-01\n---\nA.\n",
        }
        with portfolio_in(scratch, files):
            assert_check_contract(files)


@settings(max_examples=EXAMPLES)
@given(config=front_matter)
def test_a_broken_mkdocs_yml_is_one_usage_line(scratch: Path, config: str) -> None:
    """mkdocs.yml is read before anything else: whatever it holds, `check` runs or says which line is wrong, exit 2."""
    files = {
        "mkdocs.yml": config.encode("utf-8", "surrogatepass"),
        "content/posts/2023-01-01-a.md": b"---\ntitle: A\ndate: 2023-01-01\n---\nA.\n",
    }
    with portfolio_in(scratch, files):
        result = invoke("check")
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        lines = result.stderr.strip().split("\n")
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr


# --- build: valid entries with nasty values ------------------------------------------------

visible_text = st.one_of(text, st.sampled_from(NASTY)).filter(lambda s: s.strip() != "")


@st.composite
def buildable_entry(draw: st.DrawFn) -> dict:
    data: dict = {"title": draw(visible_text), "date": draw(st.dates(min_value=__import__("datetime").date(1990, 1, 1))).isoformat()}
    for key in ("description", "impact", "decision", "outcome_note"):
        if draw(st.booleans()):
            data[key] = draw(text)
    for key in ("tags", "authors", "deciders", "assumptions"):
        if draw(st.booleans()):
            data[key] = draw(st.lists(visible_text, max_size=3))
    if draw(st.booleans()):
        data["skills"] = draw(
            st.dictionaries(
                st.sampled_from(["debugging", "writing", "restraint"]),
                st.sampled_from([None, "beginner", "intermediate", "expert"]),
                max_size=3,
            )
        )
    data["highlight"] = draw(st.booleans())
    return data


@settings(max_examples=max(4, EXAMPLES // 4))
@given(
    entries=st.lists(
        st.tuples(st.sampled_from(["decisions", "debugging", "posts", "postmortems", "wins"]), buildable_entry(), body),
        min_size=1,
        max_size=4,
    ),
    eol=st.sampled_from(["\n", "\r\n"]),
    extra_page=st.one_of(st.none(), st.tuples(file_stem, structured_front_matter(), body)),
)
def test_build_succeeds_or_reports_findings(scratch: Path, entries: list, eol: str, extra_page: tuple | None) -> None:
    career = CAREER_YML.replace("    link: fixed-the-race\n", "")  # no entry of that slug here
    files = {"mkdocs.yml": MKDOCS_YML.encode(), "skills.yml": SKILLS_YML.encode(), "career.yml": career.encode()}
    for index, (folder, data, text) in enumerate(entries):
        page = "---\n" + _dump(data, "unicode") + "---\n\n" + text + "\n"
        files[f"content/{folder}/2023-01-0{index + 1}-entry-{index}.md"] = page.replace("\n", eol).encode("utf-8", "surrogatepass")
    if extra_page is not None:  # a page that is not an entry: staged as written, named by its title or file name
        stem, fm, text = extra_page
        files[f"content/{stem}.md"] = f"---\n{fm}---\n\n{text}\n".encode("utf-8", "surrogatepass")
    with portfolio_in(scratch, files) as root:
        result = invoke("build")
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 0:
            assert (root / "site" / "index.html").is_file()
            assert (root / "site" / "skills" / "index.html").is_file()
        else:
            finding_lines = [line for line in result.stderr.split("\n") if FINDING.match(line)]
            assert finding_lines, f"a failed build names no file and line:\n{result.stderr}"
            assert_findings(finding_lines, files)


# --- the nastiest inputs: the real console script, with a timeout and a memory bound ---------

#: Peak resident memory any `check` may reach, whatever the input (a plain `check` takes ~60 MiB).
CHECK_MEMORY = 300 * MiB
NASTIEST = {
    "alias-bomb-9x9": "title: Laughs\ndate: 2023-01-01\n"
    + "".join(f"l{i}: &l{i} [" + ", ".join(["lol"] * 9 if i == 0 else [f"*l{i - 1}"] * 9) + "]\n" for i in range(10))
    + "tags: *l9\n",
    "merge-key-bomb": "title: Merges\ndate: 2023-01-01\n"
    + "".join(f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 8) + f"], k{i}: {i}}}\n" if i else "m0: &m0 {k: 0}\n" for i in range(12))
    + "<<: *m11\n",
    "flow-nesting-200000": "title: Deep\ndate: 2023-01-01\nskills: " + "[" * 200_000 + "]" * 200_000 + "\n",
    "map-nesting-100000": "title: Deep\ndate: 2023-01-01\nskills: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
    "block-nesting-100000": "title: Deep\ndate: 2023-01-01\nskills:\n" + "- " * 100_000 + "x\n",
    "huge-title-20mb": "title: " + "é" * 10_000_000 + "\ndate: 2023-01-01\n",
    "huge-key-1mb": "k" * 1_000_000 + ": 1\ntitle: t\ndate: 2023-01-01\n",
    "many-keys-200000": "title: Keys\ndate: 2023-01-01\n" + "".join(f"k{i}: {i}\n" for i in range(200_000)),
    "long-list-300000": "title: List\ndate: 2023-01-01\ntags: [" + ", ".join(["t"] * 300_000) + "]\n",
}


@pytest.mark.parametrize("name", list(NASTIEST))
def test_nastiest_front_matter_is_bounded(tmp_path: Path, name: str) -> None:
    fm = NASTIEST[name]
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    path = tmp_path / "content" / "posts" / "2023-01-01-nasty.md"
    path.parent.mkdir(parents=True)
    path.write_text(f"---\n{fm}---\nBody.\n", encoding="utf-8")
    run = run_bounded(["check"], tmp_path, timeout=60)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode in (0, 1), run.stderr[-3000:]
    assert run.max_rss < CHECK_MEMORY, f"peak memory {run.max_rss // MiB} MiB"
    lines = run.stdout.rstrip("\n").split("\n")
    assert SUMMARY.match(lines[-1])
    for line in lines[:-1]:
        assert FINDING.match(line), line[:300]
    assert run.returncode == (1 if any(": error: " in line for line in lines[:-1]) else 0)


@pytest.mark.parametrize(
    "where, text",
    [
        ("mkdocs.yml", "site_name: x\nextra: " + "[" * 5000 + "]" * 5000 + "\n"),
        (
            "mkdocs.yml",
            "site_name: x\n"
            + "".join(f"l{i}: &l{i} [" + ", ".join(["lol"] * 9 if i == 0 else [f"*l{i - 1}"] * 9) + "]\n" for i in range(9)),
        ),
        ("skills.yml", "levels: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("career.yml", "roles: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n"),
    ],
    ids=["mkdocs-deep", "mkdocs-alias-bomb", "skills-deep", "career-deep"],
)
def test_nastiest_config_files_are_bounded(tmp_path: Path, where: str, text: str) -> None:
    files = {"mkdocs.yml": MKDOCS_YML, "content/posts/2023-01-01-a.md": "---\ntitle: A\ndate: 2023-01-01\n---\nA.\n", where: text}
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(data, encoding="utf-8")
    for command in (["check"], ["build"]):
        run = run_bounded(command, tmp_path, timeout=90)
        assert "Traceback" not in run.stderr, run.stderr[-3000:]
        assert run.returncode in (1, 2), (command, run.stdout[-2000:], run.stderr[-2000:])
        assert run.max_rss < CHECK_MEMORY if command == ["check"] else run.max_rss < 500 * MiB, f"peak memory {run.max_rss // MiB} MiB"
        assert not (tmp_path / "site").exists()


def test_huge_body_builds_within_bounds(tmp_path: Path) -> None:
    """A 5 MB body of prose and a page of deeply nested lists: a site or a finding, in bounded time and memory."""
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "2023-01-01-big.md").write_text("---\ntitle: Big\ndate: 2023-01-01\n---\n\n" + ("Words and more words. " * 40 + "\n\n") * 6000)
    run = run_bounded(["build"], tmp_path, timeout=180)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.max_rss < 800 * MiB, f"peak memory {run.max_rss // MiB} MiB"

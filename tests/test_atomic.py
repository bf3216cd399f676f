"""Atomicity and no loss: a killed or failed build leaves the previous site whole; `new`, `init` and `import` never overwrite.

`build` renders into a temporary folder next to the output folder and swaps it in
with one atomic exchange (Linux renameat2). Here a real `portfolio build` of a
portfolio of 150 entries is sent SIGKILL at varied moments — during staging, as the
engine starts, half-way through the engine, near the swap, and at fixed fractions of
a build's time — and each time the output folder must be exactly the previous site
or exactly the complete new one. Temporary folders of killed builds are removed by
the next build. A full disk or a folder that cannot be written gives one clear line
and exit 1, with the previous site intact.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from robustkit import console_script
from sitekit import basic_files, entry, require_engine, tree_digest, write_tree

from portfolio.authoring.new import render_entry
from portfolio.cli import cli
from portfolio.site.freshness import MARKER

pytestmark = pytest.mark.slow  # builds, deploys, kills or drives a browser: see CONTRIBUTING.md

KINDS = ["decisions", "debugging", "posts", "postmortems", "wins"]
VARIANT = "content/posts/2023-12-01-variant.md"


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def big_portfolio(root: Path, count: int = 150) -> Path:
    files = basic_files()
    for i in range(count):
        day = f"2022-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
        files[f"content/{KINDS[i % 5]}/{day}-entry-{i}.md"] = entry(
            f"Entry {i}",
            day,
            ("Words about what happened and why. " * 20 + "\n\n") * 4,
            tags=[f"t{i % 7}"],
            skills={"debugging": "beginner"},
        )
    return write_tree(root, files)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site.new-", ".site.old-")))


def build_here(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*console_script(), "build", *args], cwd=root, capture_output=True, text=True, timeout=180, check=False)


def set_variant(root: Path, which: str) -> None:
    """Variant "b" has one entry more than variant "a", so the two sites differ."""
    path = root / VARIANT
    if which == "b":
        path.write_text(entry("The variant entry", "2023-12-01", "Only in variant b."))
    else:
        path.unlink(missing_ok=True)


def kill_when(process: subprocess.Popen, root: Path, moment: str, delay: float) -> str:
    """SIGKILL the build at ``moment``; return the phase it was in (``engine`` when its temporary folder existed)."""
    start, site, stale = time.monotonic(), (root / "site").stat().st_ino, set(leftovers(root))
    while process.poll() is None:
        temp = [p for p in root.iterdir() if p.name.startswith(".site.new-") and p.name not in stale]
        files = sum(len(names) for temp_dir in temp for _, _, names in os.walk(temp_dir)) if moment == "engine-middle" and temp else 0
        swapped = (root / "site").stat().st_ino != site
        due = {
            "engine-start": bool(temp),
            "engine-middle": files >= 150,
            "swap": swapped,  # the exchange is done; the old site is being removed
            "after": time.monotonic() - start >= delay,
        }[moment if moment in ("engine-start", "engine-middle", "swap") else "after"]
        if due:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return "swapped" if swapped else "engine" if temp else "staging"
        time.sleep(0.001)
    return "finished"


def _pages(site: Path) -> dict[str, str]:
    """The site's files but our marker, which records the stage's file times (it differs between two builds of the same content)."""
    return {name: digest for name, digest in tree_digest(site).items() if name != MARKER}


def test_killed_builds_leave_the_previous_site_whole(tmp_path: Path) -> None:
    root = big_portfolio(tmp_path)
    # The two complete sites a build can leave: variant a and variant b.
    set_variant(root, "b")
    started = time.monotonic()
    assert build_here(root).returncode == 0
    seconds = time.monotonic() - started
    digest = {"b": _pages(root / "site")}
    set_variant(root, "a")
    assert build_here(root).returncode == 0
    digest["a"] = _pages(root / "site")
    assert digest["a"] != digest["b"] and len(digest["a"]) > 150

    moments = [("after", f) for f in (0.1, 0.2, 0.3, 0.5, 0.7, 0.9)] + [
        ("engine-start", 0),
        ("engine-middle", 0),
        ("swap", 0),
        ("swap", 0),
        ("swap", 0),
    ]
    current, phases = "a", []
    for index, (moment, fraction) in enumerate(moments):
        following = "b" if current == "a" else "a"
        set_variant(root, following)
        args = ["--clean"] if index % 2 else []
        process = subprocess.Popen([*console_script(), "build", *args], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        phases.append(kill_when(process, root, moment, seconds * fraction))
        now = _pages(root / "site")
        assert now in (digest[current], digest[following]), (
            f"kill {index} ({moment} {fraction}): the site is neither the previous nor the new one"
        )
        current = "a" if now == digest["a"] else "b"
    assert {"staging", "engine", "swapped"} <= set(phases), phases  # kills landed in every phase

    # The next build cleans up after the killed ones and gives the complete site.
    set_variant(root, "a")
    result = build_here(root)
    assert result.returncode == 0, result.stderr
    assert _pages(root / "site") == digest["a"]
    assert leftovers(root) == []


def _zensical_children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` and that run Zensical (from /proc)."""
    found = []
    for entry_dir in Path("/proc").iterdir():
        if not entry_dir.name.isdigit():
            continue
        try:
            stat = (entry_dir / "stat").read_text()
            command = (entry_dir / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"zensical" in command:
            found.append(int(entry_dir.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the engine's process through /proc (Linux)")
def test_a_killed_zensical_build_leaves_the_site_and_no_engine_behind(tmp_path: Path) -> None:
    """Zensical renders in a child process inside the stage: killing the build kills it too, the output
    folder keeps the previous site, and the next build is whole."""
    require_engine("zensical")
    root = big_portfolio(tmp_path)
    assert build_here(root, "--engine", "zensical").returncode == 0
    before = tree_digest(root / "site")
    set_variant(root, "b")
    process = subprocess.Popen(
        [*console_script(), "build", "--engine", "zensical"], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    children: list[int] = []
    rendering = root / ".portfolio" / "stage" / "site"
    # Caught while it writes pages into the stage (past its first message, so nothing but its death stops it).
    while not (children and rendering.is_dir() and any(rendering.rglob("index.html"))):
        assert process.poll() is None, "the build finished before its engine could be caught rendering"
        assert time.monotonic() < deadline
        children = children or _zensical_children(process.pid)
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # Left alone it would go on writing for a second or more (then die of its closed pipe);
    # killed with the build, it is gone at once.
    deadline = time.monotonic() + 0.5
    while any(_alive(child) for child in children):
        assert time.monotonic() < deadline, "the engine outlived the build that started it"
        time.sleep(0.02)
    assert tree_digest(root / "site") == before
    result = build_here(root, "--engine", "zensical")
    assert result.returncode == 0, result.stderr
    assert tree_digest(root / "site") != before and (root / "site/posts/variant/index.html").is_file()
    assert leftovers(root) == [] and not (root / ".portfolio/stage/site").exists()


def test_stale_temporary_folders_are_removed_but_not_a_running_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path, basic_files())
    monkeypatch.chdir(root)
    dead = subprocess.Popen(["true"])
    dead.wait()
    for name in (f".site.new-{dead.pid}-abc", f".site.old-{dead.pid}", ".site.new-xyz", f".site.new-{os.getpid()}-live"):
        (root / name / "assets").mkdir(parents=True)
    assert invoke("build").exit_code == 0
    assert leftovers(root) == [f".site.new-{os.getpid()}-live"]  # its process (this one) still runs


# --- a full disk, a folder that cannot be written ----------------------------------------


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_tree(tmp_path, basic_files())
    monkeypatch.chdir(root)
    assert invoke("build").exit_code == 0
    return root


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_write_failure_during_the_build_is_one_line_and_keeps_the_site(built: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    import mkdocs.commands.build as engine_build

    before = tree_digest(built / "site")
    (built / "content/posts/2023-05-01-on-queues.md").write_text(entry("Changed", "2023-05-01"))
    real, calls = engine_build.utils.write_file, []

    def failing(content: bytes, output_path: str) -> None:
        calls.append(output_path)
        if len(calls) > 3:
            raise OSError(code, os.strerror(code), output_path)
        real(content, output_path)

    monkeypatch.setattr(engine_build.utils, "write_file", failing)
    result = invoke("build")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: site: cannot write the site: {os.strerror(code)}; the previous site is left as it was"]
    assert tree_digest(built / "site") == before
    assert leftovers(built) == []


def test_an_output_folder_that_cannot_exist_is_one_line(built: Path) -> None:
    (built / "afile").write_text("a file, not a folder\n")
    result = invoke("build", "-d", "afile/site")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines()[-1].endswith("cannot write the site there: File exists"), result.stderr
    # A folder outside the portfolio is a usage error before anything is tried.
    result = invoke("build", "-d", "/proc/portfolio-site")
    assert result.exit_code == 2, result.output
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"error: /proc/portfolio-site: it is outside the portfolio ({built}); refusing to replace this folder with the built site; choose another -d/--site-dir"
    ), result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; the ENOSPC/EROFS test above covers this")
def test_a_read_only_parent_folder_is_one_line(built: Path) -> None:  # pragma: no cover - CI runs as root
    out = built / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = invoke("build", "-d", "ro/site")
        assert result.exit_code == 1 and "Permission denied" in result.stderr
    finally:
        out.chmod(0o755)


def test_new_on_a_full_disk_leaves_no_half_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n")  # `new` writes only into a portfolio
    monkeypatch.chdir(tmp_path)

    class HalfWritten:
        def __init__(self, fd: int, *args: object, **kwargs: object) -> None:
            self.fd = fd

        def __enter__(self) -> HalfWritten:
            return self

        def __exit__(self, *exc: object) -> None:
            os.close(self.fd)

        def write(self, text: str) -> None:
            os.write(self.fd, text[: len(text) // 2].encode())
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fdopen", HalfWritten)
        result = invoke("new", "post", "Full disk", "--date", "2024-01-01")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: content/posts/2024-01-01-full-disk.md: No space left on device"
    assert not (tmp_path / "content/posts/2024-01-01-full-disk.md").exists()


# --- never overwrite -------------------------------------------------------------------


def test_two_concurrent_new_runs_for_one_title_one_wins(tmp_path: Path) -> None:
    expected = render_entry("post", "Same title", dt.date(2024, 1, 1), {})
    for round_ in range(4):
        root = write_tree(
            tmp_path / f"round{round_}", {"mkdocs.yml": "site_name: x\n", "content/posts/2023-01-01-other.md": entry("Other", "2023-01-01")}
        )
        command = [*console_script(), "new", "post", "Same title", "--date", "2024-01-01"]
        runs = [subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [run.communicate(timeout=60) for run in runs]
        codes = [run.returncode for run in runs]
        assert sorted(codes) == [0, 1], (codes, outputs)
        loser = outputs[codes.index(1)][1]
        assert "already exists" in loser or "already has the slug" in loser, loser
        assert "Traceback" not in loser
        assert (root / "content/posts/2024-01-01-same-title.md").read_text() == expected
        assert (root / "content/posts/2023-01-01-other.md").read_text() == entry("Other", "2023-01-01")
        assert sorted(p.name for p in (root / "content/posts").iterdir()) == ["2023-01-01-other.md", "2024-01-01-same-title.md"]


def test_new_and_init_never_overwrite_a_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = {
        "mkdocs.yml": "site_name: Mine\ndocs_dir: content\n# my comment\n",
        "skills.yml": "levels: [a, b]\nskills: []\n",
        "README.md": "my readme\n",
        "content/posts/2024-01-01-taken.md": "my own words, not front matter\n",
    }
    root = write_tree(tmp_path, mine)
    monkeypatch.chdir(root)
    result = invoke("init", ".", "--since", "2020-01")
    assert result.exit_code == 0, result.output
    assert invoke("new", "post", "Taken", "--date", "2024-01-01").exit_code == 1
    for rel, text in mine.items():
        assert (root / rel).read_text() == text, rel
    assert "skipped mkdocs.yml" in result.stdout


def test_import_never_overwrites_and_never_changes_its_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("portfolio.importers")
    root = write_tree(tmp_path / "work", basic_files())
    src = write_tree(
        tmp_path / "adrs",
        {
            "0001-use-a-queue.md": "# 1. Use a queue\n\nDate: 2023-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\nA queue.\n\n## Consequences\n\nFewer crons.\n",
            "0002-keep-cron.md": "# 2. Keep cron\n\nDate: 2023-02-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\nCron.\n\n## Consequences\n\nNone.\n",
        },
    )
    sources = tree_digest(src)
    monkeypatch.chdir(root)
    first = invoke("import", "adr", str(src))
    assert first.exit_code in (0, 1), first.output
    edited = next((root / "content" / "decisions").glob("*keep-cron*"))
    edited.write_text(edited.read_text() + "\nMy own edit.\n")
    before = tree_digest(root / "content")
    second = invoke("import", "adr", str(src))
    assert second.exit_code in (0, 1), second.output
    assert tree_digest(root / "content") == before
    assert tree_digest(src) == sources

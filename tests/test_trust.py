"""Trust: nothing of the person's is lost, nothing private or draft is published (issue 12).

One section per class of failure found by trying the tool as a hostile user;
each test is named after what must hold. Canaries (unique words) are put in
what must never be published and looked for in every byte of every output.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from robustkit import canaries_in, console_script, output_bytes, run_bounded
from sitekit import MKDOCS_YML, basic_files, entry, tree_digest, write_tree

from portfolio.cli import cli

SECRET = "zqxtrustcanary"


def invoke(*args: object) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_tree(tmp_path, basic_files())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def built_bytes(root: Path) -> dict[str, bytes]:
    return output_bytes(root / "site")


def leaks(root: Path, *canaries: str) -> list[str]:
    return canaries_in(built_bytes(root), list(canaries) or [SECRET])


# --- 1. the output folder never replaces what it points at -----------------------------------


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("content/decisions", "it is the content folder or inside it"),
        ("content", "it is the content folder or inside it"),
        (".git", "it is inside .git, git's own folder"),
        (".git/site", "it is inside .git, git's own folder"),
        (".portfolio/out", "it is the tool's own working folder (.portfolio)"),
        ("theme", "it is the theme's overrides folder or inside it"),
        (".", "it holds the whole portfolio"),
    ],
)
def test_an_output_folder_on_the_sources_is_refused_and_nothing_is_touched(here: Path, target: str, reason: str) -> None:
    (here / ".git").mkdir()
    (here / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (here / "theme").mkdir()
    (here / "theme" / "main.html").write_text("{% extends 'base.html' %}\n")
    (here / "mkdocs.yml").write_text(MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: theme\n"))
    before = tree_digest(here)
    result = invoke("build", "-d", target)
    assert result.exit_code == 2, result.output
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"error: {target}: {reason}; refusing to replace this folder with the built site; choose another -d/--site-dir"
    )
    assert tree_digest(here) == before


def test_site_dir_in_mkdocs_yml_inside_the_content_folder_is_refused(here: Path) -> None:
    (here / "mkdocs.yml").write_text(MKDOCS_YML + "site_dir: content/out\n")
    result = invoke("build")
    assert result.exit_code == 2
    assert (
        "error: content/out: it is the content folder or inside it; refusing to replace this folder with the built site; choose another site_dir in mkdocs.yml"
        in result.stderr
    )
    assert not (here / "content" / "out").exists()


def test_a_symbolic_link_cannot_smuggle_the_output_onto_the_sources(here: Path) -> None:
    (here / "public").symlink_to(here / "content", target_is_directory=True)
    before = tree_digest(here / "content")
    result = invoke("build", "-d", "public")
    assert result.exit_code == 2 and "it is the content folder or inside it" in result.stderr
    assert tree_digest(here / "content") == before


def test_a_folder_the_tool_did_not_build_is_never_replaced(here: Path) -> None:
    write_tree(here, {"out/notes.txt": "my notes\n", "out/index.html": "<p>mine</p>\n"})
    result = invoke("build", "-d", "out")
    assert result.exit_code == 2
    assert "error: out: is not empty and was not built by growth-portfolio (it has no .growth-portfolio file)" in result.stderr
    assert (here / "out" / "notes.txt").read_text() == "my notes\n"


def test_an_empty_folder_or_one_with_only_hidden_entries_is_used_and_marked(here: Path) -> None:
    (here / "out" / ".git").mkdir(parents=True)
    result = invoke("build", "-d", "out")
    assert result.exit_code == 0, result.output
    marker = json.loads((here / "out" / ".growth-portfolio").read_text())
    assert marker["tool"] == "growth-portfolio"
    assert (here / "out" / ".git").is_dir() and (here / "out" / "index.html").is_file()


@pytest.mark.slow
def test_a_gh_pages_checkout_inside_the_site_survives_every_build(here: Path) -> None:
    """Was: every build replaced site/ wholesale, so `git worktree add site gh-pages` lost its .git."""
    assert invoke("build").exit_code == 0
    git(here / "site", "init", "-q")
    (here / "site" / ".keepme").write_text("mine\n")
    for _ in range(2):
        result = invoke("build")
        assert result.exit_code == 0, result.output
        assert (here / "site" / ".git" / "HEAD").is_file() and (here / "site" / ".keepme").read_text() == "mine\n"
    # A build killed between the swap and moving the hidden entries back loses nothing either.
    stale = here / ".site.old-999999999"
    stale.mkdir()
    (stale / ".orphan").write_text("kept\n")
    (here / "site" / ".keepme").unlink()
    (stale / ".keepme").write_text("mine\n")
    assert invoke("build").exit_code == 0
    assert (here / "site" / ".orphan").read_text() == "kept\n" and (here / "site" / ".keepme").read_text() == "mine\n"
    assert not stale.exists()


def test_a_site_built_before_the_marker_existed_is_still_replaced(here: Path) -> None:
    write_tree(here, {"site/assets/portfolio/portfolio.css": "/* ours, from 0.1.0 */\n", "site/index.html": "old\n"})
    assert invoke("build").exit_code == 0
    assert (here / "site" / ".growth-portfolio").is_file()


# --- 2. files beside entries: published only when a public page uses them -------------------


def beside_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(basic_files())
    private = entry("Leaving Acme", "2023-06-01", f"Why I left {SECRET}.\n\n![my offer](offer-{SECRET}.png)", private=True)
    files.update(
        {
            f"content/posts/2023-06-01-leaving-{SECRET}.md": private,
            f"content/posts/2023-06-01-leaving-{SECRET}.md~": private,
            f"content/posts/#2023-06-01-leaving-{SECRET}.md#": private,
            f"content/posts/2023-06-01-leaving-{SECRET}.md.orig": private,
            f"content/posts/2023-06-01-leaving-{SECRET}.md.bak": private,
            f"content/posts/.2023-06-01-leaving-{SECRET}.md.swp": private,
            f"content/posts/offer-{SECRET}.png": f"PNG {SECRET}".encode(),
            f"content/notes/salary-{SECRET}.txt": f"salary {SECRET}\n",
            "content/notes/ignored-notes.pdf": f"%PDF {SECRET}".encode(),
            # A public post links a git-ignored file and a public image; only the image is published.
            "content/posts/2023-07-01-public.md": entry(
                "Public", "2023-07-01", "![chart](chart.png) and [notes](../notes/ignored-notes.pdf)"
            ),
            "content/posts/chart.png": b"PNG public chart",
            "content/assets/downloads/cv.pdf": b"%PDF public cv",
            "content/CNAME": "me.example.com\n",
            ".gitignore": "site/\n.portfolio/\ncontent/notes/ignored-*\n",
        }
    )
    return files


def test_files_beside_entries_are_published_only_when_a_public_page_uses_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, beside_files())
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    result = invoke("build", "-v")
    assert result.exit_code == 0, result.output
    assert leaks(tmp_path) == []
    site = tmp_path / "site"
    assert (site / "posts" / "chart.png").read_bytes() == b"PNG public chart"
    assert (site / "assets" / "downloads" / "cv.pdf").is_file() and (site / "CNAME").is_file()
    left = [line for line in result.stderr.splitlines() if line.startswith("left out: ")]
    reasons = {line.split(": ", 2)[1]: line.split(": ", 2)[2] for line in left}
    assert reasons[f"content/posts/2023-06-01-leaving-{SECRET}.md~"] == "an editor backup or temporary file"
    assert reasons[f"content/posts/offer-{SECRET}.png"] == "no published page links to it, and it is not in content/assets/"
    assert reasons["content/notes/ignored-notes.pdf"] == "git ignores it"
    assert reasons[f"content/posts/.2023-06-01-leaving-{SECRET}.md.swp"] == "a hidden file or folder"
    assert f"; {len(left)} other files left out)." in result.stdout


def test_without_verbose_the_summary_counts_what_was_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, beside_files())
    monkeypatch.chdir(tmp_path)
    result = invoke("build")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("other files left out, listed by -v).")
    assert not [line for line in result.stderr.splitlines() if line.startswith("left out:")]


def test_an_imported_jekyll_drafts_image_is_not_published(here: Path) -> None:
    src = here.parent / "blog"
    write_tree(
        src,
        {
            "_posts/2023-01-01-hello.md": "---\ntitle: Hello\n---\n\nHello.\n",
            "_drafts/unfinished.md": f"---\ntitle: Unfinished {SECRET}\ndate: 2023-02-01\n---\n\n![photo](/assets/draft-{SECRET}.png)\n",
            f"assets/draft-{SECRET}.png": f"PNG {SECRET}".encode(),
        },
    )
    result = invoke("import", "posts", src)
    assert result.exit_code == 0, result.output
    assert any(SECRET in p.name for p in (here / "content").rglob("*.png")), "the import copies the image"
    assert invoke("build").exit_code == 0
    assert leaks(here) == []


# --- 3. Markdown under every extension goes through the privacy check --------------------------


@pytest.mark.parametrize("suffix", [".mdown", ".mkd", ".mkdn", ".MD", ".Markdown", ".md"])
@pytest.mark.slow
def test_private_markdown_under_any_extension_is_checked_and_never_published(here: Path, suffix: str) -> None:
    write_tree(
        here,
        {
            f"content/posts/2023-06-01-secret{suffix}": entry(f"Secret {SECRET}", "2023-06-01", f"Body {SECRET}.", private=True),
            f"content/private-page{suffix}": f"---\ntitle: Page {SECRET}\nprivate: true\n---\n\n{SECRET}\n",
        },
    )
    check = invoke("check")
    assert check.stdout.strip().splitlines()[-1] == "7 entries: 6 public, 0 drafts, 1 private; 0 errors, 0 warnings"
    assert invoke("build").exit_code == 0
    assert leaks(here) == []


@pytest.mark.parametrize("suffix", [".mdown", ".MD"])
def test_a_public_page_under_another_extension_is_published_as_a_page(here: Path, suffix: str) -> None:
    write_tree(here, {f"content/about{suffix}": "---\ntitle: About me\n---\n\nAbout body.\n"})
    assert invoke("build").exit_code == 0
    assert (here / "site" / "about" / "index.html").is_file()
    assert not (here / "site" / f"about{suffix}").exists()


# --- 4. folders outside the portfolio are refused ---------------------------------------------


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("docs_dir: ../outside\n", "error: docs_dir in mkdocs.yml: ../outside leads outside the portfolio"),
        ("theme:\n  name: material\n  custom_dir: ../outside\n", "error: theme.custom_dir: ../outside leads outside the portfolio"),
        ("hooks: [../outside/hook.py]\n", "error: hooks: ../outside/hook.py leads outside the portfolio"),
    ],
)
def test_paths_in_mkdocs_yml_that_leave_the_portfolio_are_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, message: str
) -> None:
    root = tmp_path / "me"
    write_tree(root, basic_files())
    write_tree(
        tmp_path, {"outside/secret.txt": f"{SECRET}\n", "outside/hook.py": "", "outside/posts/2023-01-01-x.md": entry("X", "2023-01-01")}
    )
    config = "site_name: Me\n" + ("docs_dir: content\n" if "docs_dir" not in setting else "") + setting
    (root / "mkdocs.yml").write_text(config)
    monkeypatch.chdir(root)
    result = invoke("build")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message), result.stderr
    assert not (root / "site").exists()


def test_a_content_folder_linked_from_outside_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "me"
    write_tree(root, {**basic_files()})
    (tmp_path / "elsewhere").mkdir()
    (root / "docs").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("docs_dir: content", "docs_dir: docs"))
    monkeypatch.chdir(root)
    result = invoke("build")
    assert result.exit_code == 2 and "leads outside the portfolio" in result.stderr


# --- 5. privacy flags fail closed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        (
            "---\ntitle: Notes\nprivat: true\n---\n",
            3,
            "'privat' is not a privacy flag (they are 'private' and 'draft', in lower case); did you mean 'private'? Until it is fixed this file is treated as private",
        ),
        (
            "---\ntitle: Notes\nPrivate: true\n---\n",
            3,
            "'Private' is not a privacy flag (they are 'private' and 'draft', in lower case); did you mean 'private'? Until it is fixed this file is treated as private",
        ),
        (
            "---\ntitle: Notes\nDRAFT: yes\n---\n",
            3,
            "'DRAFT' is not a privacy flag (they are 'private' and 'draft', in lower case); did you mean 'draft'? Until it is fixed this file is treated as private",
        ),
        (
            "---\ntitle: Notes\npublished: false\n---\n",
            3,
            "'published' is not read by this tool; to keep the file out of the site write 'private: true' (or 'draft: true' to see it in `portfolio serve`). Until it is fixed this file is treated as private",
        ),
        (
            "\n---\ntitle: Notes\nprivate: true\n---\n",
            2,
            "front matter must start on line 1, but its '---' is on line 2; remove what is above it",
        ),
        (
            "<!-- note -->\n---\nprivate: true\n---\n",
            2,
            "front matter must start on line 1, but its '---' is on line 2; remove what is above it",
        ),
        ("title: Notes\nprivate: true\n---\n", 1, "this looks like front matter without its opening '---'; add a line '---' as line 1"),
        ("+++\ntitle = 'Notes'\nprivate = true\n+++\n", 1, "TOML front matter ('+++') is not read; write it as YAML between '---' lines"),
    ],
    ids=["typo", "case", "draft-case", "published-false", "blank-line-first", "comment-first", "no-opening", "toml"],
)
@pytest.mark.parametrize("where", ["content/notes/salary.md", "content/posts/2023-01-01-salary.md"], ids=["page", "entry"])
def test_a_near_miss_of_a_privacy_flag_is_an_error_and_publishes_nothing(
    here: Path, front: str, line: int, message: str, where: str
) -> None:
    if where.startswith("content/posts") and "title: Notes\n" in front:
        front = front.replace("title: Notes\n", "title: Notes\ndate: 2023-01-01\n")
        line += 1 if front.startswith("---") and line > 2 else 0
    (here / where).parent.mkdir(parents=True, exist_ok=True)
    (here / where).write_text(front + f"\nMy salary is {SECRET}.\n")
    result = invoke("check", "--format", "json")
    assert result.exit_code == 1
    mine = [f for f in json.loads(result.stdout) if f["path"] == where]
    assert mine[:1] == [{"path": where, "line": line, "severity": "error", "code": mine[0]["code"], "message": message}]
    assert mine[0]["code"] in ("privacy-flag", "front-matter-position")
    assert invoke("build").exit_code == 1
    assert not (here / "site").exists()


def test_a_page_with_a_near_miss_is_treated_as_private_even_by_the_model() -> None:
    """Defence in depth: whatever calls the loader, the record itself says private."""
    import tempfile

    from portfolio.model.entries import load_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.md"
        path.write_text("---\ntitle: Notes\nPrivate: true\n---\nx\n")
        page, findings = load_file(path, Path(folder))
        assert page is not None and page.private and findings[0].code == "privacy-flag"


# --- 6. one build at a time; serve refreshes every list a change touches ----------------------


def test_a_second_build_while_one_runs_is_refused_with_who_holds_it(here: Path) -> None:
    from portfolio.system.lock import hold

    with hold(here, here / ".portfolio" / "build.owner", "portfolio build") as claim:
        claim()
        result = invoke("build")
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"error: portfolio build (pid {os.getpid()}, since ") and line.endswith(
        ") is already running on this portfolio; wait for it to finish (or stop it), then run this again"
    )
    assert not (here / "site").exists()
    assert invoke("build").exit_code == 0  # the lock goes with its holder


@pytest.mark.slow
def test_two_builds_at_once_never_swap_in_a_stale_site(here: Path) -> None:
    """Two real processes: the one that loses the race is refused, never swapped in after the other."""
    first = subprocess.Popen([*console_script(), "build"], cwd=here, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    second = run_bounded(["build"], here, timeout=120)
    out, err = first.communicate(timeout=120)
    codes = sorted([first.returncode, second.returncode])
    assert codes in ([0, 0], [0, 1]), (err, second.stderr)
    if codes == [0, 1]:
        loser = err if first.returncode else second.stderr
        assert "is already running on this portfolio" in loser


@pytest.mark.slow
def test_serve_drops_an_entry_made_private_from_the_tags_page(here: Path) -> None:
    from test_serve import Server

    post = here / "content" / "posts" / "2023-05-01-on-queues.md"
    server = Server(here)
    try:
        status, html = server.get("tags/")
        assert status == 200 and "On queues" in html
        post.write_text(post.read_text().replace("title:", "private: true\ntitle:", 1))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status, html = server.get("tags/")
            if status == 200 and "On queues" not in html:
                break
            time.sleep(0.3)
        assert "On queues" not in html
        assert server.get("posts/on-queues/")[0] == 404
    finally:
        server.stop()


# --- 7. reserved names are check errors, with the address they would take -------------------


def test_reserved_names_are_errors_with_the_address_they_would_take(here: Path) -> None:
    write_tree(
        here,
        {
            "content/decisions/2023-01-01-x.md": entry("Index decision", "2023-01-01", slug="index"),
            "content/tags.md": "---\ntitle: My tags\n---\n",
            "content/timeline/index.md": "---\ntitle: My timeline\n---\n",
            "content/skills/debugging.md": "---\ntitle: My debugging page\n---\n",
            "content/assets/portfolio/portfolio.css": "body {}\n",
            "content/posts.atom.xml": "<feed/>\n",
            "content/posts/2023-01-02-by-index.md": entry("By Index", "2023-01-02", authors=["Index"]),
            "authors.yml": "index: Somebody\n",
            "skills.yml": "levels: [a, b]\nskills:\n  - id: debugging\n    name: Debugging\n  - id: index\n    name: Index\n",
        },
    )
    result = invoke("check")
    assert result.exit_code == 1
    lines = set(result.stdout.splitlines())
    expected = {
        "content/decisions/2023-01-01-x.md:4: error: the slug 'index' would publish this entry at /decisions/, the address of the decisions index; choose another slug",
        "content/tags.md:1: error: this page would publish at /tags/, already the address of the tags page; rename or move it",
        "content/timeline/index.md:1: error: this page would publish at /timeline/, already the address of the timeline; rename or move it",
        "content/skills/debugging.md:1: error: this page would publish at /skills/debugging/, already the address of the page of the skill 'debugging'; rename or move it",
        "content/assets/portfolio/portfolio.css:1: error: /assets/portfolio/portfolio.css is written by the build itself (feeds, search, sitemap, styles and preview images live there); rename or move this file",
        "content/posts.atom.xml:1: error: /posts.atom.xml is written by the build itself (feeds, search, sitemap, styles and preview images live there); rename or move this file",
        "content/posts/2023-01-02-by-index.md:4: error: the author 'Index' would get the page /authors/, which is the authors index; give the author another id or name",
        "authors.yml:1: error: the author id 'index' would publish its page at /authors/, the address of the authors index; choose another id",
        "skills.yml:5: error: the skill id 'index' would publish its page at /skills/, the address of the skills matrix; choose another id",
    }
    assert expected <= lines, "\n".join(sorted(expected - lines))
    assert invoke("build", "--strict").exit_code == 1


# --- 8. deploy: no credentials printed, never onto the sources ---------------------------------


@pytest.fixture
def repo(here: Path) -> Path:
    git(here, "init", "-q", "-b", "main")
    git(here, "config", "user.email", "me@example.com")
    git(here, "config", "user.name", "Me")
    (here / ".gitignore").write_text("site/\n.portfolio/\n")
    git(here, "add", "-A")
    git(here, "commit", "-q", "-m", "sources")
    return here


@pytest.mark.slow
def test_deploy_never_prints_credentials(repo: Path) -> None:
    git(repo, "remote", "add", "origin", f"https://maya:{SECRET}@127.0.0.1:9/nowhere.git")
    result = invoke("deploy", "--dry-run")
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output and "https://***@127.0.0.1:9/nowhere.git" in result.stdout
    result = invoke("deploy")
    assert result.exit_code == 1
    assert SECRET not in result.output
    assert "`git push origin gh-pages` failed" in result.stderr


@pytest.mark.parametrize("branch", ["main", "sources"])
def test_deploy_refuses_a_branch_that_holds_the_sources(repo: Path, branch: str) -> None:
    bare = repo.parent / "origin.git"
    git(repo.parent, "init", "-q", "--bare", str(bare))
    git(repo, "remote", "add", "origin", str(bare))
    git(repo, "branch", "sources")
    head = git(repo, "rev-parse", "main")
    result = invoke("deploy", "--branch", branch)
    assert result.exit_code == 2
    if branch == "main":
        assert (
            "error: --branch main: that branch is checked out here; deploy replaces its files with the built site. Use a branch of its own, such as gh-pages"
            in result.stderr
        )
    else:
        assert (
            "error: --branch sources: heads/sources holds this portfolio's sources (mkdocs.yml); deploy would replace them with the built site. Use a branch of its own, such as gh-pages"
            in result.stderr
        )
    assert git(repo, "rev-parse", "main") == head
    assert git(bare, "branch", "--list").strip() == ""


@pytest.mark.slow
def test_deploy_never_pushes_a_git_folder_kept_inside_the_site(repo: Path) -> None:
    bare = repo.parent / "origin.git"
    git(repo.parent, "init", "-q", "--bare", str(bare))
    git(repo, "remote", "add", "origin", str(bare))
    assert invoke("build").exit_code == 0
    git(repo / "site", "init", "-q")
    result = invoke("deploy")
    assert result.exit_code == 0, result.output
    files = git(bare, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert ".nojekyll" in files and "index.html" in files
    assert not [name for name in files if name.startswith(".git/") or name == ".growth-portfolio"]


# --- 9. no traceback, no terminal escape, no hang, no leftover -------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["review", "--as-of", "9999-12-31"],
        ["review", "--as-of", "0001-01-01"],
        ["review", "--since", "0001-01-01"],
        ["new", "decision", "X", "--date", "9999-12-31"],
        ["packet", "--until", "9999-12-31"],
        ["serve", "-a", "127.0.0.1:70000"],
        ["serve", "-a", "127.0.0.1:0"],
        ["serve", "-a", "localhost:http"],
    ],
)
def test_out_of_range_dates_and_ports_are_usage_errors(here: Path, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "out of range" in result.stderr or "the port must be from 1 to 65535" in result.stderr or "expected HOST:PORT" in result.stderr


def test_review_and_import_print_no_terminal_escapes_from_titles_or_file_names(here: Path) -> None:
    evil = "\x1b[2J\x1b]0;pwned\x07"
    (here / "content" / "posts" / f"2023-02-02-evil{evil}.md").write_text(entry(f"Evil {evil} title", "2023-02-02", draft=True))
    review = invoke("review", "--as-of", "2026-01-01")
    assert review.exit_code == 0, review.output
    assert "\x1b" not in review.stdout and "\x07" not in review.stdout
    assert "Evil \\x1b[2J\\x1b]0;pwned\\x07 title" in review.stdout
    src = here.parent / "adrs"
    write_tree(src, {f"0001-x{evil}.md": f"# 1. Title {evil}\n\nDate: 2023-01-01\n\n## Status\n\nAccepted\n"})
    imported = invoke("import", "adr", src, "--dry-run")
    assert imported.exit_code == 0, imported.output
    assert "\x1b" not in imported.stdout and "\x07" not in imported.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.slow
def test_a_fifo_named_like_an_entry_is_skipped_with_a_note_and_never_opened(here: Path) -> None:
    os.mkfifo(here / "content" / "posts" / "2023-01-01-pipe.md")
    os.mkfifo(here / "content" / "posts" / "pipe.png")
    run = run_bounded(["check"], here, timeout=30)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (
        "content/posts/2023-01-01-pipe.md:1: warning: a named pipe (FIFO), not a regular file; skipped: it is not read nor published"
        in run.stdout
    )
    build = run_bounded(["build", "-v"], here, timeout=120)
    assert build.returncode == 0, build.stderr[-2000:]
    assert "left out: content/posts/pipe.png: a named pipe (FIFO), not a regular file" in build.stderr


@pytest.mark.slow
def test_non_ascii_author_names_get_their_page(here: Path) -> None:
    (here / "content" / "posts" / "2023-03-03-team.md").write_text(entry("Team post", "2023-03-03", authors=["张伟", "Zoë Straße"]))
    assert invoke("build").exit_code == 0
    site = here / "site"
    assert (site / "authors" / "zhangwei" / "index.html").is_file()
    assert (site / "authors" / "zoe-strasse" / "index.html").is_file()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.slow
def test_serve_stopped_by_a_signal_leaves_no_rendered_draft_behind(here: Path, signum: int) -> None:
    from test_serve import Server

    (here / "content" / "posts" / f"2023-04-04-{SECRET}.md").write_text(
        entry(f"Draft {SECRET}", "2023-04-04", f"Draft body {SECRET}.", draft=True)
    )
    temp = Path(os.environ.get("TMPDIR", "/tmp"))
    before = set(temp.glob("portfolio-serve-*"))
    server = Server(here)
    assert SECRET in server.get(f"posts/{SECRET}/")[1]
    server.process.send_signal(signum)
    server.process.wait(timeout=30)
    assert set(temp.glob("portfolio-serve-*")) == before
    assert not (here / ".portfolio" / "serve-site").exists()


@pytest.mark.slow
def test_serve_started_in_the_background_of_a_script_still_stops_on_ctrl_c(here: Path) -> None:
    """A job a script puts in the background inherits SIGINT ignored; serve must still stop on it."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve = subprocess.Popen(
        [sys.executable, "-m", "portfolio", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=here,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    break
            except OSError:
                assert serve.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=30) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()

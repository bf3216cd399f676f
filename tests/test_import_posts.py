"""`portfolio import posts`: Jekyll and Hugo posts become post entries.

The fixtures under tests/fixtures/import/ are small sites written for these
tests, laid out as each generator's documentation describes. Every test
imports a copy and asserts the sources stay byte-identical.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sitekit import MKDOCS_YML, resolve, soup, tree_digest

from portfolio.importers import ImportReport, import_posts
from portfolio.model.yamlio import load_with_lines

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


@pytest.fixture
def site(project):
    project.write({"mkdocs.yml": MKDOCS_YML})
    return project


def copy_fixture(name: str, root: Path) -> Path:
    dest = root / "sources" / name
    shutil.copytree(FIXTURES / name, dest)
    return dest


def read_entry(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", text, re.S)
    assert match, f"no front matter in {path}:\n{text}"
    data, _ = load_with_lines(match.group(1))
    return data, match.group(2)


def by_name(report: ImportReport) -> dict[str, Path]:
    return {(src.parent.name + "/" if src.name == "index.md" else "") + src.name: dst for src, dst in report.imported}


def reasons(report: ImportReport) -> dict[str, str]:
    return {src.name: reason for src, reason in report.skipped}


def notes(report: ImportReport, name: str) -> list[str]:
    return [message for src, message in report.notes if src.name == name]


# --- Jekyll -------------------------------------------------------------------------------------


def test_jekyll_front_matter(site, tmp_path):
    report = import_posts(copy_fixture("jekyll", tmp_path), Path("content/posts"))
    files = by_name(report)

    assert report.failed == []
    assert sorted(p.name for p in files.values()) == [
        "2019-03-05-hello-from-the-storefront-team.md",
        "2020-01-12-why-we-batch-writes.md",
        "2020-06-01-unfinished-thoughts-on-caching.md",
        "2021-02-03-the-release-notes-habit.md",
        "2021-05-05-lunch-and-learn.md",
    ]
    hello, body = read_entry(files["2019-03-05-hello-from-the-storefront-team.md"])
    # A date with a time and a zone; categories as a space-separated string; author.
    assert hello == {"title": "Hello from the storefront team", "date": "2019-03-05", "tags": ["meta", "writing"], "authors": ["Ana Lima"]}
    assert "{% highlight ruby %}" in body  # Liquid stays as text ...
    assert "Liquid left as text: {% endhighlight %}, {% highlight %}" in notes(
        report, "2019-03-05-hello-from-the-storefront-team.md"
    )  # ... and is reported

    batch, _ = read_entry(files["2020-01-12-why-we-batch-writes.markdown"])
    # No date in the front matter: the file name's. Tags list plus category; the excerpt describes it.
    assert batch == {
        "title": "Why we batch writes",
        "date": "2020-01-12",
        "description": "Fifty small inserts cost more than one big one, and here is by how much.",
        "tags": ["performance", "databases", "engineering"],
    }
    caching, _ = read_entry(files["2020-06-01-unfinished-thoughts-on-caching.md"])
    assert caching["draft"] is True and caching["tags"] == ["caching", "performance"]  # published: false
    habit, body = read_entry(files["2021-02-03-release-notes-habit.md"])
    assert habit == {"title": "The release notes habit", "date": "2021-02-03"}  # no front matter: the H1 and the file name
    assert "# The release notes habit" not in body

    # No title: named from the file name, as Jekyll does.
    lunch, _ = read_entry(files["2021-05-05-lunch-and-learn.md"])
    assert lunch == {"title": "Lunch And Learn", "date": "2021-05-05", "tags": ["events"]}
    assert notes(report, "2021-05-05-lunch-and-learn.md") == [
        "no title in the post; named it 'Lunch And Learn' from the file name (as Jekyll does)"
    ]
    assert reasons(report) == {
        "thoughts-on-on-call.md": "no date in the record or its file name, and no git history of SRC gives one; add 'date: YYYY-MM-DD' to it, "
        "or import with --undated mtime (the file's modification time) or --undated YYYY-MM-DD",
    }
    # Pages of the site (about.md, index.md) are no posts and are not read.
    assert not any(src.parent.name == "jekyll" for src, _ in report.imported + report.skipped)


def test_jekyll_links_post_url_and_baseurl(site, tmp_path):
    src = copy_fixture("jekyll", tmp_path)
    report = import_posts(src, Path("content/posts"))
    _, body = read_entry(by_name(report)["2020-01-12-why-we-batch-writes.markdown"])
    _, hello = read_entry(by_name(report)["2019-03-05-hello-from-the-storefront-team.md"])

    assert "In [our first post](hello-from-the-storefront-team.md) we" in body
    assert "![Latency of batched and single writes](assets/img/batch-latency.svg)" in body
    assert (site.root / "content/posts/assets/img/batch-latency.svg").read_bytes() == (src / "assets/img/batch-latency.svg").read_bytes()
    assert "[the archive page](/archive/)" in hello
    assert "the link '{{ \"/archive/\" | relative_url }}' was written as '/archive/'" in notes(
        report, "2019-03-05-hello-from-the-storefront-team.md"
    )


def test_jekyll_draft_takes_the_git_date(site, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    src = copy_fixture("jekyll", tmp_path)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2022-09-09T09:00:00+00:00", "GIT_COMMITTER_DATE": "2022-09-09T09:00:00+00:00"}
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "site"]):
        subprocess.run(["git", *args], cwd=src, env=env, check=True, capture_output=True)

    report = import_posts(src, Path("content/posts"))

    data, _ = read_entry(by_name(report)["thoughts-on-on-call.md"])
    assert data == {"title": "Thoughts on on-call", "date": "2022-09-09", "draft": True}
    assert (
        by_name(report)["2020-01-12-why-we-batch-writes.markdown"].name == "2020-01-12-why-we-batch-writes.md"
    )  # the file name's date wins


# --- Hugo ------------------------------------------------------------------------------------------


def test_hugo_front_matter_formats_and_bundles(site, tmp_path):
    src = copy_fixture("hugo", tmp_path)
    report = import_posts(src, Path("content/posts"))
    files = by_name(report)

    assert report.failed == []
    assert sorted(files) == [
        "draft-notes-on-tracing.md",
        "first-steps-with-hugo.md",
        "json-front-matter.md",
        "measuring-cold-starts/index.md",
    ]
    first, body = read_entry(files["first-steps-with-hugo.md"])
    # TOML front matter; 2021-04-10T09:00:00-07:00 is the 10th where it was written.
    assert first == {
        "title": "First steps with Hugo",
        "date": "2021-04-10",
        "description": "Why the team blog moved from a CMS to a static site.",
        "tags": ["hugo", "static sites", "tools"],
    }
    assert "![Build times](images/build-times.svg)" in body  # from static/
    assert (site.root / "content/posts/images/build-times.svg").is_file()

    cold, body = read_entry(files["measuring-cold-starts/index.md"])
    assert files["measuring-cold-starts/index.md"].name == "2022-08-01-measuring-cold-starts.md"
    assert cold == {
        "title": "Measuring cold starts",
        "date": "2022-08-01",
        "description": "A p99 cold start of 1.8 s came from one eager import.",
        "tags": ["serverless", "performance"],
        "authors": ["Tom Ek"],
    }
    assert "![p99 cold start per day](measuring-cold-starts/cold-starts.svg)" in body
    assert (site.root / "content/posts/measuring-cold-starts/cold-starts.svg").is_file()
    assert "[our first post](first-steps-with-hugo.md)" in body  # {{< ref >}} resolved
    assert '{{< figure src="cold-starts.svg"' in body
    assert notes(report, "index.md") == ["Hugo shortcodes left as text: {{< figure >}}"]

    draft, _ = read_entry(files["draft-notes-on-tracing.md"])
    assert (draft["draft"], draft["title"], draft["date"]) == (True, "Notes on tracing", "2023-01-20")
    as_json, _ = read_entry(files["json-front-matter.md"])
    assert as_json == {"title": "A post with JSON front matter", "date": "2023-03-02", "tags": ["hugo"]}

    assert reasons(report) == {"_index.md": "a Hugo section page (_index.md), not a post"}
    assert len(report.skipped) == 2  # content/_index.md and content/posts/_index.md; archetypes are templates, not read


# --- the whole import -----------------------------------------------------------------------------


@pytest.mark.slow
def test_imported_posts_pass_check_and_build_strict(site, tmp_path):
    for name in ("jekyll", "hugo"):
        result = site.invoke("import", "posts", copy_fixture(name, tmp_path))
        assert result.exit_code == 0, result.output

    checked = site.check()
    assert checked.lines == ["9 entries: 7 public, 2 drafts, 0 private; 0 errors, 0 warnings"]  # two drafts stay drafts
    built = site.invoke("build", "--strict")
    assert built.exit_code == 0, built.output
    out = site.root / "site"
    batch = soup(out / "posts/why-we-batch-writes/index.html")
    assert batch.select_one("article a[href='../hello-from-the-storefront-team/']") is not None
    image = batch.select_one("article img")["src"]
    assert resolve(out, "posts/why-we-batch-writes/", image) == out / "posts/assets/img/batch-latency.svg"
    assert (out / "posts/assets/img/batch-latency.svg").is_file()
    image = soup(out / "posts/measuring-cold-starts/index.html").select_one("article img")["src"]
    assert resolve(out, "posts/measuring-cold-starts/", image) == out / "posts/measuring-cold-starts/cold-starts.svg"
    assert (out / "posts/measuring-cold-starts/cold-starts.svg").is_file()
    # Drafts are imported as drafts, so they never reach the site.
    assert not (out / "posts/unfinished-thoughts-on-caching").exists() and not (out / "posts/notes-on-tracing").exists()


def test_second_run_imports_nothing_and_sources_stay_untouched(site, tmp_path):
    jekyll, hugo = copy_fixture("jekyll", tmp_path), copy_fixture("hugo", tmp_path)
    before = tree_digest(jekyll), tree_digest(hugo)

    firsts = [site.invoke("import", "posts", src) for src in (jekyll, hugo)]
    written = tree_digest(site.root / "content")
    seconds = [site.invoke("import", "posts", src) for src in (jekyll, hugo)]

    assert [r.exit_code for r in firsts + seconds] == [0, 0, 0, 0]
    assert [r.stdout.splitlines()[-1] for r in seconds] == ["imported 0, skipped 6, failed 0", "imported 0, skipped 6, failed 0"]
    assert sum(r.stdout.count("already imported as content/posts/") for r in seconds) == 9
    assert tree_digest(site.root / "content") == written
    assert (tree_digest(jekyll), tree_digest(hugo)) == before


def test_dry_run_writes_nothing(site, tmp_path):
    result = site.invoke("import", "posts", copy_fixture("hugo", tmp_path), "--dry-run")

    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "would import 4, skipped 2, failed 0 (dry run: nothing written)"
    assert not (site.root / "content/posts").exists()


def test_into_defaults_to_the_docs_dir_of_mkdocs_yml(site, tmp_path):
    site.write({"mkdocs.yml": MKDOCS_YML.replace("docs_dir: content", "docs_dir: docs")})
    result = site.invoke("import", "posts", copy_fixture("hugo", tmp_path))

    assert result.exit_code == 0
    assert len(list((site.root / "docs/posts").glob("*.md"))) == 4


# --- bad input ------------------------------------------------------------------------------------


def test_bad_input_is_imported_or_reported(site, tmp_path):
    posts = tmp_path / "sources" / "blog" / "_posts"
    files: dict[str, bytes] = {
        "2019-03-05-numbers.md": b"---\ntitle: 2019\ndate: 2019-03-05 10:31:00 +0100\n---\nA year as a title.\n",
        "2019-03-06-bool.md": b'---\ntitle: yes\ntags: "a b"\n---\nA title YAML reads as true.\n',
        "2019-03-07-float.md": b"---\ntitle: 1.10\nnav_order: 0032\n---\nA version as a title.\n",
        "2019-03-08-crlf.md": b'---\r\ntitle: "CRLF post"\r\ncategories: [x, y]\r\n---\r\nBody\r\nline two\r\n',
        "2019-03-09-latin.md": "---\ntitle: Café\n---\n".encode("latin-1"),
        "2019-03-10-empty.md": b"",
        "2019-03-11-über.md": "---\ntitle: Über Straße\n---\nUnicode.\n".encode(),
        "2019-03-12-with spaces.md": b"---\ntitle: Spaces\n---\nSee [plus](2019-03-13-a+b.md), [pct](2019-03-14-a%20b.md) and [br](<2019-03-15-[x].md>).\n",
        "2019-03-13-a+b.md": b"---\ntitle: Plus\n---\n",
        "2019-03-14-a b.md": b"---\ntitle: Percent\n---\n",
        "2019-03-15-[x].md": b"---\ntitle: Brackets\n---\n",
        "2019-03-16-bad-date.md": b"---\ntitle: Bad date\ndate: 2019-02-30\n---\n",
        "2019-03-17-toml.md": b'+++\ntitle = "broken\n+++\n',
        "2019-03-18-日本語.md": "---\ntitle: 日本語\n---\n".encode(),
        "2019-03-19-unclosed.md": b"---\ntitle: Unclosed\n",
        "2019-03-20-page.html": b"---\ntitle: HTML\n---\n<p>x</p>\n",
        "2019-03-21-liquid-first.md": b"{% include note.html %}\n\n# Liquid first\n\nNo front matter; the first line is Liquid, not JSON.\n",
    }
    for name, data in files.items():
        (posts / name).parent.mkdir(parents=True, exist_ok=True)
        (posts / name).write_bytes(data)
    src = posts.parent
    before = tree_digest(src)

    result = site.invoke("import", "posts", src)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    report = import_posts(src, Path("content/posts"), dry_run=True)
    assert {s.name: r for s, r in report.failed} == {
        "2019-03-09-latin.md": "not UTF-8 text (byte 0xe9 on line 2); save the file as UTF-8 and import again",
        "2019-03-17-toml.md": "invalid TOML front matter: Unterminated string (at end of document)",
        "2019-03-19-unclosed.md": "line 1: the front matter is not closed; expected a line '---' after it",
    }
    skipped = reasons(report)
    assert skipped["2019-03-10-empty.md"] == "the file is empty"
    assert skipped["2019-03-20-page.html"] == "not Markdown (.html); only .md and .markdown posts are imported"

    out = site.root / "content/posts"
    entries = {p.name: read_entry(p) for p in out.glob("*.md")}
    assert entries["2019-03-05-2019.md"][0]["title"] == "2019"
    assert entries["2019-03-06-yes.md"][0] == {"title": "yes", "date": "2019-03-06", "tags": ["a", "b"]}
    assert entries["2019-03-07-1-10.md"][0]["title"] == "1.10"
    assert entries["2019-03-08-crlf-post.md"] == ({"title": "CRLF post", "date": "2019-03-08", "tags": ["x", "y"]}, "\nBody\nline two\n")
    assert entries["2019-03-11-uber-strasse.md"][0]["title"] == "Über Straße"
    assert "See [plus](plus.md), [pct](percent.md) and [br](brackets.md)." in entries["2019-03-12-spaces.md"][1]
    assert entries["2019-03-16-bad-date.md"][0]["date"] == "2019-03-16"  # the file name's, and said so
    assert (
        "2019-03-16-bad-date.md: the front matter 'date' '2019-02-30' is not a date (expected YYYY-MM-DD); used the file name"
        in result.stdout
    )
    assert entries["2019-03-18-ribenyu.md"][0]["title"] == "日本語"  # one slug rule: transliterated
    assert entries["2019-03-21-liquid-first.md"][0] == {"title": "Liquid first", "date": "2019-03-21"}
    assert "2019-03-21-liquid-first.md: Liquid left as text: {% include %}" in result.stdout
    assert site.check().exit_code == 0
    assert tree_digest(src) == before


def test_tag_strings_split_the_way_each_generator_does(site, tmp_path):
    jekyll_src = tmp_path / "sources" / "jekyll-site"
    (jekyll_src / "_posts").mkdir(parents=True)
    (jekyll_src / "_posts/2020-01-01-jekyll.md").write_text(
        "---\ntitle: J\ntags: ruby static-sites\ncategory: Notes\n---\n", encoding="utf-8"
    )
    hugo_src = tmp_path / "sources" / "hugo-posts"
    hugo_src.mkdir(parents=True)
    (hugo_src / "hugo.md").write_text(
        '+++\ntitle = "H"\ndate = 2020-01-02\ntags = ["machine learning", "ops"]\ncategories = "a, b"\n+++\n', encoding="utf-8"
    )

    jekyll = import_posts(jekyll_src, Path("content/posts"))
    hugo = import_posts(hugo_src, Path("content/hugo"))

    assert read_entry(by_name(jekyll)["2020-01-01-jekyll.md"])[0]["tags"] == ["ruby", "static-sites", "Notes"]
    assert read_entry(by_name(hugo)["hugo.md"])[0] == {
        "title": "H",
        "date": "2020-01-02",
        "kind": "post",
        "tags": ["machine learning", "ops", "a", "b"],
    }
    assert site.check().summary == "2 entries: 2 public, 0 drafts, 0 private; 0 errors, 0 warnings"  # `kind: post` outside content/posts


def test_links_between_posts_in_every_spelling(site, tmp_path):
    src = tmp_path / "sources" / "links"
    (src / "_posts").mkdir(parents=True)
    (src / "_posts/2020-01-01-target.md").write_text("---\ntitle: Target post\n---\n## Part two\n", encoding="utf-8")
    (src / "_posts/2020-01-02-source.md").write_text(
        "---\ntitle: Source post\n---\n"
        "[a]({% link _posts/2020-01-01-target.md %}), [b]({% post_url 2020-01-01-target %}#part-two), "
        "[c](2020-01-01-target.md), [d]({% post_url 2019-01-01-gone %}), [e](missing.md)\n\n"
        "```\n[code](2020-01-01-target.md)\n```\n",
        encoding="utf-8",
    )
    hugo = tmp_path / "sources" / "hugo-links"
    (hugo / "bundle").mkdir(parents=True)
    (hugo / "bundle/index.md").write_text("---\ntitle: Bundle\ndate: 2021-01-01\n---\n", encoding="utf-8")
    (hugo / "ref.md").write_text(
        '---\ntitle: Ref\ndate: 2021-01-02\n---\n[r]({{< relref "bundle#top" >}}) [s]({{< ref "/bundle" >}})\n', encoding="utf-8"
    )

    report = import_posts(src, Path("content/posts"))
    hugo_report = import_posts(hugo, Path("content/posts"))

    _, body = read_entry(by_name(report)["2020-01-02-source.md"])
    assert (
        "[a](target-post.md), [b](target-post.md#part-two), [c](target-post.md), [d]({% post_url 2019-01-01-gone %}), [e](missing.md)"
        in body
    )
    assert "[code](2020-01-01-target.md)" in body  # code is code
    assert notes(report, "2020-01-02-source.md") == [
        "the link '{% post_url 2019-01-01-gone %}' names no imported post; left as it is",
        "1 link leads out of the import, left as written (missing.md); `portfolio build --strict` fails on a link to a missing file: "
        "import with --base-url URL (the site they came from) to make them absolute",
        "Liquid left as text: {% post_url %}",
    ]
    _, body = read_entry(by_name(hugo_report)["ref.md"])
    assert "[r](bundle.md#top) [s](bundle.md)" in body


def test_unsafe_into_is_a_usage_error(site, tmp_path):
    src = copy_fixture("hugo", tmp_path)
    result = site.invoke("import", "posts", src, "--into", tmp_path.parent / "elsewhere")

    assert result.exit_code == 2
    assert "outside the project folder" in result.stderr


# --- what Jekyll and Hugo accept although it is loose -----------------------------------------------


def test_jekyll_posts_without_titles_and_with_unpadded_dates(site, tmp_path):
    src = copy_fixture("jekyll-loose", tmp_path)
    report = import_posts(src, Path("content/posts"))
    files = by_name(report)

    assert report.failed == [] and report.skipped == []
    moving, body = read_entry(files["2017-2-5-moving-to-kubernetes.md"])
    assert files["2017-2-5-moving-to-kubernetes.md"].name == "2017-02-05-moving-to-kubernetes.md"
    assert moving == {"title": "Moving To Kubernetes", "date": "2017-02-05", "tags": ["kubernetes", "migration"]}
    cutover, body = read_entry(files["2017-12-1-what-the-cutover-taught-us.markdown"])
    assert cutover["date"] == "2017-12-01"
    assert "[the move](moving-to-kubernetes.md)" in body  # {% post_url %} with the name as written
    review, _ = read_entry(files["2018-03-07-capacity-review.md"])
    assert review["date"] == "2018-03-09"  # the front matter's date wins over the name's, as in Jekyll
    assert {s.name: how for s, how in report.dated.items()} == {
        "2017-2-5-moving-to-kubernetes.md": "the file name",
        "2017-12-1-what-the-cutover-taught-us.markdown": "the file name",
        "2018-03-07-capacity-review.md": "the front matter 'date'",
    }
    assert notes(report, "2017-2-5-moving-to-kubernetes.md") == [
        "no title in the post; named it 'Moving To Kubernetes' from the file name (as Jekyll does)",
        "2 links lead out of the import, left as written (../runbooks/cutover.md, /about/); `portfolio build --strict` fails on a link "
        "to a missing file: import with --base-url URL (the site they came from) to make them absolute",
    ]


@pytest.mark.slow
def test_jekyll_links_out_with_base_url_follow_the_sites_permalinks(site, tmp_path):
    src = copy_fixture("jekyll-loose", tmp_path)
    result = site.invoke("import", "posts", src, "--base-url", "https://platform.example.org")
    assert result.exit_code == 0, result.output

    _, body = read_entry(site.root / "content/posts/2017-02-05-moving-to-kubernetes.md")
    # permalink: pretty in _config.yml: pages are published at name/
    assert "[runbook](https://platform.example.org/runbooks/cutover/)" in body
    assert "[about page](https://platform.example.org/about/)" in body
    assert site.check().exit_code == 0
    built = site.invoke("build", "--strict")
    assert built.exit_code == 0, built.output


@pytest.mark.slow
def test_hugo_duplicate_keys_and_a_post_without_title(site, tmp_path):
    src = copy_fixture("hugo-loose", tmp_path)
    report = import_posts(src, Path("content/posts"), base_url="https://blog.example.org/")
    files = by_name(report)

    assert report.failed == []
    reviewed, body = read_entry(files["reviewed-twice.md"])
    assert reviewed == {"title": "Reviewed twice", "date": "2022-04-02", "tags": ["process"]}
    assert notes(report, "reviewed-twice.md") == [
        "duplicate key 'reviewer' on lines 4 and 6: kept the value on line 6, as Hugo does",
        "2 links to pages that were not imported now point to https://blog.example.org/ (../../docs/style/, checklist.md)",
    ]
    # Hugo reads a link against the page's address (posts/reviewed-twice/); a .md link names that file's page.
    assert "[style guide](https://blog.example.org/docs/style/)" in body
    assert "[checklist](https://blog.example.org/posts/checklist/)" in body
    untitled, _ = read_entry(files["notes-without-a-title.md"])
    assert untitled == {"title": "Notes without a title", "date": "2022-05-10"}
    assert notes(report, "notes-without-a-title.md") == [
        "no title in the post; named it 'Notes without a title' from the file name (Hugo would show none)"
    ]
    checked = site.check()
    assert checked.lines == ["2 entries: 2 public, 0 drafts, 0 private; 0 errors, 0 warnings"]
    built = site.invoke("build", "--strict")
    assert built.exit_code == 0, built.output


def test_footnotes_are_no_links_and_stay_as_written(site, tmp_path):
    # `[^1]: I know ...` defines a footnote (Hugo, Jekyll's kramdown and MkDocs read it so),
    # not a link to "I": nothing to report as leaving the import, nothing to make absolute.
    src = tmp_path / "sources" / "content" / "posts"
    src.mkdir(parents=True)
    (src / "2020-04-27-elegance.md").write_text(
        '---\ntitle: "Elegance"\ndate: 2020-04-27T10:30:16+01:00\n---\n\n'
        "Regular expressions simplify to literal strings[^1], see [the notes][notes].\n\n"
        "[^1]: I know that `grep -F` exists.\n"
        "[^long]: See above.\n"
        "[notes]: ../notes.md\n",
        encoding="utf-8",
    )

    report = import_posts(src.parent.parent, Path("content/posts"), base_url="https://blog.example.org/")

    _, body = read_entry(by_name(report)["2020-04-27-elegance.md"])
    assert "[^1]: I know that `grep -F` exists.\n[^long]: See above.\n" in body
    assert re.search(r"^\[notes\]: https://blog\.example\.org/\S*notes/$", body, re.M)
    assert notes(report, "2020-04-27-elegance.md") == [
        "1 link to a page that was not imported now points to https://blog.example.org/ (../notes.md)"
    ]

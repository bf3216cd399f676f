"""`portfolio import posts` on a Material for MkDocs blog: front matter, authors, images, and a strict build after it.

The fixture tests/fixtures/import/material-blog/ is a small blog laid out as
Material's blog plugin documents it (mkdocs.yml with the plugin,
docs/blog/.authors.yml, posts under docs/blog/posts/ with images beside and
under them), written for these tests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sitekit import MKDOCS_YML, resolve, soup, tree_digest

from portfolio.importers import ImportReport, import_posts
from portfolio.model.yamlio import load_with_lines

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "import" / "material-blog"
BASE = "https://notes.example.org/"


@pytest.fixture
def site(project):
    project.write({"mkdocs.yml": MKDOCS_YML})
    return project


@pytest.fixture
def blog(tmp_path) -> Path:
    dest = tmp_path / "sources" / "material-blog"
    shutil.copytree(FIXTURE, dest)
    return dest


def read_entry(path: Path) -> tuple[dict, str]:
    match = re.match(r"---\n(.*?)\n---\n(.*)\Z", path.read_text(encoding="utf-8"), re.S)
    assert match, path
    return load_with_lines(match.group(1))[0], match.group(2)


def by_name(report: ImportReport) -> dict[str, Path]:
    return {src.name: dst for src, dst in report.imported}


def notes(report: ImportReport, name: str) -> list[str]:
    return [message for src, message in report.notes if src.name == name]


def test_material_front_matter(site, blog):
    report = import_posts(blog, Path("content/posts"))
    files = by_name(report)

    assert report.failed == [] and report.skipped == []
    assert sorted(p.name for p in files.values()) == [
        "2024-01-31-hello-platform-notes.md",  # named by its `slug`
        "2024-03-12-tracing-the-slow-checkout.md",
        "2024-04-01-draft-roadmap.md",
    ]
    hello, body = read_entry(files["hello-world.md"])
    assert hello == {
        "title": "Hello from the platform team",
        "date": "2024-01-31",  # date.created
        "updated": "2024-02-05",  # date.updated, kept
        "description": "We start a blog to explain how the platform works and why we built it this way.",  # the excerpt
        "tags": ["meta", "Announcements"],  # tags, then categories
        "authors": ["ana"],
    }
    assert report.dated[blog / "docs/blog/posts/hello-world.md"] == "the front matter 'date.created'"
    assert "<!-- more -->" in body
    # `links` become a list at the end, relative to the post; a link to another imported post follows it.
    assert body.rstrip().endswith(
        "## Related links\n\n- [Setup](../../setup/index.md)\n- [The slow checkout](tracing-the-slow-checkout.md#what-we-found)"
    )
    assert notes(report, "hello-world.md")[:4] == [
        "'pin: true' is not kept (the site has no pinned posts); add 'highlight: true' to show it on the timeline",
        "'readtime: 3' is not kept (the site shows no reading time)",
        "its 'links' became a 'Related links' list at the end of the post",
        "the excerpt (the text before '<!-- more -->') became its description",
    ]

    tracing, body = read_entry(files["tracing-the-slow-checkout.md"])
    assert tracing["authors"] == ["ana", "squid-team"]  # squid_team is no id here; its slug is
    assert tracing["tags"] == ["Observability", "Performance"]
    assert "![Flame graph of the checkout](flame.svg){ loading=lazy }" in body  # beside a post in a subfolder
    assert "[the first post](hello-platform-notes.md)" in body

    roadmap, _ = read_entry(files["draft-roadmap.md"])
    assert roadmap == {"title": "Draft roadmap", "date": "2024-04-01", "authors": ["bo"], "draft": True}
    assert "no title in the post; named it 'Draft roadmap' from the file name (as MkDocs does)" in notes(report, "draft-roadmap.md")
    assert "the author 'bo' is not in .authors.yml" in notes(report, "draft-roadmap.md")


def test_material_authors_join_authors_yml(site, blog):
    site.write({"authors.yml": "# Our team\nbo:\n  name: Bo Chen  # keeps his entry\n"})
    report = import_posts(blog, Path("content/posts"))

    text = (site.root / "authors.yml").read_text(encoding="utf-8")
    assert text.startswith("# Our team\nbo:\n  name: Bo Chen  # keeps his entry\n")
    data, _ = load_with_lines(text)
    assert data == {
        "bo": {"name": "Bo Chen"},
        "ana": {"name": "Ana Lima", "avatar": "img/authors/ana.png", "link": "https://ana.example.org/"},
        "squid-team": {"name": "The Squid Team"},  # a remote avatar is left out
    }
    assert (site.root / "content/img/authors/ana.png").read_bytes() == (blog / "docs/blog/avatars/ana.png").read_bytes()
    assert notes(report, ".authors.yml") == [
        "the avatar of 'squid-team' is on another host (https://avatars.example.com/squid.png); left out, as the site requests nothing from other hosts",
        "added 'ana', 'squid-team' to authors.yml",
    ]

    # A second run adds nothing and changes nothing: an id already there is never replaced.
    before = tree_digest(site.root / "content"), text
    again = import_posts(blog, Path("content/posts"))
    assert again.imported == []
    assert (tree_digest(site.root / "content"), (site.root / "authors.yml").read_text(encoding="utf-8")) == before


@pytest.mark.slow
def test_material_blog_with_base_url_checks_and_builds_strictly(site, blog):
    before = tree_digest(blog)
    result = site.invoke("import", "posts", blog, "--base-url", BASE)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "imported 3, skipped 0, failed 0"

    checked = site.check()
    assert checked.exit_code == 0, checked.lines
    assert checked.summary == "3 entries: 2 public, 1 drafts, 0 private; 0 errors, 1 warnings"  # 'bo' of the draft is in no authors file
    built = site.invoke("build", "--strict")
    assert built.exit_code == 0, built.output

    out = site.root / "site"
    hello = soup(out / "posts/hello-platform-notes/index.html")
    article = hello.select_one("article")
    hrefs = {a.get_text(): a["href"] for a in article.select("a")}
    assert hrefs["setup guide"] == "https://notes.example.org/setup/"  # a docs page that was not imported
    assert hrefs["Setup"] == "https://notes.example.org/setup/"
    assert hrefs["The slow checkout"] == "../tracing-the-slow-checkout/#what-we-found"
    image = article.select_one("img")["src"]
    assert resolve(out, "posts/hello-platform-notes/", image) == out / "posts/images/platform.svg"
    assert (out / "posts/images/platform.svg").is_file() and (out / "posts/assets/logo.svg").is_file()
    # Every image is served by the site itself.
    for page in out.rglob("*.html"):
        for img in soup(page).select("img"):
            assert "://" not in img["src"], (page, img["src"])
    author = soup(out / "authors/ana/index.html")
    avatar = author.select_one("img")["src"]
    assert resolve(out, "authors/ana/", avatar) == out / "img/authors/ana.png"
    assert not (out / "posts/draft-roadmap").exists()
    assert tree_digest(blog) == before


@pytest.mark.parametrize("where", ["docs", "docs/blog", "docs/blog/posts"])
def test_material_blog_is_recognised_from_its_folders(site, blog, where):
    report = import_posts(blog / where, Path("content/posts"), dry_run=True)

    assert sorted(dst.name for _, dst in report.imported) == [
        "2024-01-31-hello-platform-notes.md",
        "2024-03-12-tracing-the-slow-checkout.md",
        "2024-04-01-draft-roadmap.md",
    ]
    assert "would add 'ana', 'squid-team' to authors.yml" in notes(report, ".authors.yml")
    assert not (site.root / "authors.yml").exists() and not (site.root / "content/posts").exists()


def test_material_blog_settings_in_mkdocs_yml_move_the_posts(site, tmp_path):
    src = tmp_path / "sources" / "moved"
    site.write(
        {
            "sources/moved/mkdocs.yml": "site_name: X\ndocs_dir: pages\nplugins:\n  - material/blog:\n      blog_dir: news\n      post_dir: '{blog}/articles'\n",
            "sources/moved/pages/news/articles/first.md": "---\ndate:\n  created: 2023-01-02\n  updated: 2022-12-01\n  reviewed: 2023-02-02\n---\n# First\n",
            "sources/moved/pages/news/posts/ignored.md": "---\ndate: 2023-01-03\n---\n# Not in post_dir\n",
        }
    )
    report = import_posts(src, Path("content/posts"))

    assert [s.name for s, _ in report.imported] == ["first.md"]
    first, _ = read_entry(by_name(report)["first.md"])
    assert first == {"title": "First", "date": "2023-01-02"}
    assert notes(report, "first.md") == [
        "the dates 'reviewed' under 'date' are not kept (only created and updated)",
        "'date.updated' (2022-12-01) is before the post's date; left out",
    ]


def test_broken_authors_file_is_reported_and_posts_still_import(site, blog):
    (blog / "docs/blog/.authors.yml").write_text("authors: [broken\n", encoding="utf-8")
    report = import_posts(blog, Path("content/posts"))

    assert len(report.imported) == 3
    assert [(s.name, r.endswith("the posts keep their author ids")) for s, r in report.failed] == [(".authors.yml", True)]
    assert not (site.root / "authors.yml").exists()
    assert report.exit_code == 1


def test_authors_file_of_older_material_releases_has_the_ids_at_the_top(site, blog):
    (blog / "docs/blog/.authors.yml").write_text(
        "ana:\n  name: Ana Lima\n  avatar: blog/avatars/ana.png\nsquid_team:\n  name: The Squid Team\n", encoding="utf-8"
    )
    report = import_posts(blog, Path("content/posts"))

    assert report.failed == []
    data, _ = load_with_lines((site.root / "authors.yml").read_text(encoding="utf-8"))
    assert data == {"ana": {"name": "Ana Lima", "avatar": "img/authors/ana.png"}, "squid-team": {"name": "The Squid Team"}}


def test_authors_that_cannot_be_brought_along_are_said_so(site, blog):
    (blog / "docs/blog/.authors.yml").write_text(
        "authors:\n  ana:\n    name: Ana\n    avatar: ../../../../etc/passwd.png\n  index:\n    name: Index Person\n", encoding="utf-8"
    )
    post = blog / "docs/blog/posts/draft-roadmap.md"
    post.write_text(post.read_text(encoding="utf-8").replace("authors: [bo]", "authors: [index, ana]"), encoding="utf-8")
    site.write({"authors.yml": "- not\n- a mapping\n"})
    report = import_posts(blog, Path("content/posts"))

    assert "the author id 'index' gives no usable id; left out" in notes(report, "draft-roadmap.md")
    assert notes(report, ".authors.yml") == ["authors.yml is not a mapping of author ids; no author added to it"]
    assert (site.root / "authors.yml").read_text(encoding="utf-8") == "- not\n- a mapping\n"
    assert not (site.root / "content/img").exists()

    (site.root / "authors.yml").unlink()
    shutil.rmtree(site.root / "content/posts")
    again = import_posts(blog, Path("content/posts"))
    assert "the avatar of 'ana' (../../../../etc/passwd.png) is not an image file in the docs folder; left out" in notes(
        again, ".authors.yml"
    )

"""Where everything is published: the URL of each record and generated page, and the names they reserve.

Addresses are promises (people paste them into applications), so they are
part of the content contract: `check` refuses a file, a slug, a skill id or an
author id that would take over an address the site already gives to something
else, instead of letting one silently replace the other at build time.
"""

from __future__ import annotations

from collections.abc import Iterable

from portfolio.model.findings import Finding
from portfolio.model.markup import MARKDOWN_SUFFIXES

__all__ = [
    "page_url",
    "page_file",
    "KIND_FOLDERS",
    "GENERATED",
    "RESERVED_FILES",
    "RESERVED_FOLDERS",
    "RESERVED_SLUGS",
    "reserved_by",
    "RESERVED_IDS",
    "PUBLIC_FOLDER",
    "WELL_KNOWN",
    "staged_name",
    "site_url_of",
    "check_addresses",
]

#: kind -> content folder (the order the site lists them in).
KIND_FOLDERS: dict[str, str] = {
    "decision": "decisions",
    "debug": "debugging",
    "post": "posts",
    "postmortem": "postmortems",
    "win": "wins",
}

#: Staged source path of each generated page.
GENERATED: dict[str, str] = {
    "home": "index.md",
    "skills": "skills/index.md",
    "timeline": "timeline/index.md",
    "tags": "tags.md",
    "authors": "authors/index.md",
    **{kind: f"{folder}/index.md" for kind, folder in KIND_FOLDERS.items()},
    "decision-graph": "decisions/graph.md",
    "decision-review": "decisions/review.md",
}

#: Files the build writes itself (feeds, our CSS) or an engine writes (search index: MkDocs'
#: search/search_index.json, Zensical's search.json; sitemap, 404).
RESERVED_FILES = frozenset(
    {
        "posts.atom.xml",
        "posts.rss.xml",
        "all.atom.xml",
        "all.rss.xml",
        "review.atom.xml",
        "sitemap.xml",
        "sitemap.xml.gz",
        "search/search_index.json",
        "search.json",
        "404.html",
    }
)
#: Folders the build fills itself: our CSS and the link-preview cards.
RESERVED_FOLDERS = ("assets/portfolio/", "assets/previews/")
#: Slugs an entry may not take: ``<folder>/index`` is the kind's index page.
RESERVED_SLUGS = frozenset({"index"})
#: Skill and author ids that would replace the matrix or the authors index.
RESERVED_IDS = frozenset({"index"})

#: The one content folder whose files are published whether or not a page links to them.
PUBLIC_FOLDER = "assets/"
#: Files at the top of the content folder that hosts and browsers look for by name.
WELL_KNOWN = frozenset(
    {
        "CNAME",
        "robots.txt",
        "humans.txt",
        "security.txt",
        "favicon.ico",
        "favicon.svg",
        "favicon.png",
        "apple-touch-icon.png",
        "site.webmanifest",
        "manifest.webmanifest",
    }
)


def page_url(src: str, directory_urls: bool = True) -> str:
    """``decisions/x.md`` -> ``decisions/x/`` (or ``decisions/x.html``); ``index.md`` -> ``""``."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    head, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{head}/" if head else ""
    if not directory_urls:
        return f"{stem}.html"
    return f"{stem}/"


def page_file(src: str, directory_urls: bool = True) -> str:
    """The file a page is staged as: ``decisions/x.md`` -> ``decisions/x/index.md`` (with directory URLs).

    The page is published at the same URL either way, but now the folder of its
    file is the folder of its URL. A relative link in raw HTML then means the same
    thing to every engine: MkDocs leaves such links as written (relative to the
    URL), Zensical rewrites them as relative to the source file.
    """
    if not directory_urls or not src.endswith(".md"):
        return src
    head, _, name = src[: -len(".md")].rpartition("/")
    if name in ("index", "README"):
        return src
    return f"{head}/{name}/index.md" if head else f"{name}/index.md"


def staged_name(rel: str) -> str:
    """The staged path of a content file: a Markdown extension in any case becomes lower case
    (``About.MD`` -> ``About.md``), because MkDocs renders only lower-case extensions."""
    lowered = rel.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lowered.endswith(suffix):
            return rel[: -len(suffix)] + suffix
    return rel


def site_url_of(staged: str) -> str:
    """``decisions/x.md`` -> ``/decisions/x/``; a file that is not Markdown keeps its name."""
    lowered = staged.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lowered.endswith(suffix):
            return "/" + page_url(staged[: -len(suffix)] + ".md")
    return "/" + staged


_GENERATED_NAMES = {
    "home": "the generated home page",
    "skills": "the skills matrix",
    "timeline": "the timeline",
    "tags": "the tags page",
    "authors": "the authors index",
    **{kind: f"the {folder} index" for kind, folder in KIND_FOLDERS.items()},
    "decision-graph": "the decision graph",
    "decision-review": "the list of decisions due for review",
}


def _what_generated(src: str) -> str:
    return next((_GENERATED_NAMES[name] for name, path in GENERATED.items() if path == src), "a generated page")


def reserved_by(kind: str, slug: str) -> str | None:
    """What generated page an entry of ``kind`` with ``slug`` would replace (``decisions/graph`` is the decision
    graph, ``<folder>/index`` an index), or None when the address is free."""
    src = f"{KIND_FOLDERS[kind]}/{slug}.md"
    if slug in RESERVED_SLUGS or src in GENERATED.values():
        return f"{site_url_of(src)}, the address of {_what_generated(src if src in GENERATED.values() else GENERATED[kind])}"
    return None


def check_addresses(
    entry_pages: Iterable[tuple[str, str, int]],
    pages: Iterable[tuple[str, str]],
    other_files: Iterable[tuple[str, str]],
    skill_ids: Iterable[str],
    author_ids: Iterable[tuple[str, str, str, int]],
) -> list[Finding]:
    """Findings for every address two things would share.

    ``entry_pages``: ``(staged path, shown source path, line of its slug)``;
    ``pages``: ``(content-relative path, shown path)`` of non-entry Markdown files;
    ``other_files``: ``(content-relative path, shown path)`` of everything else;
    ``author_ids``: ``(id, name, shown path, line)`` of every author a page is made for.
    """
    findings: list[Finding] = []
    taken: dict[str, str] = {}  # URL -> what has it

    generated = {src: _what_generated(src) for key, src in GENERATED.items() if key != "home"}
    for skill_id in skill_ids:
        if skill_id in RESERVED_IDS:
            continue  # reported by skills.yml's own check, at its line
        generated[f"skills/{skill_id}.md"] = f"the page of the skill '{skill_id}'"
    for author_id, name, shown, line in author_ids:
        if author_id in RESERVED_IDS:
            findings.append(
                Finding(
                    shown,
                    line,
                    "error",
                    "reserved",
                    f"the author '{name}' would get the page /authors/, which is the authors index; give the author another id or name",
                )
            )
            continue
        generated.setdefault(f"authors/{author_id}.md", f"the page of the author '{name}'")
    for src, what in generated.items():
        taken[site_url_of(src)] = what

    for staged, shown, line in entry_pages:
        url = site_url_of(staged)
        slug = staged.rsplit("/", 1)[-1][: -len(".md")]
        if slug in RESERVED_SLUGS or staged in generated:
            findings.append(
                Finding(
                    shown,
                    line,
                    "error",
                    "reserved",
                    f"the slug '{slug}' would publish this entry at {url}, the address of {taken.get(url, 'an index page')}; choose another slug",
                )
            )
            continue
        taken.setdefault(url, shown)

    home_pages = []
    for rel, shown in sorted(pages):
        staged = staged_name(rel)
        url = site_url_of(staged)
        if url == "/":
            home_pages.append(shown)
            if len(home_pages) > 1:
                findings.append(
                    Finding(shown, 1, "error", "reserved", f"this page and {home_pages[0]} would both publish at /; keep one home page")
                )
            continue
        owner = taken.get(url)
        if owner is not None:
            findings.append(
                Finding(
                    shown, 1, "error", "reserved", f"this page would publish at {url}, already the address of {owner}; rename or move it"
                )
            )
            continue
        taken[url] = shown

    for rel, shown in sorted(other_files):
        if rel in RESERVED_FILES or rel.startswith(RESERVED_FOLDERS):
            findings.append(
                Finding(
                    shown,
                    1,
                    "error",
                    "reserved",
                    f"/{rel} is written by the build itself (feeds, search, sitemap, styles and preview images live there); rename or move this file",
                )
            )
    return findings

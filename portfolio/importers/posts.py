"""`portfolio import posts`: Jekyll, Hugo and Material for MkDocs blog posts become post entries.

* Jekyll: ``_posts/YYYY-MM-DD-slug.md`` (or ``.markdown``), YAML front matter;
  the date comes from the file name when the front matter has none;
  ``published: false`` and ``_drafts/`` make drafts; ``category``,
  ``categories`` and ``tags`` (lists or space-separated strings) become tags.
  Liquid stays as text and is reported; ``{% post_url %}`` and
  ``{{ site.baseurl }}`` in link targets are turned into working links.
* Hugo: ``slug.md`` or page bundles ``slug/index.md``; YAML ``---``, TOML
  ``+++`` or JSON front matter; ``draft: true``; dates with times and zones.
  Shortcodes stay as text and are reported; ``{{< ref >}}`` / ``{{< relref >}}``
  link targets are turned into working links. Files of a bundle that the post
  links to are copied next to it.

* Material for MkDocs blogs: see :mod:`portfolio.importers.material`.

Titles come from the front matter, else the H1, else the file name (as Jekyll
and MkDocs name such a page). Dates follow the chain of
:func:`~portfolio.importers.common.resolve_date`. A key given twice in the
front matter is read as the generator reads it: the last value wins.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio.importers.common import (
    MARKDOWN_SUFFIXES,
    Candidate,
    ImportContext,
    ImportProblem,
    ImportReport,
    Undated,
    asset_in_src,
    assign_targets,
    duplicate_notes,
    finish_import,
    import_context,
    make_slug,
    markdown_sources,
    one_line,
    parse_day,
    plan_assets,
    read_source,
    read_sources,
    relative_to_first,
    remove_line,
    render_markdown,
    resolve_date,
    rewrite_and_note,
    split_front_matter,
    title_from_name,
)
from portfolio.importers.material import MaterialBlog, add_authors, author_id, excerpt_description, find_blog, read_authors, read_post_front
from portfolio.importers.published import SourceSite
from portfolio.model.markup import first_h1, heading_text, is_relative_link, split_target
from portfolio.model.yamlio import Duplicate, YamlProblem, load_config_yaml
from portfolio.system.progress import QUIET, Progress
from portfolio.system.walk import walk

__all__ = ["import_posts"]

#: Folders of a site that hold no posts: themes, layouts, generated output, archetypes (templates).
IGNORED_DIRS = frozenset(
    {
        "node_modules",
        "_site",
        "public",
        "resources",
        "themes",
        "layouts",
        "_layouts",
        "_includes",
        "_sass",
        "_data",
        "archetypes",
        "vendor",
        "i18n",
    }
)
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json")
_OTHER_POST_FORMATS = (".html", ".htm", ".textile", ".adoc", ".asciidoc", ".org", ".rst", ".pandoc", ".mmark")
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-(.*)$")
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)[^%]*?-?%\}")
_LIQUID_OUTPUT = re.compile(r"\{\{(?![<%])-?\s*(.*?)\s*-?\}\}")
_SHORTCODE = re.compile(r"\{\{[<%]\s*/?\s*([\w./-]+)[^}]*?[>%]\}\}")
_POST_URL = re.compile(r"^\{%-?\s*post_url\s+(\S+?)\s*-?%\}(.*)$")
_LINK_TAG = re.compile(r"^\{%-?\s*link\s+(\S+?)\s*-?%\}(.*)$")
_HUGO_REF = re.compile(r"^\{\{[<%]\s*(?:rel)?ref\s+\"?([^\"\s>%]+)\"?\s*[>%]\}\}(.*)$")
_SITE_PREFIX = re.compile(r"^(?:\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\})+")
_URL_FILTER = re.compile(r"""^\{\{-?\s*["']([^"']*)["']\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\}(.*)$""")


@dataclass
class _Site:
    """Where posts live in SRC, where absolute links (``/assets/x.png``) point, and how the site published its pages."""

    tops: list[Path]
    static_root: Path | None
    content_root: Path
    engine: str  # "Jekyll", "Hugo", "MkDocs" (Material), or "" for a plain folder of posts
    published: SourceSite
    blog: MaterialBlog | None = None


def _jekyll_pretty(src: Path) -> bool:
    """True when _config.yml sets ``permalink: pretty`` (pages at ``about/`` rather than ``about.html``)."""
    config = src / "_config.yml"
    if not config.is_file():
        return False
    try:
        data = load_config_yaml(read_source(config))
    except (YamlProblem, ImportProblem):
        return False
    permalink = data.get("permalink")
    return permalink == "pretty" or (isinstance(permalink, str) and permalink.endswith("/"))


def _site(src: Path) -> _Site:
    if (src / "_posts").is_dir():  # a Jekyll site
        tops = [src / name for name in ("_posts", "_drafts") if (src / name).is_dir() and not (src / name).is_symlink()]
        return _Site(tops, src, src, "Jekyll", SourceSite(src, "jekyll", _jekyll_pretty(src)))
    if (
        (src / "content").is_dir()
        and any((src / name).is_file() for name in HUGO_CONFIGS)
        or (src / "config").is_dir()
        and (src / "content").is_dir()
    ):
        static = src / "static"
        content = src / "content"
        return _Site([content], static if static.is_dir() else None, content, "Hugo", SourceSite(content, "hugo"))
    blog = find_blog(src)
    if blog is not None:
        top = blog.posts if blog.posts.resolve().is_relative_to(src.resolve()) else src
        return _Site([top], blog.docs, blog.docs, "MkDocs", blog.site, blog)
    if src.name in ("_posts", "_drafts"):
        return _Site([src], None, src, "Jekyll", SourceSite(src.parent, "jekyll", _jekyll_pretty(src.parent)))
    return _Site([src], None, src, "", SourceSite(src, "mkdocs"))


@dataclass
class PostCandidate(Candidate):
    bundle: bool = False
    jekyll: bool = False
    authors: list[str] = field(default_factory=list)  # Material author ids, for authors.yml


def _raw_value(front_text: str, key: str) -> str | None:
    match = re.search(rf"(?m)^{re.escape(key)}\s*[:=]\s*(.+?)\s*$", front_text)
    if not match:
        return None
    return match.group(1).strip().strip("\"'").strip() or None


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return one_line(str(value))


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "on"))


def _falsy(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in ("false", "no", "off"))


def _tags(front: dict, jekyll: bool) -> list[str]:
    tags: list[str] = []
    for key in ("tags", "categories", "category"):
        value = front.get(key)
        if value is None or isinstance(value, (dict, bool)):
            continue
        if isinstance(value, list):
            items = [_text(item) for item in value if not isinstance(item, (dict, list))]
        elif jekyll:
            items = str(value).split()
        else:
            items = str(value).split(",")
        for item in items:
            item = one_line(item)
            if item and item.casefold() not in (t.casefold() for t in tags):
                tags.append(item)
    return tags


def _authors(front: dict) -> list[str]:
    names: list[str] = []
    for key in ("authors", "author"):
        value = front.get(key)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                item = item.get("name")
            name = _text(item)
            if name and name not in names:
                names.append(name)
    return names


def _slug_source(path: Path) -> str:
    """The name a post has in its site: the file name, or the folder of a page bundle, without a date."""
    stem = path.parent.name if path.stem.lower() == "index" else path.stem
    match = _DATE_PREFIX.match(stem)
    return match.group(2) if match else stem


def parse_post(path: Path, ctx: ImportContext, site: _Site, report: ImportReport) -> PostCandidate | None:
    """Read one post; a skip or failure goes to the report and returns None."""
    src = ctx.src
    name = path.name.lower()
    if name in ("_index.md", "_index.markdown"):
        report.skip(path, "a Hugo section page (_index.md), not a post")
        return None
    if name in ("readme.md", "readme.markdown"):
        report.skip(path, "a README, not a post")
        return None
    rel_parts = path.relative_to(src).parts
    in_posts = "_posts" in rel_parts[:-1] or src.name == "_posts"
    in_drafts = "_drafts" in rel_parts[:-1] or src.name == "_drafts"
    duplicates: list[Duplicate] = []
    try:
        text = read_source(path)
        if not text.strip():
            report.skip(path, "the file is empty")
            return None
        front, fmt, body = split_front_matter(text, duplicates)
    except ImportProblem as exc:
        report.fail(path, str(exc))
        return None
    front = front or {}
    jekyll = in_posts or in_drafts or (fmt in ("", "yaml") and _DATE_PREFIX.match(path.stem) is not None and site.blog is None)
    engine = site.engine or ("Jekyll" if jekyll else "Hugo" if fmt in ("toml", "json") else "MkDocs")
    front_text = text.split("\n---", 1)[0] if fmt == "yaml" else text if fmt == "toml" else ""
    notes: list[str] = duplicate_notes(duplicates, engine)
    material = read_post_front(front, path, site.blog, notes) if site.blog is not None else None

    title = front.get("title")
    if isinstance(title, (bool, float)) or (isinstance(title, int) and fmt == "yaml"):
        title = _raw_value(front_text, "title") or _text(title)
    title = _text(title)
    h1, h1_line = first_h1(body)
    if not title and h1:
        title = heading_text(h1)
    if not title:
        title = title_from_name(path, "jekyll" if engine == "Jekyll" else "mkdocs")
        if not title:
            report.skip(path, "no title: neither a 'title' in the front matter, a '# ' heading nor a file name with words")
            return None
        how = {"Jekyll": "as Jekyll does", "MkDocs": "as MkDocs does"}.get(engine, f"{engine} would show none" if engine else "")
        notes.append(f"no title in the post; named it '{title}' from the file name" + (f" ({how})" if how else ""))

    written: list[tuple[str, Any]] = []
    if material is not None:
        written.append(
            ("the front matter 'date.created'" if isinstance(front.get("date"), dict) else "the front matter 'date'", material.created)
        )
    else:
        written.append(("the front matter 'date'", front.get("date")))
    for key in ("publishDate", "publishdate", "pubDate"):
        written.append((f"the front matter '{key}'", front.get(key)))
    dated = resolve_date(path, src, written, ctx.undated, notes)
    if isinstance(dated, str):
        report.skip(path, dated)
        return None

    draft = in_drafts or _truthy(front.get("draft")) or _falsy(front.get("published"))

    if h1 is not None and heading_text(h1).casefold() == title.casefold():
        setext = not body.split("\n")[h1_line].lstrip().startswith("#")
        body = remove_line(body, h1_line, setext)

    base = make_slug(material.slug if material is not None else "", title, _slug_source(path))
    if not base:
        base = f"post-{dated.day.isoformat()}"
        notes.append(f"neither the title nor the file name has letters a file name can use; named it '{base}'")
    meta: dict[str, Any] = {}
    description = next((_text(front[key]) for key in ("description", "summary", "excerpt") if _text(front.get(key))), "")
    if not description and material is not None:
        description = excerpt_description(body)
        if description:
            notes.append("the excerpt (the text before '<!-- more -->') became its description")
    if description:
        meta["description"] = description
    meta["tags"] = _tags(front, jekyll)
    authors: list[str] = []
    if material is not None:
        for item in material.authors:
            new_id = author_id(item)
            if not new_id:
                notes.append(f"the author id '{item}' gives no usable id; left out")
                continue
            if new_id != item:
                notes.append(f"the author id '{item}' became '{new_id}' (ids are lowercase letters, digits and hyphens)")
            if site.blog is not None and site.blog.authors and item not in site.blog.authors:
                notes.append(f"the author '{item}' is not in {site.blog.authors_file.name if site.blog.authors_file else '.authors.yml'}")
            authors.append(new_id)
        meta["authors"] = authors
        updated = parse_day(material.updated) if material.updated is not None else None
        if material.updated is not None and updated is None:
            notes.append(f"'date.updated' ({_text(material.updated)}) is not a date; left out")
        elif updated is not None and updated < dated.day:
            notes.append(f"'date.updated' ({updated.isoformat()}) is before the post's date; left out")
        elif updated is not None:
            meta["updated"] = updated
        if material.related:
            body = body.rstrip("\n") + "\n\n" + material.related + "\n"
    else:
        meta["authors"] = _authors(front)
    return PostCandidate(
        source=path,
        title=title,
        day=dated.day,
        base_slug=base,
        meta=meta,
        body=body,
        draft=draft,
        notes=notes,
        date_source=dated.source,
        bundle=path.stem.lower() == "index",
        jekyll=jekyll,
        authors=[a for a in (material.authors if material is not None else []) if author_id(a)],
    )


# --- links between posts --------------------------------------------------------------------


class _Posts:
    def __init__(self, posts: list[PostCandidate], site: _Site) -> None:
        self.site = site
        self.live = [p for p in posts if p.live]
        self.by_path = {os.path.normcase(os.path.normpath(p.source)): p for p in self.live}
        names: dict[str, list[PostCandidate]] = {}
        for post in self.live:
            keys = {post.source.stem.lower(), _slug_source(post.source).lower()}
            if post.bundle:
                keys.add(post.source.parent.name.lower())
            for key in keys:
                names.setdefault(key, []).append(post)
        self.by_name = {k: v[0] for k, v in names.items() if len(v) == 1}

    def at(self, path: Path) -> PostCandidate | None:
        key = os.path.normcase(os.path.normpath(path))
        found = self.by_path.get(key)
        if found is None and not path.suffix:
            for name in ("index.md", "index.markdown"):
                found = found or self.by_path.get(os.path.normcase(os.path.normpath(path / name)))
            for suffix in MARKDOWN_SUFFIXES:
                found = found or self.by_path.get(key + suffix)
        return found

    def by_name_or_path(self, source: Path, name: str) -> PostCandidate | None:
        name = name.strip().strip("\"'")
        bases = [self.site.content_root, source.parent] if name.startswith("/") else [source.parent, self.site.content_root]
        for base in bases:
            found = self.at(base / name.lstrip("/"))
            if found:
                return found
        stem = Path(name.rstrip("/")).name
        for suffix in MARKDOWN_SUFFIXES:
            stem = stem.removesuffix(suffix)
        return self.by_name.get(stem.lower())


def _link_to(post: PostCandidate, other: PostCandidate, fragment: str) -> str:
    if other.draft and not post.draft:
        post.notes.append(f"links to the draft '{other.title}'; `portfolio build --strict` reports the link until that post is published")
    return f"{other.slug}.md{fragment}"


def _rewrite_body(post: PostCandidate, posts: _Posts, ctx: ImportContext, report: ImportReport) -> None:
    site = posts.site

    def resolve_asset(target: str) -> tuple[Path, str] | None:
        if target.startswith("/"):
            found = asset_in_src(site.static_root, target.lstrip("/"), ctx.src) if site.static_root else None
            return (found, relative_to_first(found, site.static_root)) if found else None
        found = asset_in_src(post.source.parent, target, ctx.src)
        # A bundle's files go to <bundle name>/..., a post's neighbours keep their path from the post.
        home = post.source.parent.parent if post.bundle else post.source.parent
        return (found, relative_to_first(found, home, site.content_root, ctx.src)) if found else None

    assets = plan_assets(post, ctx, resolve_asset)

    def rewrite(target: str) -> str | None:
        for pattern in (_POST_URL, _LINK_TAG, _HUGO_REF):
            match = pattern.match(target)
            if match:
                name, rest = match.group(1), match.group(2)
                name, _, anchor = name.partition("#")
                other = posts.at(site.content_root / name) if pattern is _LINK_TAG else None
                other = other or posts.by_name_or_path(post.source, name)
                if other is None:
                    post.notes.append(f"the link '{target}' names no imported post; left as it is")
                    return None
                fragment = "#" + anchor if anchor else (rest if rest.startswith("#") else "")
                return _link_to(post, other, fragment)
        match = _URL_FILTER.match(target)
        plain = match.group(1) + match.group(2) if match else _SITE_PREFIX.sub("", target)
        if plain != target:
            if not plain.startswith("/"):
                plain = "/" + plain
            copied = assets(plain)
            post.notes.append(f"the link '{target}' was written as '{copied or plain}'")
            return copied or plain
        if target.startswith("/"):
            return assets(target)
        if not is_relative_link(target):
            return None
        path, fragment = split_target(target)
        if path.lower().endswith(MARKDOWN_SUFFIXES) or path.endswith("/"):
            other = posts.at(post.source.parent / path)
            return _link_to(post, other, fragment) if other else None
        return assets(target)

    rewrite_and_note(post, rewrite, ctx, site.published)
    post.notes.extend(_template_notes(post.body))


def _template_notes(body: str) -> list[str]:
    """Liquid tags and Hugo shortcodes left in the body: shown as text on the site, so reported."""
    notes = []
    liquid = sorted(
        {f"{{% {m.group(1)} %}}" for m in _LIQUID_TAG.finditer(body)}
        | {"{{ " + m.group(1) + " }}" for m in _LIQUID_OUTPUT.finditer(body) if m.group(1)}
    )
    shortcodes = sorted({"{{< " + m.group(1) + " >}}" for m in _SHORTCODE.finditer(body)})
    if liquid:
        notes.append("Liquid left as text: " + ", ".join(liquid[:6]) + (", ..." if len(liquid) > 6 else ""))
    if shortcodes:
        notes.append("Hugo shortcodes left as text: " + ", ".join(shortcodes[:6]) + (", ..." if len(shortcodes) > 6 else ""))
    return notes


def _render(post: PostCandidate, ctx: ImportContext) -> str:
    meta: dict[str, Any] = {"title": post.title, "date": post.day}
    if ctx.needs_kind_key:
        meta["kind"] = "post"
    meta["description"] = post.meta.get("description")
    meta["tags"] = post.meta.get("tags")
    meta["authors"] = post.meta.get("authors")
    meta["updated"] = post.meta.get("updated")
    if post.draft:
        meta["draft"] = True
    return render_markdown(meta, post.body)


def _other_formats(site: _Site, report: ImportReport) -> None:
    """Posts in formats other than Markdown are reported, not silently passed over."""
    for top in site.tops:
        if top.name not in ("_posts", "_drafts"):
            continue
        for item in walk(top, prune=IGNORED_DIRS.__contains__):
            if item.kind == "file" and item.name.lower().endswith(_OTHER_POST_FORMATS):
                report.skip(Path(item.path), f"not Markdown ({Path(item.name).suffix}); only .md and .markdown posts are imported")


def import_posts(
    src: Path,
    into: Path,
    *,
    dry_run: bool = False,
    undated: Undated = "skip",
    base_url: str | None = None,
    progress: Progress = QUIET,
) -> ImportReport:
    """Import every Jekyll, Hugo or Material blog post under ``src`` as a post entry under ``into``.

    ``src`` may be a site's root (``_posts/``, Hugo's ``content/`` or the
    Material blog's posts folder is read) or any folder of posts. ``undated``
    and ``base_url`` are the ``--undated`` and ``--base-url`` options. Never
    changes ``src`` and never overwrites; a second run imports nothing new.
    Raises :class:`~portfolio.errors.UsageError` when ``into`` is outside the
    project folder or inside ``src``.
    """
    src, into = Path(src), Path(into)
    ctx = import_context(src, into, "post", base_url=base_url, undated=undated)
    report = ImportReport("posts", dry_run=dry_run)
    site = _site(ctx.src)
    if site.blog is not None:
        read_authors(site.blog, report)
    _other_formats(site, report)
    paths = markdown_sources(ctx.src, report, ignore_dirs=IGNORED_DIRS, top=site.tops)
    posts = read_sources(paths, lambda path: parse_post(path, ctx, site, report), report, progress)
    assign_targets(posts, ctx)  # type: ignore[arg-type]
    found = _Posts(posts, site)
    for post in found.live:
        _rewrite_body(post, found, ctx, report)
    finish_import(posts, ctx, report, lambda c: _render(c, ctx))  # type: ignore[arg-type]
    if site.blog is not None:
        imported = {source for source, _ in report.imported}
        used = [author for post in posts if post.source in imported for author in post.authors]
        if used:
            add_authors(site.blog, used, Path.cwd() / "authors.yml", ctx.content_dir, report)
        report.sort()
    return report

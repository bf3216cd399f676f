"""Material for MkDocs blogs: recognising one, reading its posts' front matter, bringing its authors along.

Material's blog plugin keeps posts under ``docs/blog/posts/`` (``blog_dir`` and
``post_dir`` in mkdocs.yml may move them) and its authors in
``docs/blog/.authors.yml``. A post's front matter has ``date`` (a day, or a
mapping with ``created`` and ``updated``), ``categories``, ``tags``,
``authors`` (ids of ``.authors.yml``), ``slug``, ``draft``, ``pin``,
``links``, ``readtime``; ``<!-- more -->`` ends the excerpt.

What becomes of it: ``date.created`` is the date and ``date.updated`` is kept
as ``updated``; categories join the tags; authors stay ids and their
``.authors.yml`` entries are added to the portfolio's ``authors.yml`` (never
replacing one there; a local avatar is copied into the content folder, a
remote one is left out because the site requests nothing from other hosts);
``slug`` names the entry; ``links`` become a "Related links" list at the end;
``pin`` and ``readtime`` are left out with a note; the excerpt becomes the
description when the post has none.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portfolio.importers.appending import YamlFile
from portfolio.importers.common import ImportProblem, ImportReport, asset_in_src, one_line, read_source
from portfolio.importers.published import SourceSite
from portfolio.model.addresses import RESERVED_IDS
from portfolio.model.findings import display_path
from portfolio.model.markup import fenced, first_h1
from portfolio.model.slugs import slugify
from portfolio.model.yamlio import YamlProblem, load_config_yaml, load_with_lines
from portfolio.system.files import write_new
from portfolio.templating import yaml_scalar

__all__ = ["MaterialBlog", "find_blog", "MaterialPost", "read_post_front", "add_authors", "EXCERPT_MARK"]

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
EXCERPT_MARK = re.compile(r"^\s*<!--\s*more\s*-->\s*$", re.I)
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")


@dataclass
class MaterialBlog:
    """Where a Material blog's files are: ``docs`` is the site's root, ``posts`` the folder of posts."""

    docs: Path
    blog: Path
    posts: Path
    authors_file: Path | None
    directory_urls: bool = True
    authors: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def site(self) -> SourceSite:
        return SourceSite(self.docs, "mkdocs", self.directory_urls)


def _blog_settings(config: dict) -> dict | None:
    """The blog plugin's settings in mkdocs.yml (``{}`` when it is listed bare); None when it is not used."""
    plugins = config.get("plugins")
    pairs: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        pairs = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, str):
                pairs.append((item, None))
            elif isinstance(item, dict):
                pairs.extend(item.items())
    for name, value in pairs:
        if name in ("blog", "material/blog"):
            return value if isinstance(value, dict) else {}
    return None


def find_blog(src: Path) -> MaterialBlog | None:
    """The Material blog SRC holds: a project (mkdocs.yml), its docs folder, its blog folder or its posts folder."""
    config_path = next((src / name for name in CONFIG_NAMES if (src / name).is_file()), None)
    settings: dict | None = None
    docs = None
    directory_urls = True
    if config_path is not None:
        try:
            config = load_config_yaml(read_source(config_path))
        except (YamlProblem, ImportProblem):
            config = {}
        settings = _blog_settings(config)
        docs = src / str(config.get("docs_dir") or "docs")
        directory_urls = config.get("use_directory_urls") is not False
        if settings is None and not (docs / "blog" / "posts").is_dir():
            return None
    settings = settings or {}
    blog_name = str(settings.get("blog_dir") or "blog").strip("/") or "."
    if docs is None:
        if (src / "docs" / blog_name / "posts").is_dir():
            docs = src / "docs"
        elif (src / blog_name / "posts").is_dir():
            docs = src
        elif (src / "posts").is_dir() and (src / ".authors.yml").is_file():
            docs, blog_name = src.parent, src.name
        elif src.name == "posts" and (src.parent / ".authors.yml").is_file():
            docs, blog_name = src.parent.parent, src.parent.name
        else:
            return None
    blog = docs / blog_name
    post_dir = str(settings.get("post_dir") or "{blog}/posts").replace("{blog}", blog_name)
    posts = docs / post_dir
    authors_name = str(settings.get("authors_file") or "{blog}/.authors.yml").replace("{blog}", blog_name)
    authors_file = docs / authors_name
    if not posts.is_dir():
        return None
    return MaterialBlog(docs, blog, posts, authors_file if authors_file.is_file() else None, directory_urls)


def read_authors(blog: MaterialBlog, report: ImportReport) -> None:
    """Fill ``blog.authors`` from ``.authors.yml`` (``authors: {id: {name, description, avatar, url}}``); problems are reported."""
    if blog.authors_file is None:
        return
    try:
        data, _ = load_with_lines(read_source(blog.authors_file))
    except ImportProblem as exc:
        report.fail(blog.authors_file, str(exc))
        return
    except YamlProblem as exc:
        report.fail(blog.authors_file, f"line {exc.line}: {exc.message}; the posts keep their author ids")
        return
    # Material 9.2 and later nest the ids under `authors:`; earlier releases put them at the top.
    authors = data.get("authors") if isinstance(data, dict) and isinstance(data.get("authors"), dict) else data
    if not isinstance(authors, dict) or not any(isinstance(value, dict) for value in authors.values()):
        report.fail(blog.authors_file, "expected 'authors:' with a mapping of author ids to {name, avatar, url}")
        return
    blog.authors = {str(key): value for key, value in authors.items() if isinstance(value, dict)}


# --- one post ---------------------------------------------------------------------------------


@dataclass
class MaterialPost:
    """What Material's own keys of one post's front matter say."""

    created: Any = None
    updated: Any = None
    slug: str = ""
    authors: list[str] = field(default_factory=list)
    related: str = ""  # a Markdown "Related links" section, or ""


def _link_items(value: Any, depth: int = 0) -> list[tuple[str, str, int]]:
    """``(title, path or URL, depth)`` of Material's ``links`` (paths, ``Title: path`` and nested sections)."""
    items: list[tuple[str, str, int]] = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str):
            items.append(("", item.strip(), depth))
        elif isinstance(item, dict):
            for title, target in item.items():
                if isinstance(target, str):
                    items.append((one_line(str(title)), target.strip(), depth))
                elif isinstance(target, list):
                    items.append((one_line(str(title)), "", depth))
                    items.extend(_link_items(target, depth + 1))
    return items


def _related(value: Any, post: Path, docs: Path) -> str:
    """Material's ``links`` (paths relative to the docs folder) as a Markdown list with links relative to the post."""
    lines = []
    here = posixpath.dirname(post.relative_to(docs).as_posix()) if post.is_relative_to(docs) else ""
    for title, target, depth in _link_items(value):
        pad = "    " * depth
        if not target:
            lines.append(f"{pad}- {title}")
            continue
        if "://" in target or target.startswith(("mailto:", "#")):
            link = target
        else:
            path, hash_, fragment = target.partition("#")
            link = posixpath.relpath(path.lstrip("/"), here or ".") + (hash_ + fragment)
        text = title or _title_of_path(target)
        lines.append(f"{pad}- [{text}]({'<' + link + '>' if ' ' in link else link})")
    return "## Related links\n\n" + "\n".join(lines) if lines else ""


def _title_of_path(target: str) -> str:
    name = target.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    name = re.sub(r"\.(?:md|markdown)$", "", name, flags=re.I)
    if name.lower() in ("index", "readme", ""):
        name = target.split("#", 1)[0].rstrip("/").rsplit("/", 2)[-2] if "/" in target.rstrip("/") else target
    words = " ".join(name.replace("-", " ").replace("_", " ").split())
    return words.capitalize() if words.lower() == words else words


def read_post_front(front: dict, path: Path, blog: MaterialBlog, notes: list[str]) -> MaterialPost:
    """Read Material's keys of a post; each one left out is noted."""
    post = MaterialPost()
    date = front.get("date")
    if isinstance(date, dict):
        post.created = date.get("created")
        post.updated = date.get("updated")
        if post.created is None:
            notes.append("'date' is a mapping without 'created'; the post's date comes from elsewhere")
        others = [str(key) for key in date if key not in ("created", "updated")]
        if others:
            notes.append(f"the dates {', '.join(repr(k) for k in others)} under 'date' are not kept (only created and updated)")
    else:
        post.created = date
    slug = front.get("slug")
    if isinstance(slug, (str, int)) and str(slug).strip():
        post.slug = str(slug).strip()
    authors = front.get("authors")
    for item in authors if isinstance(authors, list) else [authors] if isinstance(authors, str) else []:
        if isinstance(item, (str, int)) and str(item).strip() and str(item).strip() not in post.authors:
            post.authors.append(str(item).strip())
    if front.get("pin") is True:
        notes.append("'pin: true' is not kept (the site has no pinned posts); add 'highlight: true' to show it on the timeline")
    if "readtime" in front:
        notes.append(f"'readtime: {one_line(str(front['readtime']))}' is not kept (the site shows no reading time)")
    if front.get("links"):
        post.related = _related(front["links"], path, blog.docs)
        if post.related:
            notes.append("its 'links' became a 'Related links' list at the end of the post")
    return post


def excerpt_description(body: str) -> str:
    """The text before ``<!-- more -->`` as one line (without the H1), when it is one short paragraph of plain text; else ``""``."""
    lines = body.split("\n")
    cut = next((i for i, (line, code) in enumerate(fenced(lines)) if not code and EXCERPT_MARK.match(line)), None)
    if cut is None:
        return ""
    head = "\n".join(lines[:cut])
    h1, index = first_h1(head)
    if h1 is not None:
        head = "\n".join(head.split("\n")[index + 1 :])
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", head.strip()) if p.strip()]
    if len(paragraphs) != 1 or re.search(r"^\s*(?:[#>|*+-]|\d+\.|```|~~~|<)", paragraphs[0], re.M) or "![" in paragraphs[0]:
        return ""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", paragraphs[0])
    text = one_line(re.sub(r"[*_`]+", "", text))
    return text if 0 < len(text) <= 300 else ""


# --- authors -------------------------------------------------------------------------------------


def author_id(material_id: str) -> str:
    """The authors.yml id for a Material author id: the same when it is a slug, else its slug."""
    slug = slugify(material_id)
    return slug if slug and slug not in RESERVED_IDS else ""


def add_authors(
    blog: MaterialBlog,
    used: list[str],
    authors_path: Path,
    content_dir: Path | None,
    report: ImportReport,
) -> None:
    """Add the ``.authors.yml`` entries of the authors ``used`` by imported posts to the portfolio's authors.yml.

    An id already in authors.yml is never replaced; a local avatar is copied to
    ``<content>/img/authors/<id>.<ext>``; a remote one is left out (the site
    requests nothing from other hosts) and the author's link kept.
    """
    source = blog.authors_file or blog.blog
    file = YamlFile.read(authors_path)
    try:
        existing = file.data
    except YamlProblem as exc:
        report.note(source, f"{display_path(authors_path)}:{exc.line}: {exc.message}; no author added to it")
        return
    if existing is not None and not isinstance(existing, dict):
        report.note(source, f"{display_path(authors_path)} is not a mapping of author ids; no author added to it")
        return
    existing = existing or {}
    blocks: list[str] = []
    added: list[str] = []
    for material_id in dict.fromkeys(used):
        info = blog.authors.get(material_id)
        new_id = author_id(material_id)
        if info is None or not new_id:
            continue
        if new_id in existing:
            report.note(source, f"'{new_id}' is already in {display_path(authors_path)}; kept as it is")
            continue
        name = one_line(str(info.get("name") or material_id))
        lines = [f"{new_id}:", f"  name: {yaml_scalar(name)}"]
        avatar = info.get("avatar")
        link = info.get("url") or info.get("link")
        if isinstance(avatar, str) and avatar.strip():
            copied = _copy_avatar(avatar.strip(), new_id, blog, content_dir, report, source)
            if copied:
                lines.append(f"  avatar: {yaml_scalar(copied)}")
        if isinstance(link, str) and link.startswith(("https://", "http://", "mailto:")):
            lines.append(f"  link: {yaml_scalar(link)}")
        blocks.append("\n".join(lines))
        added.append(new_id)
    if not blocks:
        return
    file.append_block(
        f"# Added by `portfolio import posts` from {blog.authors_file.name if blog.authors_file else 'the blog'}\n" + "\n".join(blocks)
    )
    verb = "would add" if report.dry_run else "added"
    if not report.dry_run:
        try:
            file.save(lambda data: isinstance(data, dict) and all(key in data for key in [*existing, *added]))
        except (ValueError, OSError) as exc:
            report.note(source, f"{display_path(authors_path)}: {exc}; add these authors by hand: {', '.join(added)}")
            return
    report.note(source, f"{verb} {', '.join(repr(a) for a in added)} to {display_path(authors_path)}")


def _copy_avatar(avatar: str, new_id: str, blog: MaterialBlog, content_dir: Path | None, report: ImportReport, source: Path) -> str:
    """The content-relative path of the copied avatar, or ``""`` (noted) when it is remote or cannot be copied."""
    if "://" in avatar or avatar.startswith("//"):
        report.note(
            source, f"the avatar of '{new_id}' is on another host ({avatar}); left out, as the site requests nothing from other hosts"
        )
        return ""
    found = asset_in_src(blog.docs, avatar.lstrip("/"), blog.docs) or asset_in_src(blog.blog, avatar, blog.docs)
    suffix = Path(avatar).suffix.lower()
    if found is None or suffix not in _IMAGE_SUFFIXES:
        report.note(source, f"the avatar of '{new_id}' ({avatar}) is not an image file in the docs folder; left out")
        return ""
    if content_dir is None:
        report.note(source, f"no content folder to copy the avatar of '{new_id}' into; left out")
        return ""
    rel = f"img/authors/{new_id}{suffix}"
    if report.dry_run:
        return rel
    data = found.read_bytes()
    dest = content_dir / rel
    try:
        if not write_new(dest, data, inside=content_dir.resolve()) and dest.read_bytes() != data:
            report.note(source, f"{display_path(dest)} already exists with another picture; the avatar of '{new_id}' was not copied")
            return ""
    except OSError as exc:
        report.note(source, f"cannot copy the avatar of '{new_id}' to {display_path(dest)}: {exc.strerror or exc}")
        return ""
    return rel

"""Write the site source: the public entries with their headers, the generated pages, the assets and a config.

The stage is a complete MkDocs project (``<stage>/mkdocs.yml``, ``<stage>/docs/``
and ``<stage>/overrides/``) that any engine reading mkdocs.yml can render: MkDocs
1.6 with Material, or Zensical. It is engine-neutral: every path in its config is
relative to the stage, the engine's output folder (``site_dir``) lies inside it,
and each page is staged as ``<its URL>/index.md`` so that relative links mean
the same thing to both engines. Where the stage writes something only one engine
understands, a comment says so.

A draft or private entry that is not staged cannot leak: the engine never sees it.
Files are rewritten only when their content changed, and files that should no
longer be there (an entry that became private) are removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from portfolio import __version__
from portfolio.model.addresses import GENERATED, page_file, page_url, staged_name
from portfolio.model.authors import authors_of
from portfolio.model.entries import Entry, Page
from portfolio.model.findings import Finding, display_path
from portfolio.model.front_matter import dump_front_matter
from portfolio.model.markup import first_h1, is_relative_link, plain_text, rewrite_html_links, rewrite_links, split_target
from portfolio.model.project import Portfolio, Project
from portfolio.model.skills import load_preset
from portfolio.model.yamlio import Tagged, YamlProblem, dump_config_yaml, load_config_yaml
from portfolio.site.engines.base import STAGED_SITE_DIR, STAGED_THEME_DIR
from portfolio.site.publish import LeftOut, plan_files, theme_files
from portfolio.site.sharing.drawing import CardCache, Drawing, card_key
from portfolio.site.sharing.plan import plan_sharing, summary_of
from portfolio.site.urls import relative_url
from portfolio.site.views.backlinks import Backlink, Source, backlink_order, backlinks
from portfolio.site.views.home import Intro
from portfolio.site.views.pages import SiteData, entry_page, generated_pages, home_page, nav
from portfolio.system.files import write_if_changed
from portfolio.system.git import ignored, last_changed
from portfolio.system.progress import QUIET, Progress
from portfolio.templating import html_environment

__all__ = ["StageResult", "stage", "stage_errors", "staged_entries", "ASSET_DIR", "CSS"]

ASSET_DIR = "assets/portfolio"
CSS = f"{ASSET_DIR}/portfolio.css"
_NEEDED_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "tables", "toc")
#: Folders of the stage, named relative to its mkdocs.yml (Zensical refuses absolute docs_dir).
DOCS_DIR, THEME_DIR = "docs", STAGED_THEME_DIR
#: Our theme overrides, staged when the person's own overrides folder has no file of that name.
THEME_FILES = ("partials/portfolio-head.html", "partials/search.html", "main.html", "404.html")
#: Templates whose text every entry page depends on (a change re-renders every entry).
_ENTRY_TEMPLATES = (
    "pages/header.html.j2",
    "pages/entry-footer.html.j2",
    "pages/print-header.html.j2",
    "pages/graph-rows.html.j2",
    "charts/graph.svg.j2",
)
#: The card cache, in the tool's working folder (``.portfolio/cards``), and the stage's list of the cards a build places.
CARD_CACHE, CARD_LIST = "cards", "cards.json"
#: The front matter key of an index.md that keeps it as the whole front page, as written.
OWN_FRONT_PAGE = "front_page"


@dataclass
class StageResult:
    config_file: Path
    docs_dir: Path
    entries: list[Entry]
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    #: How many pages (Markdown files) the stage holds: what the engine will render.
    pages: int = 0
    #: Problems the site would show (a title's script no installed font has), printed as warnings.
    warnings: list[str] = field(default_factory=list)
    #: Files of the portfolio that were not staged, and why (``build -v`` lists them).
    left_out: list[LeftOut] = field(default_factory=list)
    #: True when something besides entry bodies changed (a page list, tags, titles, a removal):
    #: a partial rebuild would leave stale lists, so the engine must render everything.
    structure_changed: bool = True
    #: What every page shows besides its own text: the staged pages and their tags and flags, titles,
    #: the config and the theme. A site rendered from a stage with the same layout can be brought up
    #: to date by rendering only the pages whose staged source changed.
    layout: str = ""
    #: Staged file (``posts/x/index.md``, ``overrides/main.html``) -> the portfolio's file it came
    #: from and the line its text starts at, so an engine's complaint can name the person's file.
    sources: dict[str, tuple[Path, int]] = field(default_factory=dict)
    #: With ``defer_cards``: each card's place in the site -> its key in the card cache, and the drawing under way.
    cards: dict[str, str] = field(default_factory=dict)
    drawing: Drawing | None = None

    @property
    def stage_dir(self) -> Path:
        return self.config_file.parent


def staged_entries(portfolio: Portfolio, drafts: bool = False, private: bool = False) -> list[Entry]:
    """Which entries reach the stage: public ones, plus drafts and private ones only when asked."""
    chosen = []
    for entry in portfolio.entries:
        if entry.meta.private and not private:
            continue
        if entry.meta.draft and not drafts:
            continue
        chosen.append(entry)
    return chosen


def stage(
    portfolio: Portfolio,
    stage_dir: Path,
    *,
    drafts: bool = False,
    private: bool = False,
    site_url: str | None = None,
    today: dt.date | None = None,
    progress: Progress = QUIET,
    defer_cards: bool = False,
) -> StageResult:
    """Write the stage for this portfolio and return what was written.

    ``site_url`` replaces the portfolio's own for a preview (``serve``), so the
    preview's absolute links and its sitemap point at the preview itself;
    ``today`` is the day the review page is computed for (default: today); tests fix it;
    ``progress`` shows the drawing of link previews. With ``defer_cards`` the cards are
    not staged: they are still being drawn when this returns (``StageResult.drawing``),
    and the build places them into the site (``StageResult.cards``) after the engine.
    """
    project = portfolio.project
    config = project.config
    directory_urls = bool(config.get("use_directory_urls", True))

    def where(src: str) -> str:
        """The staged file of the page ``src``: ``x.md`` -> ``x/index.md`` (see :func:`page_file`)."""
        return page_file(src, directory_urls)

    entries = staged_entries(portfolio, drafts, private)
    pages = [p for p in portfolio.pages if not ((p.draft and not drafts) or (p.private and not private))]
    left_out: list[LeftOut] = []
    # What git ignores is never published, a Markdown file included.
    hidden_by_git = ignored(project.root, [e.path for e in entries] + [p.path for p in pages])
    if hidden_by_git:
        records: list[Entry | Page] = [*entries, *pages]
        left_out += [LeftOut(display_path(r.path), "git ignores it") for r in records if r.path in hidden_by_git]
        entries = [e for e in entries if e.path not in hidden_by_git]
        pages = [p for p in pages if p.path not in hidden_by_git]
    changed = last_changed(project.content_dir) if entries else {}
    data = SiteData(
        entries=entries,
        matrix=portfolio.skills or load_preset(),
        career=portfolio.career,
        site_name=str(config.get("site_name", "") or ""),
        site_description=str(config.get("site_description", "") or ""),
        directory_urls=directory_urls,
        authors=dict(portfolio.authors),
        site_author=str(config.get("site_author", "") or ""),
        site_url=str(config.get("site_url", "") or "").strip(),
        updated={e.page: changed[e.path.resolve()] for e in entries if e.path.resolve() in changed},
        settings=portfolio.settings,
        today=today or dt.date.today(),
    )
    files: dict[str, bytes] = {}
    user_pages: list[tuple[str, str]] = []
    avatars = [a.avatar for e in entries for a in authors_of(e, data.authors) if a.avatar]
    publication = plan_files(project.content_dir, project.root, [*entries, *pages], config, avatars, display_path)
    left_out += publication.left_out
    # The person's index.md (or README.md) becomes the front page's introduction, unless it says
    # ``front_page: false``: then it is the whole front page, as written, and none is generated.
    fronts = [p for p in pages if staged_name(p.rel) in ("index.md", "README.md")]
    intro_page = next((p for p in reversed(fronts) if p.meta.get(OWN_FRONT_PAGE) is not False), None)
    pages = [p for p in pages if p not in fronts or p.meta.get(OWN_FRONT_PAGE) is False]
    has_home = any(p in fronts for p in pages) or "index.md" in publication.files or "README.md" in publication.files
    sharing = plan_sharing(data, config, [e for e in entries if e.public], has_home)
    data.review_feed = sharing.enabled
    cards = {rel: card_key(card) for rel, card in sharing.cards.items()}
    cache = CardCache(project.work_dir / CARD_CACHE, {key: sharing.cards[rel] for rel, key in cards.items()})
    drawing = Drawing(cache, [(key, card) for key, card in cache.cards.items() if not cache.has(key)])
    generated = generated_pages(data, home=False, images=sharing.images)
    if not has_home:
        generated[GENERATED["home"]] = ""  # rendered below, once its introduction is relinked
    # Content path -> staged file, for links between pages and to files (and a nav of the person's own).
    # A link may also name a page by its address-like name (decisions/<slug>.md, tags.md,
    # skills/<id>.md), as the site's URLs suggest; the content's own paths win.
    targets = {rel: rel for rel in publication.files}
    for name in (*generated, *(e.page for e in entries), *(staged_name(p.rel) for p in pages)):
        targets[name] = where(name)
    targets.update({p.rel: where(staged_name(p.rel)) for p in pages})
    targets.update({e.rel: where(e.page) for e in entries})
    sources: dict[str, tuple[Path, int]] = {}
    intro: Intro | None = None
    # Public pages that may link to entries, for each entry's "Referenced by" (staged paths: their
    # links are relative to where they are staged).
    link_sources: list[Source] = []
    if intro_page is not None:
        targets[intro_page.rel] = where("index.md")
        intro = Intro(dict(intro_page.meta), relink(intro_page.body, intro_page.rel, where("index.md"), targets, directory_urls))
        sources[where("index.md")] = (intro_page.path, 1)
        if intro_page.public:
            # Its links show on the front page: that page is where they come from.
            link_sources.append(Source(where("index.md"), data.name, intro.body))
    for page in pages:
        name = staged_name(page.rel)
        staged = where(name)
        sources[staged] = (page.path, 1)
        relinked = relink(page.body, page.rel, staged, targets, directory_urls)
        files[staged] = _page_source(page, lambda body, relinked=relinked: relinked, moved=staged != name)
        if page.public:
            link_sources.append(Source(staged, _page_name(page), relinked))
        if name not in ("index.md", "README.md") and "/" not in name:
            user_pages.append((_page_title(page), staged))
    for rel, path in publication.files.items():
        files.setdefault(rel, path.read_bytes())
    docs_dir = stage_dir / DOCS_DIR
    manifest = _Manifest(stage_dir / ".manifest.json")
    # Every body's links point at the staged pages before any entry page is rendered: each entry
    # page lists the public pages that link to it, so all of them are read first (one pass).
    bodies = {entry.page: relink(entry.body, entry.rel, where(entry.page), targets, directory_urls) for entry in entries}
    link_sources += [Source(where(e.page), e.title, bodies[e.page], e.kind, e.date, e) for e in entries if e.public]
    data.backlinks = _backlinks(link_sources, entries, pages, where, directory_urls)
    context = _fingerprint(data, entries)
    reused: set[str] = set()
    for entry in entries:
        banner = "" if entry.public else ("Private" if entry.meta.private else "Draft")
        image = sharing.images.get(entry.page, "")
        staged = where(entry.page)
        sources[staged] = (entry.path, entry.body_line)
        body = bodies[entry.page]
        # Its page shows who links to it: when that changes, the page is rendered again.
        linked_from = repr(data.backlinks.get(entry.page, []))
        key = _entry_key(context, entry, f"{banner}|{image}|{data.updated.get(entry.page, '')}|{linked_from}", body)
        if manifest.fresh(staged, key, docs_dir):
            reused.add(staged)
            continue
        files[staged] = entry_page(entry, data, banner, image, summary_of(entry), body).encode("utf-8")
        manifest.keys[staged] = key
    if not has_home:
        generated[GENERATED["home"]] = home_page(data, intro)
    for rel, text in generated.items():
        files[where(rel)] = text.encode("utf-8")
    files[CSS] = resources.files("portfolio").joinpath("assets/portfolio.css").read_bytes()
    for rel, xml in sharing.feeds.items():
        files[rel] = xml.encode("utf-8")
    if not defer_cards:  # a preview serves the cards from the stage
        drawing.start().wait(progress)
        files.update({rel: cache.read(key) for rel, key in cards.items()})

    result = StageResult(
        stage_dir / "mkdocs.yml", docs_dir, entries, notes=list(sharing.notes), warnings=list(sharing.warnings), sources=sources
    )
    if defer_cards:
        result.cards = cards
    # Which card each page shows is part of the stage: a site is current only with the same cards.
    write_if_changed(stage_dir / CARD_LIST, json.dumps(cards if defer_cards else {}, sort_keys=True).encode("utf-8"))
    previous = manifest.saved.get("#structure")
    structure = _structure_key(context, entries, pages, set(files) | reused)
    manifest.keys["#structure"] = structure
    docs_dir.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        if write_if_changed(docs_dir / rel, content):
            result.written.append(rel)
        else:
            result.unchanged += 1
    result.unchanged += len(reused)
    result.pages = sum(1 for rel in set(files) | reused if rel.endswith(".md"))
    result.removed = _prune(docs_dir, set(files) | reused)
    result.structure_changed = bool(result.removed) or not (isinstance(previous, list) and previous[:1] == [structure])
    manifest.save(docs_dir, set(files) | reused | {"#structure"})
    result.sources.update(_stage_theme(project, stage_dir / THEME_DIR, left_out))
    result.left_out = sorted(left_out, key=lambda item: item.path)
    derived = derive_config(project, stage_dir, user_pages, bool(data.by_author), targets, where)
    if site_url:
        derived["site_url"] = site_url
    extra = derived.get("extra")
    head = {**sharing.head, "top": top_level_names(set(files) | reused, directory_urls)}
    derived["extra"] = {**(extra if isinstance(extra, dict) else {}), "gp_head": head}
    config_bytes = dump_config_yaml(derived).encode("utf-8")
    if write_if_changed(result.config_file, config_bytes):
        result.written.append("mkdocs.yml")
    result.layout = _layout_key(structure, config_bytes, stage_dir / THEME_DIR)
    if defer_cards:
        # Drawn on the other cores, at low priority, while the engine renders; nothing can fail between here and the caller.
        result.drawing = drawing.start()
    return result


#: What the error page of a preview says under its heading.
ERRORS_KEPT = "The preview shows the last good state until they are fixed; this page reloads by itself when you save a fix."
ERRORS_FIRST = "The preview appears once they are fixed; this page reloads by itself when you save a fix."


def stage_errors(project: Project, stage_dir: Path, findings: Iterable[Finding], *, keep_pages: bool) -> StageResult:
    """Put the content errors in front of every page of a preview, engine-neutrally: through the stage's config
    (``extra.gp_errors``), which our head partial shows as a page of ``path:line`` findings.

    With ``keep_pages`` the pages staged last stay (the last good state); without, as when `serve`
    starts on content with errors, the stage holds only a home page for the errors to stand on.
    """
    docs_dir = stage_dir / DOCS_DIR
    config_file = stage_dir / "mkdocs.yml"
    errors = [{"where": f"{f.path}:{f.line}", "message": f.message} for f in findings if f.severity == "error"]
    config: dict[str, Any] | None = None
    if keep_pages and config_file.is_file():
        try:
            config = load_config_yaml(config_file.read_text(encoding="utf-8"))
        except (OSError, ValueError, YamlProblem):
            config = None
    result = StageResult(config_file, docs_dir, [], structure_changed=True)
    kept = config is not None
    if config is None:
        keep = {"index.md"}
        docs_dir.mkdir(parents=True, exist_ok=True)
        home = "---\ntitle: Content errors\n---\n\nThe preview appears here once the content errors are fixed.\n"
        if write_if_changed(docs_dir / "index.md", home.encode("utf-8")):
            result.written.append("index.md")
        result.removed = _prune(docs_dir, keep)
        _stage_theme(project, stage_dir / THEME_DIR, [])
        config = derive_config(project, stage_dir, [])
        config["nav"] = [{"Content errors": "index.md"}]
        config["extra_css"] = [css for css in config.get("extra_css") or [] if css != CSS]
    extra = config.get("extra")
    config["extra"] = {
        **(extra if isinstance(extra, dict) else {}),
        "gp_errors": errors,
        "gp_errors_note": ERRORS_KEPT if kept else ERRORS_FIRST,
    }
    write_if_changed(config_file, dump_config_yaml(config).encode("utf-8"))
    return result


def _backlinks(
    sources: list[Source], entries: list[Entry], pages: list[Page], where: Callable[[str], str], directory_urls: bool
) -> dict[str, list[Backlink]]:
    """Entry page -> the public pages that link to it, named by their page names (``decisions/x.md``), as the views name pages.

    The links are read where they are staged: a Markdown link names the staged file (``decisions/x/index.md``),
    a link in raw HTML the page's URL (``decisions/x/``); both are mapped back to the entry.
    """
    names = {where(name): name for name in ("index.md", *(e.page for e in entries), *(staged_name(p.rel) for p in pages))}
    targets = {where(entry.page): entry for entry in entries}
    aliases = {posixpath.normpath(page_url(entry.page, directory_urls)): where(entry.page) for entry in entries}
    targets.update({url: targets[staged] for url, staged in aliases.items()})
    merged: dict[str, dict[str, Backlink]] = {}
    for target, links in backlinks(sources, targets).items():
        seen = merged.setdefault(names[aliases.get(target, target)], {})
        for link in links:
            seen.setdefault(link.src, replace(link, src=names.get(link.src, link.src)))
    return {page: sorted(links.values(), key=backlink_order) for page, links in merged.items()}


def _stage_theme(project: Project, target: Path, left_out: list[LeftOut]) -> dict[str, tuple[Path, int]]:
    """Theme overrides for the stage: the user's own custom_dir, plus our head partial and a main.html that includes it.

    The user's files win; a main.html of their own should include
    ``partials/portfolio-head.html`` (the README says how). Return the staged
    files that came from the person's folder (``overrides/main.html`` -> ``theme/main.html``).
    """
    files: dict[str, bytes] = {}
    origins: dict[str, tuple[Path, int]] = {}
    theme = project.config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and (project.root / custom).is_dir():
        publication = theme_files((project.root / custom).resolve(), project.root, display_path)
        left_out += publication.left_out
        files.update({rel: path.read_bytes() for rel, path in publication.files.items()})
        origins = {f"{target.name}/{rel}": (path, 1) for rel, path in publication.files.items()}
    ours = resources.files("portfolio").joinpath("templates").joinpath("theme")
    for rel in THEME_FILES:
        if rel not in files:
            files[rel] = ours.joinpath(rel).read_bytes()
    target.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        write_if_changed(target / rel, content)
    _prune(target, set(files))
    return origins


class _Manifest:
    """What each staged entry page was rendered from, so an unchanged entry is not even rendered again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: dict[str, str] = {}
        self.saved: dict[str, list] = {}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.saved = loaded
        except (OSError, ValueError):
            pass

    def fresh(self, rel: str, key: str, docs_dir: Path) -> bool:
        """True when ``rel`` was written from ``key`` and has not been touched since."""
        record = self.saved.get(rel)
        if not isinstance(record, list) or len(record) != 2 or record[0] != key:
            return False
        try:
            if (docs_dir / rel).stat().st_mtime_ns != record[1]:
                return False
        except OSError:
            return False
        self.keys[rel] = key
        return True

    def save(self, docs_dir: Path, present: set[str]) -> None:
        records = {}
        for rel, key in self.keys.items():
            if rel.startswith("#"):
                records[rel] = [key, 0]
            elif rel in present:
                try:
                    records[rel] = [key, (docs_dir / rel).stat().st_mtime_ns]
                except OSError:
                    continue
        write_if_changed(self.path, json.dumps(records, sort_keys=True).encode("utf-8"))


def _fingerprint(data: SiteData, entries: list[Entry]) -> str:
    """Everything besides an entry itself that its page depends on: names, roles, links between entries."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}|{data.directory_urls}|{data.matrix!r}|{data.career.roles!r}|{data.authors!r}".encode())
    digest.update(f"|{data.name}|{data.site_url}".encode())
    env = html_environment()
    assert env.loader is not None
    for name in _ENTRY_TEMPLATES:
        digest.update(env.loader.get_source(env, name)[0].encode())
    for entry in entries:
        meta = entry.meta
        # What the header, the neighbourhood graph and the related lists show of other entries.
        relations = "|".join(str(getattr(meta, key, "")) for key in ("status", "supersedes", "superseded_by", "depends_on", "relates_to"))
        digest.update(f"|{entry.slug}|{entry.kind}|{entry.date}|{meta.title}|{entry.public}|{relations}".encode())
    return digest.hexdigest()


def _entry_key(context: str, entry: Entry, banner: str, body: str) -> str:
    digest = hashlib.sha256(context.encode())
    digest.update(repr(sorted(entry.meta.model_dump().items())).encode())
    digest.update(f"|{entry.rel}|{entry.slug}|{banner}|".encode())
    digest.update(body.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _structure_key(context: str, entries: list[Entry], pages: list[Page], files: set[str]) -> str:
    """What the engine builds lists from (tags pages, search, sitemap): which pages are staged, with which tags and flags."""
    digest = hashlib.sha256(context.encode())
    for entry in entries:
        meta = entry.meta
        digest.update(f"|{entry.page}|{meta.tags}|{meta.draft}|{meta.private}".encode())
    for page in pages:
        digest.update(f"|{page.rel}|{page.meta.get('title')}|{page.meta.get('tags')}|{page.draft}|{page.private}".encode())
    digest.update("|".join(sorted(files)).encode())
    return digest.hexdigest()


def _layout_key(structure: str, config: bytes, theme_dir: Path) -> str:
    digest = hashlib.sha256(f"{structure}|".encode())
    digest.update(config)
    for path in sorted(theme_dir.rglob("*")):
        if path.is_file():
            digest.update(f"|{path.relative_to(theme_dir).as_posix()}|".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


_PLAIN_NAME = re.compile(r"[A-Za-z0-9._-]+")


def top_level_names(staged: Iterable[str], directory_urls: bool = True) -> list[str]:
    """The first folder (or file) of every address the site publishes, sorted: how the 404 page finds the site's root.

    Only plain names (letters, digits, ``.``, ``_``, ``-``): they go into a script, and an odd name only
    costs the 404 page one guess.
    """
    names = {"assets", "search", "sitemap.xml", "404.html", "index.html"}
    for rel in staged:
        url = page_url(rel, directory_urls) if rel.endswith(".md") else rel
        first = url.split("/", 1)[0]
        if _PLAIN_NAME.fullmatch(first):
            names.add(first)
    return sorted(names)


def _page_title(page: Page) -> str:
    """The navigation title, HTML-escaped: MkDocs' templates print titles as they are.

    Without a title, MkDocs' own rule for a file name: dashes and underscores become
    spaces, and a name written all in lower case is capitalised.
    """
    title = page.meta.get("title")
    if isinstance(title, str) and title.strip():
        return html.escape(title.strip())
    name = Path(page.rel).stem.replace("-", " ").replace("_", " ")
    return html.escape(name.capitalize() if name == name.lower() else name)


def _page_name(page: Page) -> str:
    """How a page is named in lists (not escaped: templates escape): its title, its first heading, else its file name."""
    title = page.meta.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    heading, _ = first_h1(page.body)
    if heading and plain_text(heading):
        return plain_text(heading)
    return Path(page.rel).stem.replace("-", " ").replace("_", " ").capitalize()


_MARKUP = re.compile(r"[<>&\"']")


def _page_source(page: Page, relink_body: Any = None, moved: bool = False) -> bytes:
    """A page as written, except that a title, description or tag that is markup, or a file name that
    would become one, is escaped in its front matter (MkDocs' templates print them as they are), and
    links to files that are staged under another name follow them.

    A page ``moved`` to ``<name>/index.md`` keeps the title its file name gave it: an engine would
    otherwise name it after ``index``.
    """
    data = page.path.read_bytes()
    meta = dict(page.meta)
    risky = [key for key in ("title", "description") if isinstance(meta.get(key), str) and _MARKUP.search(meta[key])]
    tags = meta.get("tags")
    risky_tags = isinstance(tags, list) and any(isinstance(tag, str) and _MARKUP.search(tag) for tag in tags)
    named_by_file = "title" not in meta and (_MARKUP.search(Path(page.rel).stem) or (moved and first_h1(page.body)[0] is None))
    body = relink_body(page.body) if relink_body is not None else page.body
    if not (risky or risky_tags or named_by_file or body != page.body):
        return data
    for key in risky:
        meta[key] = html.escape(meta[key])
    if risky_tags and isinstance(tags, list):
        meta["tags"] = [html.escape(tag) if isinstance(tag, str) else tag for tag in tags]
    if named_by_file:
        meta["title"] = _page_title(page)
    return dump_front_matter(meta, body).encode("utf-8")


def relink(body: str, source_rel: str, staged_rel: str, targets: dict[str, str], directory_urls: bool = True) -> str:
    """Links of a page written at ``source_rel`` and staged at ``staged_rel``, pointed at where their
    targets are staged (``targets``: content path -> staged path); links to anything else stay as written.

    An entry is staged under its slug (``decisions/2024-01-05-x.md`` -> ``decisions/x/index.md``) and
    may come from a subfolder: without this its relative links to images and to other entries break.
    A link in raw HTML to a page gets the page's URL: MkDocs leaves raw HTML as written (a ``.md``
    link would stay broken there), Zensical reads it relative to the file, which is the page's folder.
    """
    source_dir = posixpath.dirname(source_rel)
    staged_dir = posixpath.dirname(staged_rel)

    def rewrite(target: str, html: bool = False) -> str | None:
        if not is_relative_link(target):
            return None
        path, fragment = split_target(target)
        if not path:
            return None
        rel = posixpath.normpath(posixpath.join(source_dir, path))
        staged = targets.get(rel)
        if staged is None:
            return None
        if html and staged.endswith(".md"):
            return quote(relative_url(staged_rel, staged, directory_urls)) + fragment
        new = posixpath.relpath(staged, staged_dir or ".")
        if posixpath.normpath(posixpath.join(staged_dir, path)) == staged:
            return None  # already right from where it is staged
        return quote(new) + fragment

    return rewrite_html_links(rewrite_links(body, rewrite), lambda target: rewrite(target, html=True))


def _prune(docs_dir: Path, keep: set[str]) -> list[str]:
    removed = []
    for root, dirs, names in os.walk(docs_dir, topdown=False):
        for name in names:
            path = Path(root) / name
            rel = path.relative_to(docs_dir).as_posix()
            if rel not in keep:
                path.unlink()
                removed.append(rel)
        for name in dirs:
            path = Path(root) / name
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return sorted(removed)


# --- the derived config ------------------------------------------------------------


def derive_config(
    project: Project,
    stage_dir: Path,
    user_pages: list[tuple[str, str]],
    authors: bool = False,
    staged: dict[str, str] | None = None,
    where: Any = None,
) -> dict[str, Any]:
    """The user's mkdocs.yml pointed at the stage: paths relative to it, our CSS, search and tags, a short nav.

    ``staged`` maps a content path or a generated page to its staged file, so a nav of the
    person's own still finds the pages; ``where`` gives the staged file of a generated page.
    """
    config = _resolve_relative_tags(dict(project.config), project.root)
    root = project.root
    staged = staged or {}
    # Relative to the stage's mkdocs.yml, as both engines read them; site_dir lies inside the stage
    # because Zensical writes nowhere else (the build then moves it to the output folder).
    config["docs_dir"] = DOCS_DIR
    config["site_dir"] = STAGED_SITE_DIR
    config.setdefault("site_name", "Portfolio")
    config.pop("strict", None)  # `build --strict` decides, for both engines (Zensical would read it itself)

    theme = config.get("theme") or {"name": "material"}
    if isinstance(theme, str):
        theme = {"name": theme}
    theme = dict(theme)
    theme["custom_dir"] = THEME_DIR  # the person's overrides are copied into it, with ours
    # Only Zensical reads theme.variant (MkDocs passes unknown theme keys through unused):
    # "classic" keeps Material's look, which portfolio.css is written for.
    theme.setdefault("variant", "classic")
    config["theme"] = theme

    def inside_stage(item: Any) -> Any:
        return os.path.relpath(root / item, stage_dir) if isinstance(item, str) else item

    for key in ("hooks", "watch"):  # hooks: only MkDocs runs them (Zensical is refused them, see engines/compat.py)
        if isinstance(config.get(key), list):
            config[key] = [inside_stage(item) for item in config[key]]
    if isinstance(config.get("INHERIT"), str):
        config["INHERIT"] = inside_stage(config["INHERIT"])

    extra_css = list(config.get("extra_css") or [])
    if CSS not in extra_css:
        extra_css.append(CSS)
    config["extra_css"] = extra_css

    config["plugins"] = _with_items(config.get("plugins"), ("search", "tags"), default=["search"])
    config["markdown_extensions"] = _with_items(config.get("markdown_extensions"), _NEEDED_EXTENSIONS, default=[])
    if config.get("nav"):
        config["nav"] = _map_nav(config["nav"], lambda path: staged.get(posixpath.normpath(path), path))
    else:
        config["nav"] = _map_nav(nav(user_pages, authors), where or (lambda path: path))
    return config


def _map_nav(items: Any, move: Any) -> Any:
    """A nav with every relative ``.md`` path passed through ``move`` (titles, URLs and sections kept)."""
    if isinstance(items, list):
        return [_map_nav(item, move) for item in items]
    if isinstance(items, dict):
        return {key: _map_nav(value, move) for key, value in items.items()}
    if isinstance(items, str) and items.lower().endswith(".md") and is_relative_link(items):
        return move(items)
    return items


def _resolve_relative_tags(value: Any, root: Path) -> Any:
    """``!relative $config_dir/x`` means the folder of the person's mkdocs.yml, not of the stage's: write it out.

    ``!relative $docs_dir/x`` and a bare ``!relative`` (the staged page's own folder) stay: the stage keeps
    the content folder's layout, so they resolve to the staged copies. Only MkDocs knows the tag;
    a build with Zensical refuses it first (see :mod:`portfolio.site.engines.compat`).
    """
    if isinstance(value, Tagged) and value.tag == "!relative" and isinstance(value.value, str):
        text = value.value.strip()
        if text == "$config_dir" or text.startswith("$config_dir/"):
            return str(root / text[len("$config_dir") :].lstrip("/"))
        return value
    if isinstance(value, dict):
        return {key: _resolve_relative_tags(item, root) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_relative_tags(item, root) for item in value]
    return value


def _names(items: list) -> set[str]:
    names = set()
    for item in items:
        if isinstance(item, str):
            names.add(item)
        elif isinstance(item, dict):
            names.update(str(key) for key in item)
    return names


def _with_items(value: Any, needed: Iterable[str], default: list) -> Any:
    """A plugin or extension list with ``needed`` appended when missing (a dict form is kept as a dict)."""
    if value is None:
        value = list(default)
    if isinstance(value, dict):
        value = dict(value)
        for name in needed:
            value.setdefault(name, {})
        return value
    if isinstance(value, Tagged) or not isinstance(value, list):
        return value
    items = list(value)
    present = _names(items)
    items.extend(name for name in needed if name not in present)
    return items

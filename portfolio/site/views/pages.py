"""The generated pages: entry headers, the skills matrix, the timeline, the indexes, the home page.

Each page is Markdown front matter around an HTML body rendered by an
autoescaping Jinja template, so every value that came from a person's file is
escaped wherever it lands. Everything is computed once per stage in
:class:`SiteData`, in passes linear in the number of entries.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from portfolio.model.addresses import GENERATED
from portfolio.model.authors import Author, author_page_src, authors_of
from portfolio.model.career import Career, Person
from portfolio.model.entries import KINDS, STATUSES, DecisionMeta, Entry, word_count
from portfolio.model.front_matter import dump_front_matter
from portfolio.model.governance import Due, dues
from portfolio.model.relations import Relation, relations
from portfolio.model.skills import Evidence, SkillMatrix, current_levels, evidence_by_skill, latest_date, level_ups
from portfolio.model.thresholds import DEFAULTS, Settings
from portfolio.site.sharing.feeds import REVIEW_FEED
from portfolio.site.urls import page_url, relative_url
from portfolio.site.views.backlinks import Backlink
from portfolio.site.views.charts import heat_rows, heat_strip, levels_chart, step_chart
from portfolio.site.views.graph import Graph, layout
from portfolio.site.views.home import Intro, contact_links, current_role, highlights, latest_by_kind
from portfolio.site.views.timeline import Chapter, chapters, role_of
from portfolio.templating import html_environment

__all__ = ["SiteData", "Intro", "GENERATED", "KIND_TITLES", "entry_page", "generated_pages", "skill_page_src", "reading_minutes"]

KIND_TITLES = {
    "decision": ("Decision", "Decisions"),
    "debug": ("Debugging journal", "Debugging journals"),
    "post": ("Post", "Posts"),
    "postmortem": ("Post-mortem", "Post-mortems"),
    "win": ("Win", "Wins"),
}

_H1 = re.compile(r"\A\s*#\s+[^\n]*\n?")
#: Words a reader gets through in a minute of technical prose (reading time on posts).
WORDS_PER_MINUTE = 220


@dataclass
class SiteData:
    """What the generated pages are made of: the staged entries and everything derived from them."""

    entries: list[Entry]
    matrix: SkillMatrix
    career: Career
    site_name: str = ""
    site_description: str = ""
    directory_urls: bool = True
    today: dt.date = field(default_factory=dt.date.today)
    images: dict = field(default_factory=dict)
    authors: dict = field(default_factory=dict)
    site_author: str = ""
    site_url: str = ""
    #: Staged entry page -> the day git last recorded a change to its file (absent without history).
    updated: dict = field(default_factory=dict)
    #: The review thresholds: the review page lists what `portfolio review` would flag.
    settings: Settings = DEFAULTS
    #: Staged entry page -> the public pages that link to it (see :mod:`portfolio.site.views.backlinks`).
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    #: Whether the review feed is written (it needs site_url): the review page links to it then.
    review_feed: bool = False

    def __post_init__(self) -> None:
        self.entries = sorted(self.entries, key=lambda e: (e.date, e.slug), reverse=True)
        self.by_slug = {e.slug: e for e in self.entries}
        self.by_kind: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            self.by_kind[entry.kind].append(entry)
        self.superseded_by: dict[str, list[Entry]] = defaultdict(list)
        self.supersedes: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.by_kind["decision"]:
            meta = entry.meta
            assert isinstance(meta, DecisionMeta)
            for slug in meta.supersedes:
                if slug in self.by_slug:
                    self.supersedes[entry.slug].append(self.by_slug[slug])
                    self.superseded_by[slug].append(entry)
            for slug in meta.superseded_by:
                if slug in self.by_slug:
                    self.superseded_by[entry.slug].append(self.by_slug[slug])
                    self.supersedes[slug].append(entry)
        for mapping in (self.supersedes, self.superseded_by):
            for slug, items in mapping.items():
                mapping[slug] = sorted({e.slug: e for e in items}.values(), key=lambda e: e.date)
        # depends_on / relates_to both ways, over every staged entry (as the supersedes facts are).
        self.depends_on: dict[str, list[Entry]] = defaultdict(list)
        self.depended_by: dict[str, list[Entry]] = defaultdict(list)
        self.related: dict[str, list[Entry]] = defaultdict(list)
        for relation in relations(self.entries, set(self.by_slug)):
            source, target = self.by_slug[relation.source], self.by_slug[relation.target]
            if relation.kind == "depends_on":
                self.depends_on[source.slug].append(target)
                self.depended_by[target.slug].append(source)
            elif relation.kind == "relates_to":
                self.related[source.slug].append(target)
                self.related[target.slug].append(source)
        for mapping in (self.depends_on, self.depended_by, self.related):
            for slug, items in mapping.items():
                mapping[slug] = sorted(items, key=lambda e: (e.date, e.slug))

    @cached_property
    def public_decisions(self) -> list[Entry]:
        """The decisions every graph draws: drafts and private ones never (also when `serve` stages them)."""
        return [e for e in self.by_kind.get("decision", []) if e.public]

    @cached_property
    def graph_relations(self) -> list[Relation]:
        """Relations written on public decisions whose other end is public too; one that names a draft
        or private entry is dropped, never drawn to a placeholder."""
        return relations([e for e in self.entries if e.public])

    @cached_property
    def graph(self) -> Graph:
        """Every public decision, plus the public entries of other kinds a decision relates to."""
        slugs = {e.slug for e in self.public_decisions} | {r.target for r in self.graph_relations}
        return layout([self.by_slug[slug] for slug in slugs], self.graph_relations)

    def neighbourhood(self, entry: Entry) -> Graph | None:
        """A public decision with the public entries it is directly related to, and those relations; None when alone."""
        if entry.kind != "decision" or not entry.public:
            return None
        incident = self._relations_by_slug.get(entry.slug, [])
        if not incident:
            return None
        slugs = {entry.slug} | {r.source for r in incident} | {r.target for r in incident}
        return layout([self.by_slug[slug] for slug in slugs], incident, focus=entry.slug, group=False)

    @cached_property
    def _relations_by_slug(self) -> dict[str, list[Relation]]:
        result: dict[str, list[Relation]] = defaultdict(list)
        for relation in self.graph_relations:
            result[relation.source].append(relation)
            result[relation.target].append(relation)
        return result

    @cached_property
    def due(self) -> list[tuple[Entry, list[Due]]]:
        """Public decisions due for another look as of ``today``, the one waiting longest first."""
        found = []
        for entry in self.public_decisions:
            if entry.date > self.today:
                continue  # as `review --as-of` does: a decision dated later is not known yet
            reasons = dues(entry, self.today, self.settings)
            if reasons:
                found.append((entry, reasons))
        found.sort(key=lambda item: (min(due.since for due in item[1]), item[0].date, item[0].slug))
        return found

    @property
    def person(self) -> Person | None:
        return self.career.person

    @cached_property
    def name(self) -> str:
        """Whose portfolio this is: ``person.name`` in career.yml, else ``site_author``, else the site's name."""
        if self.person is not None:
            return self.person.name
        return self.site_author.strip() or self.site_name.strip() or "Portfolio"

    @cached_property
    def neighbours(self) -> dict[str, tuple[Entry | None, Entry | None]]:
        """Entry page -> (the previous, the next) entry of its kind in date order."""
        result: dict[str, tuple[Entry | None, Entry | None]] = {}
        for items in self.by_kind.values():
            ordered = items[::-1]  # oldest first
            for index, entry in enumerate(ordered):
                older = ordered[index - 1] if index else None
                newer = ordered[index + 1] if index + 1 < len(ordered) else None
                result[entry.page] = (older, newer)
        return result

    def absolute(self, src: str) -> str:
        """The published address of a staged page, when ``site_url`` is known (for the printed page's footer)."""
        if not self.site_url:
            return ""
        return self.site_url.rstrip("/") + "/" + page_url(src, self.directory_urls)

    @cached_property
    def by_author(self) -> dict[str, tuple]:
        """Author id -> (author, entries newest first), for entries that name authors."""
        result: dict[str, tuple] = {}
        for entry in self.entries:
            for author in authors_of(entry, self.authors):
                result.setdefault(author.id, (author, []))[1].append(entry)
        return dict(sorted(result.items(), key=lambda item: item[1][0].name.lower()))

    @cached_property
    def by_skill(self) -> dict[str, list[Evidence]]:
        """Every staged entry's evidence, drafts included in a preview (the matrix lists them, marked)."""
        return evidence_by_skill(self.entries, self.matrix)

    @cached_property
    def public_by_skill(self) -> dict[str, list[Evidence]]:
        """Public evidence only: levels, level-ups, dates and charts, so a preview shows the levels the site will."""
        if all(entry.public for entry in self.entries):
            return self.by_skill
        return evidence_by_skill([e for e in self.entries if e.public], self.matrix)

    @cached_property
    def current(self) -> dict:
        return current_levels(self.public_by_skill)

    @cached_property
    def level_ups(self) -> list[Evidence]:
        return level_ups(self.public_by_skill)

    @cached_property
    def chapters(self) -> list[Chapter]:
        return chapters(self.entries, self.career, self.level_ups)

    def link(self, from_src: str) -> Callable[..., str]:
        """A ``href(target_src, anchor="")`` function for templates rendering ``from_src``."""

        def href(target: str, anchor: str = "") -> str:
            return relative_url(from_src, target, self.directory_urls, anchor)

        return href


# --- rendering helpers -----------------------------------------------------------


#: Front matter of the pages that list entries (the matrix, the indexes, the authors): each title and
#: description on them is found on the entry's own page already, and at a few thousand entries one of
#: them outgrows what a search index holds for a page (Zensical refuses the build past 32,768 positions).
LISTING = {"search": {"exclude": True}}


def _page(meta: dict, body: str, image: str | None = None) -> str:
    """Markdown source: front matter (values already HTML-escaped) and an HTML body."""
    if image:
        meta = {**meta, "gp_image": image}
    return dump_front_matter(meta, body)


def _escape(value: str) -> str:
    # MkDocs' templates print page titles and descriptions without escaping.
    return html.escape(value, quote=True)


def _render(template: str, **context: object) -> str:
    return html_environment().get_template(template).render(**context)


def _common(data: SiteData, src: str, title: str = "") -> dict:
    return {
        "href": data.link(src),
        "kinds": KIND_TITLES,
        "generated": GENERATED,
        "fmt_date": format_date,
        "data": data,
        "print_title": title,
        "print_url": data.absolute(src),
    }


def reading_minutes(markdown: str) -> int:
    """Minutes a reader needs for a body of prose, at least one."""
    return max(1, round(word_count(markdown) / WORDS_PER_MINUTE))


def format_date(day: dt.date | None) -> str:
    return day.strftime("%-d %b %Y") if day else ""


# --- entry pages -------------------------------------------------------------------


def entry_page(entry: Entry, data: SiteData, banner: str = "", image: str = "", summary: str = "", body: str | None = None) -> str:
    """An entry's staged page: its front matter for Material, a generated header, its body."""
    src = entry.page
    role = role_of(entry, data.career)
    skills = []
    for skill_id, level_id in entry.meta.skills.items():
        skill = data.matrix.skill(skill_id)
        if skill is None:
            continue
        level = data.matrix.level(level_id) if level_id else None
        skills.append((skill, level))
    text = entry.body if body is None else body
    older, newer = data.neighbours.get(src, (None, None))
    context = {
        "entry": entry,
        "meta": entry.meta,
        "role": role,
        "skills": skills,
        "supersedes": data.supersedes.get(entry.slug, []),
        "superseded_by": data.superseded_by.get(entry.slug, []),
        "depends_on": data.depends_on.get(entry.slug, []),
        "depended_by": data.depended_by.get(entry.slug, []),
        "related": data.related.get(entry.slug, []),
        "authors": authors_of(entry, data.authors),
        "banner": banner,
        "reading": reading_minutes(text) if entry.kind == "post" else 0,
        "updated": data.updated.get(src),
        "older": older,
        "newer": newer,
        "neighbourhood": data.neighbourhood(entry),
        "backlinks": data.backlinks.get(src, []),
        **_common(data, src, entry.title),
    }
    header = _render("pages/header.html.j2", **context)
    footer = _render("pages/entry-footer.html.j2", **context)
    # In a preview a held entry says so wherever the engine lists its title (tags, search, the browser tab).
    meta: dict = {"title": _escape(f"{entry.title} ({banner.lower()})" if banner else entry.title)}
    description = entry.meta.description or summary
    if description:
        meta["description"] = _escape(description)
    meta["gp_type"] = "article"
    if image:
        meta["gp_image"] = image
    if entry.meta.tags:
        meta["tags"] = [_escape(tag) for tag in entry.meta.tags]
    text = _H1.sub("", text, count=1)
    return _page(meta, header.strip() + "\n\n" + text.strip() + "\n\n" + footer.strip() + "\n")


# --- generated pages -----------------------------------------------------------------


def generated_pages(data: SiteData, home: bool, images: dict[str, str] | None = None, intro: Intro | None = None) -> dict[str, str]:
    """Staged source path -> content of every generated page; ``images`` gives link-preview cards.

    ``home`` says whether to make the front page; ``intro`` is the person's own index.md, which it wraps.
    """
    data.images = dict(images or {})
    pages = {
        GENERATED["skills"]: skills_page(data),
        GENERATED["timeline"]: timeline_page(data),
        GENERATED["tags"]: _page({"title": "Tags"}, "Entries by tag.\n\n<!-- material/tags -->\n"),
    }
    for kind in KINDS:
        pages[GENERATED[kind]] = index_page(kind, data)
    pages[GENERATED["decision-graph"]] = graph_page(data)
    pages[GENERATED["decision-review"]] = review_page(data)
    for skill in data.matrix.skills:
        pages[skill_page_src(skill.id)] = skill_page(skill.id, data)
    if data.by_author:
        pages[GENERATED["authors"]] = _page(
            {"title": "Authors", **LISTING},
            _render("pages/authors.html.j2", rows=list(data.by_author.values()), **_common(data, GENERATED["authors"])),
        )
        for author_id, (author, items) in data.by_author.items():
            pages[author_page_src(author_id)] = author_page(author, items, data)
    if home:
        pages[GENERATED["home"]] = home_page(data, intro)
    return pages


def skills_page(data: SiteData) -> str:
    src = GENERATED["skills"]
    rows = []
    for skill in data.matrix.skills:
        items = data.by_skill[skill.id]
        cells: dict[str, list[Entry]] = {level.id: [] for level in data.matrix.levels}
        for ev in reversed(items):
            cells[ev.level.id].append(ev.entry)
        history = [(a.date, data.matrix.level(a.ratings[skill.id])) for a in data.career.assessments if skill.id in a.ratings]
        rows.append(
            {
                "skill": skill,
                "cells": cells,
                "current": data.current[skill.id],
                "latest": latest_date(data.public_by_skill[skill.id]),
                "history": history,
                "count": len(items),
            }
        )
    body = _render(
        "pages/skills.html.j2",
        rows=rows,
        matrix=data.matrix,
        assessments=data.career.assessments,
        levels_svg=levels_chart(data.matrix, data.current),
        heat_svg=heat_strip(data.matrix, data.public_by_skill),
        heat_rows=heat_rows(data.matrix, data.public_by_skill),
        **_common(data, src, "Skills matrix"),
    )
    return _page(
        {
            "title": "Skills matrix",
            "description": "Every claimed level, linked to the entries that evidence it.",
            "hide": ["toc"],
            **LISTING,
        },
        body,
        data.images.get(src),
    )


def author_page(author: Author, items: list[Entry], data: SiteData) -> str:
    """An author's decisions and journals first, then the rest, newest first."""
    src = author_page_src(author.id)
    groups = [(kind, [e for e in items if e.kind == kind]) for kind in KINDS]
    avatar = relative_url(src, author.avatar, data.directory_urls) if author.avatar else ""
    link = author.link if author.link and author.link.startswith(("https://", "http://")) else ""
    body = _render(
        "pages/author.html.j2", author=author, groups=[g for g in groups if g[1]], avatar=avatar, link=link, **_common(data, src)
    )
    return _page({"title": _escape(author.name), **LISTING}, body)


def skill_page_src(skill_id: str) -> str:
    """``skills/<id>.md``, published at ``/skills/<id>/``: a URL to paste as "my evidence for X"."""
    return f"skills/{skill_id}.md"


def skill_page(skill_id: str, data: SiteData) -> str:
    src = skill_page_src(skill_id)
    skill = data.matrix.skill(skill_id)
    assert skill is not None
    items = data.by_skill[skill_id]
    evidence: dict[str, list[Entry]] = {level.id: [] for level in data.matrix.levels}
    for ev in reversed(items):
        evidence[ev.level.id].append(ev.entry)
    ups = [ev for ev in data.level_ups if ev.skill == skill_id]
    body = _render(
        "pages/skill.html.j2",
        skill=skill,
        levels=list(reversed(data.matrix.levels)),
        evidence=evidence,
        current=data.current[skill_id],
        latest=latest_date(data.public_by_skill[skill_id]),
        steps_svg=step_chart(data.matrix, ups, data.today),
        **_common(data, src, skill.name),
    )
    return _page(
        {"title": _escape(skill.name), "description": _escape(skill.description or f"Evidence for {skill.name}")},
        body,
        data.images.get(src),
    )


def timeline_page(data: SiteData) -> str:
    src = GENERATED["timeline"]
    body = _render(
        "pages/timeline.html.j2", chapters=data.chapters, by_slug=data.by_slug, matrix=data.matrix, **_common(data, src, "Timeline")
    )
    return _page({"title": "Timeline", "description": "How I changed, role by role."}, body, data.images.get(src))


def index_page(kind: str, data: SiteData) -> str:
    src = GENERATED[kind]
    entries = data.by_kind.get(kind, [])
    context: dict = {"entries": entries, "kind": kind}
    if kind == "decision":
        groups: dict[str, list[Entry]] = {status: [] for status in STATUSES}
        for entry in entries:
            groups[entry.meta.status].append(entry)  # type: ignore[attr-defined]
        context["groups"] = [(status, items) for status, items in groups.items() if items]
        context["superseded_by"] = data.superseded_by
        context["due_count"] = len(data.due)
    if kind == "debug":
        patterns: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            cause = getattr(entry.meta, "root_cause", None)
            if cause:
                patterns[cause].append(entry)
        context["patterns"] = sorted(patterns.items(), key=lambda item: (-len(item[1]), item[0]))
    title = KIND_TITLES[kind][1]
    body = _render(f"pages/index-{kind}.html.j2", **context, **_common(data, src, title))
    return _page({"title": title, **LISTING}, body)


def graph_page(data: SiteData) -> str:
    """Every public decision and the relations between them, oldest at the top; by year when there are many."""
    src = GENERATED["decision-graph"]
    body = _render("pages/graph.html.j2", graph=data.graph, decisions=len(data.public_decisions), **_common(data, src, "Decision graph"))
    return _page(
        {
            "title": "Decision graph",
            "description": "How the decisions relate: what superseded what, what depends on what.",
            "hide": ["toc"],
            # Every title on it is found on its own page already: the graph would only be a second hit for each.
            "search": {"exclude": True},
        },
        body,
    )


def review_page(data: SiteData) -> str:
    """Public decisions whose revisit date has passed or that still wait for an outcome, as `portfolio review` finds them."""
    src = GENERATED["decision-review"]
    body = _render(
        "pages/review.html.j2",
        due=data.due,
        today=data.today,
        settings=data.settings,
        feed=relative_url(src, REVIEW_FEED, data.directory_urls) if data.review_feed else "",
        **_common(data, src, "Decisions due for review"),
    )
    meta = {"title": "Decisions due for review", "description": "Decisions to look at again: revisit dates passed, outcomes missing."}
    if data.review_feed:
        # The head partial announces it on this page only (autodiscovery for feed readers).
        meta |= {"gp_feed": REVIEW_FEED, "gp_feed_title": _escape(f"{data.site_name or 'Portfolio'} — decisions due for review (ATOM)")}
    return _page(meta, body)


def home_page(data: SiteData, intro: Intro | None = None) -> str:
    """The front page: the person, their level, their highlights and the ways into the evidence.

    With an ``index.md`` of the person's own, its body is the introduction and
    its front matter is kept (title, description and tags escaped, as for any
    page); the heading is still the person's name.
    """
    src = GENERATED["home"]
    person = data.person
    own = dict(intro.meta) if intro is not None else {}
    name = data.name
    if person is None and not data.site_author.strip() and isinstance(own.get("title"), str) and own["title"].strip():
        name = own["title"].strip()
    headline = person.headline if person is not None and person.headline else data.site_description
    text = _H1.sub("", intro.body, count=1).strip() if intro is not None else ""
    context = _common(data, src, name)
    body = _render(
        "pages/home.html.j2",
        name=name,
        headline=headline,
        person=person,
        role=current_role(data.career, data.today),
        links=contact_links(person),
        highlights=highlights(data.entries),
        latest=latest_by_kind(data.by_kind),
        counts=Counter(e.kind for e in data.entries),
        levels_svg=levels_chart(data.matrix, data.current) if data.matrix.skills else "",
        intro=text,
        **context,
    )
    meta = {key: value for key, value in own.items() if key not in ("title", "description", "tags")}
    meta["title"] = _escape(name)
    description = own.get("description") if isinstance(own.get("description"), str) else headline
    if description:
        meta["description"] = _escape(description)
    if isinstance(own.get("tags"), list):
        meta["tags"] = [_escape(tag) if isinstance(tag, str) else tag for tag in own["tags"]]
    meta.setdefault("hide", ["toc"])
    meta["gp_home"] = True
    return _page(meta, body, data.images.get(src))


def nav(user_pages: list[tuple[str, str]], authors: bool = False) -> list:
    """The short navigation: generated pages and kind indexes, never every entry."""
    items: list = [{"Home": GENERATED["home"]}, {"Skills": GENERATED["skills"]}, {"Timeline": GENERATED["timeline"]}]
    for kind in KINDS:
        items.append({KIND_TITLES[kind][1]: GENERATED[kind]})
    items.append({"Tags": GENERATED["tags"]})
    if authors:
        items.append({"Authors": GENERATED["authors"]})
    for title, src in user_pages:
        items.append({title: src})
    return items

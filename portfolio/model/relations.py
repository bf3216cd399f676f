"""Relations between decisions and other entries: supersedes, depends on, relates to.

One reading of the front matter for everything that follows links between
records: `check` (cycles), the decision graph, each decision's neighbourhood
and the backlinks of the site. ``supersedes`` may be written on either side
(``supersedes`` on the newer record, ``superseded_by`` on the older); both are
the same relation, counted once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from portfolio.model.entries import DecisionMeta, Entry

__all__ = ["KINDS", "Relation", "relations", "cycles"]

#: Relation kinds, in the order pages list them.
KINDS = ("supersedes", "depends_on", "relates_to")


@dataclass(frozen=True)
class Relation:
    """``source`` supersedes / depends on / relates to ``target`` (slugs).

    ``origin`` is where it is written: ``(slug of the file, key, index in the list)``.
    """

    source: str
    target: str
    kind: str
    origin: tuple[str, str, int]


def relations(entries: Iterable[Entry], known: set[str] | None = None) -> list[Relation]:
    """Every relation written in the decisions of ``entries`` whose two ends are in ``known``
    (default: the slugs of ``entries``), without self-references, each once, in file order.

    ``relates_to`` has no direction: ``a relates_to b`` and ``b relates_to a`` are one relation.
    """
    entries = list(entries)
    if known is None:
        known = {entry.slug for entry in entries}
    found: dict[tuple[str, str, str], Relation] = {}

    def add(source: str, target: str, kind: str, origin: tuple[str, str, int]) -> None:
        if source == target or source not in known or target not in known:
            return
        key = (kind, *sorted((source, target))) if kind == "relates_to" else (kind, source, target)
        found.setdefault(key, Relation(source, target, kind, origin))  # type: ignore[arg-type]

    for entry in entries:
        meta = entry.meta
        if not isinstance(meta, DecisionMeta):
            continue
        for index, slug in enumerate(meta.supersedes):
            add(entry.slug, slug, "supersedes", (entry.slug, "supersedes", index))
        for index, slug in enumerate(meta.superseded_by):
            add(slug, entry.slug, "supersedes", (entry.slug, "superseded_by", index))
        for index, slug in enumerate(meta.depends_on):
            add(entry.slug, slug, "depends_on", (entry.slug, "depends_on", index))
        for index, slug in enumerate(meta.relates_to):
            add(entry.slug, slug, "relates_to", (entry.slug, "relates_to", index))
    return list(found.values())


def cycles(items: Iterable[Relation]) -> list[list[Relation]]:
    """One cycle per strongly connected group of relations (Tarjan, iterative: no recursion limit).

    Each cycle is a list of relations ``a->b, b->c, ..., x->a`` starting at the
    smallest slug of its group; linear in the number of relations.
    """
    graph: dict[str, list[Relation]] = {}
    for relation in items:
        graph.setdefault(relation.source, []).append(relation)
        graph.setdefault(relation.target, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = graph[node]
            if position < len(edges):
                work.append((node, position + 1))
                target = edges[position].target
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return [_cycle_through(min(group), set(group), graph) for group in sorted(groups, key=min)]


def _cycle_through(start: str, members: set[str], graph: dict[str, list[Relation]]) -> list[Relation]:
    """The shortest cycle from ``start`` back to itself inside one strongly connected group (breadth first)."""
    came_by: dict[str, Relation] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for relation in graph[node]:
            target = relation.target
            if target not in members:
                continue
            if target == start:
                path = [relation]
                while path[-1].source != start:
                    path.append(came_by[path[-1].source])
                return path[::-1]
            if target not in seen:
                seen.add(target)
                came_by[target] = relation
                queue.append(target)
    raise AssertionError("a strongly connected group always has a cycle")

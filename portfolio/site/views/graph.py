"""The decision graph: public decisions as nodes, their relations as edges, laid out by date.

Entries of other kinds that a decision relates to (a debugging journal, a
post) join the graph as nodes of their own, drawn hollow.

The layout is a set of rails: one row per decision, the oldest at the top, every
node on one vertical line. An edge leaves its source to the right, runs along a
lane of its own and comes back into its target. Lanes are handed out by interval
colouring (greedy by first row, smallest free lane first), which uses the fewest
lanes any such layout can: the width grows with how many relations overlap, not
with how many there are, and the whole layout is linear in nodes plus edges
(times log for the lane heap).

The SVG only draws. Every node is an HTML link in the list beside it, because
Material's instant navigation intercepts HTML links and cannot handle links
inside an SVG; a link's hit area covers its row, dot included.

Past :data:`GROUP_OVER` decisions the graph is cut into one section per year,
each its own SVG with the same lanes, so edges run on from one year to the next.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field

from portfolio.model.entries import Entry
from portfolio.model.relations import Relation

__all__ = ["ROW", "GROUP_OVER", "EDGE_WORDS", "GraphNode", "GraphEdge", "Section", "Graph", "layout"]

#: Height of one row, in pixels; the HTML list uses the same pitch.
ROW = 40
NODE_X = 12
NODE_R = 7
LANE = 16
#: The widest the rails get; with more overlapping relations, lanes move closer together.
MAX_RAIL = 320
#: More decisions than this: one section per year.
GROUP_OVER = 60
#: Relation kind -> what it reads as between two titles.
EDGE_WORDS = {"supersedes": "supersedes", "depends_on": "depends on", "relates_to": "relates to"}


@dataclass(frozen=True)
class GraphNode:
    entry: Entry
    row: int
    y: int
    focus: bool = False

    @property
    def x(self) -> int:
        return NODE_X


@dataclass(frozen=True)
class GraphEdge:
    kind: str
    source: str
    target: str
    first: int  # rows spanned, inclusive
    last: int
    path: str  # SVG path data, from the source to the target
    arrow: str  # polygon points of the arrowhead at the target; "" for relates_to
    title: str


@dataclass(frozen=True)
class Section:
    """A run of rows drawn as one SVG: the whole graph, or one year of it."""

    title: str
    anchor: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    top: int  # y of its first row in the graph's coordinates
    height: int


@dataclass
class Graph:
    sections: list[Section]
    width: int
    nodes: int
    edges: list[GraphEdge] = field(default_factory=list)
    #: slug -> what each node says about the others, ``(words, title)``: the text a screen reader gets for the lanes.
    said: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    row: int = ROW
    node_r: int = NODE_R

    @property
    def grouped(self) -> bool:
        return len(self.sections) > 1 or bool(self.sections and self.sections[0].title)

    def count(self, kind: str) -> int:
        return sum(1 for edge in self.edges if edge.kind == kind)


def _lanes(spans: list[tuple[int, int, int]]) -> dict[int, int]:
    """Edge index -> lane (1, 2, ...), for ``(first row, last row, edge index)`` spans.

    Two edges share a lane only when one ends strictly above where the other starts,
    so a lane never seems to run through a node from one edge into another.
    """
    lanes: dict[int, int] = {}
    active: list[tuple[int, int]] = []  # (last row, lane)
    free: list[int] = []
    next_lane = 1
    for first, last, index in sorted(spans):
        while active and active[0][0] < first:
            heapq.heappush(free, heapq.heappop(active)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, next_lane = next_lane, next_lane + 1
        lanes[index] = lane
        heapq.heappush(active, (last, lane))
    return lanes


def _y(row: int) -> int:
    return row * ROW + ROW // 2


def layout(entries: Iterable[Entry], items: Iterable[Relation], *, focus: str | None = None, group: bool | None = None) -> Graph:
    """Place ``entries`` (any order) and the ``items`` between them; ``group`` None: by year when large."""
    ordered = sorted(entries, key=lambda e: (e.date, e.slug))
    row_of = {entry.slug: row for row, entry in enumerate(ordered)}
    by_slug = {entry.slug: entry for entry in ordered}
    kept = [r for r in items if r.source in row_of and r.target in row_of and r.source != r.target]
    spans = [(min(row_of[r.source], row_of[r.target]), max(row_of[r.source], row_of[r.target]), i) for i, r in enumerate(kept)]
    lanes = _lanes(spans)
    count = max(lanes.values(), default=0)
    pitch = LANE if count * LANE <= MAX_RAIL else max(3, MAX_RAIL // count)
    width = NODE_X + NODE_R + count * pitch + 12

    edges = []
    said: dict[str, list[tuple[str, str]]] = {}
    for index, relation in enumerate(kept):
        first, last, _ = spans[index]
        ys, yt = _y(row_of[relation.source]), _y(row_of[relation.target])
        lane_x = NODE_X + NODE_R + lanes[index] * pitch
        bend = min(ROW // 2, abs(yt - ys) // 2)
        step = bend if yt > ys else -bend
        start_x = NODE_X + NODE_R
        end_x = start_x + (7 if relation.kind != "relates_to" else 0)
        path = f"M{start_x} {ys} Q{lane_x} {ys} {lane_x} {ys + step} L{lane_x} {yt - step} Q{lane_x} {yt} {end_x} {yt}"
        arrow = "" if relation.kind == "relates_to" else f"{start_x},{yt} {start_x + 9},{yt - 5} {start_x + 9},{yt + 5}"
        title = f"{by_slug[relation.source].title} {EDGE_WORDS[relation.kind]} {by_slug[relation.target].title}"
        edges.append(GraphEdge(relation.kind, relation.source, relation.target, first, last, path, arrow, title))
        said.setdefault(relation.source, []).append((EDGE_WORDS[relation.kind], by_slug[relation.target].title))

    nodes = [GraphNode(entry, row, _y(row), entry.slug == focus) for row, entry in enumerate(ordered)]
    if group is None:
        group = len(ordered) > GROUP_OVER
    runs: list[tuple[str, list[GraphNode]]] = []
    for node in nodes:
        title = str(node.entry.date.year) if group else ""
        if not runs or runs[-1][0] != title:
            runs.append((title, []))
        runs[-1][1].append(node)
    sections = []
    for title, members in runs:
        first_row, last_row = members[0].row, members[-1].row
        inside = [edge for edge in edges if edge.first <= last_row and edge.last >= first_row]
        anchor = f"year-{title}" if title else "decisions"
        sections.append(Section(title, anchor, members, inside, first_row * ROW, len(members) * ROW))
    return Graph(sections, width, len(nodes), edges, said)

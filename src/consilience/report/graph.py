"""The provenance graph laid out for an inline SVG: each origin group a box, its articles
in reading order (earliest first, left to right, wrapping onto more rows), boxes packed
onto shelves no wider than the page, edges as curves whose labels sit where they touch
no box and no other label.

Written here rather than taken from a graph-drawing library: the layout is a small,
fixed scheme (groups are given by the provenance stage, not found by the layout), the
page must stay self-contained and deterministic, and the properties that matter to a
reader are checked directly: every label inside the drawing, no label over an article
box or another label, no box wider than its text allows (tests/report/test_graph.py).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from consilience.dossier import Dossier
from consilience.report.view import Source, format_date, origin_letter, short

NODE_W = 176
NODE_H = 46
GAP_X = 96  # room for an edge label between two neighbours ("details 48%")
GAP_Y = 58
PAD = 14
HEADER = 28
BOX_GAP = GAP_X - 2 * PAD  # neighbours in two boxes are as far apart as in one
SHELF_GAP = 34
MARGIN = 14
MAX_WIDTH = 1080  # the page's content width: the drawing never needs scrolling there
CHAR_W = 7.8  # a conservative width of one bold character at the node font size (12 px)
LABEL_CHAR_W = 6.2  # the same at the edge-label size (10.5 px)
LABEL_H = 16
LANE_H = 14  # one arc over a row (an edge that skips the articles between its ends)
EDGE_SHORT = {"text_reuse": "reuse", "cites": "cites", "shared_details": "details"}


@dataclass(frozen=True, slots=True)
class Node:
    source: Source
    x: float
    y: float
    date: str
    name: str

    @property
    def cx(self) -> float:
        return self.x + NODE_W / 2

    @property
    def cy(self) -> float:
        return self.y + NODE_H / 2


@dataclass(frozen=True, slots=True)
class GroupBox:
    number: int | None  # None: an article no origin group claims
    label: str
    size: int
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True, slots=True)
class EdgePath:
    source: Source
    target: Source
    kind: str
    score: float
    note: str
    d: str
    label: str
    label_x: float
    label_y: float
    show_label: bool

    @property
    def label_w(self) -> float:
        return label_width(self.label)


@dataclass(frozen=True, slots=True)
class Graph:
    width: float
    height: float
    groups: list[GroupBox]
    nodes: list[Node]
    edges: list[EdgePath]


Rect = tuple[float, float, float, float]  # x, y, w, h


def label_width(label: str) -> float:
    return LABEL_CHAR_W * len(label) + 12


def fit(text: str, width: float, char_w: float = CHAR_W) -> str:
    """``text`` cut (with an ellipsis) to what ``width`` pixels hold."""
    return short(text, max(4, int(width // char_w)))


def _groups(dossier: Dossier, by_id: dict[str, Source]) -> list[tuple[int | None, list[Source]]]:
    placed: set[str] = set()
    groups: list[tuple[int | None, list[Source]]] = []
    for number, member_ids in enumerate(dossier.provenance.origin_groups):
        found = [by_id[a] for a in dict.fromkeys(member_ids) if a in by_id and a not in placed]
        placed.update(s.article_id for s in found)
        if found:
            groups.append((number, found))
    groups.extend((None, [s]) for a, s in by_id.items() if a not in placed)
    for _, members in groups:
        # The earliest report first: a reader looks for the original at the start.
        members.sort(
            key=lambda s: (s.article.published is None, s.article.published or "", s.index)
        )
    return groups


def _order(
    groups: list[tuple[int | None, list[Source]]], dossier: Dossier
) -> list[tuple[int | None, list[Source]]]:
    """Big groups first, and a group beside the groups it links to, so that edges
    between groups stay short."""
    where = {s.article_id: i for i, (_, members) in enumerate(groups) for s in members}
    links: Counter[tuple[int, int]] = Counter()
    for edge in dossier.provenance.edges:
        a, b = where.get(edge.source), where.get(edge.target)
        if a is not None and b is not None and a != b:
            links[(min(a, b), max(a, b))] += 1
    remaining = sorted(range(len(groups)), key=lambda i: (-len(groups[i][1]), i))
    order: list[int] = []
    while remaining:
        current = remaining.pop(0)
        order.append(current)
        linked = [i for i in remaining if links[(min(i, current), max(i, current))]]
        for i in linked:  # linked groups follow the group they link to
            remaining.remove(i)
        order.extend(linked)
    return [groups[i] for i in order]


def _reading_order(members: list[Source], dossier: Dossier) -> list[Source]:
    """The members with every copied article after its source where the links allow
    (a topological order), ties kept in date order: most arrows then point right."""
    ids = {s.article_id for s in members}
    before: dict[str, set[str]] = {a: set() for a in ids}
    for edge in dossier.provenance.edges:
        if edge.source in ids and edge.target in ids and edge.source != edge.target:
            before[edge.target].add(edge.source)
    placed: list[Source] = []
    left = list(members)
    while left:
        ready = next(
            (s for s in left if not (before[s.article_id] - {p.article_id for p in placed})),
            left[0],
        )
        placed.append(ready)
        left.remove(ready)
    return placed


def arc_lanes(spans: list[tuple[int, int]]) -> list[int]:
    """A lane for each arc (column span over one row) so that arcs sharing a lane never
    overlap: shorter arcs nearer the row (interval colouring, shortest first)."""
    lanes = [0] * len(spans)
    used: list[list[tuple[int, int]]] = []
    for i in sorted(range(len(spans)), key=lambda i: (spans[i][1] - spans[i][0], spans[i])):
        a, b = spans[i]
        lane = 0
        while lane < len(used) and any(a < d and c < b for c, d in used[lane]):
            lane += 1
        if lane == len(used):
            used.append([])
        used[lane].append((a, b))
        lanes[i] = lane
    return lanes


def layout(dossier: Dossier, by_id: dict[str, Source], max_width: float = MAX_WIDTH) -> Graph:
    """Boxes on shelves: each box holds its group's articles in rows of as many as fit
    ``max_width``, with a band above each row for the arcs that skip articles; boxes sit
    left to right and wrap onto the next shelf."""
    per_row_max = max(1, int((max_width - 2 * MARGIN - 2 * PAD + GAP_X) // (NODE_W + GAP_X)))
    boxes: list[GroupBox] = []
    nodes: dict[str, Node] = {}
    lanes: dict[tuple[str, str], int] = {}
    x, y, shelf_h, width = float(MARGIN), float(MARGIN), 0.0, 0.0
    for number, unordered in _order(_groups(dossier, by_id), dossier):
        members = _reading_order(unordered, dossier)
        per_row = min(len(members), per_row_max)
        rows = math.ceil(len(members) / per_row)
        cell = {s.article_id: divmod(i, per_row) for i, s in enumerate(members)}
        arcs: dict[int, list[tuple[tuple[str, str], tuple[int, int]]]] = {}
        for edge in dossier.provenance.edges:
            ends = cell.get(edge.source), cell.get(edge.target)
            if (
                ends[0]
                and ends[1]
                and ends[0][0] == ends[1][0]
                and abs(ends[0][1] - ends[1][1]) > 1
            ):
                span = (min(ends[0][1], ends[1][1]), max(ends[0][1], ends[1][1]))
                arcs.setdefault(ends[0][0], []).append(((edge.source, edge.target), span))
        band = [0.0] * rows
        for row, found in arcs.items():
            for (key, _), lane in zip(found, arc_lanes([sp for _, sp in found]), strict=True):
                lanes[key] = lane
                band[row] = max(band[row], LANE_H * (lane + 1) + 4)
        row_y = [sum(band[: r + 1]) + r * (NODE_H + GAP_Y) for r in range(rows)]
        w = 2 * PAD + per_row * NODE_W + (per_row - 1) * GAP_X
        h = HEADER + PAD + row_y[-1] + NODE_H + PAD
        if x > MARGIN and x + w > max_width - MARGIN:
            x, y, shelf_h = float(MARGIN), y + shelf_h + SHELF_GAP, 0.0
        label = (
            f"Origin {origin_letter(number)} · {len(members)} "
            f"{'article' if len(members) == 1 else 'articles'}"
            if number is not None
            else "Not grouped"
        )
        boxes.append(GroupBox(number, fit(label, w - 2 * PAD), len(members), x, y, w, h))
        for source in members:
            row, column = cell[source.article_id]
            date = format_date(source.article.published) if source.article.published else ""
            name = source.name.removeprefix(f"{source.article_id} · ")
            nodes[source.article_id] = Node(
                source,
                x + PAD + column * (NODE_W + GAP_X),
                y + HEADER + row_y[row],
                date,
                fit(name, NODE_W - 22),
            )
        x += w + BOX_GAP
        shelf_h = max(shelf_h, h)
        width = max(width, x - BOX_GAP + MARGIN)
    height = y + shelf_h + MARGIN
    headers: list[Rect] = [(b.x, b.y, b.w, HEADER - 8) for b in boxes]
    edges = _edges(dossier, nodes, lanes, headers, width, height)
    return Graph(width, height, boxes, list(nodes.values()), edges)


def _anchors(
    start: Node, end: Node, parallel: int, lane: int | None
) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]:
    """A cubic curve from ``start`` to ``end``: side to side when one is beside the
    other, bottom to top when one is below, bowing over a row it would otherwise cross
    (in its lane when both ends are in one box, under the row when they are not)."""
    dx, dy = end.cx - start.cx, end.cy - start.cy
    bow = 30.0 * parallel
    if abs(dy) < 1:  # one row
        if abs(dx) <= NODE_W + GAP_X + 1:  # neighbours: straight across the gap
            x0 = start.x + NODE_W if dx > 0 else start.x
            x3 = end.x if dx > 0 else end.x + NODE_W
            return (x0, start.cy), (x0, start.cy - bow), (x3, end.cy - bow), (x3, end.cy)
        if lane is None:  # between boxes: under the row, through the boxes' padding
            low = start.y + NODE_H + (PAD + 4 + bow) / 0.75
            bottom = start.y + NODE_H
            return (start.cx, bottom), (start.cx, low), (end.cx, low), (end.cx, bottom)
        lift = 10 + LANE_H * lane + bow  # further away: an arc in its lane over the row
        top = start.y - lift / 0.75
        return (start.cx, start.y), (start.cx, top), (end.cx, top), (end.cx, end.y)
    x0, x3 = start.cx + bow, end.cx + bow
    if dy > 0:
        y0, y3 = start.y + NODE_H, end.y
    else:
        y0, y3 = start.y, end.y + NODE_H
    middle = (y0 + y3) / 2
    return (x0, y0), (x0, middle), (x3, middle), (x3, y3)


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _edges(
    dossier: Dossier,
    nodes: dict[str, Node],
    lanes: dict[tuple[str, str], int],
    headers: list[Rect],
    width: float,
    height: float,
) -> list[EdgePath]:
    paths: list[EdgePath] = []
    seen: Counter[frozenset[str]] = Counter()
    taken: list[Rect] = [(n.x, n.y, NODE_W, NODE_H) for n in nodes.values()] + headers
    for edge in dossier.provenance.edges:
        start, end = nodes.get(edge.source), nodes.get(edge.target)
        if start is None or end is None or start is end:
            continue
        pair = frozenset((edge.source, edge.target))
        parallel = seen[pair]  # several edges between one pair fan out
        seen[pair] += 1
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = _anchors(
            start, end, parallel, lanes.get((edge.source, edge.target))
        )
        label = EDGE_SHORT.get(edge.kind, edge.kind)
        if edge.kind != "cites":
            label += f" {edge.score:.0%}"
        label_w = label_width(label)
        show, lx, ly = False, 0.0, 0.0
        # Try the curve's middle, then points along it, for a free spot for the label.
        for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            u = 1 - t
            px = u**3 * ax + 3 * u * u * t * bx + 3 * u * t * t * cx + t**3 * dx
            py = u**3 * ay + 3 * u * u * t * by + 3 * u * t * t * cy + t**3 * dy
            box = (px - label_w / 2, py - LABEL_H / 2, label_w, LABEL_H)
            inside = box[0] >= 0 and box[1] >= 0 and px + label_w / 2 <= width
            if inside and py + LABEL_H / 2 <= height and not any(_overlap(box, r) for r in taken):
                show, lx, ly = True, px, py
                taken.append(box)
                break
        paths.append(
            EdgePath(
                source=start.source,
                target=end.source,
                kind=edge.kind,
                score=edge.score,
                note=short(edge.note, 200),
                d=f"M{ax:.1f},{ay:.1f} C{bx:.1f},{by:.1f} {cx:.1f},{cy:.1f} {dx:.1f},{dy:.1f}",
                label=label,
                label_x=lx,
                label_y=ly,
                show_label=show,
            )
        )
    return paths


def node_name(node: Node) -> str:
    return node.name

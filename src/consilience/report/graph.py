"""The provenance graph laid out for an inline SVG: articles as boxes inside their origin
group, edges as curves labelled by kind.

Computed here rather than by a graph-drawing library because the layout is simple and
fixed (groups in columns, the earliest article on top) and must be deterministic and
dependency-free inside a self-contained page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from consilience.dossier import Dossier
from consilience.report.view import Source, format_date, origin_letter, short

NODE_W = 190
NODE_H = 46
NODE_GAP = 16
PAD = 12
HEADER = 26
COLUMN_GAP = 110
ROW_GAP = 40
MARGIN = 16
MAX_COLUMNS = 4
BULGE = 34
LANE = 22
EDGE_SHORT = {"text_reuse": "reuse", "cites": "cites", "shared_details": "details"}


@dataclass(frozen=True, slots=True)
class Node:
    source: Source
    x: float
    y: float
    date: str

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

    @property
    def label_w(self) -> float:
        return 6.4 * len(self.label) + 10


@dataclass(frozen=True, slots=True)
class Graph:
    width: float
    height: float
    groups: list[GroupBox]
    nodes: list[Node]
    edges: list[EdgePath]


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
        # The earliest report first: a reader looks for the original at the top.
        members.sort(
            key=lambda s: (s.article.published is None, s.article.published or "", s.index)
        )
    return groups


def layout(dossier: Dossier, by_id: dict[str, Source]) -> Graph:
    groups = _groups(dossier, by_id)
    columns = max(1, min(MAX_COLUMNS, len(groups)))
    cell = {
        s.article_id: (g // columns, g % columns)
        for g, (_, members) in enumerate(groups)
        for s in members
    }
    # Edges that jump over a column arc above their row: reserve one lane each.
    lanes: Counter[int] = Counter()
    for edge in dossier.provenance.edges:
        if edge.source in cell and edge.target in cell:
            (from_row, from_col), (to_row, to_col) = cell[edge.source], cell[edge.target]
            if from_row == to_row and abs(from_col - to_col) > 1:
                lanes[from_row] += 1
    group_w = NODE_W + 2 * PAD
    boxes: list[GroupBox] = []
    nodes: dict[str, Node] = {}
    tops: dict[int, float] = {}
    y = float(MARGIN)
    for row_start in range(0, len(groups), columns):
        in_row = groups[row_start : row_start + columns]
        y += LANE * lanes[row_start // columns]
        tops[row_start // columns] = y
        row_h = max(HEADER + PAD + len(m) * (NODE_H + NODE_GAP) - NODE_GAP + PAD for _, m in in_row)
        for column, (number, members) in enumerate(in_row):
            x = MARGIN + column * (group_w + COLUMN_GAP)
            label = (
                f"Origin {origin_letter(number)} · {len(members)}"
                if number is not None
                else "Not grouped"
            )
            boxes.append(GroupBox(number, label, len(members), x, y, group_w, row_h))
            for place, source in enumerate(members):
                node_y = y + HEADER + place * (NODE_H + NODE_GAP)
                date = format_date(source.article.published) if source.article.published else ""
                nodes[source.article_id] = Node(source, x + PAD, node_y, date)
        y += row_h + ROW_GAP
    width = MARGIN * 2 + columns * group_w + (columns - 1) * COLUMN_GAP + 90
    edges = _edges(dossier, nodes, {a: (r, c, tops[r]) for a, (r, c) in cell.items()})
    return Graph(width, y - ROW_GAP + MARGIN, boxes, list(nodes.values()), edges)


def _edges(
    dossier: Dossier, nodes: dict[str, Node], cell: dict[str, tuple[int, int, float]]
) -> list[EdgePath]:
    paths: list[EdgePath] = []
    seen: Counter[frozenset[str]] = Counter()
    lane_used: Counter[int] = Counter()
    for edge in dossier.provenance.edges:
        start, end = nodes.get(edge.source), nodes.get(edge.target)
        if start is None or end is None or start is end:
            continue
        pair = frozenset((edge.source, edge.target))
        parallel = seen[pair]  # several edges between one pair fan out instead of overlapping
        seen[pair] += 1
        (row, col, top), (row2, col2, _) = cell[edge.source], cell[edge.target]
        rightward = end.x > start.x
        x0 = start.x + NODE_W if rightward or col == col2 else start.x
        y0, y3 = start.cy, end.cy
        label_shift = 0.0
        if col == col2:  # same column: loop out on the right-hand side
            bulge = BULGE + 22 * parallel
            points = ((x0, y0), (x0 + bulge, y0), (x0 + bulge, y3), (x0 + 4, y3))
            label_shift = 18.0 * parallel
        elif row == row2 and abs(col - col2) > 1:  # arc over the groups in between
            x3 = end.x - 4 if rightward else end.x + NODE_W + 4
            apex = top - LANE * lane_used[row] - 10
            lane_used[row] += 1
            control_y = (apex - (y0 + y3) / 8) / 0.75  # puts the curve's middle at apex
            reach = 50 if rightward else -50
            points = ((x0, y0), (x0 + reach, control_y), (x3 - reach, control_y), (x3, y3))
        else:
            x3 = end.x - 4 if rightward else end.x + NODE_W + 4
            lift = -20 * parallel
            mid = (x0 + x3) / 2
            points = ((x0, y0), (mid, y0 + lift), (mid, y3 + lift), (x3, y3))
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = points
        label = EDGE_SHORT.get(edge.kind, edge.kind)
        if edge.kind != "cites":
            label += f" {edge.score:.0%}"
        paths.append(
            EdgePath(
                source=start.source,
                target=end.source,
                kind=edge.kind,
                score=edge.score,
                note=short(edge.note, 200),
                d=f"M{ax:.1f},{ay:.1f} C{bx:.1f},{by:.1f} {cx:.1f},{cy:.1f} {dx:.1f},{dy:.1f}",
                label=label,
                label_x=(ax + 3 * bx + 3 * cx + dx) / 8,
                label_y=(ay + 3 * by + 3 * cy + dy) / 8 + label_shift,
            )
        )
    return paths


def node_name(node: Node) -> str:
    return short(node.source.name, 24)

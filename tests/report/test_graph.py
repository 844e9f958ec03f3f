"""The copy graph's layout: every box, label and curve end inside the drawing, no edge
label over an article box, a group header or another label, names cut to their boxes,
arcs that skip articles in lanes of their own; at 5, 15 and 50 articles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consilience.report import graph, view
from tests.report.conftest import synthetic_story

Rect = tuple[float, float, float, float]


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _inside(inner: Rect, outer: Rect) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[0] + inner[2] <= outer[0] + outer[2]
        and inner[1] + inner[3] <= outer[1] + outer[3]
    )


@pytest.mark.parametrize("size", [5, 15, 50])
def test_layout_keeps_everything_readable(size: int) -> None:
    dossier = synthetic_story(size)
    laid = graph.layout(dossier, view.sources(dossier))
    canvas: Rect = (0, 0, laid.width, laid.height)
    assert laid.width <= graph.MAX_WIDTH
    assert len(laid.nodes) == size
    nodes = {n.source.article_id: (n.x, n.y, graph.NODE_W, graph.NODE_H) for n in laid.nodes}
    boxes = [(b.x, b.y, b.w, b.h) for b in laid.groups]
    for i, box in enumerate(boxes):
        assert _inside(box, canvas)
        assert not any(_overlap(box, other) for other in boxes[i + 1 :])
        assert len(laid.groups[i].label) * graph.CHAR_W <= box[2] - 2 * graph.PAD
    for node in laid.nodes:
        assert any(_inside(nodes[node.source.article_id], box) for box in boxes)
        assert len(node.name) * graph.CHAR_W <= graph.NODE_W - 22
    labels: list[Rect] = []
    for edge in laid.edges:
        assert edge.d.startswith("M")
        if not edge.show_label:
            continue
        rect = (edge.label_x - edge.label_w / 2, edge.label_y - 8, edge.label_w, 16)
        assert _inside(rect, canvas), edge.label
        assert not any(_overlap(rect, n) for n in nodes.values()), edge.label
        assert not any(_overlap(rect, other) for other in labels), edge.label
        labels.append(rect)
    # most labels find a place; the rest stay in the tooltip and the list of links
    assert len(labels) >= 0.6 * len(laid.edges)


def test_copies_follow_their_source_left_to_right() -> None:
    dossier = synthetic_story(15)
    laid = graph.layout(dossier, view.sources(dossier))
    place = {n.source.article_id: (n.y, n.x) for n in laid.nodes}
    reuse = [e for e in dossier.provenance.edges if e.kind == "text_reuse"]
    assert all(place[e.source] < place[e.target] for e in reuse)


def test_outlet_names_not_file_names() -> None:
    dossier = synthetic_story(5)
    laid = graph.layout(dossier, view.sources(dossier))
    names = {n.source.article_id: n.name for n in laid.nodes}
    assert names["a3"] == "Regional Times"
    assert names["a1"] == "The Harbour Wire D…"  # cut to its box, never clipped
    assert names["a4"].startswith("Headline number 4")  # no outlet: the headline
    assert not any(".html" in name for name in names.values())


@given(st.lists(st.tuples(st.integers(0, 8), st.integers(2, 6)), max_size=12))
def test_arcs_sharing_a_lane_never_overlap(raw: list[tuple[int, int]]) -> None:
    spans = [(a, a + length) for a, length in raw]
    lanes = graph.arc_lanes(spans)
    for i, (a, b) in enumerate(spans):
        for j, (c, d) in enumerate(spans[:i]):
            if lanes[i] == lanes[j]:
                assert not (a < d and c < b)

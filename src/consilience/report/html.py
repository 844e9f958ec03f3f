"""The dossier as one self-contained HTML page: inline CSS and JS, no requests, prints well.

Article text is hostile input. The page is rendered by Jinja2 with autoescaping, so every
string from an article is HTML-escaped; the data the script needs sits in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so a
``</script>`` inside an article cannot end it; the script builds highlights with DOM APIs
and ``textContent`` only; and a Content-Security-Policy admits only this page's own
script and style (by hash, computed at render time), nothing else.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any, Protocol
from urllib.parse import urlsplit

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from consilience.dossier import ArtifactOut, Claim, Conflict, Dossier, DossierArticle, Side
from consilience.report import graph, lead, view
from consilience.report.view import Source

# Distinct at a glance, each dark enough for white text (contrast ≥ 4.5:1 on white).
PALETTE = (
    "#0b6bb3",
    "#c2410c",
    "#047857",
    "#a21caf",
    "#92400e",
    "#0e7490",
    "#6d28d9",
    "#4d7c0f",
)
UNGROUPED = "#57606a"


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class _Passage(_Span, Protocol):
    @property
    def article_id(self) -> str: ...


@cache
def _asset(name: str) -> str:
    text = (resources.files("consilience.report") / "assets" / name).read_text("utf-8")
    # The browser hashes the script as parsed, and HTML parsing turns CRLF into LF.
    return text.replace("\r\n", "\n")


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(script: str, style: str) -> str:
    return (
        f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def json_for_script(data: object) -> str:
    """JSON that cannot end or alter the ``<script>`` element holding it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return view.clean(text)


def group_class(source: Source | None) -> str:
    if source is None or source.group is None:
        return "gx"
    return f"g{source.group % len(PALETTE)}"


def group_css(group_count: int) -> str:
    rules = [f".gx{{--g:{UNGROUPED}}}"]
    rules += [f".g{i}{{--g:{c}}}" for i, c in enumerate(PALETTE[: max(group_count, 0)])]
    return "\n".join(rules) + "\n"


def safe_url(url: str | None) -> str | None:
    """Only web links become links: ``javascript:``, ``data:`` and the like never do."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


class Highlights:
    """Passage sets the page can highlight, numbered for the script, with offsets turned
    from Python code points into the UTF-16 units JavaScript strings count in."""

    def __init__(self, by_id: dict[str, Source]) -> None:
        self._by_id = by_id
        self._ids: dict[tuple[tuple[int, int, int], ...], str] = {}
        self._labels: dict[str, str] = {}
        self._astral: dict[str, list[int]] = {}

    def utf16(self, article_id: str, offset: int) -> int:
        if article_id not in self._astral:
            text = self._by_id[article_id].article.text
            self._astral[article_id] = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        return offset + bisect.bisect_left(self._astral[article_id], offset)

    def span(self, article_id: str, start: int, end: int) -> tuple[int, int, int] | None:
        source = self._by_id.get(article_id)
        if source is None or not source.article.text:
            return None
        length = len(source.article.text)
        start, end = min(max(start, 0), length), min(max(end, 0), length)
        if end <= start:
            return None
        return (source.index, self.utf16(article_id, start), self.utf16(article_id, end))

    def register(self, passages: Iterable[_Passage], label: str) -> str:
        """The id of a set of passages ("" when none of them can be shown)."""
        spans = [self.span(p.article_id, p.start, p.end) for p in passages]
        key = tuple(dict.fromkeys(s for s in spans if s is not None))
        if not key:
            return ""
        if key not in self._ids:
            self._ids[key] = f"h{len(self._ids) + 1}"
            self._labels[self._ids[key]] = view.short(label, 120)
        return self._ids[key]

    def register_in(self, article_id: str, items: Iterable[_Span], label: str) -> str:
        return self.register([_At(article_id, i.start, i.end) for i in items], label)

    def data(self) -> dict[str, Any]:
        return {
            "sets": {
                hid: {"label": self._labels[hid], "spans": [list(s) for s in key]}
                for key, hid in self._ids.items()
            },
        }


class _At:
    __slots__ = ("article_id", "end", "start")

    def __init__(self, article_id: str, start: int, end: int) -> None:
        self.article_id, self.start, self.end = article_id, start, end


def _junk_kinds(artifacts: Sequence[ArtifactOut], start: int, end: int) -> str:
    kinds = dict.fromkeys(
        a.kind.replace("_", " ") for a in artifacts if a.start < end and start < a.end
    )
    return ", ".join(kinds)


def article_text(article: DossierArticle) -> Markup:
    """The article's text, escaped, with its junk spans marked (the script redraws the
    same structure with highlights)."""
    text = view.clean(article.text)
    length = len(text)
    artifacts = [a for a in article.artifacts if 0 <= a.start < a.end <= length]
    cuts = sorted({0, length} | {a.start for a in artifacts} | {a.end for a in artifacts})
    pieces: list[Markup] = []
    for start, end in pairwise(cuts):
        kinds = _junk_kinds(artifacts, start, end)
        if kinds:
            pieces.append(
                Markup('<span class="junk" title="{}">{}</span>').format(kinds, text[start:end])
            )
        else:
            pieces.append(Markup.escape(text[start:end]))
    return Markup("").join(pieces)


def junk_data(article: DossierArticle, marks: Highlights) -> list[list[object]]:
    length = len(article.text)
    out: list[list[object]] = []
    for artifact in article.artifacts:
        if 0 <= artifact.start < artifact.end <= length:
            out.append(
                [
                    marks.utf16(article.id, artifact.start),
                    marks.utf16(article.id, artifact.end),
                    artifact.kind.replace("_", " "),
                ]
            )
    return out


@cache
def _template() -> Template:
    """The page template, compiled once per process (compiling costs more than rendering)."""
    return _environment().from_string(_asset("report.html.j2"))


def _environment() -> Environment:
    env = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["short"] = view.short
    env.filters["date"] = view.format_date
    env.filters["timestamp"] = view.format_timestamp
    env.filters["kind"] = lambda kind: str(kind).replace("_", " ")
    env.filters["pct"] = lambda value: f"{float(value):.0%}"
    env.globals["plural"] = view.plural
    return env


def _claim_sources(claim: Claim, by_id: dict[str, Source]) -> list[tuple[Source, list[Side]]]:
    out: dict[str, list[Any]] = {}
    for passage in claim.support:
        if passage.article_id in by_id:
            out.setdefault(passage.article_id, []).append(passage)
    return [(by_id[a], ps) for a, ps in out.items()]


def diff_pieces(reference: str, variant: str) -> list[tuple[str, str, str, str]]:
    """The word diff as (op, leading space, text, trailing space): spaces stay outside the
    ``<del>``/``<ins>`` marks so a struck word is not struck into its neighbours."""
    out = []
    for op, text in view.word_diff(reference, variant):
        core = text.strip()
        if op == "same" or not core:
            out.append(("same", "", text, ""))
        else:
            lead = text[: len(text) - len(text.lstrip())]
            out.append((op, lead, core, text[len(text.rstrip()) :]))
    return out


def _claim_origins(claim: Claim, by_id: dict[str, Source]) -> list[Source]:
    """One supporting article per origin group: the dots of a claim's independent origins."""
    firsts: dict[object, Source] = {}
    for passage in claim.support:
        source = by_id.get(passage.article_id)
        if source is not None:
            key = source.group if source.group is not None else ("article", source.article_id)
            firsts.setdefault(key, source)
    return list(firsts.values())


def render_html(dossier: Dossier) -> str:
    """The dossier as a self-contained HTML page (a ``str``; encode it as UTF-8)."""
    dossier = view.sanitized(dossier)
    by_id = view.sources(dossier)
    marks = Highlights(by_id)
    script = _asset("report.js")
    style = _asset("report.css") + group_css(len(dossier.provenance.origin_groups))
    claims_by_id = {c.id: c for c in dossier.claims}
    conflicts_by_id = {c.id: c for c in dossier.conflicts}

    def conflict_sides(conflict: Conflict) -> list[dict[str, Any]]:
        groups = view.value_groups(conflict, by_id)
        out = []
        for group in groups:
            others = [s for g in groups if g is not group for s in g.sides]
            out.append(
                {
                    "group": group,
                    "sides": [(side, view.marked_side(side, others)) for side in group.sides],
                }
            )
        return out

    facts = lead.facts_of(dossier, by_id)
    lead_fact = next((f for f in facts if f.kind == "what"), None)
    return _template().render(
        dossier=dossier,
        title=view.story_title(dossier, lead_fact.values[0].value if lead_fact else None),
        facts=facts,
        summary=view.summary_sentences(dossier, lead_fact.claim_id if lead_fact else None),
        single_groups=view.single_by_article(dossier),
        quotes=sorted(dossier.quotes, key=lambda q: (-view.quote_wordings(q), -len(q.article_ids))),
        variant_groups=view.quote_variant_groups,
        timeline=sorted(dossier.timeline, key=lambda e: e.date),
        group_wording=view.group_wording,
        distinct=view.distinct_claims,
        distinct_first=view.distinct_first,
        verdict=view.verdict(dossier, by_id),
        glance=view.glance(dossier, by_id),
        covered=view.coverage(dossier),
        missing=view.not_computed(view.coverage(dossier)),
        sources=list(by_id.values()),
        by_id=by_id,
        claims=view.claims_by_status(dossier),
        claims_by_id=claims_by_id,
        conflicts_by_id=conflicts_by_id,
        section_titles=view.SECTION_TITLES,
        status_label=view.STATUS_LABEL,
        status_help=view.STATUS_HELP,
        edge_label=view.EDGE_LABEL,
        unique=view.unique_details(dossier),
        graph=graph.layout(dossier, by_id) if view.coverage(dossier).provenance else None,
        node_name=graph.node_name,
        node_w=graph.NODE_W,
        node_h=graph.NODE_H,
        origin_letter=view.origin_letter,
        group_class=group_class,
        claim_sources=lambda claim: _claim_sources(claim, by_id),
        claim_origins=lambda claim: _claim_origins(claim, by_id),
        conflict_sides=conflict_sides,
        value_text=view.display_value,
        word_diff=diff_pieces,
        wordings=view.quote_wordings,
        origins_of=lambda ids: view.origins_of(ids, by_id),
        unverified=lambda quote: view.unverified_quote_conflicts(quote, dossier),
        hl=marks.register,
        hl_in=marks.register_in,
        article_text=article_text,
        safe_url=safe_url,
        data_json=lambda: Markup(
            json_for_script(
                {
                    **marks.data(),
                    "articles": [
                        {"name": s.name, "junk": junk_data(s.article, marks)}
                        for s in by_id.values()
                    ],
                }
            )
        ),
        csp=content_security_policy(script, style),
        script=Markup(script),
        style=Markup(style),
    )

"""What every report format shows, computed once from the dossier.

The HTML page, the Markdown note and the terminal view say the same things; this module
holds the decisions they share: source labels and origin letters, which sections were
computed, claim order, conflict sides grouped by value, and word-level quote diffs.
Everything here reads only the public :class:`~consilience.dossier.Dossier`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from consilience.dossier import (
    Claim,
    Conflict,
    Dossier,
    DossierArticle,
    QuoteOut,
    Side,
    SummarySentence,
)
from consilience.ingest.plaintext import credited_outlet_of, read_text_metadata
from consilience.safetext import map_strings, replace_surrogates, visible_controls

#: The report's sections, in order, with their titles: one wording for every format.
SECTION_TITLES = {
    "story": "The story in brief",
    "known": "What is known",
    "conflicts": "What conflicts",
    "single": "What only one source says",
    "quotes": "Quotes",
    "timeline": "Timeline",
    "entities": "Entities",
    "provenance": "Provenance: who copied whom",
    "articles": "Articles",
    "skipped": "Inputs skipped",
}
STATUS_ORDER = ("corroborated", "single_origin", "disputed", "single_source")
STATUS_LABEL = {
    "corroborated": "Corroborated",
    "single_origin": "One origin, several copies",
    "disputed": "Disputed",
    "single_source": "One source only",
}
STATUS_HELP = {
    "corroborated": "Reported by two or more independent origins.",
    "single_origin": "Repeated by several articles that all trace back to one report: "
    "copies, not confirmation.",
    "disputed": "Sources disagree on it; see what conflicts.",
    "single_source": "Found in one article only.",
}
EDGE_LABEL = {
    "text_reuse": "reuses text of",
    "cites": "credits",
    "shared_details": "shares details with",
}
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")

DiffOp = Literal["same", "del", "ins"]


def clean(text: str) -> str:
    """``text`` with lone surrogates (unencodable in UTF-8) replaced by U+FFFD.

    One code point for one, so every offset into the text stays valid.
    """
    return replace_surrogates(text)


def _mapped(dossier: Dossier, convert: Callable[[str], str]) -> Dossier:
    data = dossier.model_dump()
    converted = map_strings(data, convert)
    return dossier if converted == data else Dossier.model_validate(converted)


def sanitized(dossier: Dossier) -> Dossier:
    """The dossier with every lone surrogate replaced, so no report can fail to encode.

    Article text may carry them (decoded with ``surrogateescape``, or built in Python);
    replacing one code point by one keeps every offset valid.
    """
    return _mapped(dossier, replace_surrogates)


def displayable(dossier: Dossier) -> Dossier:
    """The dossier for a plain-text view (terminal, Markdown): every string as
    :func:`plain` shows it, so no escape sequence from an input reaches a terminal."""
    return _mapped(dossier, plain)


def plain(text: str) -> str:
    """``text`` for a plain-text view: control characters shown as their control pictures
    (ESC as ␛), no lone surrogates, no bidi controls (one code point for one)."""
    return visible_controls(text)


def short(text: str, limit: int = 160) -> str:
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def origin_letter(index: int) -> str:
    """A, B, … Z, AA, AB, …: a name for the n-th origin group that survives greyscale."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Source:
    """One article as the reports name it."""

    article_id: str
    index: int
    name: str
    group: int | None
    article: DossierArticle

    @property
    def letter(self) -> str:
        return origin_letter(self.group) if self.group is not None else ""


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.I).split("/", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].casefold()
    host = host.removeprefix("www.")
    return host if "." in host else None


def article_name(article: DossierArticle) -> str:
    """The outlet when it is known, else the web site's domain, else the outlet the text
    credits (a byline, a dateline's agency: "AP (credited) · a3", the id kept because
    many copies credit one agency); otherwise the article's id with the start of its
    headline (or of its text, or its file name), short enough for chips, tables and graph
    boxes."""
    if article.outlet:
        return short(article.outlet, 40)
    domain = _domain(article.url)
    if domain:
        return short(domain, 40)
    credit = credited_outlet_of(article.text)
    if credit:
        return f"{short(credit, 24)} (credited) · {article.id}"
    label = article.title or _opening(article.text)
    if not label:
        label = article.source.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{article.id} · {short(label, 24)}"


def _opening(text: str) -> str:
    """The first words of an article's first line after its dateline, for an article with
    no headline."""
    dateline = read_text_metadata(text).dateline
    if dateline is not None:
        text = text[dateline.end :]
    lines = [line.lstrip(" -–—•*#>|").split() for line in text.splitlines() if line.strip()]
    words = next((w for w in lines if len(w) >= 4), lines[0] if lines else [])
    return " ".join(words[:6])


def sources(dossier: Dossier) -> dict[str, Source]:
    group_of: dict[str, int] = {}
    for number, group in enumerate(dossier.provenance.origin_groups):
        for article_id in group:
            group_of.setdefault(article_id, number)
    names = [article_name(a) for a in dossier.articles]
    taken = Counter(n.casefold() for n in names)
    return {
        # Two articles from one outlet keep their ids so a chip never hides which is which.
        a.id: Source(
            a.id,
            i,
            f"{name} ({a.id})"
            if taken[name.casefold()] > 1 and not name.startswith(f"{a.id} · ")
            else name,
            group_of.get(a.id),
            a,
        )
        for i, (a, name) in enumerate(zip(dossier.articles, names, strict=True))
    }


def origins_of(article_ids: Iterable[str], by_id: dict[str, Source]) -> int:
    """Independent origins among ``article_ids`` (an ungrouped article is its own)."""
    seen: set[object] = set()
    for article_id in article_ids:
        source = by_id.get(article_id)
        seen.add(source.group if source and source.group is not None else ("article", article_id))
    return len(seen)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which analyses this dossier holds, so an empty section can say "none found" only
    when the analysis ran, and "not computed" when it did not."""

    claims: bool
    conflicts: bool
    extraction: bool
    provenance: bool
    summary: bool
    findings: bool


def coverage(dossier: Dossier) -> Coverage:
    stages = dossier.settings.get("stages")
    if isinstance(stages, list):  # an explicit record of the stages that ran wins
        ran = {str(s) for s in stages}
        return Coverage(
            claims="align" in ran,
            conflicts="judge" in ran,
            extraction="extract" in ran,
            provenance="provenance" in ran,
            summary="summarize" in ran or "judge" in ran,
            findings="judge" in ran or "extract" in ran,
        )
    claims = bool(dossier.claims)
    extraction = bool(dossier.entities or dossier.quotes or dossier.timeline)
    return Coverage(
        claims=claims,
        conflicts=claims or bool(dossier.conflicts),
        extraction=extraction,
        # Once provenance runs, every article belongs to an origin group.
        provenance=bool(dossier.provenance.origin_groups or dossier.provenance.edges),
        summary=bool(dossier.story.summary) or claims,
        findings=extraction or any(a.findings for a in dossier.articles),
    )


def not_computed(covered: Coverage) -> list[str]:
    """Names of the sections this dossier has no analysis for: the reports leave them out
    and say so once, instead of showing empty sections as if nothing had been found."""
    sections = (
        ("the story in brief", covered.summary),
        ("claims", covered.claims),
        ("conflicts", covered.conflicts),
        ("quotes, timeline and entities", covered.extraction),
        ("provenance", covered.provenance),
    )
    return [name for name, done in sections if not done]


def story_title(dossier: Dossier, lead: str | None = None) -> str:
    """The story's headline; with no headline anywhere, the start of its lead sentence."""
    title = dossier.story.title or next((a.title for a in dossier.articles if a.title), None)
    return short(title or (short(lead, 100) if lead else "Story"), 200)


def summary_sentences(dossier: Dossier, lead_claim_id: str | None) -> list[SummarySentence]:
    """The story in brief as the reports show it: each sentence once, the main event's
    lead sentence first (taken from its claim when the summary lacks it)."""
    seen: set[str] = set()
    out: list[SummarySentence] = []
    lead = next((c for c in dossier.claims if c.id == lead_claim_id), None)
    if lead is not None and lead.support:
        first = next(
            (s for s in dossier.story.summary if s.claim_id == lead.id),
            None,
        ) or SummarySentence(
            text=lead.support[0].text,
            article_id=lead.support[0].article_id,
            start=lead.support[0].start,
            end=lead.support[0].end,
            claim_id=lead.id,
        )
        out.append(first)
        seen.add(" ".join(first.text.split()).casefold())
    for sentence in dossier.story.summary:
        key = " ".join(sentence.text.split()).casefold()
        if key not in seen:
            seen.add(key)
            out.append(sentence)
    return out


def claims_by_status(dossier: Dossier) -> dict[str, list[Claim]]:
    grouped: dict[str, list[Claim]] = {status: [] for status in STATUS_ORDER}
    for claim in dossier.claims:
        grouped[claim.status].append(claim)
    for claims in grouped.values():
        claims.sort(key=lambda c: (-c.independent_sources, -len(c.support)))
    return grouped


def distinct_claims(claims: Iterable[Claim]) -> list[Claim]:
    """The claims with each wording once (the first, best-ranked, of equal wordings)."""
    seen: dict[str, Claim] = {}
    for claim in claims:
        seen.setdefault(" ".join(claim.text.split()).casefold(), claim)
    return list(seen.values())


def distinct_first(claims: list[Claim]) -> list[Claim]:
    """Every claim, each wording's first claim before the repeats of a wording (which a
    short list then folds away with the rest)."""
    first = distinct_claims(claims)
    chosen = {id(c) for c in first}
    return first + [c for c in claims if id(c) not in chosen]


def single_by_article(dossier: Dossier) -> dict[str, list[Claim]]:
    """Single-source claims per article (articles in input order), so that each
    article's name is said once, not under every claim."""
    grouped: dict[str, list[Claim]] = {a.id: [] for a in dossier.articles}
    for claim in claims_by_status(dossier)["single_source"]:
        owner = claim.support[0].article_id if claim.support else ""
        grouped.setdefault(owner, []).append(claim)
    return {article_id: claims for article_id, claims in grouped.items() if claims}


def unique_details(dossier: Dossier) -> dict[str, list[Claim]]:
    """Per article: the single-source claims it alone supports."""
    details: dict[str, list[Claim]] = {a.id: [] for a in dossier.articles}
    for claim in dossier.claims:
        if claim.status == "single_source":
            for article_id in dict.fromkeys(p.article_id for p in claim.support):
                details.setdefault(article_id, []).append(claim)
    return details


@dataclass(frozen=True, slots=True)
class Glance:
    articles: int
    outlets: int
    origins: int | None
    statuses: dict[str, int]
    conflicts: int
    quotes: int


def glance(dossier: Dossier, by_id: dict[str, Source]) -> Glance:
    outlets = {a.outlet.casefold() for a in dossier.articles if a.outlet}
    statuses = {s: len(c) for s, c in claims_by_status(dossier).items()}
    return Glance(
        articles=len(dossier.articles),
        outlets=len(outlets),
        origins=origins_of(by_id.keys(), by_id) if coverage(dossier).provenance else None,
        statuses=statuses,
        conflicts=len(dossier.conflicts),
        quotes=len(dossier.quotes),
    )


def outlet_phrase(dossier: Dossier) -> str:
    """Where the articles come from, as a phrase: "from 3 outlets", "(outlets not named)"."""
    named = len({a.outlet.casefold() for a in dossier.articles if a.outlet})
    unnamed = sum(1 for a in dossier.articles if not a.outlet)
    if not named:
        return " (outlets not named)" if unnamed else ""
    text = f" from {plural(named, 'outlet')}"
    return text + (f" ({unnamed} with no outlet named)" if unnamed else "")


def verdict(dossier: Dossier, by_id: dict[str, Source]) -> str:
    """One plain sentence answering "what do we know, from how many, what is disputed"."""
    seen = glance(dossier, by_id)
    parts = [plural(seen.articles, "article") + outlet_phrase(dossier)]
    if seen.origins is not None:
        parts[0] += f" trace back to {plural(seen.origins, 'independent origin')}"
    if not coverage(dossier).claims:
        return parts[0] + "."
    counts = seen.statuses
    return (
        f"{parts[0]}. {plural(counts['corroborated'], 'claim')} corroborated by two or "
        f"more origins, {counts['disputed']} disputed, {counts['single_origin']} repeated "
        f"from one origin only, {counts['single_source']} from a single article."
    )


def format_date(value: str, precision: str = "day") -> str:
    """ISO date as a reader says it: "3 Mar 2026", "March 2026"; other values as given."""
    text = value.strip()
    try:
        if precision == "month" or re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date.fromisoformat(text[:7] + "-01").strftime("%B %Y")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]) and precision in ("day", "", "week"):
            day = dt.date.fromisoformat(text[:10])
            return f"{day.day} {day.strftime('%b %Y')}"
    except ValueError:
        pass
    return short(text, 60)


def format_timestamp(value: str) -> str:
    """``2026-03-05T09:30:00Z`` as "5 Mar 2026, 09:30 UTC"; anything else as given."""
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return short(value, 60)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    zone = " UTC" if moment.tzinfo is not None else ""
    return f"{moment.day} {moment.strftime('%b %Y, %H:%M')}{zone}"


# --- conflicts -------------------------------------------------------------------------


@dataclass(slots=True)
class ValueGroup:
    """Sides of a conflict that say the same thing, with how many origins say it."""

    value: str | None
    sides: list[Side] = field(default_factory=list)
    origins: int = 0

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(s.article_id for s in self.sides))


def _side_key(side: Side) -> str:
    if side.value is not None:
        return "v:" + " ".join(side.value.casefold().split())
    return "t:" + " ".join(tok.casefold() for tok in _TOKEN.findall(side.text))


def value_groups(conflict: Conflict, by_id: dict[str, Source]) -> list[ValueGroup]:
    groups: dict[str, ValueGroup] = {}
    for side in conflict.sides:
        groups.setdefault(_side_key(side), ValueGroup(side.value)).sides.append(side)
    for group in groups.values():
        group.origins = origins_of(group.article_ids, by_id)
    return list(groups.values())


def display_value(conflict: Conflict, value: str) -> str:
    return format_date(value) if conflict.kind == "date" else short(value, 80)


def group_wording(conflict: Conflict, group: ValueGroup) -> str:
    """A value as the articles print it ("two speed boats"), when the sides are short
    phrases; otherwise the normalised value ("2 vessel")."""
    if (
        conflict.kind == "date"
        and group.value
        and re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", group.value)
    ):
        return format_date(group.value)
    printed = Counter(" ".join(s.text.split()) for s in group.sides)
    text, _ = printed.most_common(1)[0] if printed else ("", 0)
    if text and len(text) <= 60:
        return text
    return display_value(conflict, group.value) if group.value is not None else short(text, 90)


def marked_side(side: Side, others: list[Side]) -> list[tuple[str, bool]]:
    """The side's text in pieces, ``True`` on what differs from the other sides: the
    side's value where the text contains it, else the words the others lack."""
    text = clean(side.text)
    if side.value:
        at = text.casefold().find(side.value.casefold())
        if at >= 0:
            end = at + len(side.value)
            return [
                p for p in ((text[:at], False), (text[at:end], True), (text[end:], False)) if p[0]
            ]
        return [(text, False)]
    if not others:
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    for op, piece in word_diff(others[0].text, text):
        if op != "del":
            pieces.append((piece, op == "ins"))
    return pieces


# --- quotes ------------------------------------------------------------------------------


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _key(token: re.Match[str]) -> str:
    return token.group().casefold().replace("’", "'")


def word_diff(reference: str, variant: str) -> list[tuple[DiffOp, str]]:
    """``variant`` against ``reference``, word by word (difflib): pieces marked same,
    ins (only in the variant) or del (only in the reference).

    The same and ins pieces, joined, give back ``variant`` exactly: the wording an outlet
    printed is never retouched.
    """
    reference, variant = clean(reference), clean(variant)
    ref_tokens, var_tokens = _tokens(reference), _tokens(variant)
    matcher = difflib.SequenceMatcher(
        a=[_key(t) for t in ref_tokens], b=[_key(t) for t in var_tokens], autojunk=False
    )
    pieces: list[tuple[DiffOp, str]] = []
    position = 0

    def emit(op: DiffOp, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if j2 > j1:  # the variant's own text up to where this run starts stays "same"
            if tag == "equal":
                emit("same", variant[position : var_tokens[j2 - 1].end()])
                position = var_tokens[j2 - 1].end()
                continue
            emit("same", variant[position : var_tokens[j1].start()])
            position = var_tokens[j1].start()
        if i2 > i1:
            emit("del", reference[ref_tokens[i1].start() : ref_tokens[i2 - 1].end()])
        if j2 > j1:
            emit("ins", variant[position : var_tokens[j2 - 1].end()])
            position = var_tokens[j2 - 1].end()
    emit("same", variant[position:])
    return _space_deletions(pieces)


def _space_deletions(pieces: list[tuple[DiffOp, str]]) -> list[tuple[DiffOp, str]]:
    """Pad deleted words with the spaces a reader needs ("for several days", not
    "forseveral days"); only deleted text is padded, so the variant stays exact."""
    out = list(pieces)
    for i, (op, text) in enumerate(out):
        if op != "del":
            continue
        before = out[i - 1][1] if i > 0 else ""
        after = out[i + 1][1] if i + 1 < len(out) else ""
        lead = " " if before and not before[-1].isspace() and text[0].isalnum() else ""
        trail = " " if after[:1].isalnum() and text[-1].isalnum() else ""
        out[i] = (op, lead + text + trail)
    return out


def quote_variant_groups(quote: QuoteOut) -> list[tuple[str, list[str]]]:
    """The quote's wordings, each once, with the articles that print it (the quote's own
    wording first): identical copies fold into one line."""
    groups: dict[str, tuple[str, list[str]]] = {}
    for variant in sorted(quote.variants, key=lambda v: v.text != quote.text):
        key = clean(variant.text)
        groups.setdefault(key, (variant.text, []))[1].append(variant.article_id)
    return [(text, list(dict.fromkeys(ids))) for text, ids in groups.values()]


def quote_wordings(quote: QuoteOut) -> int:
    return len({" ".join(_key(t) for t in _tokens(v.text)) for v in quote.variants}) or 1


def unverified_quote_conflicts(quote: QuoteOut, dossier: Dossier) -> list[Conflict]:
    """Conflicts of kind unverified_quote whose sides fall on one of the quote's spans."""

    def overlaps(side: Side) -> bool:
        return any(
            v.article_id == side.article_id and v.start < side.end and side.start < v.end
            for v in quote.variants
        )

    return [
        c
        for c in dossier.conflicts
        if c.kind == "unverified_quote" and any(overlaps(s) for s in c.sides)
    ]

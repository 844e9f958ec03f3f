"""Conflicts between a derived sentence and the passages of the original it draws on:
a changed date, number, name, title, negation or quote wording, with both sides.

Two ways find them:

* value comparison with the passages the sentence is aligned to (the extractors' dates and
  quantities, compared with :func:`compare_times` / :func:`compare_quantities`; titles of
  one person; the polarity of the sentence against its best passage; quotes against the
  original's quotes);
* substitutions in a copied sentence: words of the derived sentence written between two
  copied runs that are a few words apart in the original, where the original has other
  words ("won 4-0" copied around "3-1"), or written in front of a copied run where the
  original has other words ("Defence Minister" for "Interior Minister", "Garcia resigned"
  for "Patel resigned"), which names the replaced value exactly.

Substitutions are typed (date, number, name, title, negation) or ignored: a swapped common
word ("house" for "home") is a paraphrase as far as this module can tell, and the sentence's
score (novel words) decides it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from consilience.compare.copy_align import CopySegment
from consilience.compare.sides import Side
from consilience.compare.tokens import NEGATIONS, Token
from consilience.extract.entity_lexicon import lexicon
from consilience.extract.numbers import compare_quantities, quantity_reading
from consilience.extract.quotes import quote_differences
from consilience.extract.resolve import resolve_entities
from consilience.extract.time import compare_times
from consilience.judge.negation import polarity_clash
from consilience.records import EntityMention, Quantity, Quote, TimeExpression

_DATE_COMPATIBLE = frozenset({"same", "more_specific", "less_specific", "overlap"})
#: The most original words a substitution may replace: more is a rewrite, not a swap.
_MAX_REPLACED = 4
#: How alike two quotes must be to be wordings of one quote (rapidfuzz ratio, 0-100).
_QUOTE_SAME = 70.0
#: Two numbers this close are one value rounded ("5" for "4.9").
_ROUNDING = 1.05
#: Every word polarity_clash reads as a negation cue, as a cheap first test.
_NEGATION_CUE = re.compile(
    r"\b(?:not|never|no|neither|nor|without|cannot|nobody|nothing|none|nowhere|noone|"
    r"yet|fail(?:s|ed)?|declined?|declines|refused?|refuses|den(?:y|ies|ied|ying)|"
    r"rejected|refuted)\b|n['’]t\b",
    re.I,
)
_NEGATED_COMPARATOR = re.compile(
    r"\b(?:no|not)\s+(?:more|less|fewer|greater|higher|lower)\s+than\b", re.I
)
_MODIFIER = re.compile(
    r"\b(former|ex|acting|interim|late|outgoing|incoming|deputy|vice|retired|then|future)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Span:
    """A span of one text with the value read from it."""

    start: int
    end: int
    text: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ConflictFinding:
    kind: str
    derived: Span
    original: Span
    #: the original sentence the original side is in
    original_sentence: int
    note: str = ""


def _time_span(expr: TimeExpression, dated: bool) -> Span:
    """The expression with its value: the date (unless it is relative and was read against
    the stand-in day, which would show a made-up date) and the clock time."""
    parts = [expr.iso] if expr.iso and (dated or not expr.relative) else []
    if expr.time_of_day:
        parts.append(expr.time_of_day)
    return Span(expr.start, expr.end, expr.text, " ".join(parts) or None)


def _quantity_span(q: Quantity) -> Span:
    return Span(q.start, q.end, q.text, quantity_reading(q))


def date_conflicts(
    derived: Side, sentence: int, original: Side, passages: Sequence[int]
) -> list[ConflictFinding]:
    """A date of the sentence that no passage matches while one gives another date."""
    out = []
    dated = derived.dated and original.dated
    for expr in derived.times[sentence]:
        if expr.start_date is None:
            continue
        compatible = False
        clash: tuple[int, TimeExpression] | None = None
        for index in passages:
            for other in original.times[index]:
                if not dated and expr.relative != other.relative:
                    # Read against a stand-in day, "this year" says nothing about 1991.
                    continue
                relation = compare_times(expr, other)
                if relation in _DATE_COMPATIBLE:
                    compatible = True
                elif relation == "different" and clash is None and other.precision != "range":
                    clash = (index, other)
        if not compatible and clash is not None:
            out.append(
                ConflictFinding(
                    "date",
                    _time_span(expr, dated),
                    _time_span(clash[1], dated),
                    clash[0],
                    f"the original says “{clash[1].text}”",
                )
            )
    return out


def number_conflicts(
    derived: Side, sentence: int, original: Side, passages: Sequence[int]
) -> list[ConflictFinding]:
    """A counted quantity whose unit the passages count differently."""
    out = []
    for quantity in derived.quantities[sentence]:
        if quantity.unit is None:
            continue
        compatible = False
        clash: tuple[int, Quantity] | None = None
        for index in passages:
            for other in original.quantities[index]:
                relation = compare_quantities(quantity, other)
                if relation in ("same", "compatible"):
                    compatible = True
                elif relation == "different" and clash is None:
                    clash = (index, other)
        if not compatible and clash is not None:
            out.append(
                ConflictFinding(
                    "number",
                    _quantity_span(quantity),
                    _quantity_span(clash[1]),
                    clash[0],
                    f"the original counts {clash[1].text}",
                )
            )
    return out


def _without_comparators(text: str) -> str:
    """ "no more than 44 per cent" bounds a number, it negates nothing."""
    return _NEGATED_COMPARATOR.sub("at most", text)


def negation_conflicts(
    derived: Side, sentence: int, original: Side, focus: tuple[int, int, int] | None
) -> list[ConflictFinding]:
    """The passage the sentence states (``focus``: original sentence index and the span
    of it the sentence draws on) asserts what the sentence denies, or the reverse."""
    if focus is None:
        return []
    index, start, end = focus
    source = derived.sentences[sentence]
    text = _without_comparators(source.text)
    passage_text = _without_comparators(original.article.text[start:end])
    if bool(_NEGATION_CUE.search(text)) == bool(_NEGATION_CUE.search(passage_text)):
        # polarity_clash needs a plain assertion on one side and a negation on the
        # other: when both or neither hold a cue it finds nothing (and it is costly).
        return []
    for negative, positive, derived_value in ((text, passage_text, "negated"),
                                              (passage_text, text, "asserted")):  # fmt: skip
        clash = polarity_clash(negative, positive)
        if clash is None:
            continue
        original_value = "asserted" if derived_value == "negated" else "negated"
        return [
            ConflictFinding(
                "negation",
                Span(source.start, source.end, source.text, derived_value),
                Span(start, end, original.article.text[start:end], original_value),
                index,
                f"“{clash.negated_phrase}”",
            )
        ]
    return []


def _span_of(side: Side, tokens: Sequence[Token]) -> Span:
    start, end = tokens[0].start, tokens[-1].end
    return Span(start, end, side.article.text[start:end])


def _covering(items: Iterable[TimeExpression], start: int, end: int) -> list[TimeExpression]:
    return [item for item in items if item.start < end and start < item.end]


def _times_agree(
    new: Sequence[TimeExpression], old: Sequence[TimeExpression], *, dated: bool
) -> bool:
    """Whether the dates on the two sides of a substitution can both hold: a date that
    could not be placed, or a relative date read against a stand-in day, is no
    evidence of a change."""
    if not new or not old:
        return False
    for a in new:
        for b in old:
            if not dated and a.relative != b.relative:
                return True
            if compare_times(a, b) != "different":
                return True
    return False


def _substitution_kind(
    derived: Side,
    sentence: int,
    new: Sequence[Token],
    old: Sequence[Token],
    original: Side,
    original_sentence: int,
    after: int,
    *,
    inside: bool,
) -> str | None:
    """What a swap of ``old`` (original words) for ``new`` changes, if it is a value:
    ``after`` is the position of the original word that follows ``old``; ``inside`` says
    the swap sits between two runs copied from one sentence (else it is in front of a run,
    where only a value of the same type on both sides counts)."""
    new_words = {t.norm for t in new}
    old_words = {t.norm for t in old}
    if inside and (new_words & NEGATIONS) != (old_words & NEGATIONS):
        return "negation"
    if "".join(t.norm for t in new) == "".join(t.norm for t in old):
        return None  # "8 pm" / "8pm", "25,000" / "25000": one value written two ways
    new_content = [t for t in new if t.content]
    old_content = [t for t in old if t.content]
    if not new_content or not old_content:
        return None
    if {t.stem for t in new_content} == {t.stem for t in old_content}:
        return None
    new_times = _covering(derived.times[sentence], new[0].start, new[-1].end)
    old_times = _covering(original.times[original_sentence], old[0].start, old[-1].end)
    if (new_times or old_times) and (inside or (new_times and old_times)):
        if _times_agree(new_times, old_times, dated=derived.dated and original.dated):
            return None
        return "date"
    new_numbers = [t for t in new_content if t.numeric]
    old_numbers = [t for t in old_content if t.numeric]
    if new_numbers and old_numbers:
        return None if _rounded(new_numbers, old_numbers) else "number"
    if _is_title(new_content, original, after) and _is_title(old_content, original, after):
        return "title"
    if (
        inside
        and any(_name_like(t, original) for t in old_content)
        and any(
            _name_like(t, derived) or (derived.lowercase and t.norm in original.name_words)
            for t in new_content
        )
    ):
        return "entity"
    return None


def _rounded(new: Sequence[Token], old: Sequence[Token]) -> bool:
    """One number rounding the other ("5" for "4.9", "1.2" for "1.17")."""
    for a in new:
        for b in old:
            x, y = _number(a.norm), _number(b.norm)
            if x is not None and y is not None and max(x, y) <= min(x, y) * _ROUNDING:
                return True
    return False


def _number(norm: str) -> float | None:
    try:
        return float(norm.replace(",", "."))
    except ValueError:
        return None


def _is_title(tokens: Sequence[Token], original: Side, after: int) -> bool:
    """Title words ("former", "Minister"), or the portfolio of the title that follows the
    swapped words in the original ("Interior" in "Interior Minister")."""
    lex = lexicon()
    if any(t.norm in lex.title_heads or _MODIFIER.fullmatch(t.norm) for t in tokens):
        return True
    following = original.tokens[after].norm if after < len(original.tokens) else ""
    return following in lex.title_heads and all(
        t.capitalized or t.norm in lex.portfolio_words or t.norm in lex.title_modifiers
        for t in tokens
    )


def _name_like(token: Token, side: Side) -> bool:
    """A capitalized word that does not open its sentence."""
    return token.capitalized and token.start not in side.sentence_starts


@dataclass(frozen=True, slots=True)
class _Swap:
    new: Sequence[Token]
    old: Sequence[Token]
    #: original position of the run after the swap, and its derived position
    after: int
    derived_at: int
    #: between two runs copied from one sentence (not in front of a run)
    inside: bool
    #: the derived word is the end of the previous copy, not a word written anew
    actor: bool = False


def _swap_candidates(
    tokens: Sequence[Token], original: Side, segments: Sequence[CopySegment]
) -> list[_Swap]:
    """Where the derived sentence may put other words in a copied context:

    * between two runs copied from one original sentence a few words apart ("won 4-0"
      copied around "3-1");
    * in front of a run of three or more words that starts a copy, against the words in
      front of it in the original: the words written before it ("Defence" before
      "Minister Lena Brandt announced…"), or the name ending the previous copy ("Senator
      Garcia" + "resigned from the committee…", which the original says of Patel).
    """
    out: list[_Swap] = []
    for k, run in enumerate(segments):
        previous = segments[k - 1] if k else None
        sentence = original.sentence_of_token[run.original_start]
        if (
            previous is not None
            and original.sentence_of_token[previous.original_end - 1] == sentence
            and 0 <= run.original_start - previous.original_end <= _MAX_REPLACED
        ):
            new = tokens[previous.derived_end : run.derived_start]
            old = original.tokens[previous.original_end : run.original_start]
            out.append(_Swap(new, old, run.original_start, run.derived_start, inside=True))
            continue
        if run.length < 3 or run.derived_start == 0:
            continue
        written = tokens[(previous.derived_end if previous else 0) : run.derived_start]
        new = written or tokens[run.derived_start - 1 : run.derived_start]
        if len(new) > _MAX_REPLACED:
            continue
        first = original.token_ranges[sentence][0]
        old = original.tokens[max(first, run.original_start - len(new)) : run.original_start]
        if old:
            swap = _Swap(new, old, run.original_start, run.derived_start, inside=False)
            out.append(swap if written else replace(swap, actor=True))
    return out


def _actor_swap(derived: Side, sentence: int, original: Side, swap: _Swap) -> bool:
    """The copy after the swap is about another named actor: the derived name and the
    original name are both names of one type (person, organization, place) by the entity
    extractor, in texts that write names with capitals."""
    if derived.lowercase or len(swap.new) != 1 or len(swap.old) != 1:
        return False
    new, old = swap.new[0], swap.old[0]
    if not (new.capitalized and old.capitalized) or new.stem == old.stem:
        return False
    ours = _mention_type(derived.mentions(sentence), new)
    index = original.sentence_of_token[swap.after]
    theirs = _mention_type(original.mentions(index), old)
    return ours is not None and ours == theirs


def _mention_type(mentions: Sequence[EntityMention], token: Token) -> str | None:
    for mention in mentions:
        if mention.start <= token.start and token.end <= mention.end:
            return mention.type
    return None


def substitution_conflicts(
    derived: Side,
    sentence: int,
    original: Side,
    segments: Sequence[CopySegment],
) -> list[ConflictFinding]:
    """Values swapped inside a copied context ("won 4-0" for "won 3-1", "Anna" for
    "Maria"), and negations added or dropped between two copied runs."""
    tokens = derived.sentence_tokens(sentence)
    stems = {t.stem for t in tokens}
    out = []
    for swap in _swap_candidates(tokens, original, segments):
        new, old, after, derived_at = swap.new, swap.old, swap.after, swap.derived_at
        index = original.sentence_of_token[after]
        if not new or not old:
            # A dropped or added word between copied runs: only a negation matters here.
            if not {t.norm for t in (new or old)} & NEGATIONS:
                continue
            kind: str | None = "negation"
        elif any(t.stem in stems for t in old if t.content):
            continue  # the original's words are in the sentence after all: moved, not swapped
        elif swap.actor:
            kind = "entity" if _actor_swap(derived, sentence, original, swap) else None
        else:
            kind = _substitution_kind(
                derived, sentence, new, old, original, index, after, inside=swap.inside
            )
        if kind is None:
            continue
        if kind == "negation":
            # The words around the change, so that both sides read as a phrase.
            derived_span = _polarity_span(
                derived, tokens[max(derived_at - len(new) - 1, 0) : derived_at + 1]
            )
            original_span = _polarity_span(
                original, original.tokens[max(after - len(old) - 1, 0) : after + 1]
            )
        else:
            derived_span = _value_span(
                derived, derived.times[sentence], derived.quantities[sentence], new
            )
            original_span = _value_span(
                original, original.times[index], original.quantities[index], old
            )
        out.append(ConflictFinding(kind, derived_span, original_span, index))
    return out


def _polarity_span(side: Side, tokens: Sequence[Token]) -> Span:
    span = _span_of(side, tokens)
    negated = any(t.norm in NEGATIONS for t in tokens)
    return replace(span, value="negated" if negated else "asserted")


def _value_span(
    side: Side,
    times: Sequence[TimeExpression],
    quantities: Sequence[Quantity],
    tokens: Sequence[Token],
) -> Span:
    """The date or quantity the swapped words belong to ("March 5, 2021" for "5"), else
    the words themselves."""
    start, end = tokens[0].start, tokens[-1].end
    for expr in times:
        if expr.start <= start and end <= expr.end:
            return _time_span(expr, side.dated)
    for quantity in quantities:
        if quantity.start <= start and end <= quantity.end:
            return _quantity_span(quantity)
    return _span_of(side, tokens)


def title_conflicts(derived: Side, sentence: int, original: Side) -> list[ConflictFinding]:
    """A person given another title or role than the original gives them."""
    titled = [m for m in derived.mentions(sentence) if m.type == "person" and m.title]
    if not titled:
        return []
    originals = [
        m
        for index in range(len(original.sentences))
        for m in original.mentions(index)
        if m.type == "person"
    ]
    entities = resolve_entities([*titled, *originals])
    out = []
    for entity in entities:
        mine = [m for m in entity.mentions if m.article_id == derived.article.id]
        theirs = [m for m in entity.mentions if m.article_id != derived.article.id and m.title]
        if not mine or not theirs:
            continue
        for mention in mine:
            assert mention.title is not None
            if any(_same_title(mention.title, other.title or "") for other in theirs):
                continue
            other = theirs[0]
            out.append(
                ConflictFinding(
                    "title",
                    _mention_span(derived, mention),
                    _mention_span(original, other),
                    other.sentence,
                    f"the original calls {entity.name} “{other.title}”",
                )
            )
    return out


def _same_title(a: str, b: str) -> bool:
    """Titles agree unless a modifier ("former", "acting") or the office differs; one
    being more detailed ("US President" / "President") is no conflict."""
    mods_a = {m.lower() for m in _MODIFIER.findall(a)}
    mods_b = {m.lower() for m in _MODIFIER.findall(b)}
    if mods_a != mods_b:
        return False
    head_a = _MODIFIER.sub("", a).lower().split()[-1:]
    head_b = _MODIFIER.sub("", b).lower().split()[-1:]
    return head_a == head_b


def _mention_span(side: Side, mention: EntityMention) -> Span:
    start, end = mention.span_with_title
    return Span(start, end, side.article.text[start:end], mention.title)


def quote_conflicts(derived: Side, sentence: int, original: Side) -> list[ConflictFinding]:
    """A quote of the sentence that is a reworded quote of the original."""
    span = derived.sentences[sentence]
    out = []
    for quote in derived.quotes:
        if not span.start <= quote.start < span.end:
            continue
        best: tuple[float, Quote] | None = None
        for other in original.quotes:
            score = fuzz.ratio(quote.text.casefold(), other.text.casefold())
            partial = fuzz.partial_ratio(quote.text.casefold(), other.text.casefold())
            if max(score, partial) >= 99.5:
                best = None
                break
            if score >= _QUOTE_SAME and (best is None or score > best[0]):
                best = (score, other)
        if best is None:
            continue
        differences = quote_differences(best[1].text, quote.text)
        if not differences:
            continue
        index = best[1].sentence if best[1].sentence is not None else 0
        changes = "; ".join(f"“{a or '∅'}” → “{b or '∅'}”" for a, b in differences[:3])
        out.append(
            ConflictFinding(
                "quote_wording",
                Span(quote.start, quote.end, quote.text),
                Span(best[1].start, best[1].end, best[1].text),
                index,
                changes,
            )
        )
    return out

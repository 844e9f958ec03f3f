"""Per-article signals for the article card: loaded language, hedging, spinner filler,
SEO keyword stuffing and vague attribution. Each is a :class:`Finding` with a span; none is
a verdict, only something a reader may want to weigh."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from consilience.records import ArticleExtraction, Finding, PreparedArticle
from consilience.textspan import normalize_for_compare

_FILLER = re.compile(
    r"(?i)^\W*(interestingly|surprisingly|luckily|thankfully|fortunately|unfortunately|"
    r"notably|importantly|remarkably|crucially|it is (important|worth) (to note|noting)( that)?|"
    r"in a compelling (metaphor|twist)|in sum|moving forward|going forward|needless to say)\b,?"
)
_VAGUE = re.compile(
    r"(?i)\b(experts?|critics|analysts|observers|some|many|sources|insiders|officials)\s+"
    r"(say|says|said|argue|argued|note|noted|warn|warned|fear|feared|believe|believed|worry|"
    r"claim|claimed|suggest|suggested|tout|touted)\b"
)
_KEYWORD_N = 3
_KEYWORD_MIN = 4


@lru_cache(maxsize=1)
def _loaded_terms() -> re.Pattern[str]:
    raw = resources.files("consilience.data").joinpath("loaded_language.txt").read_text("utf-8")
    terms = [line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    terms.sort(key=len, reverse=True)
    alternation = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"(?i)(?<![\w-])({alternation})(?![\w-])")


def article_signals(
    prepared: PreparedArticle, extraction: ArticleExtraction | None
) -> tuple[Finding, ...]:
    text = prepared.article.text
    findings: list[Finding] = []
    evidence = [s for s in prepared.sentences if s.skip is None and s.role != "headline"]
    loaded = _loaded_terms()
    quoted = _quoted_spans(extraction)
    for sentence in evidence:
        for match in loaded.finditer(text, sentence.start, sentence.end):
            if any(a <= match.start() < b for a, b in quoted):
                continue  # a speaker's words, not the article's characterization
            findings.append(
                Finding(
                    "loaded_language",
                    match.start(),
                    match.end(),
                    match.group(),
                    "loaded or emotive wording",
                )
            )
        filler = _FILLER.match(text, sentence.start, sentence.end)
        if filler:
            findings.append(
                Finding(
                    "spin_filler",
                    filler.start() + len(filler.group()) - len(filler.group().lstrip(" \"'“")),
                    filler.end(),
                    filler.group().strip(" ,"),
                    "filler typical of rewritten (spun) text",
                )
            )
        for match in _VAGUE.finditer(text, sentence.start, sentence.end):
            findings.append(
                Finding(
                    "vague_attribution",
                    match.start(),
                    match.end(),
                    match.group(),
                    "attributed to unnamed people",
                )
            )
    if extraction is not None:
        for hedge in extraction.hedges:
            findings.append(Finding("hedge", hedge.start, hedge.end, hedge.text, "hedged wording"))
    findings += _keyword_stuffing(prepared)
    findings.sort(key=lambda f: (f.start, f.kind))
    return tuple(findings)


def _quoted_spans(extraction: ArticleExtraction | None) -> list[tuple[int, int]]:
    if extraction is None:
        return []
    return [(q.start, q.end) for q in extraction.quotes]


def _keyword_stuffing(prepared: PreparedArticle) -> list[Finding]:
    """A phrase of three content words repeated in the headings and body far more often
    than prose needs: the mark of text written for a search keyword."""
    text = prepared.article.text
    counts: Counter[tuple[str, ...]] = Counter()
    in_headings: Counter[tuple[str, ...]] = Counter()
    first_at: dict[tuple[str, ...], tuple[int, int]] = {}
    for sentence in prepared.sentences:
        if sentence.skip is not None:
            continue
        words = normalize_for_compare(sentence.text).split()
        grams = {tuple(words[i : i + _KEYWORD_N]) for i in range(len(words) - _KEYWORD_N + 1)}
        for gram in grams:
            if any(len(w) < 3 for w in gram):
                continue
            counts[gram] += 1
            if sentence.role in ("heading", "headline", "question"):
                in_headings[gram] += 1
            first_at.setdefault(gram, (sentence.start, sentence.end))
    out = []
    for gram, count in counts.most_common(3):
        if count >= _KEYWORD_MIN and in_headings[gram] >= 2:
            start, end = first_at[gram]
            phrase = " ".join(gram)
            out.append(
                Finding(
                    "seo_keyword",
                    start,
                    end,
                    text[start:end],
                    f"“{phrase}” repeated in {count} sentences, {in_headings[gram]} of them headings",
                )
            )
    return out

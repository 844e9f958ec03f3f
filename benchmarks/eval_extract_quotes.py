"""Quotes, speakers, attributions, credited outlets and hedges on the hand-written tables,
and extraction speed on ECB+ articles.

Scores (the tables are ``tests/data/extract/quote_cases.json`` and
``attribution_cases.json``; short passages, each with every expected item):

* quotes: a predicted quote is right when its text equals an expected one exactly
  (precision, recall, F1 over all cases); ``quote_speaker_accuracy`` is the share of the
  expected quotes found with the expected speaker (``None`` included), ``partial`` the
  share found with the expected partial flag.
* attributions (source, kind), credited outlets and hedges: precision and recall of the
  multisets per case; ``attribution_table_f1`` is the micro F1 over all three.
* speed: sentences per second for all four extractors over the ECB+ articles (clean and
  segment are not timed).

* real news: ``tests/data/extract/real_quote_cases.json`` lists every direct quote (full and
  partial; nicknames, terms and titles of works are not quotes) of 14 real articles with
  its speaker, marked by hand: 125 quotes of six corroboration stories (``dev``) and 101 of
  four other ECB+ articles (``heldout``). A quote paragraph of a quote spanning
  paragraphs is one quote. A predicted quote is right when its words (case, punctuation
  and quote marks ignored) equal an expected one's; its speaker is right when the last
  word of the name or description given matches the last word of the expected speaker or
  one of its variants ("Fanning" for "Tim Fanning", "an officer" for "a senior officer").
  Run for the default (spaCy) and the classical backend.

A naive baseline (quote-mark regex with a name before or after "said"; outlet names
anywhere; single-word hedges) runs beside consilience.

    python benchmarks/eval_extract_quotes.py
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, ROOT, print_scores, read_jsonl
from consilience import Settings
from consilience.extract.attribution import (
    extract_attributions,
    extract_cited_outlets,
    extract_hedges,
)
from consilience.extract.parse import load_parser
from consilience.extract.quotes import extract_quotes
from consilience.extract.speech_lexicon import outlet_name
from consilience.ingest import article_from_text
from consilience.pipeline import prepare
from consilience.records import PreparedArticle
from consilience.textspan import normalize_for_compare

TABLES = ROOT / "tests" / "data" / "extract"
ECBPLUS = BENCH / "ecbplus" / "articles-topics-1-35.jsonl"

QuoteItem = tuple[str, str | None, bool]
Extracted = dict[str, list[Any]]


def _prepared(text: str, *, headline: bool = False, outlet: str | None = None) -> PreparedArticle:
    article = article_from_text(text, "case.txt", detect_headline=headline, outlet=outlet)
    return prepare(article, Settings())


def _load(name: str, split: str | None = None) -> list[dict[str, Any]]:
    """The cases of a table; ``split`` "dev" or "heldout" keeps one part. Held-out cases
    were written after the extractor: on their first run 22 of 25 quote cases and 12 of 12
    attribution cases came out right; the three misses (a "who said" speaker, a "by X"
    speaker, a two-word scare quote before a later "analysts said") were fixed since, so
    both parts now guard against regressions."""
    cases: list[dict[str, Any]] = json.loads((TABLES / name).read_text(encoding="utf-8"))
    if split is None:
        return cases
    return [c for c in cases if c.get("split", "dev") == split]


# --- systems ----------------------------------------------------------------------------


def consilience_quotes(prepared: PreparedArticle) -> list[QuoteItem]:
    return [(q.text, q.speaker, q.partial) for q in extract_quotes(prepared)]


def consilience_attribution(prepared: PreparedArticle) -> Extracted:
    text = prepared.article.text
    attributions: list[tuple[str, str]] = []
    hedges: list[str] = []
    for sentence in prepared.evidence_sentences():
        found = extract_attributions(text, sentence, article_id=prepared.id)
        attributions += [(a.source, a.kind) for a in found]
        hedges += [h.text for h in extract_hedges(text, sentence, article_id=prepared.id)]
    outlets = [c.outlet for c in extract_cited_outlets(prepared)]
    return {"attributions": attributions, "cited_outlets": outlets, "hedges": hedges}


_NAIVE_QUOTE = re.compile(r"[“\"]([^”\"]+?),?[”\"]")
_NAIVE_AFTER = re.compile(r"^\s*,?\s*(?:said\s+)?((?:[A-Z][\w.]*\s*){1,3}?)\s*(?:said|says)\b")
_NAIVE_BEFORE = re.compile(r"((?:[A-Z][\w.]*\s*){1,3}?)\s*said[,:]?\s*$")
_NAIVE_HEDGE = re.compile(r"\b(?:reportedly|allegedly|may|might|unclear|suspected)\b", re.I)
_NAIVE_SOURCE = re.compile(r"\b(?:according to|said)\s+((?:[A-Z][\w.]*\s*){1,3})")


def naive_quotes(prepared: PreparedArticle) -> list[QuoteItem]:
    text = prepared.article.text
    out: list[QuoteItem] = []
    for match in _NAIVE_QUOTE.finditer(text):
        after = _NAIVE_AFTER.match(text[match.end() : match.end() + 60])
        before = _NAIVE_BEFORE.search(text[max(0, match.start() - 60) : match.start()])
        found = after or before
        speaker = found.group(1).strip() if found else None
        out.append((match.group(1).strip(), speaker, False))
    return out


def naive_attribution(prepared: PreparedArticle) -> Extracted:
    text = prepared.article.text
    words = re.findall(r"[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*", text)
    outlets = [name for w in words if (name := outlet_name(w)) is not None]
    sources = [m.group(1).strip() for m in _NAIVE_SOURCE.finditer(text)]
    return {
        "attributions": [(s, "named") for s in sources],
        "cited_outlets": outlets,
        "hedges": [m.group() for m in _NAIVE_HEDGE.finditer(text)],
    }


# --- scoring ----------------------------------------------------------------------------


def _prf(tp: int, predicted: int, expected: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _overlap(predicted: Iterable[Any], expected: Iterable[Any]) -> int:
    return sum((Counter(predicted) & Counter(expected)).values())


def score_quotes(
    system: Callable[[PreparedArticle], list[QuoteItem]], split: str | None = None
) -> dict[str, float]:
    tp = n_predicted = n_expected = speaker_ok = partial_ok = 0
    for case in _load("quote_cases.json", split):
        predicted = system(_prepared(case["text"], headline=case.get("headline", False)))
        expected = [(q["text"], q["speaker"], q["partial"]) for q in case["quotes"]]
        n_predicted += len(predicted)
        n_expected += len(expected)
        tp += _overlap([p[0] for p in predicted], [e[0] for e in expected])
        unused = list(predicted)
        for text, speaker, partial in expected:
            match = next((p for p in unused if p[0] == text), None)
            if match is not None:
                unused.remove(match)
                speaker_ok += match[1] == speaker
                partial_ok += match[2] == partial
    precision, recall, f1 = _prf(tp, n_predicted, n_expected)
    return {
        "quote_span_precision": precision,
        "quote_span_recall": recall,
        "quote_span_f1": f1,
        "quote_speaker_accuracy": speaker_ok / n_expected,
        "quote_partial_accuracy": partial_ok / n_expected,
    }


def score_attribution(
    system: Callable[[PreparedArticle], Extracted], split: str | None = None
) -> dict[str, float]:
    counts = {kind: [0, 0, 0] for kind in ("attributions", "cited_outlets", "hedges")}
    for case in _load("attribution_cases.json", split):
        got = system(_prepared(case["text"], outlet=case.get("outlet")))
        for kind, (tp, pred, exp) in list(counts.items()):
            want = [tuple(x) if isinstance(x, list) else x for x in case[kind]]
            have = [tuple(x) if isinstance(x, list) else x for x in got[kind]]
            counts[kind] = [tp + _overlap(have, want), pred + len(have), exp + len(want)]
    scores: dict[str, float] = {}
    for kind, (tp, pred, exp) in counts.items():
        precision, recall, _ = _prf(tp, pred, exp)
        scores[f"{kind}_precision"] = precision
        scores[f"{kind}_recall"] = recall
    totals = [sum(c[i] for c in counts.values()) for i in range(3)]
    scores["attribution_table_f1"] = _prf(*totals)[2]
    return scores


# --- real news ----------------------------------------------------------------------------

REAL = TABLES / "real_quote_cases.json"
RealSystem = Callable[[PreparedArticle], list[QuoteItem]]


def _real_articles() -> dict[str, PreparedArticle]:
    wanted = {c["article"] for c in json.loads(REAL.read_text(encoding="utf-8"))}
    out: dict[str, PreparedArticle] = {}
    for row in read_jsonl(ECBPLUS):
        if row["id"] in wanted:
            article = article_from_text(row["text"], row["id"], external_id=row["id"])
            out[row["id"]] = prepare(article, Settings())
    return out


def backend_quotes(backend: str) -> RealSystem:
    """Quotes of the extractor with the sentence parses of ``backend``."""
    parser = load_parser(backend)

    def system(prepared: PreparedArticle) -> list[QuoteItem]:
        parses = parser.parse([prepared])
        return [(q.text, q.speaker, q.partial) for q in extract_quotes(prepared, parses)]

    return system


def _last_word(name: str | None) -> str:
    words = normalize_for_compare(name or "").split()
    return words[-1] if words else ""


def score_real(system: RealSystem, split: str | None = None) -> dict[str, float]:
    """Recall, precision and speaker accuracy on the real-news table."""
    cases = [
        c
        for c in json.loads(REAL.read_text(encoding="utf-8"))
        if split is None or c["split"] == split
    ]
    articles = _real_articles()
    by_article: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        by_article.setdefault(case["article"], []).append(case)
    found = predicted = speaker_ok = 0
    for article_id, expected in by_article.items():
        got = system(articles[article_id])
        predicted += len(got)
        unused = [(normalize_for_compare(text), speaker) for text, speaker, _ in got]
        for case in expected:
            key = normalize_for_compare(case["quote"])
            match = next((p for p in unused if p[0] == key), None)
            if match is None:
                continue
            unused.remove(match)
            found += 1
            names = [case["speaker"], *case["speaker_variants"]] if case["speaker"] else []
            speaker_ok += _last_word(match[1]) in {_last_word(n) for n in names} or (
                not names and match[1] is None
            )
    total = sum(len(v) for v in by_article.values())
    return {
        "real_quote_recall": found / total,
        "real_quote_precision": found / predicted if predicted else 1.0,
        "real_speaker_accuracy": speaker_ok / total,
        "quotes": float(total),
    }


def speed(limit: int | None = None) -> dict[str, float]:
    """Sentences per second for all four extractors over ECB+ articles."""
    prepared = [
        prepare(article_from_text(r["text"], r["id"], external_id=r["id"]), Settings())
        for i, r in enumerate(read_jsonl(ECBPLUS))
        if limit is None or i < limit
    ]
    sentences = sum(len(p.sentences) for p in prepared)
    quotes = 0
    started = time.perf_counter()
    for p in prepared:
        quotes += len(extract_quotes(p))
        consilience_attribution(p)
    elapsed = time.perf_counter() - started
    return {
        "articles": float(len(prepared)),
        "sentences": float(sentences),
        "quotes": float(quotes),
        "sentences_per_s": sentences / elapsed,
    }


def run() -> dict[str, float]:
    """The gate's entry point: consilience's table scores."""
    quotes = score_quotes(consilience_quotes)
    attribution = score_attribution(consilience_attribution)
    real = score_real(backend_quotes("auto"))
    return {
        "quote_speaker_accuracy": quotes["quote_speaker_accuracy"],
        "attribution_table_f1": attribution["attribution_table_f1"],
        "real_quote_recall": real["real_quote_recall"],
        "real_quote_precision": real["real_quote_precision"],
        "real_speaker_accuracy": real["real_speaker_accuracy"],
    }


_SHORT = {
    "quote_span_precision": "span P",
    "quote_span_recall": "span R",
    "quote_span_f1": "span F1",
    "quote_speaker_accuracy": "speaker acc",
    "quote_partial_accuracy": "partial acc",
    "attributions_precision": "attrib P",
    "attributions_recall": "attrib R",
    "cited_outlets_precision": "outlet P",
    "cited_outlets_recall": "outlet R",
    "hedges_precision": "hedge P",
    "hedges_recall": "hedge R",
    "attribution_table_f1": "micro F1",
    "sentences_per_s": "sentences/s",
    "real_quote_recall": "recall",
    "real_quote_precision": "precision",
    "real_speaker_accuracy": "speaker acc",
}


def _short(scores: dict[str, float]) -> dict[str, float]:
    return {_SHORT.get(k, k): v for k, v in scores.items()}


def main() -> None:
    quotes = consilience_quotes
    print_scores(
        "Quote table (exact quote text; speaker and partial flag of expected quotes)",
        {
            "naive regex": _short(score_quotes(naive_quotes)),
            "consilience": _short(score_quotes(quotes)),
            "  dev cases": _short(score_quotes(quotes, "dev")),
            "  held-out cases": _short(score_quotes(quotes, "heldout")),
        },
    )
    default, classical = backend_quotes("auto"), backend_quotes("classical")
    print_scores(
        f"Real news quotes ({REAL.name}: speakers marked by hand)",
        {
            "quote-mark regex": _short(score_real(naive_quotes)),
            f"consilience ({load_parser('auto').name})": _short(score_real(default)),
            "  dev (six stories)": _short(score_real(default, "dev")),
            "  held-out (other ECB+)": _short(score_real(default, "heldout")),
            "consilience (classical)": _short(score_real(classical)),
            "  dev (six stories) ": _short(score_real(classical, "dev")),
            "  held-out (other ECB+) ": _short(score_real(classical, "heldout")),
        },
    )
    attribution = consilience_attribution
    print_scores(
        "Attribution table (attributions, credited outlets, hedges)",
        {
            "naive regex": _short(score_attribution(naive_attribution)),
            "consilience": _short(score_attribution(attribution)),
            "  dev cases": _short(score_attribution(attribution, "dev")),
            "  held-out cases": _short(score_attribution(attribution, "heldout")),
        },
    )
    print_scores("Speed over ECB+ topics 1-35 (extraction only)", {"consilience": _short(speed())})


if __name__ == "__main__":
    main()

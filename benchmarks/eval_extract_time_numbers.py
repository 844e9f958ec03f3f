"""Time expressions and quantities: accuracy on the hand-written tables
``tests/data/extract/time_cases.json`` and ``number_cases.json``, and speed over the
sentences of the ECB+ articles of topics 1-35.

Scores per extractor: case accuracy (a case counts when every extracted item matches the
table in every field and nothing else is extracted), item precision/recall (an item
counts when all its fields match) and span precision/recall (only its text). Baselines
run beside: ``dateparser.search_dates`` for times (its substring as the span, the day it
returns as a one-day interval) and a bare-numeral regex for quantities.

    python benchmarks/eval_extract_time_numbers.py
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, ROOT, print_scores, read_jsonl, require
from consilience.extract.numbers import extract_quantities
from consilience.extract.time import extract_times
from consilience.records import Sentence
from consilience.segment import sentence_spans

CASES = ROOT / "tests" / "data" / "extract"
ECB = BENCH / "ecbplus" / "articles-topics-1-35.jsonl"
#: ECB+ texts carry no publication date: a fixed anchor is enough to time the extractor.
SPEED_ANCHOR = dt.date(2013, 5, 3)
_LEAD = "A first sentence comes before it. "

Row = tuple[Hashable, ...]
Extractor = Callable[[str, Sentence, dict[str, Any]], list[Row]]


def _sentence(body: str) -> tuple[str, Sentence]:
    text = _LEAD + body + " A last sentence follows."
    return text, Sentence("a", 1, len(_LEAD), len(_LEAD) + len(body), body, 0)


def _time_row(item: dict[str, Any]) -> Row:
    return (
        item["text"],
        item["precision"],
        item["start"],
        item["end"],
        item["anchored"],
        item.get("time_of_day"),
    )


def _number_row(item: dict[str, Any]) -> Row:
    return (item["text"], item["value"], item["comparator"], item["unit"], item["value_max"])


def _anchor(case: dict[str, Any]) -> dt.date | None:
    return dt.date.fromisoformat(case["anchor"]) if case.get("anchor") else None


def consilience_times(text: str, sentence: Sentence, case: dict[str, Any]) -> list[Row]:
    return [
        (
            e.text,
            e.precision,
            e.start_date.isoformat() if e.start_date else None,
            e.end_date.isoformat() if e.end_date else None,
            e.anchored,
            e.time_of_day,
        )
        for e in extract_times(text, sentence, _anchor(case))
    ]


def dateparser_times(text: str, sentence: Sentence, case: dict[str, Any]) -> list[Row]:
    """Baseline: dateparser's own search, relative to the same anchor."""
    from dateparser.search import search_dates

    anchor = _anchor(case)
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day)
    found = search_dates(sentence.text, languages=["en"], settings=settings) or []
    rows: list[Row] = []
    for substring, when in found:
        day = when.date().isoformat()
        rows.append((substring, "day", day, day, True, None))
    return rows


def consilience_numbers(text: str, sentence: Sentence, case: dict[str, Any]) -> list[Row]:
    return [
        (q.text, q.value, q.comparator, q.unit, q.value_max)
        for q in extract_quantities(text, sentence)
    ]


_NUMERAL = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def numeral_regex(text: str, sentence: Sentence, case: dict[str, Any]) -> list[Row]:
    """Baseline: every numeral, "=" and no unit."""
    return [
        (m.group(), float(m.group().replace(",", "")), "=", None, None)
        for m in _NUMERAL.finditer(text, sentence.start, sentence.end)
    ]


def table_scores(
    table: str, extract: Extractor, to_row: Callable[[dict[str, Any]], Row]
) -> tuple[dict[str, float], list[str]]:
    """Scores of ``extract`` on a table, and the ids of the cases it gets wrong."""
    cases = json.loads(require(CASES / table).read_text(encoding="utf-8"))
    right = 0
    items = Counter[str]()
    wrong: list[str] = []
    for case in cases:
        text, sentence = _sentence(case["sentence"])
        got = extract(text, sentence, case)
        want = [to_row(item) for item in case["expected"]]
        if got == want:
            right += 1
        else:
            wrong.append(case["id"])
        items["tp"] += sum((Counter(got) & Counter(want)).values())
        items["span_tp"] += sum((Counter(r[0] for r in got) & Counter(r[0] for r in want)).values())
        items["got"] += len(got)
        items["want"] += len(want)
    scores = {
        "case_accuracy": right / len(cases),
        "item_prec": items["tp"] / items["got"] if items["got"] else 1.0,
        "item_rec": items["tp"] / items["want"] if items["want"] else 1.0,
        "span_prec": items["span_tp"] / items["got"] if items["got"] else 1.0,
        "span_rec": items["span_tp"] / items["want"] if items["want"] else 1.0,
        "cases": float(len(cases)),
    }
    return scores, wrong


def ecb_sentences(limit: int | None = None) -> list[tuple[str, Sentence]]:
    out: list[tuple[str, Sentence]] = []
    for record in read_jsonl(ECB):
        text = record["text"]
        for index, (start, end) in enumerate(sentence_spans(text)):
            out.append((text, Sentence(record["id"], index, start, end, text[start:end], 0)))
            if limit is not None and len(out) >= limit:
                return out
    return out


def speed(
    sentences: list[tuple[str, Sentence]],
    extract: Callable[[str, Sentence], object],
    repeats: int = 3,
) -> float:
    """Sentences per second, the best of ``repeats`` runs (the machine may be shared)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for text, sentence in sentences:
            extract(text, sentence)
        best = min(best, time.perf_counter() - started)
    return len(sentences) / best


def run() -> dict[str, float]:
    """The gate's scores: case accuracy on each table."""
    time_scores, _ = table_scores("time_cases.json", consilience_times, _time_row)
    number_scores, _ = table_scores("number_cases.json", consilience_numbers, _number_row)
    return {
        "time_table_accuracy": time_scores["case_accuracy"],
        "number_table_accuracy": number_scores["case_accuracy"],
    }


def main() -> None:
    rows: dict[str, dict[str, float]] = {}
    misses: dict[str, list[str]] = {}
    for name, table, extract, to_row in (
        ("consilience times", "time_cases.json", consilience_times, _time_row),
        ("dateparser (baseline)", "time_cases.json", dateparser_times, _time_row),
        ("consilience quantities", "number_cases.json", consilience_numbers, _number_row),
        ("numeral regex (baseline)", "number_cases.json", numeral_regex, _number_row),
    ):
        rows[name], misses[name] = table_scores(table, extract, to_row)
    print_scores("Tables (tests/data/extract)", rows)
    for name in ("consilience times", "consilience quantities"):
        if misses[name]:
            print(f"{name} gets wrong: {', '.join(misses[name])}")

    sentences = ecb_sentences()
    sample = sentences[:300]
    anchor = SPEED_ANCHOR
    found = {
        "times": sum(len(extract_times(t, s, anchor)) for t, s in sentences),
        "quantities": sum(len(extract_quantities(t, s)) for t, s in sentences),
    }
    speeds = {
        "consilience times": {
            "sentences_per_s": speed(sentences, lambda t, s: extract_times(t, s, anchor)),
            "sentences": float(len(sentences)),
            "found": float(found["times"]),
        },
        "consilience quantities": {
            "sentences_per_s": speed(sentences, extract_quantities),
            "sentences": float(len(sentences)),
            "found": float(found["quantities"]),
        },
        "dateparser (baseline)": {
            "sentences_per_s": speed(
                sample,
                lambda t, s: dateparser_times(t, s, {"anchor": anchor.isoformat()}),
                repeats=1,
            ),
            "sentences": float(len(sample)),
        },
    }
    print_scores("Speed on ECB+ topics 1-35 (one process, best of 3 runs)", speeds)


if __name__ == "__main__":
    main()

"""Entity extraction and resolution: mention precision/recall/F1 on the hand-written table
``tests/data/extract/entity_cases.json`` (a mention counts when its span and type are
right), title accuracy on the mentions found, resolution accuracy on
``tests/data/extract/resolve_cases.json`` (a case counts when its clusters, names, types
and suspect variants are all right), and speed in sentences/s over the ECB+ articles of
topics 1-35. A naive baseline (capitalized runs typed by the gazetteer only) runs beside.

On the six real stories of ``../shared/bench/corroboration`` it prints, per story and for
both backends (the default spaCy pipeline and the classical extractor), the entity merge
recall of that folder's ``score.py`` (the same rule, computed on the resolved entities:
every spelling of a gold entity that stands on its own in the texts must be the name, an
alias or a suspect variant of one entity) and the reported names that are no names: a
demonym ("Somalis", "Indonesians") or a plural common noun typed as a person or a place
("Rescuers").

    python benchmarks/eval_extract_entities.py
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.extract.resolve_table import case_mentions

from common import BENCH, ROOT, print_scores, read_jsonl, require
from consilience import Settings
from consilience.extract.entities import ClassicalNer
from consilience.extract.entity_lexicon import lexicon, zipf
from consilience.extract.parse import load_parser
from consilience.extract.resolve import resolve_entities
from consilience.extract.story import extract_story
from consilience.ingest import article_from_text
from consilience.pipeline import prepare
from consilience.records import EntityMention, EntityType, ResolvedEntity, Sentence
from consilience.segment import sentence_spans
from consilience.textspan import paragraph_spans

CASES = ROOT / "tests" / "data" / "extract"
ECB = BENCH / "ecbplus" / "articles-topics-1-35.jsonl"
STORIES = BENCH / "corroboration"
#: Title words score.py strips from a gold spelling before comparing.
_SCORE_TITLES = frozenset(
    "president col. colonel gen. general mr. ms. dr. secretary former the".split()
)

Extractor = Callable[[str, Sentence], list[EntityMention]]


def sentences_of(text: str, article_id: str = "a") -> list[Sentence]:
    """Sentences per paragraph (a headline line stays its own sentence)."""
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for start, end in sentence_spans(text, p_start, p_end):
            out.append(Sentence(article_id, len(out), start, end, text[start:end], p_index))
    return out


def gold_spans(text: str, mentions: list[list[Any]]) -> list[tuple[int, int, str, str | None]]:
    """(start, end, type, title) of the expected mentions, found in order in ``text``."""
    spans = []
    cursor = 0
    for name, entity_type, title in mentions:
        start = text.index(name, cursor)
        spans.append((start, start + len(name), entity_type, title))
        cursor = start + 1
    return spans


def classical(text: str, sentence: Sentence) -> list[EntityMention]:
    return ClassicalNer().extract(text, sentence, article_id="a")


_CAP_RUN = re.compile(r"\b(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*)*")


def naive(text: str, sentence: Sentence) -> list[EntityMention]:
    """Baseline: every capitalized run; place if in the gazetteer, org if an acronym,
    else person."""
    lex = lexicon()
    out = []
    for m in _CAP_RUN.finditer(text, sentence.start, sentence.end):
        name = m.group().rstrip(".")
        entity_type: EntityType = "person"
        if lex.place(name):
            entity_type = "place"
        elif name.replace(".", "").isupper():
            entity_type = "org"
        out.append(
            EntityMention("a", sentence.index, m.start(), m.start() + len(name), name, entity_type)
        )
    return out


def entity_scores(extract: Extractor) -> dict[str, float]:
    cases = json.loads(require(CASES / "entity_cases.json").read_text(encoding="utf-8"))
    tp = fp = fn = titles_right = 0
    for case in cases:
        text = case["text"]
        gold = {(s, e, t): title for s, e, t, title in gold_spans(text, case["mentions"])}
        found: dict[tuple[int, int, str], str | None] = {}
        for sentence in sentences_of(text):
            for m in extract(text, sentence):
                found[(m.start, m.end, m.type)] = m.title
        hits = gold.keys() & found.keys()
        tp += len(hits)
        fp += len(found.keys() - gold.keys())
        fn += len(gold.keys() - found.keys())
        titles_right += sum(gold[k] == found[k] for k in hits)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "title_acc": titles_right / tp if tp else 0.0,
        "mentions": float(tp + fn),
    }


def resolve_problems(case: dict[str, Any], entities: Sequence[ResolvedEntity]) -> list[str]:
    """What the resolver got wrong on a case (empty when the case is right)."""
    mentions = case_mentions(case)
    index = {(m.article_id, m.start): i for i, m in enumerate(mentions)}
    got = {frozenset(index[(m.article_id, m.start)] for m in e.mentions): e for e in entities}
    problems = []
    for want in case["entities"]:
        cluster = frozenset(want["mentions"])
        entity = got.get(cluster)
        if entity is None:
            problems.append(f"no entity with mentions {sorted(cluster)}")
            continue
        checks = {
            "name": entity.name,
            "type": entity.type,
            "aliases": sorted(entity.aliases),
            "suspects": sorted(entity.suspect_variants),
            "titles": list(entity.titles),
        }
        for field, value in checks.items():
            expected = want.get(field)
            if field in ("aliases", "suspects") and expected is not None:
                expected = sorted(expected)
            if expected is not None and value != expected:
                problems.append(f"{want['name']}: {field} is {value!r}, not {expected!r}")
    if len(got) != len(case["entities"]):
        problems.append(f"{len(got)} entities instead of {len(case['entities'])}")
    return problems


def resolve_accuracy() -> float:
    cases = json.loads(require(CASES / "resolve_cases.json").read_text(encoding="utf-8"))
    right = sum(not resolve_problems(c, resolve_entities(case_mentions(c))) for c in cases)
    return right / len(cases)


def speed(extract: Extractor, limit: int | None = None) -> dict[str, float]:
    """Sentences/s over the ECB+ articles (segmentation not timed)."""
    articles = [
        (text, sentences_of(text)) for row in read_jsonl(ECB) if (text := str(row["text"]))
    ][:limit]
    count = sum(len(s) for _, s in articles)
    started = time.perf_counter()
    found = 0
    for text, sentences in articles:
        for sentence in sentences:
            found += len(extract(text, sentence))
    elapsed = time.perf_counter() - started
    return {"sentences_per_s": count / elapsed, "sentences": float(count), "mentions": found}


# --- the six corroboration stories -------------------------------------------------------


def _bare(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in _SCORE_TITLES:
        words = words[1:]
    return " ".join(words).lower()


def merge_recall(gold: dict[str, Any], corpus: str, entities: Sequence[ResolvedEntity]) -> float:
    """``entity_merge_recall`` of score.py for resolved entities."""
    forms = [{e.name.lower(), *(a.lower() for a in e.aliases), *(v.lower() for v in e.suspect_variants)} for e in entities]  # fmt: skip
    hit = 0
    for want in gold["entities"]:
        names = sorted([want["name"], *want["variants"]], key=len, reverse=True)
        rest, need = corpus, []
        for name in names:
            if re.search(r"(?<![\w.])" + re.escape(name) + r"(?!\w)", rest):
                need.append(name)
            rest = rest.replace(name, " ")
        need = need or [want["name"]]
        hit += any(all(_bare(n) in f for n in need) for f in forms)
    return hit / len(gold["entities"])


def no_names(entities: Sequence[ResolvedEntity]) -> list[str]:
    """Reported names that are no names: demonyms, and plural common nouns typed as a
    person or a place."""
    lex = lexicon()
    bad = []
    for entity in entities:
        name = entity.name
        low = name.casefold()
        plural_noun = (
            " " not in name
            and low.endswith("s")
            and not name.isupper()
            and zipf(low[:-1]) >= 3.0
            and lex.place(name) is None
            and entity.type in ("person", "place")
            and not any(" " in alias for alias in entity.aliases)
        )
        demonym = lex.is_demonym(name) or (low.endswith("s") and lex.is_demonym(name[:-1]))
        if (demonym and not lex.is_country(name)) or plural_noun:
            bad.append(name)
    return bad


def story_scores(backend: str) -> dict[str, dict[str, float]]:
    """Per story: merge recall, names that are no names, entities, extraction seconds."""
    settings = Settings(ner=backend)
    load_parser(backend)  # the model loads once, outside the timing
    out: dict[str, dict[str, float]] = {}
    for folder in sorted(p for p in require(STORIES).iterdir() if p.is_dir()):
        rows = list(read_jsonl(folder / "articles.jsonl"))
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        prepared = [
            prepare(article_from_text(r["text"], r["id"], external_id=r["id"]), settings)
            for r in rows
        ]
        started = time.perf_counter()
        story = extract_story(prepared, settings)
        elapsed = time.perf_counter() - started
        corpus = "\n".join(r["text"] for r in rows)
        bad = no_names(story.entities)
        out[folder.name.split("_", 1)[1]] = {
            "merge_recall": merge_recall(gold, corpus, story.entities),
            "no_names": float(len(bad)),
            "entities": float(len(story.entities)),
            "extract_s": elapsed,
        }
        out[folder.name.split("_", 1)[1]]["names_precision"] = 1 - len(bad) / max(
            1, len(story.entities)
        )
    out["mean"] = {
        k: sum(v[k] for v in out.values()) / len(out)
        for k in ("merge_recall", "no_names", "names_precision")
    }
    return out


def run() -> dict[str, float]:
    """The gate's entry point: consilience's scores only."""
    stories = story_scores("auto")["mean"]
    return {
        "entity_table_f1": entity_scores(classical)["f1"],
        "resolve_table_accuracy": resolve_accuracy(),
        "entity_merge_recall_stories": stories["merge_recall"],
        "entity_names_precision_stories": stories["names_precision"],
    }


def main() -> None:
    lexicon()  # load the gazetteer before timing
    print_scores(
        f"Entity mentions on {CASES.name}/entity_cases.json (span + type)",
        {"naive capitalized runs": entity_scores(naive), "classical": entity_scores(classical)},
    )
    print_scores(
        f"Resolution on {CASES.name}/resolve_cases.json (whole case right)",
        {"resolve_entities": {"accuracy": resolve_accuracy()}},
    )
    for backend in ("auto", "classical"):
        print_scores(
            f"Six corroboration stories, {load_parser(backend).name}: entity merge recall "
            "(score.py), names that are no names, extraction seconds (parse included)",
            story_scores(backend),
        )
    print_scores(
        "Speed over ECB+ topics 1-35 (sentences/s, article pass included)",
        {"naive capitalized runs": speed(naive), "classical": speed(classical)},
    )


if __name__ == "__main__":
    main()

"""Story clustering on ECB+ (772 articles, 33 topics, two events of the same kind each).

The whole pile is clustered at once, topics mixed, without looking at ``topic`` or
``event``; the stories are scored against ``event`` with B-cubed precision/recall/F1 and
the adjusted Rand index. The ``url`` field is not given to the clusterer: only the ECB+
half of the corpus has one, so it would leak the answer.

Protocol: topics 1-20 tune (consilience's defaults in ``ClusterSettings`` were chosen on
them with ``--tune``; each baseline's threshold is chosen on them by this script), topics
21-35 are held out: the headline score is the pile of held-out topics. Two baselines run
beside consilience:

* plain: TF-IDF over words, cosine, average link;
* strong: the same plus a second TF-IDF over capitalized names and numbers, averaged.

    python benchmarks/eval_cluster.py            # scores, baselines side by side
    python benchmarks/eval_cluster.py --tune     # grid over the settings, tuning topics only
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, print_scores, read_jsonl
from consilience.cluster import ClusterSettings, Embedder, Fingerprinted, StoryClusterer
from consilience.cluster.events import MODEL_FILE, Channel, EventModel
from consilience.cluster.features import extract_features
from consilience.cluster.fingerprint import fingerprint_text, signature
from consilience.ingest import article_from_text
from consilience.pipeline import prepare
from consilience.records import PreparedArticle
from consilience.settings import Settings

ECBPLUS = BENCH / "ecbplus" / "articles-topics-1-35.jsonl"
TUNING_TOPICS = frozenset(range(1, 21))
HELDOUT_TOPICS = frozenset(range(21, 36))
_CAPITALIZED_OR_NUMBER = re.compile(r"\b(?:[A-Z][\w'-]+|\d[\d,.:/-]*)")


@cache
def records() -> tuple[dict[str, Any], ...]:
    return tuple(read_jsonl(ECBPLUS))


@cache
def _prepared(record_id: str) -> PreparedArticle:
    record = next(r for r in records() if r["id"] == record_id)
    article = article_from_text(
        record["text"], f"ecbplus:{record_id}", external_id=record_id, reader="json"
    )
    return prepare(article, Settings())


def pile(topics: frozenset[int]) -> list[dict[str, Any]]:
    return [r for r in records() if r["topic"] in topics]


# --- scores -----------------------------------------------------------------------------


def bcubed(predicted: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    by_predicted: dict[object, list[int]] = defaultdict(list)
    by_gold: dict[object, list[int]] = defaultdict(list)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_predicted[p].append(i)
        by_gold[g].append(i)
    precision = recall = 0.0
    for i in range(len(gold)):
        cluster = by_predicted[predicted[i]]
        correct = sum(1 for j in cluster if gold[j] == gold[i])
        precision += correct / len(cluster)
        recall += correct / len(by_gold[gold[i]])
    precision /= len(gold)
    recall /= len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def scores(predicted: Sequence[object], gold: Sequence[object]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    precision, recall, f1 = bcubed(predicted, gold)
    return {
        "b3_precision": precision,
        "b3_recall": recall,
        "b3_f1": f1,
        "ari": float(adjusted_rand_score(gold, predicted)),
    }


# --- consilience ------------------------------------------------------------------------


@cache
def _featured(record_id: str) -> Fingerprinted:
    prepared = _prepared(record_id)
    minhash = signature(fingerprint_text(prepared))
    return Fingerprinted(record_id, minhash, prepared, extract_features(prepared))


def consilience_labels(
    rows: Sequence[dict[str, Any]],
    settings: ClusterSettings,
    embedder: Embedder | None = None,
    model: EventModel | None = None,
) -> list[int]:
    clusterer = StoryClusterer(settings, embedder=embedder, event_model=model)
    clusterer.add_fingerprinted(_featured(r["id"]) for r in rows)
    label = {
        article_id: number
        for number, story in enumerate(clusterer.stories())
        for article_id in story.article_ids
    }
    return [label[r["id"]] for r in rows]


# --- baselines ---------------------------------------------------------------------------


def plain_vectors(texts: Sequence[str]) -> sp.csr_matrix:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)


def strong_vectors(texts: Sequence[str]) -> sp.csr_matrix:
    """Words TF-IDF and capitalized-names-and-numbers TF-IDF, each normalized, halves of
    one unit vector: cosine is the average of the two cosines."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    words = plain_vectors(texts)
    names = TfidfVectorizer(
        lowercase=False,
        token_pattern=None,
        tokenizer=_CAPITALIZED_OR_NUMBER.findall,
        sublinear_tf=True,
    ).fit_transform(texts)
    half = np.sqrt(0.5)
    return sp.csr_matrix(normalize(sp.hstack([words * half, names * half]).tocsr()))


def average_link_labels(vectors: sp.csr_matrix, threshold: float) -> list[int]:
    """All-pairs cosine average link (the baselines' clustering)."""
    from sklearn.cluster import AgglomerativeClustering

    distance = 1.0 - (vectors @ vectors.T).toarray()
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold,
    )
    return [int(label) for label in model.fit(np.clip(distance, 0.0, None)).labels_]


Vectorizer = Callable[[Sequence[str]], sp.csr_matrix]


def tune_baseline(vectorize: Vectorizer) -> float:
    rows = pile(TUNING_TOPICS)
    vectors = vectorize([r["text"] for r in rows])
    gold = [r["event"] for r in rows]
    grid = np.round(np.arange(0.02, 0.6, 0.01), 2)
    return float(max(grid, key=lambda t: bcubed(average_link_labels(vectors, t), gold)[2]))


def baseline_scores(
    vectorize: Vectorizer, threshold: float, topics: frozenset[int]
) -> dict[str, float]:
    rows = pile(topics)
    labels = average_link_labels(vectorize([r["text"] for r in rows]), threshold)
    return scores(labels, [r["event"] for r in rows])


# --- entry points -----------------------------------------------------------------------


def run() -> dict[str, float]:
    """The gate's entry point: consilience on the held-out pile."""
    rows = pile(HELDOUT_TOPICS)
    result = scores(consilience_labels(rows, ClusterSettings()), [r["event"] for r in rows])
    return {
        "cluster_bcubed_f1_heldout": result["b3_f1"],
        "cluster_ari_heldout": result["ari"],
    }


def tune() -> None:
    """Grid over the clustering thresholds, scored on the tuning topics only."""
    rows = pile(TUNING_TOPICS)
    gold = [r["event"] for r in rows]
    grid: dict[str, list[float]] = {
        "topic_threshold": [0.03, 0.04, 0.06],
        "event_threshold": [0.4, 0.5, 0.6],
        "absorb_threshold": [0.2, 0.3, 0.4],
        "absorb_size": [2, 3, 4],
    }
    results: list[tuple[float, dict[str, float]]] = []
    for values in itertools.product(*grid.values()):
        chosen = dict(zip(grid, values, strict=True))
        settings = ClusterSettings.model_validate(chosen)
        results.append((bcubed(consilience_labels(rows, settings), gold)[2], chosen))
    results.sort(key=lambda item: -item[0])
    print("best settings on the tuning topics (B-cubed F1):")
    for f1, chosen in results[:10]:
        print(f"  {f1:.4f}  {chosen}")


# --- the event model -------------------------------------------------------------------

MODEL_PATH = Path(__file__).resolve().parents[1] / "src" / "consilience" / "cluster" / MODEL_FILE
#: The channels of the shipped event model (see consilience.cluster.events).
CHANNELS = (
    Channel("names", {"n:": 1.0}),
    Channel("dates", {"d:": 1.0}),
    Channel("figures", {"u:": 1.0}),
    Channel("terms", {"t:": 1.0}),
    Channel("mixed", {"n:": 1.0, "d:": 1.0, "u:": 1.0, "t:": 0.25}),
    Channel("lead_names", {"N:": 1.0}),
    Channel("lead_terms", {"T:": 1.0}),
    Channel("lead_figures", {"U:": 1.0}),
    Channel("lead_mixed", {"N:": 1.0, "D:": 1.0, "U:": 1.0, "T:": 0.25}),
)
CONTEXT_FLOOR = 0.3
#: Content terms compared by stem (see EventModel.stem_terms).
STEM_TERMS = True


def group_pairs(
    rows: Sequence[dict[str, Any]], model: EventModel, settings: ClusterSettings | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Channel similarities and same-event labels of the article pairs inside the topic
    groups of ``rows`` (clustered as one pile)."""
    event = {r["id"]: r["event"] for r in rows}
    clusterer = StoryClusterer(settings, event_model=model)
    clusterer.add_fingerprinted(_featured(r["id"]) for r in rows)
    features: list[np.ndarray] = []
    labels: list[bool] = []
    for group in clusterer.groups.values():
        if len(group) < 3:
            continue
        similarities = clusterer.group_similarities(group)
        gold = [event[clusterer.articles[clusterer.nodes[n].articles[0]].id] for n in group]
        for i, j in itertools.combinations(range(len(group)), 2):
            features.append(similarities[:, i, j])
            labels.append(gold[i] == gold[j])
    return np.asarray(features), np.asarray(labels)


def fit_weights(rows: Sequence[dict[str, Any]], untrained: EventModel) -> EventModel:
    """The event model's weights fitted on the pairs inside the topic groups of ``rows``."""
    from sklearn.linear_model import LogisticRegression

    features, labels = group_pairs(rows, untrained)
    fitted = LogisticRegression(C=1.0, max_iter=5000).fit(features, labels)
    return replace(
        untrained,
        weights=tuple(round(float(w), 4) for w in fitted.coef_[0]),
        intercept=round(float(fitted.intercept_[0]), 4),
    )


THRESHOLDS = tuple(float(t) for t in np.round(np.arange(0.3, 0.71, 0.05), 2))


def cross_validated(
    untrained: EventModel, settings: ClusterSettings, folds: int = 4, repeats: int = 5
) -> dict[float, float]:
    """B-cubed F1 per event threshold when the weights are fitted on some tuning topics
    and the others are clustered (as their own pile): ``folds``-fold by topic, pooled,
    averaged over ``repeats`` shufflings of the topics into folds (20 topics make one
    split's score hinge on a handful of articles)."""
    topics = sorted({r["topic"] for r in pile(TUNING_TOPICS)})
    rows = pile(TUNING_TOPICS)
    gold = [r["event"] for r in rows]
    totals = dict.fromkeys(THRESHOLDS, 0.0)
    for repeat in range(repeats):
        order = list(topics)
        random.Random(repeat).shuffle(order)
        predicted: dict[float, dict[str, tuple[int, int]]] = {t: {} for t in THRESHOLDS}
        for fold in range(folds):
            held = frozenset(t for i, t in enumerate(order) if i % folds == fold)
            model = fit_weights(pile(frozenset(topics) - held), untrained)
            fold_rows = pile(held)
            for threshold in THRESHOLDS:
                labels = consilience_labels(
                    fold_rows, settings, model=replace(model, threshold=threshold)
                )
                predicted[threshold].update(
                    (r["id"], (fold, label)) for r, label in zip(fold_rows, labels, strict=True)
                )
        for t in THRESHOLDS:
            totals[t] += bcubed([predicted[t][r["id"]] for r in rows], gold)[2]
    return {t: total / repeats for t, total in totals.items()}


def fit_model(channels: Sequence[Channel] = CHANNELS) -> EventModel:
    """The event model: weights fitted on all tuning topics, threshold chosen by
    cross-validation over the tuning topics (ties: nearest 0.5)."""
    untrained = EventModel(
        tuple(channels), (0.0,) * len(channels), 0.0, 0.5, CONTEXT_FLOOR, STEM_TERMS
    )
    by_threshold = cross_validated(untrained, ClusterSettings())
    for threshold, f1 in by_threshold.items():
        print(f"  threshold {threshold:.2f}: cross-validated B-cubed F1 {f1:.4f}")
    best = max(by_threshold, key=lambda t: (round(by_threshold[t], 4), -abs(t - 0.5)))
    return replace(fit_weights(pile(TUNING_TOPICS), untrained), threshold=best)


def write_model(model: EventModel) -> None:
    data = {
        "comment": "Same-event model of `consilience cluster` (consilience.cluster.events): "
        "logistic weights over channel similarities inside a topic group, fitted on ECB+ "
        "topics 1-20 only by `python benchmarks/eval_cluster.py --fit`; topics 21-35 are "
        "held out.",
        **model.to_json(),
    }
    MODEL_PATH.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="grid-search on tuning topics")
    parser.add_argument(
        "--fit", action="store_true", help="fit the event model on the tuning topics and write it"
    )
    parser.add_argument(
        "--embedder",
        default="none",
        help="also run consilience with this embedder (minilm: slow, about 10 articles/s)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if args.tune:
        tune()
        return
    if args.fit:
        model = fit_model()
        write_model(model)
        print(f"wrote {MODEL_PATH}: {model.to_json()}")
        return
    plain_threshold = tune_baseline(plain_vectors)
    strong_threshold = tune_baseline(strong_vectors)
    settings = ClusterSettings()
    embedder = None
    if args.embedder != "none":
        from consilience.align.embedders import load_embedder

        embedder = load_embedder(args.embedder)
    for title, topics in (
        ("held-out topics 21-35 (headline)", HELDOUT_TOPICS),
        ("tuning topics 1-20", TUNING_TOPICS),
        ("all 33 topics in one pile (includes the tuning topics)", TUNING_TOPICS | HELDOUT_TOPICS),
    ):
        rows = pile(topics)
        gold = [r["event"] for r in rows]
        table = {
            f"plain TF-IDF average link (t={plain_threshold:.2f})": baseline_scores(
                plain_vectors, plain_threshold, topics
            ),
            f"strong TF-IDF words+names (t={strong_threshold:.2f})": baseline_scores(
                strong_vectors, strong_threshold, topics
            ),
            "consilience cluster": scores(consilience_labels(rows, settings), gold),
        }
        if embedder is not None:
            table[f"consilience + {embedder.name} embeddings"] = scores(
                consilience_labels(rows, settings, embedder), gold
            )
        print_scores(
            f"ECB+ story clustering, {title}: {len(rows)} articles, {len(set(gold))} events",
            table,
        )
    rows = pile(TUNING_TOPICS | HELDOUT_TOPICS)
    batch = StoryClusterer(settings)
    batch.add_fingerprinted(_featured(r["id"]) for r in rows)
    stepwise = StoryClusterer(settings)
    for start in range(0, len(rows), 100):
        stepwise.add_fingerprinted(_featured(r["id"]) for r in rows[start : start + 100])
    same = stepwise.stories() == batch.stories()
    print(f"\nall 772 articles added 100 at a time give the one-batch stories: {same}")
    print(f"({time.perf_counter() - started:.0f}s)")


if __name__ == "__main__":
    main()

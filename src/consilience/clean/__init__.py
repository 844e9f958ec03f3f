"""Clean: mark junk and scaffolding with a kind and a span. Nothing is ever deleted.

Later stages skip the spans of evidence-skipping kinds (a second copy of a block never
counts as more evidence); see :data:`consilience.records.EVIDENCE_SKIPPING_KINDS`.
"""

from __future__ import annotations

from consilience.clean.boilerplate import find_boilerplate
from consilience.clean.duplicates import find_duplicate_blocks, find_repeated_headline
from consilience.clean.garbled import find_garbled, is_word
from consilience.clean.seo import find_seo_scaffolding
from consilience.records import Article, Artifact
from consilience.settings import Settings
from consilience.textspan import overlaps, paragraph_spans

__all__ = ["clean", "is_word"]


def clean(article: Article, settings: Settings) -> tuple[Artifact, ...]:
    """All artifacts of ``article``, sorted by position. An artifact nested inside a larger
    evidence-skipping one (an ad inside a duplicated block) is dropped as redundant."""
    text = article.text
    paragraphs = paragraph_spans(text)
    if article.title_span is not None:
        # The headline is its own paragraph even when the next line follows without a break.
        paragraphs = [p for p in paragraphs if not overlaps(*p, *article.title_span)]
        body = [p for p in paragraphs if p[0] >= article.title_span[1]]
    else:
        body = paragraphs
    found: list[Artifact] = []
    found += find_boilerplate(text)
    found += find_repeated_headline(text, article.title, article.title_span, body)
    junk = [(a.start, a.end) for a in found]
    found += find_duplicate_blocks(text, body, ratio=settings.near_duplicate_ratio, ignore=junk)
    found += find_seo_scaffolding(text, body)
    if article.title_span is not None:
        body = [p for p in body if p[0] >= article.title_span[1]]
    found += find_garbled(text, [(s, e) for s, e in body if not _covered(s, e, found)])
    return _resolve(found)


def _covered(start: int, end: int, artifacts: list[Artifact]) -> bool:
    return any(a.skips_evidence and a.start <= start and end <= a.end for a in artifacts)


def _resolve(artifacts: list[Artifact]) -> tuple[Artifact, ...]:
    kept: list[Artifact] = []
    for artifact in sorted(artifacts, key=lambda a: (a.start, -(a.end - a.start), a.kind)):
        if any(
            k.skips_evidence
            and k.start <= artifact.start
            and artifact.end <= k.end
            and (k.start, k.end) != (artifact.start, artifact.end)
            for k in kept
        ):
            continue
        if any(
            (k.start, k.end, k.kind) == (artifact.start, artifact.end, artifact.kind) for k in kept
        ):
            continue
        kept.append(artifact)
    return tuple(kept)

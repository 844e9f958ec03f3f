"""Turn the pipeline's records into the public :class:`~consilience.dossier.Dossier`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from consilience.analysis import STAGES, Analysis
from consilience.dossier import (
    ArticleLineage,
    ArtifactOut,
    Claim,
    ClaimOrigin,
    Conflict,
    Dossier,
    DossierArticle,
    Edge,
    Entity,
    FindingOut,
    Flag,
    Passage,
    Provenance,
    QuoteOut,
    QuoteVariant,
    ReusedPassage,
    Side,
    SkippedInput,
    Story,
    SummarySentence,
    TimelineEvent,
)
from consilience.judge.timeline import build_timeline
from consilience.records import Artifact, Finding, PreparedArticle, Problem, ResolvedEntity
from consilience.report.lead import lead_facts
from consilience.settings import Settings

M = TypeVar("M", ArtifactOut, FindingOut)

#: Precisions the contract names; finer or vaguer intervals are reported as ``range``.
_CONTRACT_PRECISION = {"day": "day", "time": "day", "month": "month", "year": "year"}


def generated_at() -> str:
    """Now, in UTC; ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) pins it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(tz=dt.UTC)
    )
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _marked(out: Callable[..., M], marks: Iterable[Artifact | Finding], text: str) -> list[M]:
    """Artifacts or findings for the dossier. A marked span's text is the article's text
    at its offsets, whatever the stage that marked it wrote: the contract every report
    relies on holds by construction."""
    return [
        out(kind=m.kind, text=text[m.start : m.end], start=m.start, end=m.end, note=m.note)
        for m in marks
    ]


def _article(prepared: PreparedArticle, analysis: Analysis, settings: Settings) -> DossierArticle:
    article = prepared.article
    extraction = analysis.story.articles.get(article.id)
    cited = list(dict.fromkeys(c.outlet for c in extraction.cited_outlets)) if extraction else []
    return DossierArticle(
        id=article.id,
        source=article.source,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        text=article.text if settings.include_text else "",
        artifacts=_marked(ArtifactOut, prepared.artifacts, article.text),
        cited_outlets=cited,
        findings=_marked(FindingOut, prepared.findings, article.text),
        url=article.url,
        place=article.place,
        external_id=article.external_id,
        reader=article.reader,
        title_span=article.title_span,
        sentence_count=len(prepared.sentences),
        evidence_sentence_count=len(prepared.evidence_sentences()),
    )


def _claims(analysis: Analysis) -> list[Claim]:
    judgment = analysis.judgment
    out = []
    for index, judged in enumerate(judgment.claims):
        best = judged.cluster.best
        out.append(
            Claim(
                id=f"c{index + 1}",
                text=best.text,
                status=judged.status,
                independent_sources=judged.independent_sources,
                support=[
                    Passage(article_id=u.article_id, text=u.text, start=u.start, end=u.end)
                    for u in judged.cluster.units
                ],
                flags=[Flag(kind=kind, note=note) for kind, note in judged.flags],
                conflict_ids=[f"k{i + 1}" for i in judged.conflicts],
                origins=[
                    ClaimOrigin(
                        lineage=o.key,
                        label=o.label,
                        article_ids=list(o.article_ids),
                        independent=o.independent,
                        note=o.note,
                    )
                    for o in judged.origins
                ],
            )
        )
    return out


def _conflicts(analysis: Analysis) -> list[Conflict]:
    return [
        Conflict(
            id=f"k{index + 1}",
            kind=record.kind,
            summary=record.summary,
            sides=[
                Side(article_id=s.article_id, text=s.text, start=s.start, end=s.end, value=s.value)
                for s in record.sides
            ],
            claim_ids=[f"c{i + 1}" for i in record.claims],
            reason=record.reason,
            about=record.about,
        )
        for index, record in enumerate(analysis.judgment.conflicts)
    ]


def _entities(entities: Sequence[ResolvedEntity]) -> list[Entity]:
    return [
        Entity(
            id=e.id,
            name=e.name,
            type=e.type,
            aliases=list(e.aliases),
            suspect_variants=list(e.suspect_variants),
            mentions=len(e.mentions),
            titles=list(e.titles),
            article_ids=list(dict.fromkeys(m.article_id for m in e.mentions)),
        )
        for e in entities
    ]


def _quotes(analysis: Analysis) -> list[QuoteOut]:
    story = analysis.story
    out = []
    for index, group in enumerate(story.quote_groups):
        speakers = [story.speaker_name(q.speaker) for q in group.members if q.speaker]
        speaker = max(speakers, key=speakers.count) if speakers else None
        out.append(
            QuoteOut(
                id=f"q{index + 1}",
                speaker=speaker or story.speaker_name(group.speaker),
                text=group.text,
                article_ids=list(dict.fromkeys(q.article_id for q in group.members)),
                variants=[
                    QuoteVariant(article_id=q.article_id, text=q.text, start=q.start, end=q.end)
                    for q in group.members
                ],
            )
        )
    return out


def _timeline(analysis: Analysis) -> list[TimelineEvent]:
    times = {aid: extraction.times for aid, extraction in analysis.story.articles.items()}
    return [
        TimelineEvent(
            date=entry.date,
            precision=_CONTRACT_PRECISION.get(entry.precision, "range"),
            text=entry.text,
            article_ids=list(dict.fromkeys(e.article_id for e in entry.expressions)),
            mentions=[
                Passage(article_id=e.article_id, text=e.text, start=e.start, end=e.end)
                for e in entry.expressions
            ],
        )
        for entry in build_timeline(analysis.articles, times, analysis.judgment)
    ]


def _provenance(analysis: Analysis) -> Provenance:
    prov = analysis.provenance
    sentences = {(p.id, s.index): s for p in analysis.articles for s in p.sentences}

    def passage(article_id: str, index: int) -> Passage:
        s = sentences[(article_id, index)]
        return Passage(article_id=article_id, text=s.text, start=s.start, end=s.end)

    return Provenance(
        origin_groups=[list(g) for g in prov.groups],
        edges=[
            Edge(source=e.source, target=e.target, kind=e.kind, score=e.score, note=e.note)
            for e in prov.edges
        ],
        findings=list(prov.findings),
        articles=[
            ArticleLineage(
                article_id=a.article_id,
                derivation=a.derivation,
                sources=list(a.sources),
                rests_on=a.rests_on,
                reused_share=a.reused_share,
                note=a.note,
            )
            for a in prov.articles
        ],
        passages=[
            ReusedPassage(
                source=passage(r.a, r.a_sentence),
                target=passage(r.b, r.b_sentence),
                overlap=r.containment,
                quoted_share=r.quoted_share,
            )
            for r in prov.reused
        ],
    )


def _story(analysis: Analysis) -> Story:
    summary = [
        SummarySentence(
            text=unit.text,
            article_id=unit.article_id,
            start=unit.start,
            end=unit.end,
            claim_id=f"c{index + 1}",
        )
        for unit, index in analysis.judgment.summary
    ]
    title = _story_title(analysis)
    return Story(title=title, summary=summary)


def _story_title(analysis: Analysis) -> str | None:
    """The headline of the article that best represents the story: the earliest-dated
    headline of the largest origin group, else the first headline."""
    by_id = {p.id: p.article for p in analysis.articles}
    for group in sorted(analysis.provenance.groups, key=len, reverse=True):
        titled = [by_id[a] for a in group if by_id[a].title]
        if titled:
            titled.sort(key=lambda a: (a.published or "9999", a.id))
            return titled[0].title
    return next((a.title for a in by_id.values() if a.title), None)


def assemble_dossier(
    analysis: Analysis, settings: Settings, *, problems: Sequence[Problem] = ()
) -> Dossier:
    recorded = settings.public_dict()
    recorded["embedder_used"] = analysis.embedder
    recorded["stages"] = list(STAGES)
    dossier = Dossier(
        generated_at=generated_at(),
        settings=recorded,
        articles=[_article(p, analysis, settings) for p in analysis.articles],
        claims=_claims(analysis),
        conflicts=_conflicts(analysis),
        entities=_entities(analysis.story.entities),
        quotes=_quotes(analysis),
        timeline=_timeline(analysis),
        provenance=_provenance(analysis),
        story=_story(analysis),
        skipped=[SkippedInput(source=p.source, reason=p.reason, line=p.line) for p in problems],
    )
    story = dossier.story.model_copy(update={"lead_facts": lead_facts(dossier)})
    return dossier.model_copy(update={"story": story})

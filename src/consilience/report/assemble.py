"""Turn the pipeline's records into the public :class:`~consilience.dossier.Dossier`."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from consilience.dossier import ArtifactOut, Dossier, DossierArticle, FindingOut, SkippedInput
from consilience.records import PreparedArticle
from consilience.settings import Settings

if TYPE_CHECKING:
    from consilience.pipeline import Analysis


def generated_at() -> str:
    """Now, in UTC; ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) pins it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(tz=dt.UTC)
    )
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _article(prepared: PreparedArticle, settings: Settings) -> DossierArticle:
    article = prepared.article
    return DossierArticle(
        id=article.id,
        source=article.source,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        text=article.text if settings.include_text else "",
        artifacts=[
            ArtifactOut(kind=a.kind, text=a.text, start=a.start, end=a.end, note=a.note)
            for a in prepared.artifacts
        ],
        findings=[
            FindingOut(kind=f.kind, text=f.text, start=f.start, end=f.end, note=f.note)
            for f in prepared.findings
        ],
        url=article.url,
        place=article.place,
        external_id=article.external_id,
        reader=article.reader,
        title_span=article.title_span,
        sentence_count=len(prepared.sentences),
        evidence_sentence_count=len(prepared.evidence_sentences()),
    )


def assemble_dossier(analysis: Analysis, settings: Settings) -> Dossier:
    return Dossier(
        generated_at=generated_at(),
        settings=settings.public_dict(),
        articles=[_article(p, settings) for p in analysis.articles],
        skipped=[
            SkippedInput(source=p.source, reason=p.reason, line=p.line) for p in analysis.problems
        ],
    )

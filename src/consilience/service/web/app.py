"""The FastAPI app: stories, one story (its report, versions and what changed), adding
URLs, files and feeds, the watched sources, search; and the same as a JSON API.

Pages are rendered on the server by Jinja2 with autoescaping (every string from an
article is escaped) and carry no script; the dossier's own report is served as its own
page, sandboxed, and shown in an ``<iframe sandbox>``.
"""

from __future__ import annotations

import datetime as dt
import hmac
import html as html_lib
import re
from dataclasses import asdict
from functools import cache
from importlib import resources
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field
from starlette.middleware.trustedhost import TrustedHostMiddleware

from consilience import __version__
from consilience.errors import ConfigurationError
from consilience.report.html import render_html, safe_url
from consilience.service.changes import DossierChanges, changes_lines
from consilience.service.history import compare, parse_since
from consilience.service.store import Store
from consilience.service.store.models import StoredStory, utcnow
from consilience.service.store.repository import (
    find_story,
    list_sources,
    list_stories,
    load_dossier,
    search,
    story_articles,
    versions,
)
from consilience.service.web.security import (
    CSRF_FIELD,
    SESSION_COOKIE,
    SecurityMiddleware,
    cookie_header,
    csrf_token,
    form_csrf_ok,
    session_value,
)
from consilience.service.web.worker import Job, Upload, Worker

MAX_UPLOAD_BYTES = 20_000_000
MAX_INPUTS = 200
CHANGED_WITHIN = dt.timedelta(hours=24)
_REPORT_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


# --- API models -------------------------------------------------------------------------


class StoryOut(BaseModel):
    id: str
    title: str
    articles: int
    origins: int
    conflicts: int
    claims: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    changed: bool = Field(description="A new version in the last 24 hours.")


class VersionOut(BaseModel):
    number: int
    created_at: dt.datetime
    counts: dict[str, int]


class StoryDetail(StoryOut):
    versions: list[VersionOut]
    article_sources: list[str]


class SourceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    location: str
    active: bool
    article_count: int
    last_polled_at: dt.datetime | None
    last_status: str | None
    last_error: str | None


class ArticleHit(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str | None
    outlet: str | None
    location: str
    story_id: str | None
    added_at: dt.datetime


class InputsIn(BaseModel):
    inputs: list[str] = Field(min_length=1, max_length=MAX_INPUTS)
    feed: bool = False


class JobOut(BaseModel):
    id: int
    what: str
    state: str
    added: int
    duplicates: int
    feeds: list[str]
    problems: list[str]
    stories: list[str]
    error: str | None


def _story_out(story: StoredStory, now: dt.datetime) -> StoryOut:
    return StoryOut(
        id=story.id,
        title=story.title,
        articles=story.article_count,
        origins=story.origin_count,
        conflicts=story.conflict_count,
        claims=story.claim_count,
        version=story.latest_version,
        created_at=story.created_at,
        updated_at=story.updated_at,
        changed=story.latest_version > 0 and now - story.updated_at < CHANGED_WITHIN,
    )


# --- templates --------------------------------------------------------------------------


@cache
def _templates() -> Environment:
    env = Environment(
        loader=PackageLoader("consilience.service.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = lambda value: value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"
    env.filters["kind"] = lambda value: str(value).replace("_", " ")
    env.globals["safe_url"] = safe_url
    env.globals["version"] = __version__
    env.globals["changes_lines"] = changes_lines
    return env


@cache
def _stylesheet() -> str:
    return (resources.files("consilience.service.web") / "templates" / "app.css").read_text("utf-8")


def create_app(
    store: Store,
    worker: Worker,
    *,
    token: str | None = None,
    secure_cookies: bool = False,
    allowed_hosts: list[str] | None = None,
) -> FastAPI:
    """The app over ``store``; ``worker`` runs the jobs (start and stop it outside).
    ``allowed_hosts`` limits the Host header (a server on loopback answers only to
    loopback names, so a DNS-rebinding page cannot read it)."""
    app = FastAPI(
        title="consilience",
        version=__version__,
        description="Stories, dossier versions and what changed, from the consilience store.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(SecurityMiddleware, token=token, secure_cookies=secure_cookies)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = (
            _templates()
            .get_template(name)
            .render(
                csrf_field=CSRF_FIELD,
                csrf=csrf_token(request.scope),
                auth=token is not None,
                path=request.url.path,
                **context,
            )
        )
        return HTMLResponse(html, status_code=status)

    def story_or_404(story_id: str) -> StoredStory:
        story = find_story(store, story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return story

    def check_form(request: Request, given: str) -> None:
        if not form_csrf_ok(request.scope, given):
            raise HTTPException(403, "the form expired or came from another site: reload it")

    def changes_for(
        story_id: str, since: str | None, from_v: int | None, to_v: int | None
    ) -> DossierChanges | None:
        try:
            when = parse_since(since) if since else None
            return compare(store, story_id, since=when, from_number=from_v, to_number=to_v)
        except ConfigurationError as exc:
            raise HTTPException(400, str(exc)) from exc

    # --- pages ---------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request) -> HTMLResponse:
        now = utcnow()
        stories = [_story_out(s, now) for s in list_stories(store)]
        return page(request, "stories.html", stories=stories, sources=len(list_sources(store)))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(
        request: Request,
        story_id: str,
        since: str | None = None,
        from_v: Annotated[int | None, Query(alias="from")] = None,
        to_v: Annotated[int | None, Query(alias="to")] = None,
        version: int | None = None,
    ) -> Response:
        story = story_or_404(story_id)
        if story.id != story_id:
            return RedirectResponse(f"/stories/{story.id}", status_code=303)
        rows = versions(store, story.id)
        changes = changes_for(story.id, since, from_v, to_v) if rows else None
        shown = version if version is not None else (rows[-1].number if rows else None)
        return page(
            request,
            "story.html",
            story=_story_out(story, utcnow()),
            why=story.why,
            versions=rows,
            shown=shown,
            changes=changes,
            since=since or "",
            articles=story_articles(store, story.id),
        )

    @app.get("/stories/{story_id}/report", include_in_schema=False)
    def story_report(story_id: str, version: int | None = None) -> Response:
        story = story_or_404(story_id)
        number = version if version is not None else story.latest_version
        dossier = load_dossier(store, story.id, number)
        if dossier is None:
            raise HTTPException(404, f"story {story.id} has no version {number}")
        html = render_html(dossier)
        found = _REPORT_CSP.search(html)
        policy = html_lib.unescape(found.group(1)) if found else "default-src 'none'"
        return HTMLResponse(
            html,
            headers={
                "content-security-policy": f"{policy}; frame-ancestors 'self'; sandbox allow-scripts"
            },
        )

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request) -> HTMLResponse:
        return page(request, "add.html")

    @app.post("/add", include_in_schema=False)
    async def add_form(
        request: Request,
        csrf_token_field: Annotated[str, Form(alias=CSRF_FIELD)] = "",
        inputs: Annotated[str, Form()] = "",
        feed: Annotated[bool, Form()] = False,
        files: Annotated[list[UploadFile] | None, File()] = None,
    ) -> Response:
        check_form(request, csrf_token_field)
        lines = [line.strip() for line in inputs.splitlines() if line.strip()]
        urls = [line for line in lines if line.lower().startswith(("http://", "https://"))]
        if len(urls) != len(lines):
            return page(
                request,
                "add.html",
                status=400,
                error="Each line must be an http:// or https:// address; upload files below.",
                inputs=inputs,
            )
        uploads = await _read_uploads(files or [])
        if isinstance(uploads, str):
            return page(request, "add.html", status=400, error=uploads, inputs=inputs)
        if not urls and not uploads:
            return page(request, "add.html", status=400, error="Give an address or a file.")
        job: Job | None = None
        if uploads:
            job = worker.submit_uploads(uploads)
        if urls:
            job = worker.submit_inputs(urls[:MAX_INPUTS], feed=feed)
        assert job is not None
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: int) -> HTMLResponse:
        job = worker.job(job_id)
        if job is None:
            raise HTTPException(404, "no such job (jobs are kept while the server runs)")
        return page(request, "job.html", job=job)

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request) -> HTMLResponse:
        return page(request, "sources.html", sources=list_sources(store))

    @app.post("/sources/poll", include_in_schema=False)
    def poll_form(
        request: Request, csrf_token_field: Annotated[str, Form(alias=CSRF_FIELD)] = ""
    ) -> Response:
        check_form(request, csrf_token_field)
        return RedirectResponse(f"/jobs/{worker.submit_poll().id}", status_code=303)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        return page(request, "search.html", q=q, hits=search(store, q) if q.strip() else [])

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> Response:
        if token is None:
            return RedirectResponse("/", status_code=303)
        return page(request, "login.html")

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        given: Annotated[str, Form(alias="token")] = "",
        csrf_token_field: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    ) -> Response:
        check_form(request, csrf_token_field)
        if token is None:
            return RedirectResponse("/", status_code=303)
        if not hmac.compare_digest(given, token):
            return page(request, "login.html", status=401, error="Wrong token.")
        response = RedirectResponse("/", status_code=303)
        response.headers.append(
            "set-cookie",
            cookie_header(SESSION_COOKIE, session_value(token), secure=secure_cookies),
        )
        return response

    @app.get("/static/app.css", include_in_schema=False)
    def stylesheet() -> Response:
        return Response(
            _stylesheet(),
            media_type="text/css",
            headers={"cache-control": "public, max-age=3600"},
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html", schema=app.openapi())

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    # --- JSON API ------------------------------------------------------------------

    @app.get("/api/stories", response_model=list[StoryOut], tags=["stories"])
    def api_stories(
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[StoryOut]:
        """Live stories, most recently updated first."""
        now = utcnow()
        return [_story_out(s, now) for s in list_stories(store, limit=limit, offset=offset)]

    @app.get("/api/stories/{story_id}", response_model=StoryDetail, tags=["stories"])
    def api_story(story_id: str) -> StoryDetail:
        """One story with its versions and the sources of its articles."""
        story = story_or_404(story_id)
        return StoryDetail(
            **_story_out(story, utcnow()).model_dump(),
            versions=[
                VersionOut(number=v.number, created_at=v.created_at, counts=v.counts)
                for v in versions(store, story.id)
            ],
            article_sources=[a.location for a in story_articles(store, story.id)],
        )

    @app.get("/api/stories/{story_id}/versions/{number}", tags=["stories"])
    def api_dossier(story_id: str, number: int) -> Response:
        """One version's dossier (the JSON contract of ``consilience analyze``)."""
        story = story_or_404(story_id)
        dossier = load_dossier(store, story.id, number)
        if dossier is None:
            raise HTTPException(404, f"story {story.id} has no version {number}")
        return Response(dossier.to_json(), media_type="application/json")

    @app.get("/api/stories/{story_id}/changes", response_model=DossierChanges, tags=["stories"])
    def api_changes(
        story_id: str,
        since: str | None = None,
        from_v: Annotated[int | None, Query(alias="from")] = None,
        to_v: Annotated[int | None, Query(alias="to")] = None,
    ) -> DossierChanges:
        """What changed: since a time (``1d``, ``12h``, ISO), between two versions, or
        from the previous version to the newest."""
        story = story_or_404(story_id)
        changes = changes_for(story.id, since, from_v, to_v)
        if changes is None:
            raise HTTPException(404, f"story {story.id} has no dossier yet")
        return changes

    @app.post("/api/inputs", response_model=JobOut, status_code=202, tags=["inputs"])
    def api_add(body: InputsIn) -> JobOut:
        """Fetch page or feed URLs in the background (a feed is then watched)."""
        bad = [i for i in body.inputs if not i.lower().startswith(("http://", "https://"))]
        if bad:
            raise HTTPException(422, f"not http(s) URLs: {bad[:3]}")
        return JobOut(**asdict(worker.submit_inputs(body.inputs, feed=body.feed)))

    @app.get("/api/jobs/{job_id}", response_model=JobOut, tags=["inputs"])
    def api_job(job_id: int) -> JobOut:
        job = worker.job(job_id)
        if job is None:
            raise HTTPException(404, "no such job")
        return JobOut(**asdict(job))

    @app.get("/api/sources", response_model=list[SourceOut], tags=["inputs"])
    def api_sources() -> list[SourceOut]:
        return [SourceOut.model_validate(s) for s in list_sources(store)]

    @app.get("/api/search", response_model=list[ArticleHit], tags=["stories"])
    def api_search(q: Annotated[str, Query(min_length=1, max_length=200)]) -> list[ArticleHit]:
        """Articles whose title, outlet, address or text contains every word."""
        return [ArticleHit.model_validate(a) for a in search(store, q)]

    return app


async def _read_uploads(files: list[UploadFile]) -> list[Upload] | str:
    uploads: list[Upload] = []
    total = 0
    for item in files:
        if not item.filename:
            continue
        content = await item.read(MAX_UPLOAD_BYTES + 1 - total)
        total += len(content)
        if total > MAX_UPLOAD_BYTES:
            return f"Uploads are limited to {MAX_UPLOAD_BYTES // 1_000_000} MB in all."
        uploads.append(Upload(_safe_name(item.filename), content))
    return uploads


def _safe_name(name: str) -> str:
    """A file name safe to write in the upload folder (its suffix kept for the reader)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or "upload"
    return cleaned[-120:]

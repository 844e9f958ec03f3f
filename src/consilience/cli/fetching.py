"""URLs given to ``consilience analyze``: fetched only with ``--fetch`` (offline by
default), through the service's fetcher (robots.txt, time limits, size cap, and the guard
against loopback, private and link-local addresses unless ``--allow-private``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated

import typer

from consilience.cli.common import EXIT_USAGE, fail, file_progress
from consilience.errors import InputError
from consilience.records import Article, Problem
from consilience.safetext import display_path
from consilience.settings import Settings

FetchOption = Annotated[
    bool,
    typer.Option(
        "--fetch",
        help="Fetch the URLs among the inputs (without it nothing reaches the network).",
    ),
]
AllowPrivateFetchOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="With --fetch: fetch from loopback, private and link-local addresses too.",
    ),
]
NOT_FETCHED = "a URL is fetched only with --fetch (nothing reaches the network without it)"


def is_url(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


def split_urls(inputs: Sequence[str]) -> tuple[list[str], list[str]]:
    """(the local inputs, the URLs), each in the order given."""
    return [i for i in inputs if not is_url(i)], [i for i in inputs if is_url(i)]


def refused_urls(urls: Sequence[str]) -> list[Problem]:
    return [Problem(display_path(url), NOT_FETCHED) for url in urls]


def fetch_articles(
    urls: Sequence[str], settings: Settings, *, allow_private: bool
) -> tuple[list[Article], list[Problem]]:
    """The article of each page ``urls`` name; each URL that cannot be fetched or read
    is one problem, the others go on."""
    try:
        from consilience.cli.service_options import make_fetcher
        from consilience.service.fetch.pages import page_article
    except ImportError as exc:
        needs = f"pip install 'consilience[service]' ({exc.name})"
        fail(f"--fetch needs the service extra: {needs}", EXIT_USAGE)
    articles: list[Article] = []
    problems: list[Problem] = []
    with make_fetcher(
        allow_private=allow_private,
        ignore_robots=False,
        timeout=20.0,
        delay=1.0,
        max_bytes=settings.max_file_bytes,
    ) as fetcher:
        for url in urls:
            try:
                fetched = fetcher.get(url)
                article = page_article(fetched.content, fetched.content_type, fetched.url, settings)
            except InputError as exc:
                # named by the URL given; a redirect's target that failed is named too
                where = f"{exc.source}: " if is_url(exc.source) and exc.source != url else ""
                problems.append(Problem(display_path(url), where + exc.reason))
                continue
            # named by the URL the user gave, not the one redirects ended at
            articles.append(replace(article.article, source=display_path(url)))
    return articles, problems


def read_story_inputs(
    inputs: Sequence[str], settings: Settings, *, fetch: bool, allow_private: bool
) -> tuple[list[Article], list[Problem]]:
    """The articles of one story's inputs (the files', then the fetched pages'), numbered
    ``a1``, ``a2``, ... and the problems; a URL without ``fetch`` is one problem."""
    from consilience import ingest  # the readers load when inputs are read

    paths, urls = split_urls(inputs)
    articles: list[Article] = []
    problems = [] if fetch else refused_urls(urls)
    if paths:
        with file_progress(len(paths) if len(paths) > 1 else 0) as on_file:
            batch = ingest.read_inputs(paths, settings, on_file=on_file)
        articles, problems = [*batch.articles], [*batch.problems, *problems]
    if urls and fetch:
        fetched, not_fetched = fetch_articles(urls, settings, allow_private=allow_private)
        articles, problems = [*articles, *fetched], [*problems, *not_fetched]
    return [replace(a, id=f"a{n}") for n, a in enumerate(articles, start=1)], problems

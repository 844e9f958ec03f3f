"""``consilience serve``: the web app over the store, with a worker that runs added
inputs and polls the watched feeds."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    EXIT_USAGE,
    DebugOption,
    MaxBytesOption,
    VerboseOption,
    configure_logging,
    fail,
    stderr,
    translate_errors,
)
from consilience.cli.service_options import (
    AllowPrivateOption,
    DbOption,
    DelayOption,
    IgnoreRobotsOption,
    MinArticlesOption,
    TimeoutOption,
    make_fetcher,
    open_service_store,
)
from consilience.settings import Settings

LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="CONSILIENCE_TOKEN",
            help="Access token checked on every request (required off loopback).",
        ),
    ] = None,
    watch_every: Annotated[
        str, typer.Option("--watch-every", help="Poll the watched feeds this often; 0: never.")
    ] = "15m",
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
    ignore_robots: IgnoreRobotsOption = False,
    timeout: TimeoutOption = 20.0,
    delay: DelayOption = 1.0,
    min_articles: MinArticlesOption = 1,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    verbose: VerboseOption = 0,
    debug: DebugOption = False,
) -> None:
    """Serve the stories, their reports and what changed, on http://HOST:PORT/."""
    configure_logging(verbose)
    if not is_loopback(host) and not token:
        fail(f"--host {host} is reachable from other machines: give --token too", EXIT_USAGE)
    if token is not None and len(token) < 16:
        fail("--token: use at least 16 characters", EXIT_USAGE)
    with translate_errors(debug):
        import uvicorn

        from consilience.service.history import parse_since
        from consilience.service.store.models import utcnow
        from consilience.service.web import create_app
        from consilience.service.web.worker import Worker

        now = utcnow()
        every = (
            None if watch_every.strip() in ("0", "") else now - parse_since(watch_every, now=now)
        )
        store = open_service_store(db)
        fetcher = make_fetcher(
            allow_private=allow_private,
            ignore_robots=ignore_robots,
            timeout=timeout,
            delay=delay,
            max_bytes=max_bytes,
        )
        worker = Worker(
            store,
            fetcher,
            Settings(max_file_bytes=max_bytes),
            watch_every=every,
            min_articles=min_articles,
        )
        app = create_app(
            store,
            worker,
            token=token,
            allowed_hosts=LOOPBACK_NAMES if is_loopback(host) else None,
        )
        shown = f"[{host}]" if ":" in host else host
        stderr.print(
            f"consilience: serving {store.describe()} on http://{shown}:{port}/", markup=False
        )
        worker.start()
        try:
            uvicorn.run(app, host=host, port=port, log_level="warning" if verbose < 2 else "info")
        finally:
            worker.stop()
            fetcher.close()
            store.close()

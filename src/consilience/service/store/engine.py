"""Opening a store: the database URL, SQLite's settings for safe concurrent use, and the
schema brought to the current migration.

SQLite (the default) runs in WAL mode with ``synchronous=FULL``: readers never block the
writer, and a process killed in the middle of a write leaves the last committed state.
Every transaction starts with ``BEGIN IMMEDIATE``, so two writers queue for the lock
(``busy_timeout``) instead of failing when one of them tries to upgrade a read lock.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from consilience.errors import ConsilienceError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 60_000
#: Key of the PostgreSQL advisory lock held while migrating (any constant works).
_MIGRATION_LOCK = 0x636F6E73
ENV_VAR = "CONSILIENCE_DB"


class StoreError(ConsilienceError):
    """The store cannot be opened, migrated or written."""


def default_store_path() -> Path:
    """``$CONSILIENCE_DB`` if set, else ``store.sqlite`` in the user's data directory
    (``~/.local/share/consilience`` on Linux, as XDG says)."""
    return user_data_path("consilience", appauthor=False) / "store.sqlite"


def store_url(location: str | Path | None) -> str:
    """A database URL from a path or a URL (``None``: the default location)."""
    if location is None:
        location = os.environ.get(ENV_VAR) or default_store_path()
    raw = str(location)
    if "://" not in raw:
        path = Path(raw).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path.parent}: {exc.strerror}") from exc
        return f"sqlite:///{path.resolve()}"
    if raw.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw


@dataclass
class Store:
    """An open store. :meth:`transaction` is the only way to read or write it."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back when
        it raises. Database errors become :class:`StoreError`."""
        try:
            with self.sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            raise StoreError(f"database error: {_one_line(exc)}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)


def open_store(location: str | Path | None = None, *, migrate: bool = True) -> Store:
    """Open (and create or migrate) the store at ``location``: a path (SQLite) or a
    database URL (``postgresql://…``)."""
    url = store_url(location)
    try:
        parsed = make_url(url)
        options: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            options["connect_args"] = {
                "check_same_thread": False,
                "timeout": BUSY_TIMEOUT_MS / 1000,
            }
        else:
            options["pool_pre_ping"] = True
        engine = create_engine(parsed, **options)
    except (ArgumentError, ImportError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot open store {url!r}: {_one_line(exc)}") from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    store = Store(engine, sessionmaker(engine, expire_on_commit=False))
    try:
        if migrate:
            migrate_store(store)
        else:
            with engine.connect():
                pass
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open store {store.describe()}: {_one_line(exc)}") from exc
    return store


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are begun by the "begin" hook below, not by the driver.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "consilience.service.store:migrations")
    return config


def migrate_store(store: Store) -> None:
    """Bring the schema to the newest migration. Two processes opening a new store at
    once are serialized (SQLite's write lock, a PostgreSQL advisory lock)."""
    config = alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with store.engine.begin() as connection:
        if store.dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        current = MigrationContext.configure(connection).get_current_revision()
        if current == head:
            return
        log.info("migrating store %s from %s to %s", store.describe(), current, head)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def sqlite_integrity(store: Store) -> str:
    """SQLite's own ``PRAGMA integrity_check`` answer ("ok" when the file is sound)."""
    with store.engine.connect() as connection:
        return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar())


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return " ".join(str(orig if orig is not None else exc).split())[:300]

"""Alembic's environment: migrations run on the connection :func:`migrate_store` gives,
inside its transaction."""

from __future__ import annotations

from alembic import context

from consilience.service.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only ever run through migrate_store
    raise RuntimeError("run migrations through consilience.service.store.engine.migrate_store")
context.configure(
    connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True
)
with context.begin_transaction():
    context.run_migrations()

"""The store: articles, sources, stories, dossier versions and the clustering state in
one SQL database (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from consilience.service.store.engine import Store, StoreError, default_store_path, open_store

__all__ = ["Store", "StoreError", "default_store_path", "open_store"]

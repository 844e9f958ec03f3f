"""The web app: server-rendered pages and a JSON API over the store."""

from __future__ import annotations

from consilience.service.web.app import create_app

__all__ = ["create_app"]

"""Opt-in fetching: nothing here runs unless the user adds a URL or a feed."""

from __future__ import annotations

from consilience.service.fetch.guard import AddressPolicy, BlockedAddressError
from consilience.service.fetch.http import Fetched, Fetcher, FetchError, FetchSettings

__all__ = [
    "AddressPolicy",
    "BlockedAddressError",
    "FetchError",
    "FetchSettings",
    "Fetched",
    "Fetcher",
]

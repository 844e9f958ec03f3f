"""The SSRF guard refuses loopback, private, link-local, metadata and other non-public
addresses unless told otherwise, checks every resolved address and every redirect, and
connects only to the address it checked."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from consilience.service.fetch import AddressPolicy, BlockedAddressError, Fetcher, FetchSettings
from consilience.service.fetch.guard import GuardedBackend
from tests.service.newsroom import Newsroom

REFUSED = [
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.5",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "fe80::1",
    "fd00:ec2::254",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "2002:7f00:1::",
]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert AddressPolicy().refusal(address) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_pass(address: str) -> None:
    assert AddressPolicy().refusal(address) is None


def test_allow_private_still_refuses_metadata_services() -> None:
    policy = AddressPolicy(allow_private=True)
    assert policy.refusal("10.0.0.7") is None
    assert policy.refusal("127.0.0.1") is None
    assert "metadata" in (policy.refusal("169.254.169.254") or "")
    assert "metadata" in (policy.refusal("fd00:ec2::254") or "")


def _resolver(answers: dict[str, Sequence[str]]) -> GuardedBackend:
    return GuardedBackend(AddressPolicy(), lambda host, port: answers[host])


def test_a_host_with_any_private_address_is_refused_before_connecting() -> None:
    backend = _resolver({"mixed.example": ["93.184.216.34", "10.0.0.1"]})
    with pytest.raises(BlockedAddressError, match=r"10\.0\.0\.1"):
        backend.connect_tcp("mixed.example", 80, timeout=1)


def test_loopback_and_metadata_urls_are_refused_by_default(site: Newsroom) -> None:
    before = dict(site.hits)
    with Fetcher(FetchSettings(delay=0, retries=0)) as client:
        for url in (
            site.base + "/news/latin1.html",
            f"http://localhost:{site.base.rsplit(':', 1)[1]}/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:9/",
        ):
            with pytest.raises(BlockedAddressError):
                client.get(url)
    assert site.hits == before  # not even robots.txt was asked for


def test_a_name_resolving_to_loopback_is_refused(site: Newsroom) -> None:
    """DNS answers are checked, not the name: a public-looking name that resolves to
    127.0.0.1 is refused, and no request reaches the server."""
    port = int(site.base.rsplit(":", 1)[1])
    before = dict(site.hits)
    resolver = {"news.example": ["127.0.0.1"]}
    with (
        Fetcher(FetchSettings(delay=0, retries=0), resolver=lambda h, p: resolver[h]) as client,
        pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1"),
    ):
        client.get(f"http://news.example:{port}/news/latin1.html")
    assert site.hits == before


def test_the_connection_goes_to_the_checked_address(site: Newsroom) -> None:
    """The host is resolved once, and that answer is the one connected to: a resolver
    that would answer differently the second time (DNS rebinding) is never asked again."""
    port = int(site.base.rsplit(":", 1)[1])
    answers = iter([["127.0.0.1"], ["10.9.9.9"]])
    calls: list[str] = []

    def rebinding(host: str, _port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    policy = AddressPolicy.allowing(["127.0.0.1/32"])
    settings = FetchSettings(delay=0, retries=0, respect_robots=False, policy=policy)
    with Fetcher(settings, resolver=rebinding) as client:
        fetched = client.get(f"http://rebind.example:{port}/news/latin1.html")
    assert fetched.status == 200
    assert calls == ["rebind.example"]


def test_a_redirect_to_a_refused_address_is_not_followed(site: Newsroom) -> None:
    """Only 127.0.0.1 is allowed here; the site redirects to 127.0.0.2."""
    settings = FetchSettings(
        delay=0, retries=0, respect_robots=False, policy=AddressPolicy.allowing(["127.0.0.1/32"])
    )
    with Fetcher(settings) as client, pytest.raises(BlockedAddressError, match=r"127\.0\.0\.2"):
        client.get(site.base + "/redirect-out")

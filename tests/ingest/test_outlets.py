"""Naming an outlet to leave out: by its name in any case, a well-known outlet's other
spelling, or its web domain with subdomains; the articles left out are named."""

from __future__ import annotations

import pytest

from consilience.ingest import leave_out_outlets
from consilience.ingest.outlets import is_outlet
from consilience.records import Article
from tests.conftest import load_cases

CASES = load_cases("ingest/outlet_names.json", key="cases")


@pytest.mark.parametrize(
    ("name", "outlet", "url", "expected"), CASES, ids=[f"{c[0]!r}~{c[1] or c[2]}" for c in CASES]
)
def test_is_outlet(name: str, outlet: str | None, url: str | None, expected: bool) -> None:
    assert is_outlet(name, outlet, url) is expected


def test_left_out_articles_are_named_and_the_rest_keep_their_order() -> None:
    articles = [
        Article(id=f"a{n}", source=f"s{n}.txt", text="Text.", outlet=outlet, url=url)
        for n, (outlet, url) in enumerate(
            [("CNN", None), ("Reuters", "https://www.reuters.com/a"), (None, "https://cnn.com/b"),
             ("BBC", None)],
            start=1,
        )
    ]  # fmt: skip
    kept, left_out = leave_out_outlets(articles, ["CNN", "cnn.com"])
    assert [a.id for a in kept] == ["a2", "a4"]
    assert [(p.source, p.reason) for p in left_out] == [
        ("s1.txt", "outlet left out by request (CNN)"),
        ("s3.txt", "outlet left out by request (cnn.com)"),
    ]
    assert leave_out_outlets(articles, []) == (articles, [])

"""A buyer's page past a keyset cursor, prepared once per shape (``relay.paginate_prepared``): the
cursor's values are the statement's values, so every sort walked forward and backward answers
exactly as the page built per request, and the next page of the same shape runs the kept statement
(on PostgreSQL the same server-side prepared statement) without building anything."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.db import connection

from graphql_schema.core import relay
from storefront.catalog import sql
from storefront.catalog.models import Category, Product
from storefront.channels.models import Channel
from tests.graphql.catalog.factories import ChannelFactory
from tests.graphql.catalog.test_keyset_pagination import CATEGORY_PAGE, PAGE, SORTS, _catalogue

# A listing's statements are prepared on PostgreSQL (on SQLite its instant reaches the SQL as text,
# and the shape is built every time, which the comparisons below would not tell apart).
pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


def _walks(gql, channel: Channel, size: int, **variables: Any) -> list[dict[str, Any]]:
    """Every page of the list, ``size`` at a time forward (``after``) and backward (``before``),
    then one page between two cursors each way: the responses, whole (nodes, cursors, pageInfo)."""
    pages: list[dict[str, Any]] = []
    for forward in (True, False):
        cursor = None
        while True:
            given = {"first": size, "after": cursor} if forward else {"last": size, "before": cursor}
            result = gql(PAGE, {"channel": channel.slug, **variables, **given})
            assert "errors" not in result, result
            page = result["data"]["products"]
            pages.append(page)
            info = page["pageInfo"]
            if not (info["hasNextPage"] if forward else info["hasPreviousPage"]):
                break
            cursor = info["endCursor"] if forward else info["startCursor"]
    edges = [edge for page in pages[: len(pages) // 2] for edge in page["edges"]]
    if len(edges) > 6:
        low, high = edges[1]["cursor"], edges[-2]["cursor"]
        for between in (
            {"first": size, "after": low, "before": high},
            {"last": size, "after": low, "before": high},
        ):
            result = gql(PAGE, {"channel": channel.slug, **variables, **between})
            assert "errors" not in result, result
            pages.append(result["data"]["products"])
    # The end of the list: an empty page past the last cursor, both ways.
    for beyond in (
        {"first": size, "after": edges[-1]["cursor"]},
        {"last": size, "before": edges[0]["cursor"]},
    ):
        result = gql(PAGE, {"channel": channel.slug, **variables, **beyond})
        assert "errors" not in result, result
        assert result["data"]["products"]["edges"] == []
        pages.append(result["data"]["products"])
    return pages


def _unprepared(monkeypatch) -> None:
    """Every page built per request, as before: no keyset is kept, so ``paginate_prepared`` hands
    each page to ``paginate``."""

    class Unpreparable(sql.KeptShapes):
        def found(self, key: Any) -> Any:
            return None  # every shape's keyset unknown: built per request

    monkeypatch.setattr(relay, "_PREPARED_KEYSETS", Unpreparable(0))


def _cursor_plans(channel: Channel) -> list[Any]:
    """The kept plans of ``channel``'s ``products`` pages past a cursor."""
    return [
        plan
        for (key, _), plan in sql._PREPARED.items()
        if key[0] == "page" and key[1][:2] == ("products", channel.pk) and (key[4] or key[5])
    ]


# Besides the storefront's: a boolean key (a constant of the statement's shape, not a value), a
# joined column's, and a float mixing values, ties and NULLs (some pages' cursors start at NULL).
MORE_SORTS: dict[str, Any] = {
    "published-flag": {"field": "PUBLISHED", "direction": "ASC"},
    "type": {"field": "TYPE", "direction": "DESC"},
    "rating": {"field": "RATING", "direction": "ASC"},
    "rating-desc": {"field": "RATING", "direction": "DESC"},
}


@pytest.mark.parametrize("sort", [*SORTS, *MORE_SORTS])
def test_every_sort_walked_prepared_answers_as_built_per_request(gql, monkeypatch, sort):
    """Ties in every key, a run of products without a price (NULLs, read as a segment of their
    own), pages of 3 ending inside runs of equal prices and at the NULLs' edge."""
    channel = ChannelFactory()
    _catalogue(channel)
    for index, pk in enumerate(Product.objects.order_by("pk").values_list("pk", flat=True)):
        if index % 3:
            Product.objects.filter(pk=pk).update(rating=float(index % 4) + 0.5)
    variables: dict[str, Any] = {"sortBy": {**SORTS, **MORE_SORTS}[sort]}
    if sort == "rank":
        variables["search"] = "piece"
    sizes = (7, 3) if sort.startswith(("price", "rating")) else (7,)
    prepared = [_walks(gql, channel, size, **variables) for size in sizes]
    plans = _cursor_plans(channel)
    assert plans and all(plan is not sql._UNPREPARABLE for plan in plans), sort
    if sort != "rank":  # a search is bound on the client
        assert all(plan.bound is True for plan in plans), sort
    with monkeypatch.context() as patched:
        _unprepared(patched)
        built = [_walks(gql, channel, size, **variables) for size in sizes]
    assert prepared == built, sort
    assert len({edge["node"]["slug"] for edge in prepared[0][0]["edges"]}) == 7


def test_a_category_page_past_a_cursor_is_prepared_and_answers_as_built(gql, monkeypatch):
    channel = ChannelFactory()
    _catalogue(channel)
    category = Category.objects.order_by("pk").first()
    assert category is not None

    def walk() -> list[dict[str, Any]]:
        pages = []
        after = None
        while True:
            result = gql(
                CATEGORY_PAGE, {"channel": channel.slug, "slug": category.slug, "first": 4, "after": after}
            )
            assert "errors" not in result, result
            page = result["data"]["category"]["products"]
            pages.append(page)
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        result = gql(
            CATEGORY_PAGE, {"channel": channel.slug, "slug": category.slug, "last": 4, "before": after}
        )
        assert "errors" not in result, result
        return [*pages, result["data"]["category"]["products"]]

    prepared = walk()
    assert len(prepared) == 5  # 15 products, 4 a page
    plans = [
        plan
        for (key, _), plan in sql._PREPARED.items()
        if key[0] == "page" and key[1][:2] == ("page-alone", channel.pk) and (key[4] or key[5])
    ]
    assert plans and all(plan is not sql._UNPREPARABLE for plan in plans)
    with monkeypatch.context() as patched:
        _unprepared(patched)
        assert walk() == prepared


def _server_statements() -> dict[str, int]:
    """The connection's prepared statements of pages past a cursor: name → generic plans made."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, generic_plans FROM pg_prepared_statements WHERE statement LIKE '%asal_behind%'"
        )
        return dict(cursor.fetchall())


def test_the_next_page_of_a_shape_reuses_the_kept_statement_and_builds_nothing(gql, monkeypatch, settings):
    channel = ChannelFactory()
    _catalogue(channel)
    name = {"field": "NAME", "direction": "ASC"}
    first = gql(PAGE, {"channel": channel.slug, "first": 5, "sortBy": name})["data"]["products"]
    second = gql(
        PAGE, {"channel": channel.slug, "first": 5, "sortBy": name, "after": first["pageInfo"]["endCursor"]}
    )
    after = second["data"]["products"]["pageInfo"]["endCursor"]
    (plan,) = _cursor_plans(channel)
    assert plan is not sql._UNPREPARABLE

    settings.PREPARED_STATEMENTS_VERIFY = False  # which rebuilds every prepared statement to compare
    builds: list[Any] = []
    real_keyset = relay._keyset
    monkeypatch.setattr(relay, "_keyset", lambda queryset: builds.append(queryset) or real_keyset(queryset))
    before = _server_statements()
    third = gql(PAGE, {"channel": channel.slug, "first": 5, "sortBy": name, "after": after})
    assert "errors" not in third, third
    assert builds == []  # the page's queryset was neither built nor compiled
    assert _cursor_plans(channel) == [plan]
    # The same server-side statement, run once more from its generic plan: no new one.
    after_statements = _server_statements()
    assert after_statements.keys() == before.keys()
    grown = [name for name, plans in after_statements.items() if plans != before[name]]
    assert len(grown) == 1 and after_statements[grown[0]] == before[grown[0]] + 1
    # Its rows are the next five, the cursor's values having gone in as values.
    monkeypatch.setattr(relay, "_keyset", real_keyset)
    whole = gql(PAGE, {"channel": channel.slug, "first": 15, "sortBy": name})["data"]["products"]["edges"]
    assert [edge["node"]["slug"] for edge in third["data"]["products"]["edges"]] == [
        edge["node"]["slug"] for edge in whole[10:15]
    ]


def test_odd_cursors_keep_todays_path_and_errors(gql, monkeypatch):
    channel = ChannelFactory()
    _catalogue(channel)

    def page(**variables: Any) -> dict[str, Any]:
        return gql(PAGE, {"channel": channel.slug, "first": 5, **variables})

    created = {"field": "CREATED_AT", "direction": "DESC"}
    cursor = page(sortBy=created)["data"]["products"]["pageInfo"]["endCursor"]
    values = json.loads(base64.b64decode(cursor))
    # A naive instant: Django makes it aware on its way into the SQL, so it cannot be a value of
    # the statement; the page is built as before.
    naive = base64.b64encode(
        json.dumps([values[0], values[1].rsplit("+", 1)[0], values[2]]).encode()
    ).decode()
    # The first page past a cursor by name, a shape's first request, whose name and slug are the
    # decoys its preparation puts in their places (after the request's instant): a decoy is never
    # taken for a value of the statement's text, so the next cursor of the shape reads its own rows.
    name = {"field": "NAME", "direction": "ASC"}
    tag = json.loads(base64.b64decode(page(sortBy=name)["data"]["products"]["pageInfo"]["endCursor"]))[0]
    crafted = [tag, "asal-decoy-1000000000002", "asal-decoy-1000000000003", "1"]
    real = page(first=10, sortBy=name)["data"]["products"]["pageInfo"]["endCursor"]
    by_price = page(sortBy={"field": "PRICE", "direction": "ASC"})["data"]["products"]["pageInfo"][
        "endCursor"
    ]
    requests = [
        {"sortBy": created, "after": naive},
        {"sortBy": name, "after": base64.b64encode(json.dumps(crafted).encode()).decode()},
        {"sortBy": name, "after": real},
        {"sortBy": name, "after": by_price},  # of another order
        {"sortBy": name, "after": "%%%"},  # malformed
        {"after": base64.b64encode(b"arrayconnection:4").decode()},  # an offset cursor of old
    ]
    prepared = [page(**variables) for variables in requests]
    with monkeypatch.context() as patched:
        _unprepared(patched)
        assert [page(**variables) for variables in requests] == prepared
    assert "errors" not in prepared[0] and "errors" not in prepared[1]
    assert len(prepared[2]["data"]["products"]["edges"]) == 5
    assert "belongs to another list or sort order" in prepared[3]["errors"][0]["message"]
    assert prepared[4]["errors"][0]["message"] == "Received cursor in `after` is invalid."
    assert len(prepared[5]["data"]["products"]["edges"]) == 5

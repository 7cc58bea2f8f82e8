"""Who may filter products by what (graphql_schema/catalog/filters.py): stock is staff-only, as the
stock fields are; the public finds products by consenting makers only; prices must be finite."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode
from tests.graphql.catalog.factories import ChannelFactory, WarehouseFactory, full_product
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user

pytestmark = pytest.mark.django_db

PRODUCTS = """
query($filter: ProductFilterInput, $where: ProductWhereInput) {
  products(first: 10, channel: "intl-usd", filter: $filter, where: $where) { edges { node { slug } } }
}
"""
STOCK_DENIED = "To access this path, you need one of the following permissions: MANAGE_PRODUCTS"


@pytest.fixture
def basket():
    channel = ChannelFactory()
    warehouse = WarehouseFactory()
    return full_product(channel, warehouse=warehouse), warehouse


def _stocks(warehouse, gte: int) -> dict:
    return {"warehouseIds": [to_global_id("Warehouse", warehouse.pk)], "quantity": {"gte": gte}}


def _slugs(body) -> list[str]:
    return [edge["node"]["slug"] for edge in body["data"]["products"]["edges"]]


def _assert_stock_denied(body) -> None:
    assert body["data"] == {"products": None}
    [error] = body["errors"]
    assert error["message"] == STOCK_DENIED
    assert error["extensions"] == {"exception": {"code": "PermissionDenied"}}


@pytest.mark.parametrize(
    "variables",
    [
        lambda w: {"filter": {"stocks": _stocks(w, 6)}},
        lambda w: {"where": {"stocks": _stocks(w, 6)}},
        lambda w: {"where": {"AND": [{"OR": [{"stocks": _stocks(w, 6)}]}]}},
    ],
    ids=["filter", "where", "nested-where"],
)
def test_anonymous_callers_cannot_bisect_stock(gql, basket, variables):
    _product, warehouse = basket

    _assert_stock_denied(gql(PRODUCTS, variables(warehouse)))


def test_a_buyer_cannot_filter_by_stock(gql, basket):
    _product, warehouse = basket

    _assert_stock_denied(
        gql(PRODUCTS, {"filter": {"stocks": _stocks(warehouse, 1)}}, headers=bearer(UserFactory()))
    )


def test_staff_managing_products_filter_by_stock(gql, basket):
    product, warehouse = basket
    staff = staff_user(PermissionCode.MANAGE_PRODUCTS)

    assert _slugs(gql(PRODUCTS, {"filter": {"stocks": _stocks(warehouse, 6)}}, headers=bearer(staff))) == [
        product.slug
    ]
    assert _slugs(gql(PRODUCTS, {"filter": {"stocks": _stocks(warehouse, 7)}}, headers=bearer(staff))) == []


def test_stock_availability_stays_public(gql, basket):
    """As in Saleor: in stock or not is what ``isAvailable`` already tells, not a count."""
    product, _warehouse = basket

    body = gql(PRODUCTS, {"where": {"stockAvailability": "IN_STOCK"}})

    assert _slugs(body) == [product.slug]


def test_the_public_finds_nothing_by_a_maker_who_did_not_consent(gql, basket):
    product, _warehouse = basket
    withheld = product.makers.get(consent_to_publish=False)
    maker_id = to_global_id("Maker", withheld.pk)

    assert _slugs(gql(PRODUCTS, {"filter": {"makers": [maker_id]}})) == []
    assert _slugs(gql(PRODUCTS, {"where": {"makers": {"eq": maker_id}}})) == []


def test_the_public_finds_products_by_a_consenting_maker(gql, basket):
    product, _warehouse = basket
    consenting = product.makers.get(consent_to_publish=True)

    body = gql(PRODUCTS, {"where": {"makers": {"oneOf": [to_global_id("Maker", consenting.pk)]}}})

    assert _slugs(body) == [product.slug]


def test_staff_find_products_by_any_maker(gql, basket):
    product, _warehouse = basket
    withheld = product.makers.get(consent_to_publish=False)
    staff = staff_user(PermissionCode.MANAGE_PRODUCTS)

    body = gql(PRODUCTS, {"filter": {"makers": [to_global_id("Maker", withheld.pk)]}}, headers=bearer(staff))

    assert _slugs(body) == [product.slug]


def test_a_price_of_1e400_gets_a_formatted_message(gql, basket):
    body = gql('{ products(first: 1, channel: "intl-usd", filter: {price: {gte: 1e400}}) { totalCount } }')

    [error] = body["errors"]
    assert error["message"] == "`price.gte` must be a finite number."
    assert "%(" not in error["message"]


@pytest.mark.parametrize("value", ["1e400", '"Infinity"', '"NaN"', '"1e-99999"'])
def test_a_decimal_that_no_amount_can_be_is_refused_before_execution(gql, basket, value):
    query = (
        '{ products(first: 1, channel: "intl-usd", where: {price: {range: {gte: VALUE}}}) { totalCount } }'
    )

    body = gql(query.replace("VALUE", value))

    assert body.get("data") is None
    [error] = body["errors"]
    assert "Decimal cannot represent" in error["message"] and "%(" not in error["message"]

"""The staff's order list for fulfilment: "ready to fulfil", shipping country, dates, search by name."""

from __future__ import annotations

import datetime

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode
from storefront.orders.choices import OrderChargeStatus, OrderStatus
from storefront.orders.models import Fulfillment, Order
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.factories import order_placed, stocked_variant

pytestmark = pytest.mark.django_db

ORDERS = """query($filter: OrderFilterInput, $where: OrderWhereInput, $search: String) {
  orders(first: 50, filter: $filter, where: $where, search: $search) { totalCount edges { node { number } } }
}"""


def _order(channel, *, status=OrderStatus.UNFULFILLED, paid=True, country="DE", **fields) -> Order:
    order = order_placed(channel=channel, variants=[stocked_variant(channel)], **fields)
    Order.objects.filter(pk=order.pk).update(
        status=status, charge_status=OrderChargeStatus.FULL if paid else OrderChargeStatus.NONE
    )
    order.shipping_address.country = country
    order.shipping_address.save()
    order.refresh_from_db()
    return order


def _numbers(gql, variables) -> set[int]:
    body = gql(ORDERS, variables, headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)))
    assert "errors" not in body, body
    connection = body["data"]["orders"]
    assert connection["totalCount"] == len(connection["edges"])
    return {int(edge["node"]["number"]) for edge in connection["edges"]}


@pytest.fixture
def orders():
    strict = ChannelFactory(slug="strict-usd", allow_unpaid_orders=False)
    lenient = ChannelFactory(slug="lenient-usd", name="Lenient", allow_unpaid_orders=True)
    return {
        "paid": _order(strict),
        "unpaid": _order(strict, paid=False, country="JP"),
        "partly": _order(strict, status=OrderStatus.PARTIALLY_FULFILLED, country="AU"),
        "shipped": _order(strict, status=OrderStatus.FULFILLED),
        "canceled": _order(strict, status=OrderStatus.CANCELED),
        "unconfirmed": _order(strict, status=OrderStatus.UNCONFIRMED),
        "lenient": _order(lenient, paid=False, country="JP"),
    }


def test_ready_to_fulfil_is_paid_or_allowed_unpaid_and_not_done(gql, orders):
    ready = {orders[name].number for name in ("paid", "partly", "lenient")}

    assert _numbers(gql, {"where": {"readyToFulfill": True}}) == ready
    assert _numbers(gql, {"filter": {"status": ["READY_TO_FULFILL"]}}) == ready
    assert (
        _numbers(gql, {"where": {"readyToFulfill": False}})
        == {order.number for order in orders.values()} - ready
    )
    # Saleor's status filter: any of the values named.
    assert _numbers(gql, {"filter": {"status": ["READY_TO_FULFILL", "CANCELED"]}}) == ready | {
        orders["canceled"].number
    }


def test_by_shipping_country_channel_and_fulfilments(gql, orders):
    japan = {orders["unpaid"].number, orders["lenient"].number}

    assert _numbers(gql, {"where": {"shippingAddress": {"country": {"eq": "JP"}}}}) == japan
    assert _numbers(gql, {"where": {"shippingAddress": {"country": {"oneOf": ["JP", "AU"]}}}}) == japan | {
        orders["partly"].number
    }
    assert orders["paid"].number not in _numbers(
        gql, {"where": {"shippingAddress": {"country": {"notOneOf": ["DE"]}}}}
    )
    lenient = orders["lenient"].channel
    assert _numbers(gql, {"where": {"channelId": {"eq": to_global_id("Channel", lenient.pk)}}}) == {
        orders["lenient"].number
    }
    Fulfillment.objects.create(order=orders["partly"], fulfillment_order=1)
    assert _numbers(gql, {"where": {"hasFulfillments": True}}) == {orders["partly"].number}


def test_by_creation_date(gql, orders):
    old = orders["shipped"]
    Order.objects.filter(pk=old.pk).update(created_at=datetime.datetime(2025, 1, 10, 12, tzinfo=datetime.UTC))

    assert _numbers(gql, {"filter": {"created": {"lte": "2025-01-10"}}}) == {old.number}
    assert old.number not in _numbers(gql, {"where": {"createdAt": {"gte": "2026-01-01T00:00:00+00:00"}}})


def test_search_by_number_email_and_buyer_name(gql):
    channel = ChannelFactory()
    buyer = UserFactory(first_name="Baiq", last_name="Nurhayati")
    theirs = order_placed(channel=channel, user=buyer, variants=[stocked_variant(channel)])
    other = order_placed(channel=channel, variants=[stocked_variant(channel)], email="made@example.com")

    assert _numbers(gql, {"search": "baiq nurhayati"}) == {theirs.number}
    assert _numbers(gql, {"search": "Nurhayati"}) == {theirs.number}
    assert _numbers(gql, {"search": "made@example"}) == {other.number}
    assert _numbers(gql, {"search": f"#{other.number}"}) == {other.number}
    # The addressee's name (the factory's shipping address) finds both.
    assert _numbers(gql, {"search": "Erika Mustermann"}) == {theirs.number, other.number}
    assert _numbers(gql, {"search": "nobody-by-this-name"}) == set()

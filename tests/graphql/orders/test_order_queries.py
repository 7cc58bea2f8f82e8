"""Reading orders: the id is the guest's credential, buyers see only their own, staff need MANAGE_ORDERS."""

from __future__ import annotations

import uuid

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.factories import order_placed, stocked_variant

pytestmark = pytest.mark.django_db

ORDER = """
query ($id: ID!) {
  order(id: $id) {
    id number token status statusDisplay isPaid paymentStatus paymentStatusDisplay chargeStatus
    authorizeStatus userEmail customerNote shippingMethodName languageCodeEnum origin
    total { gross { amount currency } net { amount } tax { amount } }
    subtotal { gross { amount } } shippingPrice { gross { amount } } totalBalance { amount }
    shippingAddress { firstName city postalCode country { code } }
    billingAddress { streetAddress1 }
    user { email }
    fulfillments { id }
    discounts { id }
    voucher { code }
    importVatCollection
    lines {
      id productName variantName productSku productVariantId quantity quantityFulfilled quantityToFulfill
      taxRate unitPrice { gross { amount } } totalPrice { gross { amount } }
      undiscountedUnitPrice { gross { amount } }
      translatedProductName hsCode countryOfOrigin { code } origin { village country { code } }
      makers { publicId name } serial certificateUrl certificate { serial }
      thumbnail(size: 128, format: WEBP) { url }
      variant { id name product { name } pricing { price { gross { amount } } } }
    }
  }
}
"""


def _id(order) -> str:
    return to_global_id("Order", order.pk)


def test_whoever_holds_the_order_id_reads_the_order(gql):
    order = order_placed(quantity=2)
    line = order.lines.get()

    data = gql(ORDER, {"id": _id(order)})["data"]["order"]

    assert data["number"] == str(order.number)
    assert data["token"] == str(order.pk)
    assert data["status"] == "UNFULFILLED"
    assert data["paymentStatus"] == "NOT_CHARGED" and data["isPaid"] is False
    assert data["chargeStatus"] == "NONE"
    assert data["userEmail"] == order.user_email
    assert data["total"]["gross"] == {"amount": 45.0, "currency": "USD"}
    assert data["totalBalance"]["amount"] == -45.0
    assert data["shippingAddress"]["country"]["code"] == "DE"
    assert data["user"] is None
    assert data["fulfillments"] == [] and data["discounts"] == [] and data["voucher"] is None
    (got,) = data["lines"]
    assert got["productName"] == line.product_name
    assert got["quantity"] == 2 and got["quantityToFulfill"] == 2
    assert got["totalPrice"]["gross"]["amount"] == 40.0
    assert got["hsCode"] == line.hs_code
    assert got["countryOfOrigin"]["code"] == "ID"
    assert got["productVariantId"] == to_global_id("ProductVariant", line.variant_id)
    assert got["variant"]["id"] == to_global_id("ProductVariant", line.variant_id)
    assert got["variant"]["pricing"]["price"]["gross"]["amount"] == 20.0
    assert got["serial"] is None and got["certificate"] is None
    assert {maker["name"] for maker in got["makers"]} >= {None}


def test_order_by_token_finds_the_same_order(gql):
    order = order_placed()

    data = gql("query ($t: UUID!) { orderByToken(token: $t) { id } }", {"t": str(order.pk)})["data"]

    assert data["orderByToken"]["id"] == _id(order)


def test_a_made_up_token_or_id_finds_nothing(gql):
    order_placed()
    made_up = str(uuid.uuid4())

    by_token = gql("query ($t: UUID!) { orderByToken(token: $t) { id } }", {"t": made_up})
    by_id = gql("query ($id: ID!) { order(id: $id) { id } }", {"id": to_global_id("Order", made_up)})
    not_uuid = gql("query ($id: ID!) { order(id: $id) { id } }", {"id": to_global_id("Order", "12")})
    other_type = gql("query ($id: ID!) { order(id: $id) { id } }", {"id": to_global_id("Product", "1")})

    assert by_token["data"]["orderByToken"] is None
    assert by_id["data"]["order"] is None
    assert not_uuid["data"]["order"] is None
    assert other_type["data"]["order"] is None


def test_the_buyer_sees_their_account_on_their_order_but_a_guest_with_the_id_does_not(gql):
    buyer = UserFactory()
    order = order_placed(user=buyer)
    query = "query ($id: ID!) { order(id: $id) { user { email } } }"

    own = gql(query, {"id": _id(order)}, headers=bearer(buyer))
    stranger = gql(query, {"id": _id(order)}, headers=bearer(UserFactory()))

    assert own["data"]["order"]["user"] == {"email": buyer.email}
    assert stranger["data"]["order"]["user"] is None


ME_ORDERS = """
{ me { orders(first: 10) { totalCount edges { node { id number lines { productName } } } } } }
"""


def test_me_orders_lists_only_the_buyers_own_orders(gql):
    buyer, other = UserFactory(), UserFactory()
    channel = ChannelFactory()
    mine = [order_placed(channel=channel, user=buyer) for _ in range(2)]
    order_placed(channel=channel, user=other)
    order_placed(channel=channel, email=buyer.email)  # a guest order with the same e-mail is not theirs

    data = gql(ME_ORDERS, headers=bearer(buyer))["data"]["me"]["orders"]

    assert data["totalCount"] == 2
    assert [edge["node"]["id"] for edge in data["edges"]] == [_id(order) for order in reversed(mine)]


def test_a_buyer_cannot_list_another_buyers_orders_through_user(gql):
    buyer, other = UserFactory(), UserFactory()
    order_placed(user=other)
    query = "query ($id: ID!) { user(id: $id) { orders(first: 5) { totalCount } } }"

    body = gql(query, {"id": to_global_id("User", other.pk)}, headers=bearer(buyer))

    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert body["data"]["user"] is None


def test_staff_with_manage_orders_list_every_order_and_filter_them(gql):
    channel = ChannelFactory()
    orders = [order_placed(channel=channel) for _ in range(3)]
    staff = staff_user(PermissionCode.MANAGE_ORDERS)
    query = """
    query ($filter: OrderFilterInput, $where: OrderWhereInput, $sort: OrderSortingInput) {
      orders(first: 10, filter: $filter, where: $where, sortBy: $sort) {
        totalCount edges { node { number } }
      }
    }"""

    everything = gql(query, {}, headers=bearer(staff))["data"]["orders"]
    by_number = gql(query, {"filter": {"numbers": [str(orders[1].number)]}}, headers=bearer(staff))
    by_where = gql(query, {"where": {"number": {"oneOf": [orders[0].number]}}}, headers=bearer(staff))
    ascending = gql(query, {"sort": {"field": "NUMBER", "direction": "ASC"}}, headers=bearer(staff))

    assert everything["totalCount"] == 3
    assert [e["node"]["number"] for e in everything["edges"]] == [str(o.number) for o in reversed(orders)]
    assert [e["node"]["number"] for e in by_number["data"]["orders"]["edges"]] == [str(orders[1].number)]
    assert [e["node"]["number"] for e in by_where["data"]["orders"]["edges"]] == [str(orders[0].number)]
    assert [e["node"]["number"] for e in ascending["data"]["orders"]["edges"]] == [
        str(o.number) for o in orders
    ]


def test_buyers_cannot_list_all_orders_or_read_events(gql):
    buyer = UserFactory()
    order = order_placed(user=buyer)

    listing = gql("{ orders(first: 5) { totalCount } }", headers=bearer(buyer))
    events = gql(
        "query ($id: ID!) { order(id: $id) { events { type } } }", {"id": _id(order)}, headers=bearer(buyer)
    )

    assert listing["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert events["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_staff_read_the_order_events(gql):
    order = order_placed()
    staff = staff_user(PermissionCode.MANAGE_ORDERS)

    body = gql(
        "query ($id: ID!) { order(id: $id) { events { type user { email } } } }",
        {"id": _id(order)},
        headers=bearer(staff),
    )

    assert [event["type"] for event in body["data"]["order"]["events"]] == ["PLACED"]


def test_channel_order_settings_for_staff(gql):
    ChannelFactory(allow_unpaid_orders=True)
    staff = staff_user(PermissionCode.MANAGE_ORDERS)
    query = (
        '{ channel(slug: "intl-usd") { '
        "orderSettings { allowUnpaidOrders automaticallyConfirmAllNewOrders } } }"
    )

    body = gql(query, headers=bearer(staff))

    assert body["data"]["channel"]["orderSettings"] == {
        "allowUnpaidOrders": True,
        "automaticallyConfirmAllNewOrders": True,
    }


def test_the_line_thumbnail_and_certified_fields_of_a_product_with_media(gql):
    channel = ChannelFactory()
    variant = stocked_variant(channel)
    variant.product.media.create(image="products/basket-1.jpg", alt="Front")
    order = order_placed(channel=channel, variants=[variant])

    line = gql(ORDER, {"id": _id(order)})["data"]["order"]["lines"][0]

    assert "basket-1" in line["thumbnail"]["url"] or "/thumbnail/" in line["thumbnail"]["url"]

"""checkoutComplete through the API: Saleor's payload, errors in the payload, the buyer's checkout only."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.checkout.models import Checkout
from storefront.orders.models import Order
from tests.storefront.accounts.factories import UserFactory, bearer
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_ready

pytestmark = pytest.mark.django_db

COMPLETE = """
mutation ($id: ID, $token: UUID, $metadata: [MetadataInput!], $redirectUrl: String) {
  checkoutComplete(id: $id, token: $token, metadata: $metadata, redirectUrl: $redirectUrl) {
    order {
      id number token status userEmail chargeStatus isPaid
      total { gross { amount currency } }
      lines { productName quantity hsCode countryOfOrigin { code } }
      shippingMethodName
      deliveryMethod { __typename ... on ShippingMethod { name minimumDeliveryDays maximumDeliveryDays } }
    }
    confirmationNeeded
    confirmationData
    errors { field code message variants lines }
    checkoutErrors { code }
  }
}
"""


def _id(checkout) -> str:
    return to_global_id("Checkout", checkout.pk)


def test_a_guest_completes_their_checkout_and_gets_the_order(gql):
    channel = channel_create()
    variant = product_create(channel, price="20.00")
    checkout = checkout_ready(channel, [(variant, 2)])

    body = gql(COMPLETE, {"id": _id(checkout), "metadata": [{"key": "utm", "value": "mail"}]})

    payload = body["data"]["checkoutComplete"]
    assert payload["errors"] == [] and payload["checkoutErrors"] == []
    assert payload["confirmationNeeded"] is False and payload["confirmationData"] is None
    order = payload["order"]
    placed = Order.objects.get()
    assert order["id"] == to_global_id("Order", placed.pk) and order["token"] == str(placed.pk)
    assert order["status"] == "UNFULFILLED" and order["chargeStatus"] == "NONE" and order["isPaid"] is False
    assert order["total"]["gross"] == {"amount": 45.0, "currency": "USD"}
    assert order["lines"] == [
        {
            "productName": variant.product.name,
            "quantity": 2,
            "hsCode": "6304",
            "countryOfOrigin": {"code": "ID"},
        }
    ]
    assert order["shippingMethodName"] == "Post"
    assert order["deliveryMethod"] == {
        "__typename": "ShippingMethod",
        "name": "Post",
        "minimumDeliveryDays": 5,
        "maximumDeliveryDays": 10,
    }
    assert placed.metadata == {"utm": "mail"}
    assert not Checkout.objects.exists()


def test_the_deprecated_token_argument_still_completes(gql):
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])

    body = gql(COMPLETE, {"token": str(checkout.pk)})

    assert body["data"]["checkoutComplete"]["order"]["number"]


def test_a_refusal_is_errors_in_the_payload_and_nothing_changes(gql):
    channel = channel_create()
    variant = product_create(channel)
    checkout = checkout_ready(channel, [(variant, 1)], method=False)

    body = gql(COMPLETE, {"id": _id(checkout)})

    payload = body["data"]["checkoutComplete"]
    assert payload["order"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("SHIPPING_METHOD_NOT_SET", "shippingMethod")
    ]
    assert payload["checkoutErrors"] == [{"code": "SHIPPING_METHOD_NOT_SET"}]
    assert Checkout.objects.filter(pk=checkout.pk).exists() and not Order.objects.exists()


def test_a_redirect_url_off_the_shop_is_refused(gql, settings):
    settings.ALLOWED_CLIENT_HOSTS = ["shop.example"]
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])

    body = gql(COMPLETE, {"id": _id(checkout), "redirectUrl": "https://evil.example/order"})

    assert [(e["code"], e["field"]) for e in body["data"]["checkoutComplete"]["errors"]] == [
        ("INVALID", "redirectUrl")
    ]


def test_another_buyers_checkout_cannot_be_completed(gql):
    channel = channel_create()
    owner, stranger = UserFactory(), UserFactory()
    checkout = checkout_ready(channel, [(product_create(channel), 1)], user=owner)

    as_stranger = gql(COMPLETE, {"id": _id(checkout)}, headers=bearer(stranger))
    as_guest = gql(COMPLETE, {"id": _id(checkout)})

    for body in (as_stranger, as_guest):
        payload = body["data"]["checkoutComplete"]
        assert payload["order"] is None and [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    assert not Order.objects.exists()
    mine = gql(COMPLETE, {"id": _id(checkout)}, headers=bearer(owner))
    assert mine["data"]["checkoutComplete"]["order"]["userEmail"] == "buyer@example.com"


def test_a_buyer_sees_the_new_order_in_their_history(gql):
    channel = channel_create()
    buyer = UserFactory()
    checkout = checkout_ready(channel, [(product_create(channel), 1)], user=buyer)
    gql(COMPLETE, {"id": _id(checkout)}, headers=bearer(buyer))

    body = gql("{ me { orders(first: 5) { totalCount edges { node { number } } } } }", headers=bearer(buyer))

    assert body["data"]["me"]["orders"]["totalCount"] == 1


def test_completing_an_unknown_checkout_is_not_found(gql):
    body = gql(COMPLETE, {"id": to_global_id("Checkout", "6a1c6f1e-0000-4000-8000-000000000000")})

    assert [e["code"] for e in body["data"]["checkoutComplete"]["errors"]] == ["NOT_FOUND"]

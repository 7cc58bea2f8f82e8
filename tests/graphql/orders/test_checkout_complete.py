"""checkoutComplete through the API: Saleor's payload, errors in the payload, the buyer's checkout only;
a checkout completed already gives its order back to whoever could see the checkout."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.checkout.models import Checkout
from storefront.orders.models import Order
from tests.storefront.accounts.factories import UserFactory, bearer
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

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
    checkout_pay(checkout)

    body = gql(COMPLETE, {"id": _id(checkout), "metadata": [{"key": "utm", "value": "mail"}]})

    payload = body["data"]["checkoutComplete"]
    assert payload["errors"] == [] and payload["checkoutErrors"] == []
    assert payload["confirmationNeeded"] is False and payload["confirmationData"] is None
    order = payload["order"]
    placed = Order.objects.get()
    assert order["id"] == to_global_id("Order", placed.pk) and order["token"] == str(placed.pk)
    assert order["status"] == "UNFULFILLED" and order["chargeStatus"] == "FULL" and order["isPaid"] is True
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
    checkout_pay(checkout)

    body = gql(COMPLETE, {"token": str(checkout.pk)})

    assert body["data"]["checkoutComplete"]["order"]["number"]


def test_a_refusal_is_errors_in_the_payload_and_nothing_changes(gql):
    channel = channel_create()
    variant = product_create(channel)
    checkout = checkout_ready(channel, [(variant, 1)], method=False)
    checkout_pay(checkout)

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
    checkout_pay(checkout)

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
    checkout_pay(checkout)
    gql(COMPLETE, {"id": _id(checkout)}, headers=bearer(buyer))

    body = gql("{ me { orders(first: 5) { totalCount edges { node { number } } } } }", headers=bearer(buyer))

    assert body["data"]["me"]["orders"]["totalCount"] == 1


def test_completing_an_unknown_checkout_is_not_found(gql):
    body = gql(COMPLETE, {"id": to_global_id("Checkout", "6a1c6f1e-0000-4000-8000-000000000000")})

    assert [e["code"] for e in body["data"]["checkoutComplete"]["errors"]] == ["NOT_FOUND"]


def test_an_unpaid_checkout_is_refused_as_saleor_refuses_it(gql):
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])
    checkout_pay(checkout, event="CHARGE_REQUEST")  # still processing: not paid yet

    payload = gql(COMPLETE, {"id": _id(checkout)})["data"]["checkoutComplete"]

    assert payload["order"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("CHECKOUT_NOT_FULLY_PAID", "id")]
    assert Checkout.objects.filter(pk=checkout.pk).exists()


def test_a_guest_completing_again_gets_the_same_order_and_no_error(gql):
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])
    checkout_pay(checkout)
    first = gql(COMPLETE, {"id": _id(checkout)})["data"]["checkoutComplete"]

    again = gql(COMPLETE, {"id": _id(checkout)})["data"]["checkoutComplete"]
    by_token = gql(COMPLETE, {"token": str(checkout.pk)})["data"]["checkoutComplete"]

    for payload in (again, by_token):
        assert payload["errors"] == []
        assert payload["order"]["id"] == first["order"]["id"]
    assert Order.objects.count() == 1


def test_a_buyers_completed_checkout_gives_the_order_to_them_only(gql):
    channel = channel_create()
    owner, stranger = UserFactory(), UserFactory()
    checkout = checkout_ready(channel, [(product_create(channel), 1)], user=owner)
    checkout_pay(checkout)
    placed = gql(COMPLETE, {"id": _id(checkout)}, headers=bearer(owner))["data"]["checkoutComplete"]["order"]

    mine = gql(COMPLETE, {"id": _id(checkout)}, headers=bearer(owner))["data"]["checkoutComplete"]
    as_stranger = gql(COMPLETE, {"id": _id(checkout)}, headers=bearer(stranger))["data"]["checkoutComplete"]
    as_guest = gql(COMPLETE, {"id": _id(checkout)})["data"]["checkoutComplete"]

    assert mine["errors"] == [] and mine["order"]["id"] == placed["id"]
    for payload in (as_stranger, as_guest):
        assert payload["order"] is None and [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]

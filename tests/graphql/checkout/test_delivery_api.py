"""Delivery through the API: shipping methods offered for the address, the choice priced, import VAT shown."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.channels.models import ImportVatScheme, TaxRate
from storefront.channels.tax import tax_decision
from storefront.checkout.models import Checkout
from storefront.core.money import Money
from storefront.shipping.models import Restriction
from tests.graphql.checkout.test_checkout_api import BERLIN, SHIPPING, _create, _error
from tests.storefront.checkout.factories import channel_create, product_create, shipping_method_of

pytestmark = pytest.mark.django_db

FIELDS = """
  shippingMethods { id name price { amount currency } minimumDeliveryDays maximumDeliveryDays }
  deliveryMethod { ... on ShippingMethod { id } ... on Warehouse { id } }
  delivery { id shippingMethod { id } }
  shippingPrice { gross { amount } }
  subtotalPrice { gross { amount } }
  totalPrice { gross { amount currency } net { amount } tax { amount } }
  importVat { collectedAt scheme amount { amount currency } }
  problems { __typename }
"""
DELIVERY = f"""
mutation($id: ID, $method: ID) {{
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {{
    checkout {{ {FIELDS} }}
    errors {{ field code message }}
  }}
}}"""
OPTIONS = """
mutation($id: ID!) {
  deliveryOptionsCalculate(id: $id) {
    deliveries { id shippingMethod { name price { amount } } }
    errors { code }
  }
}"""
QUERY = f"query($id: ID) {{ checkout(id: $id) {{ {FIELDS} }} }}"


def mid(channel) -> str:
    return to_global_id("ShippingMethod", shipping_method_of(channel).pk)


def test_methods_are_offered_for_the_address_and_the_choice_is_priced(gql) -> None:
    channel = channel_create(shipping_price="7.50")
    variant = product_create(channel, price="20.00")
    checkout = _create(gql, channel, variant, 2)
    assert gql(QUERY, {"id": checkout["id"]})["data"]["checkout"]["shippingMethods"] == []
    gql(SHIPPING, {"id": checkout["id"], "address": BERLIN})
    found = gql(QUERY, {"id": checkout["id"]})["data"]["checkout"]
    assert [(m["name"], m["price"]["amount"]) for m in found["shippingMethods"]] == [("Post", 7.5)]
    assert found["shippingMethods"][0]["minimumDeliveryDays"] == 5
    options = gql(OPTIONS, {"id": checkout["id"]})["data"]["deliveryOptionsCalculate"]
    assert options["errors"] == [] and options["deliveries"][0]["id"] == mid(channel)

    chosen = gql(DELIVERY, {"id": checkout["id"], "method": mid(channel)})["data"][
        "checkoutDeliveryMethodUpdate"
    ]
    assert chosen["errors"] == []
    result = chosen["checkout"]
    assert result["deliveryMethod"] == {"id": mid(channel)}
    assert result["delivery"] == {"id": mid(channel), "shippingMethod": {"id": mid(channel)}}
    assert result["shippingPrice"]["gross"]["amount"] == 7.5
    assert result["totalPrice"]["gross"] == {"amount": 47.5, "currency": "USD"}
    assert result["problems"] == []
    assert Checkout.objects.get().shipping_method_id == shipping_method_of(channel).pk


def test_delivery_errors(gql) -> None:
    channel = channel_create()
    other = channel_create("other-usd")
    variant = product_create(channel)
    checkout = _create(gql, channel, variant, 1)
    error = _error(
        gql(DELIVERY, {"id": checkout["id"], "method": mid(channel)}), "checkoutDeliveryMethodUpdate"
    )
    assert (error["code"], error["field"]) == ("SHIPPING_ADDRESS_NOT_SET", "deliveryMethodId")
    gql(SHIPPING, {"id": checkout["id"], "address": BERLIN})
    error = _error(
        gql(DELIVERY, {"id": checkout["id"], "method": mid(other)}), "checkoutDeliveryMethodUpdate"
    )
    assert error["code"] == "DELIVERY_METHOD_NOT_APPLICABLE"
    warehouse = to_global_id("Warehouse", 1)
    error = _error(gql(DELIVERY, {"id": checkout["id"], "method": warehouse}), "checkoutDeliveryMethodUpdate")
    assert error["code"] == "DELIVERY_METHOD_NOT_APPLICABLE"
    error = _error(gql(DELIVERY, {"id": checkout["id"], "method": "junk"}), "checkoutDeliveryMethodUpdate")
    assert error["code"] == "GRAPHQL_ERROR"
    assert Checkout.objects.get().shipping_method_id is None
    missing = gql(OPTIONS, {"id": to_global_id("Checkout", "00000000-0000-0000-0000-000000000000")})
    assert missing["data"]["deliveryOptionsCalculate"]["errors"] == [{"code": "NOT_FOUND"}]


def test_a_method_that_no_longer_applies_costs_nothing_and_is_a_problem(gql) -> None:
    channel = channel_create()
    variant = product_create(channel)
    checkout = _create(gql, channel, variant, 1, shippingAddress=BERLIN)
    gql(DELIVERY, {"id": checkout["id"], "method": mid(channel)})
    shipping_method_of(channel).channel_listings.all().delete()
    found = gql(QUERY, {"id": checkout["id"]})["data"]["checkout"]
    assert found["shippingPrice"]["gross"]["amount"] == 0.0
    assert found["delivery"] == {"id": mid(channel), "shippingMethod": None}
    assert [p["__typename"] for p in found["problems"]] == ["CheckoutProblemDeliveryMethodInvalid"]


def test_import_vat_over_the_threshold_is_paid_at_import_and_not_charged(gql) -> None:
    channel = channel_create("eu-eur", "EUR", shipping_price="10.00")
    TaxRate.objects.create(channel=channel, country="DE", rate="0.19")
    ImportVatScheme.objects.create(
        channel=channel, code="IOSS", countries=["DE"], threshold_amount="150", currency="EUR"
    )
    cheap = product_create(channel, price="119.00")
    dear = product_create(channel, price="238.00")
    small = _create(gql, channel, cheap, 1, shippingAddress=BERLIN)
    vat = gql(QUERY, {"id": small["id"]})["data"]["checkout"]
    assert vat["importVat"] == {
        "collectedAt": "CHECKOUT",
        "scheme": "IOSS",
        "amount": {"amount": 19.0, "currency": "EUR"},
    }
    assert vat["totalPrice"]["net"]["amount"] == 100.0
    big = _create(gql, channel, dear, 1, shippingAddress=BERLIN)
    vat = gql(QUERY, {"id": big["id"]})["data"]["checkout"]
    assert vat["importVat"]["collectedAt"] == "IMPORT"
    # The estimate of what customs will charge is the tax table's (storefront.channels.tax).
    decision = tax_decision(channel=channel, country="DE", goods_value=Money(Decimal("238.00"), "EUR"))
    assert vat["importVat"]["amount"]["amount"] == float(decision.import_vat.amount) > 0
    assert vat["totalPrice"]["gross"]["amount"] == 200.0 and vat["totalPrice"]["tax"]["amount"] == 0.0


def test_a_restricted_good_for_the_destination_is_refused_naming_the_line(gql) -> None:
    Restriction.objects.create(hs_code_prefix="0409", country="AU", reason="Honey may not enter Australia.")
    channel = channel_create()
    honey = product_create(channel, hs_code="040900")
    checkout = _create(gql, channel, honey, 1)
    sydney = {**BERLIN, "city": "Sydney", "countryArea": "NSW", "postalCode": "2000", "country": "AU"}
    error = _error(gql(SHIPPING, {"id": checkout["id"], "address": sydney}), "checkoutShippingAddressUpdate")
    assert error["code"] == "INVALID" and error["field"] == "lines"
    assert error["lines"] == [checkout["lines"][0]["id"]]
    assert "Honey may not enter Australia." in error["message"]
    assert Checkout.objects.get().shipping_address is None

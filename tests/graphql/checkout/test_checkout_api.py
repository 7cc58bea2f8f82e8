"""The checkout API as the storefront uses it: every mutation and error code; a refusal changes nothing."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from graphql_schema.core.relay import to_global_id
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.inventory.models import Reservation
from tests.storefront.accounts.factories import UserFactory, bearer
from tests.storefront.checkout.factories import channel_create, product_create

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message variants lines addressType }"
CHECKOUT = """
  id token email quantity isShippingRequired languageCode stockReservationExpires
  authorizeStatus chargeStatus voucherCode discountName translatedDiscountName
  discount { amount currency } giftCards { id } availablePaymentGateways { id }
  availableCollectionPoints { id }
  channel { slug }
  shippingAddress { city postalCode country { code } }
  billingAddress { city country { code } }
  subtotalPrice { gross { amount currency } net { amount } tax { amount } }
  shippingPrice { gross { amount } }
  totalPrice { gross { amount currency } tax { amount } }
  importVat { collectedAt scheme amount { amount } }
  lines {
    id quantity requiresShipping hsCode countryOfOrigin { code }
    unitPrice { gross { amount } } undiscountedUnitPrice { amount }
    totalPrice { gross { amount currency } } undiscountedTotalPrice { amount }
    variant { id name quantityAvailable product { name } }
    problems { __typename }
  }
  problems { __typename }
"""
CREATE = f"""
mutation($input: CheckoutCreateInput!) {{
  checkoutCreate(input: $input) {{ checkout {{ {CHECKOUT} }} {ERRORS} }}
}}"""
ADD = f"""
mutation($id: ID, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesAdd(id: $id, lines: $lines) {{ checkout {{ {CHECKOUT} }} {ERRORS} }}
}}"""
UPDATE = f"""
mutation($id: ID, $lines: [CheckoutLineUpdateInput!]!) {{
  checkoutLinesUpdate(id: $id, lines: $lines) {{ checkout {{ {CHECKOUT} }} {ERRORS} }}
}}"""
DELETE = f"""
mutation($id: ID, $lineIds: [ID!]!) {{
  checkoutLinesDelete(id: $id, linesIds: $lineIds) {{ checkout {{ {CHECKOUT} }} {ERRORS} }}
}}"""
LINE_DELETE = f"""
mutation($id: ID, $lineId: ID) {{
  checkoutLineDelete(id: $id, lineId: $lineId) {{ checkout {{ {CHECKOUT} }} {ERRORS} }}
}}"""
EMAIL = f"""
mutation($id: ID, $email: String!) {{
  checkoutEmailUpdate(id: $id, email: $email) {{ checkout {{ email }} {ERRORS} }}
}}"""
SHIPPING = f"""
mutation($id: ID, $address: AddressInput!) {{
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {{ checkout {{ {CHECKOUT} }} {ERRORS} }}
}}"""
BILLING = f"""
mutation($id: ID, $address: AddressInput!) {{
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) {{ checkout {{ {CHECKOUT} }} {ERRORS} }}
}}"""
LANGUAGE = f"""
mutation($id: ID, $code: LanguageCodeEnum!) {{
  checkoutLanguageCodeUpdate(id: $id, languageCode: $code) {{ checkout {{ languageCode }} {ERRORS} }}
}}"""
ATTACH = f"""
mutation($id: ID) {{
  checkoutCustomerAttach(id: $id) {{ checkout {{ email user {{ email }} }} {ERRORS} }}
}}"""
DETACH = f"""
mutation($id: ID) {{ checkoutCustomerDetach(id: $id) {{ checkout {{ user {{ email }} }} {ERRORS} }} }}"""
QUERY = f"query($id: ID, $token: UUID) {{ checkout(id: $id, token: $token) {{ {CHECKOUT} }} }}"

BERLIN = {
    "firstName": "Anna",
    "lastName": "Schmidt",
    "streetAddress1": "Unter den Linden 1",
    "city": "Berlin",
    "postalCode": "10117",
    "country": "DE",
}


def vid(variant) -> str:
    return to_global_id("ProductVariant", variant.pk)


def _create(gql, channel, variant=None, quantity: int = 1, headers=None, **input_fields):
    lines = [{"variantId": vid(variant), "quantity": quantity}] if variant is not None else []
    result = gql(
        CREATE, {"input": {"channel": channel.slug, "lines": lines, **input_fields}}, headers=headers
    )
    payload = result["data"]["checkoutCreate"]
    assert payload["errors"] == [], payload["errors"]
    return payload["checkout"]


def test_create_with_lines_shows_saleors_checkout_fragment(gql) -> None:
    channel = channel_create(tax_rate="0.11")
    variant = product_create(channel, price="12.50", stock=5)
    checkout = _create(gql, channel, variant, 2, email="buyer@example.com", shippingAddress=BERLIN)
    assert checkout["email"] == "buyer@example.com"
    assert checkout["quantity"] == 2 and checkout["isShippingRequired"] is True
    assert checkout["id"] == to_global_id("Checkout", checkout["token"])
    assert checkout["authorizeStatus"] == "NONE" and checkout["chargeStatus"] == "NONE"
    assert checkout["discount"] == {"amount": 0.0, "currency": "USD"}
    assert checkout["giftCards"] == []
    assert [gateway["id"] for gateway in checkout["availablePaymentGateways"]] == [
        "saleor.io.dummy-payment-app"
    ]
    assert checkout["voucherCode"] is None and checkout["discountName"] is None
    assert checkout["shippingAddress"]["country"]["code"] == "DE"
    assert checkout["subtotalPrice"]["gross"] == {"amount": 25.0, "currency": "USD"}
    assert checkout["subtotalPrice"]["net"]["amount"] == 22.52  # 25 / 1.11 = 22.5225
    assert checkout["totalPrice"]["gross"]["amount"] == 25.0
    assert checkout["shippingPrice"]["gross"]["amount"] == 0.0
    assert checkout["importVat"]["collectedAt"] == "CHECKOUT"
    assert checkout["stockReservationExpires"] is not None
    (line,) = checkout["lines"]
    assert line["quantity"] == 2 and line["hsCode"] == "6304" and line["countryOfOrigin"]["code"] == "ID"
    assert line["unitPrice"]["gross"]["amount"] == 12.5
    assert line["totalPrice"]["gross"]["amount"] == 25.0
    assert line["variant"]["id"] == vid(variant)
    assert line["variant"]["quantityAvailable"] == 3  # 5 in stock, 2 reserved by this very checkout
    assert line["problems"] == [] and checkout["problems"] == []


def test_the_query_finds_a_guest_checkout_by_id_or_token(gql) -> None:
    channel = channel_create()
    checkout = _create(gql, channel)
    by_id = gql(QUERY, {"id": checkout["id"]})["data"]["checkout"]
    by_token = gql(QUERY, {"token": checkout["token"]})["data"]["checkout"]
    assert by_id["token"] == by_token["token"] == checkout["token"]
    missing = to_global_id("Checkout", uuid.uuid4())
    assert gql(QUERY, {"id": missing})["data"]["checkout"] is None


def test_lines_add_update_and_delete(gql) -> None:
    channel = channel_create()
    a = product_create(channel, price="3.00", stock=10)
    b = product_create(channel, price="4.00", stock=10)
    checkout = _create(gql, channel, a, 1)
    added = gql(
        ADD,
        {
            "id": checkout["id"],
            "lines": [{"variantId": vid(a), "quantity": 2}, {"variantId": vid(b), "quantity": 1}],
        },
    )
    payload = added["data"]["checkoutLinesAdd"]
    assert payload["errors"] == []
    lines = {line["variant"]["id"]: line for line in payload["checkout"]["lines"]}
    assert lines[vid(a)]["quantity"] == 3 and lines[vid(b)]["quantity"] == 1
    assert payload["checkout"]["totalPrice"]["gross"]["amount"] == 13.0

    updated = gql(UPDATE, {"id": checkout["id"], "lines": [{"lineId": lines[vid(a)]["id"], "quantity": 1}]})
    assert updated["data"]["checkoutLinesUpdate"]["checkout"]["quantity"] == 2
    assert Reservation.objects.get(checkout_line__variant=a).quantity_reserved == 1

    deleted = gql(DELETE, {"id": checkout["id"], "lineIds": [lines[vid(b)]["id"]]})
    assert [
        line["variant"]["id"] for line in deleted["data"]["checkoutLinesDelete"]["checkout"]["lines"]
    ] == [vid(a)]
    gone = gql(LINE_DELETE, {"id": checkout["id"], "lineId": lines[vid(a)]["id"]})
    assert gone["data"]["checkoutLineDelete"]["checkout"]["lines"] == []
    assert not Reservation.objects.exists()


def test_quantity_zero_in_update_deletes_the_line(gql) -> None:
    channel = channel_create()
    variant = product_create(channel)
    checkout = _create(gql, channel, variant, 2)
    line_id = checkout["lines"][0]["id"]
    result = gql(UPDATE, {"id": checkout["id"], "lines": [{"lineId": line_id, "quantity": 0}]})
    assert result["data"]["checkoutLinesUpdate"]["checkout"]["lines"] == []


def _error(result, mutation: str) -> dict:
    payload = result["data"][mutation]
    assert payload["checkout"] is None, payload
    (error,) = payload["errors"]
    return error


@pytest.mark.parametrize(
    ("quantity", "code", "field"),
    [
        (0, "ZERO_QUANTITY", "quantity"),
        (-3, "ZERO_QUANTITY", "quantity"),
        (51, "QUANTITY_GREATER_THAN_LIMIT", "quantity"),
    ],
)
def test_bad_quantities_are_errors_and_change_nothing(gql, quantity, code, field) -> None:
    channel = channel_create()
    variant = product_create(channel, stock=100)
    checkout = _create(gql, channel)
    error = _error(
        gql(ADD, {"id": checkout["id"], "lines": [{"variantId": vid(variant), "quantity": quantity}]}),
        "checkoutLinesAdd",
    )
    assert (error["code"], error["field"]) == (code, field)
    assert not CheckoutLine.objects.exists()


def test_more_than_in_stock_is_insufficient_stock_naming_the_variant(gql) -> None:
    channel = channel_create()
    variant = product_create(channel, stock=2)
    checkout = _create(gql, channel)
    error = _error(
        gql(ADD, {"id": checkout["id"], "lines": [{"variantId": vid(variant), "quantity": 3}]}),
        "checkoutLinesAdd",
    )
    assert error["code"] == "INSUFFICIENT_STOCK"
    assert error["variants"] == [vid(variant)]
    assert "Only 2 remaining" in error["message"]
    assert not CheckoutLine.objects.exists()


@pytest.mark.parametrize(
    ("variant_id", "code"),
    [
        (to_global_id("ProductVariant", 987654), "GRAPHQL_ERROR"),
        ("not-an-id", "GRAPHQL_ERROR"),
        (to_global_id("Product", 1), "GRAPHQL_ERROR"),
    ],
)
def test_unknown_or_malformed_variants_are_refused(gql, variant_id, code) -> None:
    channel = channel_create()
    checkout = _create(gql, channel)
    error = _error(
        gql(ADD, {"id": checkout["id"], "lines": [{"variantId": variant_id, "quantity": 1}]}),
        "checkoutLinesAdd",
    )
    assert (error["code"], error["field"]) == (code, "variantId")


def test_unpublished_and_unavailable_products_are_refused(gql) -> None:
    channel = channel_create()
    hidden = product_create(channel, published=False)
    not_yet = product_create(channel, available=False)
    checkout = _create(gql, channel)
    for variant, code in ((hidden, "PRODUCT_NOT_PUBLISHED"), (not_yet, "PRODUCT_UNAVAILABLE_FOR_PURCHASE")):
        error = _error(
            gql(ADD, {"id": checkout["id"], "lines": [{"variantId": vid(variant), "quantity": 1}]}),
            "checkoutLinesAdd",
        )
        assert error["code"] == code and error["variants"] == [vid(variant)] and error["field"] == "lines"
    other = product_create(channel_create("elsewhere"))
    error = _error(
        gql(ADD, {"id": checkout["id"], "lines": [{"variantId": vid(other), "quantity": 1}]}),
        "checkoutLinesAdd",
    )
    assert error["code"] == "UNAVAILABLE_VARIANT_IN_CHANNEL"
    assert not CheckoutLine.objects.exists()


def test_create_errors_unknown_channel_and_bad_email(gql) -> None:
    channel_create()
    result = gql(CREATE, {"input": {"channel": "nowhere", "lines": []}})
    assert _error(result, "checkoutCreate")["code"] == "NOT_FOUND"
    result = gql(CREATE, {"input": {"channel": "intl-usd", "email": "nope"}})
    assert _error(result, "checkoutCreate")["code"] == "INVALID"
    assert not Checkout.objects.exists()


def test_shipping_address_country_must_be_served_and_postcodes_valid(gql) -> None:
    channel = channel_create(countries=["DE", "JP"])
    checkout = _create(gql, channel)
    error = _error(
        gql(
            SHIPPING,
            {
                "id": checkout["id"],
                "address": {**BERLIN, "country": "FR", "postalCode": "75001", "city": "Paris"},
            },
        ),
        "checkoutShippingAddressUpdate",
    )
    assert (error["code"], error["field"], error["addressType"]) == ("INVALID", "country", "SHIPPING")
    error = _error(
        gql(SHIPPING, {"id": checkout["id"], "address": {**BERLIN, "postalCode": "XYZ"}}),
        "checkoutShippingAddressUpdate",
    )
    assert (error["code"], error["field"], error["addressType"]) == ("INVALID", "postalCode", "SHIPPING")
    assert Checkout.objects.get().shipping_address is None
    ok = gql(SHIPPING, {"id": checkout["id"], "address": BERLIN})["data"]["checkoutShippingAddressUpdate"]
    assert ok["errors"] == [] and ok["checkout"]["shippingAddress"]["postalCode"] == "10117"
    billing = gql(BILLING, {"id": checkout["id"], "address": {**BERLIN, "postalCode": ""}})
    error = _error(billing, "checkoutBillingAddressUpdate")
    assert (error["code"], error["field"], error["addressType"]) == ("REQUIRED", "postalCode", "BILLING")


def test_email_and_language_updates(gql) -> None:
    channel = channel_create()
    checkout = _create(gql, channel)
    assert gql(EMAIL, {"id": checkout["id"], "email": "a@b.co"})["data"]["checkoutEmailUpdate"][
        "checkout"
    ] == {"email": "a@b.co"}
    error = _error(gql(EMAIL, {"id": checkout["id"], "email": "bad"}), "checkoutEmailUpdate")
    assert (error["code"], error["field"]) == ("INVALID", "email")
    result = gql(LANGUAGE, {"id": checkout["id"], "code": "JA"})["data"]["checkoutLanguageCodeUpdate"]
    assert result["checkout"]["languageCode"] == "JA"
    assert Checkout.objects.get().language_code == "ja"


def test_unknown_and_malformed_checkout_ids(gql) -> None:
    channel_create()
    missing = to_global_id("Checkout", uuid.uuid4())
    assert (
        _error(gql(EMAIL, {"id": missing, "email": "a@b.co"}), "checkoutEmailUpdate")["code"] == "NOT_FOUND"
    )
    assert (
        _error(gql(EMAIL, {"id": "garbage", "email": "a@b.co"}), "checkoutEmailUpdate")["code"]
        == "GRAPHQL_ERROR"
    )


def test_a_users_checkout_is_theirs_alone(gql) -> None:
    channel = channel_create()
    variant = product_create(channel)
    buyer, other = UserFactory(), UserFactory()
    checkout = _create(gql, channel, variant, 1, headers=bearer(buyer))
    assert Checkout.objects.get().user_id == buyer.pk
    assert (
        gql(QUERY, {"id": checkout["id"]}, headers=bearer(buyer))["data"]["checkout"]["id"] == checkout["id"]
    )
    for headers in ({}, bearer(other)):
        assert gql(QUERY, {"id": checkout["id"]}, headers=headers)["data"]["checkout"] is None
        assert gql(QUERY, {"token": checkout["token"]}, headers=headers)["data"]["checkout"] is None
        result = gql(
            ADD,
            {"id": checkout["id"], "lines": [{"variantId": vid(variant), "quantity": 1}]},
            headers=headers,
        )
        assert _error(result, "checkoutLinesAdd")["code"] == "NOT_FOUND"
        result = gql(EMAIL, {"id": checkout["id"], "email": "thief@example.com"}, headers=headers)
        assert _error(result, "checkoutEmailUpdate")["code"] == "NOT_FOUND"
    assert CheckoutLine.objects.get().quantity == 1
    assert Checkout.objects.get().email == buyer.email


def test_customer_attach_and_detach(gql) -> None:
    channel = channel_create()
    buyer = UserFactory()
    checkout = _create(gql, channel)
    attached = gql(ATTACH, {"id": checkout["id"]}, headers=bearer(buyer))["data"]["checkoutCustomerAttach"]
    assert attached["errors"] == [] and attached["checkout"]["user"]["email"] == buyer.email
    assert attached["checkout"]["email"] == buyer.email
    refused = gql(ATTACH, {"id": checkout["id"]})
    assert refused["data"]["checkoutCustomerAttach"] is None and refused["errors"]
    detached = gql(DETACH, {"id": checkout["id"]}, headers=bearer(buyer))["data"]["checkoutCustomerDetach"]
    assert detached["errors"] == [] and detached["checkout"]["user"] is None
    assert Checkout.objects.get().user_id is None


def test_line_problems_show_stock_lost_after_adding(gql) -> None:
    channel = channel_create()
    variant = product_create(channel, stock=3)
    checkout = _create(gql, channel, variant, 2)
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(seconds=1))
    from storefront.inventory.models import Stock

    Stock.objects.filter(product_variant=variant).update(quantity_allocated=2)
    found = gql(QUERY, {"id": checkout["id"]})["data"]["checkout"]
    assert [p["__typename"] for p in found["problems"]] == ["CheckoutLineProblemInsufficientStock"]
    assert found["stockReservationExpires"] is None


def test_quantity_available_counts_the_channels_warehouses_minus_reservations_and_allocations(gql) -> None:
    usd = channel_create()
    variant = product_create(usd, stock=5)
    other = channel_create("jp-jpy", "JPY")
    from storefront.inventory import services as inventory
    from tests.storefront.checkout.factories import list_in, warehouse_of

    list_in(other, variant, price="1000")
    inventory.stock_set(warehouse=warehouse_of(other), variant=variant, quantity=7)
    _create(gql, usd, variant, 2)
    from storefront.inventory.models import Stock

    Stock.objects.filter(product_variant=variant, warehouse=warehouse_of(usd)).update(quantity_allocated=1)
    query = "query($id: ID!, $c: String) { productVariant(id: $id, channel: $c) { quantityAvailable } }"
    assert gql(query, {"id": vid(variant), "c": usd.slug})["data"]["productVariant"]["quantityAvailable"] == 2
    assert (
        gql(query, {"id": vid(variant), "c": other.slug})["data"]["productVariant"]["quantityAvailable"] == 7
    )


ADD_LINE = """
mutation CheckoutAddLine($id: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) {
    checkout { id lines { id quantity variant { name product { name } } } }
    errors { message }
  }
}"""


def test_lines_add_costs_at_most_13_statements_for_1_and_20_lines(gql) -> None:
    channel = channel_create()
    variants = [product_create(channel) for _ in range(21)]
    counts = []
    for batch in ([variants[0]], variants[1:]):
        checkout = _create(gql, channel)
        lines = [{"variantId": vid(v), "quantity": 1} for v in batch]
        with CaptureQueriesContext(connection) as queries:
            result = gql(ADD_LINE, {"id": checkout["id"], "lines": lines})
        assert result["data"]["checkoutLinesAdd"]["errors"] == []
        assert len(result["data"]["checkoutLinesAdd"]["checkout"]["lines"]) == len(batch)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 13, counts  # 13: the channel's running order promotion rules, read once


ME_CHECKOUTS = """
query($channel: String) {
  me {
    checkoutIds(channel: $channel)
    checkoutTokens
    checkouts(first: 10, channel: $channel) { totalCount edges { node { id quantity lines { quantity } } } }
  }
}"""


def test_a_user_lists_their_own_checkouts(gql) -> None:
    channel = channel_create()
    other_channel = channel_create("other-usd")
    variant = product_create(channel)
    buyer, stranger = UserFactory(), UserFactory()
    mine = _create(gql, channel, variant, 2, headers=bearer(buyer))
    _create(gql, other_channel, headers=bearer(buyer))
    _create(gql, channel, headers=bearer(stranger))
    me = gql(ME_CHECKOUTS, {"channel": channel.slug}, headers=bearer(buyer))["data"]["me"]
    assert me["checkoutIds"] == [mine["id"]]
    assert len(me["checkoutTokens"]) == 2
    assert me["checkouts"]["totalCount"] == 1
    assert me["checkouts"]["edges"][0]["node"] == {
        "id": mine["id"],
        "quantity": 2,
        "lines": [{"quantity": 2}],
    }


UPDATE_METADATA = """
mutation($id: ID!, $input: [MetadataInput!]!) {
  updateMetadata(id: $id, input: $input) {
    errors { field message }
    item { ... on Checkout { id metadata { key value } } }
  }
}"""


def test_checkout_metadata_as_the_storefront_writes_it(gql) -> None:
    channel = channel_create()
    buyer = UserFactory()
    guest = _create(gql, channel)
    result = gql(UPDATE_METADATA, {"id": guest["id"], "input": [{"key": "gift", "value": "yes"}]})
    payload = result["data"]["updateMetadata"]
    assert payload["errors"] == []
    assert payload["item"] == {"id": guest["id"], "metadata": [{"key": "gift", "value": "yes"}]}
    assert Checkout.objects.get(pk=guest["token"]).metadata == {"gift": "yes"}
    theirs = _create(gql, channel, headers=bearer(buyer))
    refused = gql(UPDATE_METADATA, {"id": theirs["id"], "input": [{"key": "x", "value": "y"}]})
    assert refused["data"]["updateMetadata"] is None or refused["data"]["updateMetadata"]["item"] is None
    assert Checkout.objects.get(pk=theirs["token"]).metadata == {}

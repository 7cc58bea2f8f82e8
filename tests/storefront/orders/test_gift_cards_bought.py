"""Gift cards bought as a product: one card per unit once the order is paid, never twice, mailed
to the buyer in their language; the lines fulfilled at once; no shipping for gift cards only; a
gift card never pays for gift cards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, transaction

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.catalog.models import ProductType, ProductVariant
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError
from storefront.checkout.fetch import checkout_info_fetch
from storefront.checkout.lines import LineInput
from storefront.checkout.promo_codes import checkout_promo_code_add
from storefront.checkout.services import checkout_lines_add
from storefront.discounts.models import GiftCard, GiftCardEvent
from storefront.orders.gift_cards import order_gift_cards_issue
from storefront.orders.models import Fulfillment, MakerEarning, Order
from storefront.orders.payment_state import order_payment_refresh
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import gift_card_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready
from tests.storefront.orders.test_payment_state import _charge

pytestmark = pytest.mark.django_db
IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def gift_card_variant(channel, *, price: str = "25.00") -> ProductVariant:
    """A gift card product (product type of kind GIFT_CARD, no shipping, no stock kept)."""
    variant = product_create(channel, price=price, stock=0, shipping=False)
    ProductType.objects.filter(pk=variant.product.product_type_id).update(kind=ProductType.Kind.GIFT_CARD)
    ProductVariant.objects.filter(pk=variant.pk).update(track_inventory=False)
    variant.refresh_from_db()
    return variant


def _bought(order: Order) -> list[GiftCard]:
    return list(GiftCard.objects.filter(bought_in_order_id=order.pk).order_by("bought_unit"))


def test_a_paid_order_issues_one_card_per_unit_fulfils_the_line_and_mails_the_codes(
    django_capture_on_commit_callbacks,
):
    channel = channel_create()
    cards_variant = gift_card_variant(channel, price="25.00")
    goods = product_create(channel, price="10.00")
    checkout = checkout_ready(channel, [(cards_variant, 2), (goods, 1)])
    checkout_pay(checkout)
    with django_capture_on_commit_callbacks(execute=True):
        order = complete_checkout(checkout, actor=Actor.system())

    cards = _bought(order)
    assert [
        (c.bought_unit, c.initial_balance_amount, c.current_balance_amount, c.currency) for c in cards
    ] == [
        (1, Decimal("25.000"), Decimal("25.000"), "USD"),
        (2, Decimal("25.000"), Decimal("25.000"), "USD"),
    ]
    assert {(c.created_by_email, c.used_by_email, c.is_active) for c in cards} == {
        ("buyer@example.com", "", True)
    }
    assert cards[0].code != cards[1].code
    line = order.lines.get(variant=cards_variant)
    assert {c.bought_in_order_line_id for c in cards} == {line.pk}
    assert list(
        GiftCardEvent.objects.filter(gift_card__in=cards, type="BOUGHT").values_list("order_id", flat=True)
    ) == [
        order.pk,
        order.pk,
    ]
    # The gift card line is fulfilled at once (no stock, no makers' earnings); the goods wait.
    assert line.quantity_fulfilled == 2
    assert order.lines.get(variant=goods).quantity_fulfilled == 0
    fulfillment = Fulfillment.objects.get(order=order)
    assert [(row.order_line_id, row.quantity, row.stock_id) for row in fulfillment.lines.all()] == [
        (line.pk, 2, None)
    ]
    assert not MakerEarning.objects.filter(order_line=line).exists()
    order.refresh_from_db()
    assert order.status == "PARTIALLY_FULFILLED"
    # The codes go to the buyer (the order confirmation goes too).
    (message,) = [m for m in mail.outbox if "gift card" in m.subject]
    assert message.to == ["buyer@example.com"]
    assert message.subject == f"Your gift cards from order #{order.number}"
    assert cards[0].code in message.body and cards[1].code in message.body
    assert "$25.00" in message.body
    assert GiftCardEvent.objects.filter(gift_card__in=cards, type="SENT_TO_CUSTOMER").count() == 2


def test_a_retried_webhook_or_refresh_issues_nothing_more(django_capture_on_commit_callbacks):
    channel = channel_create(allow_unpaid_orders=True)
    variant = gift_card_variant(channel, price="30.00")
    checkout = checkout_ready(channel, [(variant, 3)], method=False)
    order = complete_checkout(checkout, actor=Actor.system())
    assert _bought(order) == []  # unpaid: no card, nothing fulfilled
    assert order.lines.get().quantity_fulfilled == 0
    assert order.is_shipping_required is False

    with django_capture_on_commit_callbacks(execute=True):
        _charge(order, "30.00", "psp-1")
        _charge(order, "30.00", "psp-1")  # the gateway's webhook, retried: a repeat
    order.refresh_from_db()
    assert order.charge_status == "PARTIAL"
    assert _bought(order) == []  # partly paid: still none

    with django_capture_on_commit_callbacks(execute=True):
        _charge(order, "60.00", "psp-2")
        _charge(order, "60.00", "psp-2")
    order.refresh_from_db()
    assert order.is_paid
    assert len(_bought(order)) == 3
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        order_payment_refresh(locked)
        assert order_gift_cards_issue(locked) == []
    assert len(_bought(order)) == 3
    assert Fulfillment.objects.filter(order=order).count() == 1
    assert order.lines.get().quantity_fulfilled == 3
    order.refresh_from_db()
    assert order.status == "FULFILLED"
    assert len([m for m in mail.outbox if "gift card" in m.subject]) == 1


def test_one_card_per_line_unit_is_enforced_by_the_database():
    channel = channel_create(allow_unpaid_orders=True)
    checkout = checkout_ready(channel, [(gift_card_variant(channel), 1)], method=False)
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    (card,) = _bought(order)
    with pytest.raises(IntegrityError), transaction.atomic():
        GiftCard.objects.create(
            code="DUPLICATE-UNIT",
            currency="USD",
            initial_balance_amount=1,
            current_balance_amount=1,
            bought_in_order_line_id=card.bought_in_order_line_id,
            bought_unit=card.bought_unit,
        )


def test_the_codes_are_mailed_in_bahasa_indonesia_for_an_indonesian_buyer(django_capture_on_commit_callbacks):
    channel = channel_create("id-idr", "IDR")
    variant = gift_card_variant(channel, price="400000")
    checkout = checkout_ready(channel, [(variant, 1)], method=False, language_code="id")
    checkout_pay(checkout)
    with django_capture_on_commit_callbacks(execute=True):
        order = complete_checkout(checkout, actor=Actor.system())
    (card,) = _bought(order)
    assert (card.currency, card.initial_balance_amount) == ("IDR", Decimal("400000.000"))
    (message,) = [m for m in mail.outbox if card.code in m.body]
    assert message.subject == f"Kartu hadiah Anda dari pesanan #{order.number}"
    assert "Gunakan kodenya" in message.body and "Use a code" not in message.body


def test_a_gift_card_only_checkout_needs_no_shipping():
    channel = channel_create()
    checkout = checkout_ready(channel, [(gift_card_variant(channel), 1)], method=False)
    assert checkout_info_fetch(checkout).is_shipping_required is False
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    assert (order.is_shipping_required, order.shipping_method_id, order.shipping_price_gross_amount) == (
        False,
        "",
        Decimal("0.000"),
    )
    assert order.lines.get().is_shipping_required is False


def test_a_gift_card_cannot_pay_for_gift_cards():
    channel = channel_create()
    checkout = checkout_ready(channel, [(gift_card_variant(channel), 1)], method=False)
    card = gift_card_create(balance="50.00")
    with pytest.raises(CheckoutError) as caught:
        checkout_promo_code_add(checkout=checkout, promo_code=card.code, ip_address=IP)
    assert (caught.value.code, caught.value.field) == ("GIFT_CARD_NOT_APPLICABLE", "promo_code")
    assert not checkout.gift_cards.exists()
    card.refresh_from_db()
    assert card.current_balance_amount == Decimal("50.000")


def test_gift_card_lines_added_after_a_gift_card_refuse_completion():
    channel = channel_create(allow_unpaid_orders=True)
    checkout = checkout_ready(channel, [(product_create(channel, price="10.00"), 1)])
    card = gift_card_create(balance="100.00")
    checkout_promo_code_add(checkout=checkout, promo_code=card.code, ip_address=IP)
    checkout_lines_add(checkout=checkout, lines=[LineInput(gift_card_variant(channel).pk, 1)])
    with pytest.raises(CheckoutError) as caught:
        complete_checkout(checkout, actor=Actor.system())
    assert "GIFT_CARD_NOT_APPLICABLE" in {error.code for error in caught.value.errors}
    assert not Order.objects.exists()
    card.refresh_from_db()
    assert card.current_balance_amount == Decimal("100.000")


API_CHECKOUT = """
query ($id: ID!) {
  checkout(id: $id) { isShippingRequired shippingMethods { id } totalPrice { gross { amount } } }
}"""
API_ADD_CODE = """
mutation ($id: ID!, $code: String!) {
  checkoutAddPromoCode(id: $id, promoCode: $code) {
    errors { field code message }
    checkout { giftCards { id } totalPrice { gross { amount } } }
  }
}"""


def test_through_the_api_gift_cards_need_no_shipping_and_cannot_be_paid_with_a_gift_card(gql):
    channel = channel_create()
    checkout = checkout_ready(channel, [(gift_card_variant(channel, price="40.00"), 1)], method=False)
    checkout_id = to_global_id("Checkout", checkout.pk)
    read = gql(API_CHECKOUT, {"id": checkout_id})["data"]["checkout"]
    assert read == {
        "isShippingRequired": False,
        "shippingMethods": [],
        "totalPrice": {"gross": {"amount": 40.0}},
    }
    card = gift_card_create(balance="50.00")
    refused = gql(API_ADD_CODE, {"id": checkout_id, "code": card.code})["data"]["checkoutAddPromoCode"]
    assert [(error["field"], error["code"]) for error in refused["errors"]] == [
        ("promoCode", "GIFT_CARD_NOT_APPLICABLE")
    ]
    assert refused["checkout"] is None
    assert not checkout.gift_cards.exists()

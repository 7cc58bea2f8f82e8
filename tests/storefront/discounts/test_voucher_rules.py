"""Each voucher rule, through ``checkoutAddPromoCode``'s service and the checkout's prices."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from storefront.accounts.models import User
from storefront.checkout import services
from storefront.checkout.error_codes import CheckoutError
from storefront.checkout.fetch import checkout_info_fetch
from storefront.checkout.lines import LineInput
from storefront.checkout.models import Checkout
from storefront.checkout.pricing import checkout_price
from storefront.checkout.promo_codes import checkout_promo_code_add, checkout_promo_code_remove
from storefront.discounts.models import DiscountValueType, VoucherCode, VoucherCustomer, VoucherType
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import voucher_create
from tests.storefront.orders.checkouts import checkout_ready

pytestmark = pytest.mark.django_db
IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _prices(checkout: Checkout):
    checkout = Checkout.objects.select_related("channel", "shipping_address", "user").get(pk=checkout.pk)
    return checkout_price(checkout_info_fetch(checkout))


def _add(checkout: Checkout, code: str) -> Checkout:
    return checkout_promo_code_add(checkout=checkout, promo_code=code, ip_address=IP)


def _refusal(checkout: Checkout, code: str) -> str:
    with pytest.raises(CheckoutError) as caught:
        _add(checkout, code)
    return caught.value.code


def test_percentage_voucher_on_the_entire_order_lowers_lines_and_total() -> None:
    channel = channel_create()
    variant = product_create(channel, price="10.00")
    checkout = checkout_ready(channel, [(variant, 3)])
    voucher_create(channel, code="SAVE10", value="10")
    _add(checkout, "save10")  # case-insensitive
    prices = _prices(checkout)
    assert Checkout.objects.get(pk=checkout.pk).voucher_code == "SAVE10"
    assert prices.discount.amount == Decimal("3.00")
    assert prices.subtotal.gross.amount == Decimal("27.00")
    assert prices.total.gross.amount == Decimal("32.00")  # + 5.00 shipping
    assert prices.lines[0].undiscounted_total_price.amount == Decimal("30.00")


def test_unknown_code_is_invalid_and_changes_nothing() -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])
    assert _refusal(checkout, "NOPE") == "INVALID"
    assert Checkout.objects.get(pk=checkout.pk).voucher_code is None


# This process's own cache: a test on the other xdist worker may clear the shared Redis cache
# (and the attempt counts with it) in the middle of this one.
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_invalid_codes_are_rate_limited_per_checkout() -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])
    voucher_create(channel, code="REAL")
    for attempt in range(10):
        assert _refusal(checkout, f"GUESS{attempt}") == "INVALID"
    with pytest.raises(CheckoutError) as caught:
        _add(checkout, "REAL")  # even the right code waits out the lock-out
    assert "Too many" in caught.value.message


def test_minimum_spend_per_channel() -> None:
    channel = channel_create()
    variant = product_create(channel, price="10.00")
    checkout = checkout_ready(channel, [(variant, 1)])
    voucher_create(channel, code="MIN25", min_spent="25.00")
    assert _refusal(checkout, "MIN25") == "VOUCHER_NOT_APPLICABLE"
    services.checkout_lines_update(checkout=checkout, lines=[LineInput(variant.pk, 3)])
    _add(checkout, "MIN25")
    assert _prices(checkout).discount.amount == Decimal("3.00")
    # Going back under the minimum drops the discount at once and says why.
    services.checkout_lines_update(checkout=checkout, lines=[LineInput(variant.pk, 1)])
    prices = _prices(checkout)
    assert prices.discount.amount == 0
    assert prices.voucher_problem is not None
    assert prices.voucher_problem.code == "VOUCHER_NOT_APPLICABLE"


def test_minimum_quantity() -> None:
    channel = channel_create()
    variant = product_create(channel)
    checkout = checkout_ready(channel, [(variant, 1)])
    voucher_create(channel, code="THREE", min_checkout_items_quantity=3)
    assert _refusal(checkout, "THREE") == "VOUCHER_NOT_APPLICABLE"
    services.checkout_lines_update(checkout=checkout, lines=[LineInput(variant.pk, 3)])
    _add(checkout, "THREE")


def test_dates() -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])
    now = timezone.now()
    voucher_create(channel, code="LATER", start_date=now + timedelta(days=1))
    voucher_create(channel, code="OVER", start_date=now - timedelta(days=2), end_date=now - timedelta(days=1))
    voucher_create(channel, code="NOW", start_date=now - timedelta(days=1), end_date=now + timedelta(days=1))
    assert _refusal(checkout, "LATER") == "VOUCHER_NOT_APPLICABLE"
    assert _refusal(checkout, "OVER") == "VOUCHER_NOT_APPLICABLE"
    _add(checkout, "NOW")


def test_countries_follow_the_shipping_address() -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])  # ships to Berlin
    voucher_create(channel, code="JPONLY", countries=["JP"])
    voucher_create(channel, code="EU", countries=["DE", "FR"])
    assert _refusal(checkout, "JPONLY") == "VOUCHER_NOT_APPLICABLE"
    _add(checkout, "EU")


def test_only_for_staff() -> None:
    channel = channel_create()
    buyer = User.objects.create_user(email="buyer@example.com", password="x")
    staff = User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    voucher_create(channel, code="STAFF", only_for_staff=True)
    assert _refusal(checkout_ready(channel, [(product_create(channel), 1)], user=buyer), "STAFF") == (
        "VOUCHER_NOT_APPLICABLE"
    )
    _add(checkout_ready(channel, [(product_create(channel), 1)], user=staff, email=staff.email), "STAFF")


def test_usage_limit_and_single_use() -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])
    voucher_create(channel, code="DONE", usage_limit=2, used=2)
    single = voucher_create(channel, code="ONCE", single_use=True)
    assert _refusal(checkout, "DONE") == "VOUCHER_NOT_APPLICABLE"
    VoucherCode.objects.filter(voucher=single).update(used=1)
    assert _refusal(checkout, "ONCE") == "VOUCHER_NOT_APPLICABLE"


def test_once_per_customer_needs_the_email_and_a_first_use() -> None:
    channel = channel_create()
    voucher = voucher_create(channel, code="WELCOME", apply_once_per_customer=True)
    no_email = checkout_ready(channel, [(product_create(channel), 1)], email=None)
    assert _refusal(no_email, "WELCOME") == "VOUCHER_NOT_APPLICABLE"
    VoucherCustomer.objects.create(voucher_code=voucher.codes.get(), customer_email="buyer@example.com")
    assert _refusal(checkout_ready(channel, [(product_create(channel), 1)]), "WELCOME") == (
        "VOUCHER_NOT_APPLICABLE"
    )
    _add(checkout_ready(channel, [(product_create(channel), 1)], email="new@example.com"), "WELCOME")


def test_once_per_order_discounts_only_the_cheapest_unit() -> None:
    channel = channel_create()
    cheap, dear = product_create(channel, price="4.00"), product_create(channel, price="10.00")
    checkout = checkout_ready(channel, [(dear, 2), (cheap, 3)])
    voucher_create(channel, code="ONE", value="50", apply_once_per_order=True)
    _add(checkout, "ONE")
    prices = _prices(checkout)
    assert prices.discount.amount == Decimal("2.00")
    by_variant = {line.info.variant.pk: line for line in prices.lines}
    assert by_variant[cheap.pk].total_price.gross.amount == Decimal("10.00")
    assert by_variant[dear.pk].total_price.gross.amount == Decimal("20.00")


def test_specific_products_variants_categories_and_collections() -> None:
    from storefront.catalog.models import Category, Collection, CollectionProduct

    channel = channel_create()
    named, in_category, in_collection, other = (product_create(channel, price="10.00") for _ in range(4))
    category = Category.objects.create(name="Sarongs", slug="sarongs")
    in_category.product.category = category
    in_category.product.save(update_fields=["category"])
    collection = Collection.objects.create(name="Expo", slug="expo")
    CollectionProduct.objects.create(collection=collection, product=in_collection.product)
    voucher = voucher_create(
        channel,
        code="PICK",
        value="2.00",
        value_type=DiscountValueType.FIXED,
        type=VoucherType.SPECIFIC_PRODUCT,
    )
    voucher.variants.add(named)
    voucher.categories.add(category)
    voucher.collections.add(collection)
    only_other = checkout_ready(channel, [(other, 1)])
    assert _refusal(only_other, "PICK") == "VOUCHER_NOT_APPLICABLE"
    checkout = checkout_ready(channel, [(named, 1), (in_category, 1), (in_collection, 1), (other, 1)])
    _add(checkout, "PICK")
    prices = _prices(checkout)
    assert prices.discount.amount == Decimal("2.00")  # a fixed amount over the eligible lines together
    totals = {line.info.variant.pk: line.total_price.gross.amount for line in prices.lines}
    assert totals[other.pk] == Decimal("10.00")
    assert sum(totals.values()) == Decimal("38.00")
    # Equal lines: each share rounded, the first of the largest (in the checkout's line order,
    # created_at then id) takes what rounding left.
    eligible = {named.pk, in_category.pk, in_collection.pk}
    ordered = [pk for pk in checkout.lines.order_by("created_at", "id").values_list("variant_id", flat=True)]
    first, *rest = [pk for pk in ordered if pk in eligible]
    assert totals[first] == Decimal("9.34")
    assert [totals[pk] for pk in rest] == [Decimal("9.33"), Decimal("9.33")]


def test_shipping_voucher_lowers_the_shipping_price_only() -> None:
    channel = channel_create(shipping_price="8.00")
    checkout = checkout_ready(channel, [(product_create(channel, price="10.00"), 1)])
    voucher_create(channel, code="SHIPFREE", value="100", type=VoucherType.SHIPPING)
    _add(checkout, "SHIPFREE")
    prices = _prices(checkout)
    assert prices.shipping.gross.amount == 0
    assert prices.subtotal.gross.amount == Decimal("10.00")
    assert prices.discount.amount == Decimal("8.00")
    digital = checkout_ready(channel, [(product_create(channel, shipping=False), 1)], method=False)
    assert _refusal(digital, "SHIPFREE") == "VOUCHER_NOT_APPLICABLE"


def test_voucher_not_listed_in_the_channel() -> None:
    channel, other = channel_create(), channel_create("other-usd")
    checkout = checkout_ready(channel, [(product_create(channel), 1)])
    voucher_create(other, code="ELSEWHERE")
    assert _refusal(checkout, "ELSEWHERE") == "VOUCHER_NOT_APPLICABLE"


def test_a_second_voucher_replaces_the_first_and_remove_takes_it_off() -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel, price="10.00"), 1)])
    voucher_create(channel, code="A", value="10")
    voucher_create(channel, code="B", value="20")
    _add(checkout, "A")
    _add(checkout, "B")
    assert _prices(checkout).discount.amount == Decimal("2.00")
    checkout_promo_code_remove(checkout=checkout, promo_code="b")
    assert Checkout.objects.get(pk=checkout.pk).voucher_code is None
    assert _prices(checkout).discount.amount == 0


def test_jpy_percentage_rounds_to_whole_yen_and_usd_to_cents() -> None:
    jpy = channel_create("jp-jpy", "JPY", shipping_price="500")
    checkout = checkout_ready(jpy, [(product_create(jpy, price="1999"), 1)], address=None)
    voucher_create(jpy, code="YEN", value="15")  # 299.85 -> 300
    _add(checkout, "YEN")
    prices = _prices(checkout)
    assert prices.discount.amount == Decimal("300")
    assert prices.subtotal.gross.amount == Decimal("1699")
    usd = channel_create()
    checkout = checkout_ready(usd, [(product_create(usd, price="19.99"), 1)])
    voucher_create(usd, code="CENTS", value="15")  # 2.9985 -> 3.00
    _add(checkout, "CENTS")
    assert _prices(checkout).discount.amount == Decimal("3.00")
    assert _prices(checkout).subtotal.gross.amount == Decimal("16.99")

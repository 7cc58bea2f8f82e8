"""Checkout services: lines with reservations, every refusal changing nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from storefront.accounts.address_book import AddressType
from storefront.checkout import services
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.lines import LineInput
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.inventory.models import Reservation, Stock
from storefront.inventory.reservations import reservations_expired_delete, variant_quantities_free
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of

pytestmark = pytest.mark.django_db

BERLIN = {
    "first_name": "Anna",
    "last_name": "Schmidt",
    "street_address_1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country": "DE",
}


def _codes(exc: CheckoutError) -> list[str]:
    return [error.code for error in exc.errors]


def test_create_with_lines_reserves_their_stock() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=5)
    checkout = services.checkout_create(
        channel=channel, email="a@example.com", lines=[LineInput(variant.pk, 2)]
    )
    line = CheckoutLine.objects.get(checkout=checkout)
    assert line.quantity == 2
    reservation = Reservation.objects.get(checkout_line=line)
    assert reservation.quantity_reserved == 2
    assert reservation.reserved_until > timezone.now() + timedelta(minutes=19)
    assert checkout.currency == "USD"
    assert variant_quantities_free(channel=channel, variant_ids=[variant.pk]) == {variant.pk: 3}


def test_a_variant_named_twice_is_one_line_with_both_quantities() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=5)
    checkout = services.checkout_create(
        channel=channel, lines=[LineInput(variant.pk, 1), LineInput(variant.pk, 2)]
    )
    assert list(checkout.lines.values_list("quantity", flat=True)) == [3]


def test_adding_a_variant_already_in_the_checkout_raises_its_line_and_reservation() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=5)
    checkout = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    services.checkout_lines_add(checkout=checkout, lines=[LineInput(variant.pk, 2)])
    line = CheckoutLine.objects.get(checkout=checkout)
    assert line.quantity == 3
    assert Reservation.objects.get(checkout_line=line).quantity_reserved == 3


def test_update_lowers_the_reservation_and_zero_deletes_the_line() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=5)
    checkout = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 4)])
    services.checkout_lines_update(checkout=checkout, lines=[LineInput(variant.pk, 1)])
    assert Reservation.objects.get().quantity_reserved == 1
    services.checkout_lines_update(checkout=checkout, lines=[LineInput(variant.pk, 0)])
    assert not CheckoutLine.objects.exists()
    assert not Reservation.objects.exists()


def test_delete_lines_releases_their_stock() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=1)
    checkout = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    line = checkout.lines.get()
    services.checkout_lines_delete(checkout=checkout, line_ids=[line.id])
    assert not Reservation.objects.exists()
    assert variant_quantities_free(channel=channel, variant_ids=[variant.pk]) == {variant.pk: 1}


def test_deleting_a_line_of_another_checkout_is_not_found() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=3)
    mine = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    theirs = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    with pytest.raises(CheckoutError) as error:
        services.checkout_lines_delete(checkout=mine, line_ids=[theirs.lines.get().id])
    assert error.value.code == CheckoutErrorCode.NOT_FOUND
    assert CheckoutLine.objects.count() == 2


def test_another_buyers_reservation_leaves_too_little_stock() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=3)
    services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 2)])
    other = services.checkout_create(channel=channel)
    with pytest.raises(CheckoutError) as error:
        services.checkout_lines_add(checkout=other, lines=[LineInput(variant.pk, 2)])
    assert error.value.code == CheckoutErrorCode.INSUFFICIENT_STOCK
    assert error.value.details["variants"] == [variant]
    assert "Only 1 remaining" in error.value.message
    assert not other.lines.exists()
    assert Reservation.objects.count() == 1


def test_allocations_count_against_what_can_be_reserved() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=3)
    Stock.objects.filter(product_variant=variant).update(quantity_allocated=3)
    with pytest.raises(CheckoutError) as error:
        services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    assert _codes(error.value) == ["INSUFFICIENT_STOCK"]
    assert not Checkout.objects.exists()


def test_an_expired_reservation_holds_nothing_and_is_deleted_lazily_and_by_the_task() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=1)
    services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert variant_quantities_free(channel=channel, variant_ids=[variant.pk]) == {variant.pk: 1}
    second = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    assert list(Reservation.objects.values_list("checkout_line__checkout", flat=True)) == [second.pk]
    assert reservations_expired_delete() == 0
    assert reservations_expired_delete(now=timezone.now() + timedelta(minutes=21)) == 1
    assert not Reservation.objects.exists()


@pytest.mark.parametrize("minutes", [5, 60])
def test_the_reservation_time_is_a_setting(settings, minutes: int) -> None:
    settings.CHECKOUT_RESERVATION_MINUTES = minutes
    channel = channel_create()
    variant = product_create(channel)
    start = timezone.now()
    services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    until = Reservation.objects.get().reserved_until
    assert start + timedelta(minutes=minutes) <= until <= timezone.now() + timedelta(minutes=minutes)


def test_only_the_channels_warehouses_count() -> None:
    usd = channel_create("intl-usd")
    jpy = channel_create("jp-jpy", "JPY")
    variant = product_create(usd, stock=0)
    from tests.storefront.checkout.factories import list_in

    list_in(jpy, variant, price="1500")
    from storefront.inventory import services as inventory

    inventory.stock_set(warehouse=warehouse_of(jpy), variant=variant, quantity=4)
    with pytest.raises(CheckoutError) as error:
        services.checkout_create(channel=usd, lines=[LineInput(variant.pk, 1)])
    assert _codes(error.value) == ["INSUFFICIENT_STOCK"]
    checkout = services.checkout_create(channel=jpy, lines=[LineInput(variant.pk, 4)])
    assert checkout.lines.get().quantity == 4


@pytest.mark.parametrize(
    ("quantity", "code"),
    [(0, "ZERO_QUANTITY"), (-1, "ZERO_QUANTITY"), (51, "QUANTITY_GREATER_THAN_LIMIT")],
)
def test_bad_quantities_are_refused(quantity: int, code: str) -> None:
    channel = channel_create()
    variant = product_create(channel, stock=100)
    checkout = services.checkout_create(channel=channel)
    with pytest.raises(CheckoutError) as error:
        services.checkout_lines_add(checkout=checkout, lines=[LineInput(variant.pk, quantity)])
    assert _codes(error.value) == [code]
    assert not CheckoutLine.objects.exists() and not Reservation.objects.exists()


def test_the_line_limit_counts_what_is_already_in_the_line() -> None:
    channel = channel_create()
    variant = product_create(channel, stock=100)
    checkout = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 30)])
    with pytest.raises(CheckoutError) as error:
        services.checkout_lines_add(checkout=checkout, lines=[LineInput(variant.pk, 21)])
    assert _codes(error.value) == ["QUANTITY_GREATER_THAN_LIMIT"]
    assert checkout.lines.get().quantity == 30


def test_unknown_unpublished_unpriced_and_not_yet_available_variants_are_refused() -> None:
    channel = channel_create()
    hidden = product_create(channel, published=False)
    not_yet = product_create(channel, available=False)
    elsewhere = product_create(channel_create("other"))
    checkout = services.checkout_create(channel=channel)
    with pytest.raises(CheckoutError) as error:
        services.checkout_lines_add(checkout=checkout, lines=[LineInput(999999, 1)])
    assert _codes(error.value) == ["GRAPHQL_ERROR"]
    assert error.value.field == "variant_id"
    with pytest.raises(CheckoutError) as error:
        services.checkout_lines_add(
            checkout=checkout,
            lines=[LineInput(hidden.pk, 1), LineInput(not_yet.pk, 1), LineInput(elsewhere.pk, 1)],
        )
    by_code = {e.code: e.details["variants"] for e in error.value.errors}
    assert by_code == {
        "UNAVAILABLE_VARIANT_IN_CHANNEL": [elsewhere],
        "PRODUCT_NOT_PUBLISHED": [hidden],
        "PRODUCT_UNAVAILABLE_FOR_PURCHASE": [not_yet],
    }
    assert not CheckoutLine.objects.exists()


def test_addresses_are_normalised_and_the_shipping_country_must_be_served() -> None:
    channel = channel_create(countries=["DE", "JP"])
    checkout = services.checkout_create(channel=channel, shipping_address=BERLIN, billing_address=BERLIN)
    assert checkout.shipping_address is not None and checkout.shipping_address.user_id is None
    assert checkout.shipping_address.pk != checkout.billing_address.pk  # type: ignore[union-attr]
    with pytest.raises(CheckoutError) as error:
        services.checkout_shipping_address_update(
            checkout=checkout, address={**BERLIN, "country": "FR", "city": "Paris", "postal_code": "75001"}
        )
    assert error.value.code == CheckoutErrorCode.INVALID and error.value.field == "country"
    assert error.value.details["address_type"] is AddressType.SHIPPING
    with pytest.raises(CheckoutError) as error:
        services.checkout_shipping_address_update(checkout=checkout, address={**BERLIN, "postal_code": "ABC"})
    assert error.value.field == "postal_code"
    checkout.refresh_from_db()
    assert checkout.shipping_address.postal_code == "10117"  # type: ignore[union-attr]
    # The billing address may be anywhere.
    services.checkout_billing_address_update(
        checkout=checkout,
        address={
            "first_name": "Jo",
            "last_name": "Doe",
            "street_address_1": "1 Main St",
            "city": "Austin",
            "postal_code": "78701",
            "country_area": "TX",
            "country": "US",
        },
    )
    assert checkout.billing_address.country == "US"  # type: ignore[union-attr]


def test_email_is_validated() -> None:
    channel = channel_create()
    checkout = services.checkout_create(channel=channel)
    with pytest.raises(CheckoutError) as error:
        services.checkout_email_update(checkout=checkout, email="not-an-email")
    assert error.value.code == CheckoutErrorCode.INVALID
    services.checkout_email_update(checkout=checkout, email="Buyer@EXAMPLE.com")
    assert checkout.email == "Buyer@example.com"


def test_lines_add_costs_the_same_statements_for_1_and_20_lines() -> None:
    channel = channel_create()
    variants = [product_create(channel) for _ in range(21)]
    counts = []
    for lines in ([variants[0]], variants[1:]):
        checkout = services.checkout_create(channel=channel)
        with CaptureQueriesContext(connection) as queries:
            services.checkout_lines_add(checkout=checkout, lines=[LineInput(v.pk, 1) for v in lines])
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 9


def _honey_rule() -> None:
    from storefront.shipping.models import Restriction

    Restriction.objects.create(hs_code_prefix="0409", country="AU", reason="Honey may not enter Australia.")


SYDNEY = {
    "first_name": "Kim",
    "last_name": "Lee",
    "street_address_1": "1 George St",
    "city": "Sydney",
    "country_area": "NSW",
    "postal_code": "2000",
    "country": "AU",
}


def test_a_restricted_good_is_refused_when_the_address_is_set_naming_its_line() -> None:
    _honey_rule()
    channel = channel_create()
    honey = product_create(channel, hs_code="040900")
    cloth = product_create(channel, hs_code="6304")
    checkout = services.checkout_create(
        channel=channel, lines=[LineInput(honey.pk, 1), LineInput(cloth.pk, 1)]
    )
    honey_line = checkout.lines.get(variant=honey)
    with pytest.raises(CheckoutError) as error:
        services.checkout_shipping_address_update(checkout=checkout, address=SYDNEY)
    assert error.value.code == CheckoutErrorCode.INVALID and error.value.field == "lines"
    assert [line.pk for line in error.value.details["lines"]] == [honey_line.pk]
    assert "Honey may not enter Australia." in error.value.message
    checkout.refresh_from_db()
    assert checkout.shipping_address is None
    services.checkout_shipping_address_update(checkout=checkout, address=BERLIN)  # Germany takes honey


def test_a_restricted_good_is_refused_when_added_after_the_address() -> None:
    _honey_rule()
    channel = channel_create()
    honey = product_create(channel, hs_code="0409.00")
    checkout = services.checkout_create(channel=channel, shipping_address=SYDNEY)
    with pytest.raises(CheckoutError) as error:
        services.checkout_lines_add(checkout=checkout, lines=[LineInput(honey.pk, 1)])
    assert error.value.code == CheckoutErrorCode.INVALID and error.value.details["variants"] == [honey]
    assert not CheckoutLine.objects.exists() and not Reservation.objects.exists()


def test_delivery_method_needs_an_address_and_must_apply() -> None:
    from tests.storefront.checkout.factories import shipping_method_of

    channel = channel_create()
    elsewhere = channel_create("other-usd")
    variant = product_create(channel)
    checkout = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    method = shipping_method_of(channel)
    with pytest.raises(CheckoutError) as error:
        services.checkout_delivery_method_update(checkout=checkout, shipping_method_id=method.pk)
    assert error.value.code == CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET
    services.checkout_shipping_address_update(checkout=checkout, address=BERLIN)
    with pytest.raises(CheckoutError) as error:
        services.checkout_delivery_method_update(
            checkout=checkout, shipping_method_id=shipping_method_of(elsewhere).pk
        )
    assert error.value.code == CheckoutErrorCode.DELIVERY_METHOD_NOT_APPLICABLE
    with pytest.raises(CheckoutError) as error:
        services.checkout_delivery_method_update(checkout=checkout, shipping_method_id=999999)
    assert error.value.code == CheckoutErrorCode.NOT_FOUND
    services.checkout_delivery_method_update(checkout=checkout, shipping_method_id=method.pk)
    assert Checkout.objects.get().shipping_method_id == method.pk


def test_delivery_is_refused_when_nothing_needs_shipping() -> None:
    channel = channel_create()
    voucher_like = product_create(channel, shipping=False)
    checkout = services.checkout_create(
        channel=channel, lines=[LineInput(voucher_like.pk, 1)], shipping_address=BERLIN
    )
    with pytest.raises(CheckoutError) as error:
        services.checkout_delivery_method_update(checkout=checkout, shipping_method_id=1)
    assert error.value.code == CheckoutErrorCode.SHIPPING_NOT_REQUIRED

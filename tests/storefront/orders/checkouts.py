"""Checkouts ready to complete, made through the checkout's own services (as a storefront would),
and paid for with the dummy gateway through the payment services (as the Transaction API does)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from payments import services as payments
from payments.models import Transaction
from storefront.accounts.models import User
from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.checkout import services
from storefront.checkout.lines import LineInput
from storefront.checkout.models import Checkout
from storefront.checkout.payment_events import checkout_payment_owner
from storefront.core.money import Money
from tests.storefront.checkout.factories import shipping_method_of

BERLIN = {
    "first_name": "Anna",
    "last_name": "Schmidt",
    "street_address_1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country": "DE",
}


def checkout_ready(
    channel: Channel,
    lines: Sequence[tuple[ProductVariant, int]],
    *,
    user: User | None = None,
    email: str | None = "buyer@example.com",
    address: dict[str, str] | None = None,
    method: bool = True,
    language_code: str | None = None,
) -> Checkout:
    """A checkout with lines, e-mail, both addresses and the channel's shipping method chosen."""
    checkout = services.checkout_create(
        channel=channel,
        user=user,
        email=email,
        lines=[LineInput(variant.pk, quantity) for variant, quantity in lines],
        shipping_address=address or BERLIN,
        billing_address=address or BERLIN,
        language_code=language_code,
    )
    if method:
        services.checkout_delivery_method_update(
            checkout=checkout, shipping_method_id=shipping_method_of(channel).pk
        )
    return checkout


DUMMY = "saleor.io.dummy-payment-app"


def checkout_pay(
    checkout: Checkout, *, event: str = "CHARGE_SUCCESS", amount: str | None = None, key: str | None = None
) -> Transaction:
    """Pay (part of) the checkout with the dummy gateway: ``event`` is the outcome the storefront asks
    for (``CHARGE_SUCCESS``, ``AUTHORIZATION_SUCCESS``, ``CHARGE_REQUEST``, ``CHARGE_FAILURE``...)."""
    owner = checkout_payment_owner(checkout)
    outcome = payments.transaction_initialize(
        owner=owner,
        gateway_id=DUMMY,
        amount=Money(Decimal(amount), owner.total.currency) if amount is not None else None,
        data={"event": {"type": event, "includePspReference": True}},
        idempotency_key=key,
    )
    return outcome.transaction

"""Checkouts ready to complete, made through the checkout's own services (as a storefront would)."""

from __future__ import annotations

from collections.abc import Sequence

from storefront.accounts.models import User
from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.checkout import services
from storefront.checkout.lines import LineInput
from storefront.checkout.models import Checkout
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

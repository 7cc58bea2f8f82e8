"""Checkout writes: create a checkout, change its lines, e-mail, addresses, language and buyer.

Every service runs in its own transaction, first locking the checkout's row (by writing its
``last_change``), so two requests on the same cart queue; a refused request raises
``CheckoutError`` (a group when several things are wrong) and changes nothing.
``checkoutComplete`` is the orders' (``storefront/checkout/complete.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from storefront.accounts.address_book import AddressType
from storefront.accounts.addresses import normalize_address
from storefront.accounts.error_codes import AccountError
from storefront.accounts.models import Address, User
from storefront.channels.models import Channel
from storefront.checkout.countries import channel_ships_to
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.fetch import CheckoutInfo, checkout_info_fetch, checkout_lines_info, gift_check_flag
from storefront.checkout.gifts import checkout_gifts_refresh
from storefront.checkout.lines import LineInput, lines_delete_by_id, lines_set
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.checkout.pricing import checkout_price
from storefront.checkout.restrictions import checkout_restrictions_check, restriction_errors
from storefront.shipping.models import ShippingMethod


def _touch(checkout: Checkout, now: datetime) -> None:
    """Write ``last_change``/``updated_at`` first thing: the row lock serialises writers of one cart."""
    Checkout.objects.filter(pk=checkout.pk).update(last_change=now, updated_at=now)
    checkout.last_change = now
    checkout.updated_at = now


def _clean_email(email: str | None) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise CheckoutError(
            CheckoutErrorCode.INVALID, "Enter a valid email address.", field="email"
        ) from None
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def address_clean(
    data: Mapping[str, Any], *, address_type: AddressType, channel: Channel, skip_validation: bool = False
) -> dict[str, str]:
    """An address normalised for its country, as checkout errors naming ``address_type``.

    A shipping address must be in a country the channel ships to (``INVALID`` on ``country``).
    """
    try:
        cleaned = normalize_address(data, skip_validation=skip_validation)
    except AccountError as exc:
        raise CheckoutError.group(
            CheckoutError(
                CheckoutErrorCode.REQUIRED if error.code == "REQUIRED" else CheckoutErrorCode.INVALID,
                error.message,
                field=error.field,
                address_type=address_type,
            )
            for error in exc.errors
        ) from None
    if address_type is AddressType.SHIPPING and not channel_ships_to(channel, cleaned["country"]):
        raise CheckoutError(
            CheckoutErrorCode.INVALID,
            f"This shop does not ship to {cleaned['country']} from channel {channel.slug}.",
            field="country",
            address_type=address_type,
        )
    return cleaned


def _address_store(current: Address | None, cleaned: Mapping[str, str]) -> Address:
    """The checkout's own copy: ``current`` rewritten in place, or a new row (never a user's)."""
    if current is not None and current.user_id is None:
        for name, value in cleaned.items():
            setattr(current, name, value)
        current.save(update_fields=list(cleaned))
        return current
    return Address.objects.create(user=None, **cleaned)


@transaction.atomic
def checkout_create(
    *,
    channel: Channel,
    user: User | None = None,
    email: str | None = None,
    lines: Sequence[LineInput] = (),
    shipping_address: Mapping[str, Any] | None = None,
    billing_address: Mapping[str, Any] | None = None,
    language_code: str | None = None,
    skip_shipping_validation: bool = False,
    skip_billing_validation: bool = False,
) -> Checkout:
    """A new checkout in ``channel`` with its lines reserved; a signed-in ``user`` owns it.

    The e-mail defaults to the user's. Every problem with the input is raised at once.
    """
    if not channel.is_active:
        raise CheckoutError(
            CheckoutErrorCode.CHANNEL_INACTIVE, f"Channel with '{channel.slug}' is inactive.", field="channel"
        )
    problems: list[CheckoutError] = []
    cleaned_email = ""
    try:
        cleaned_email = _clean_email(email)
    except CheckoutError as exc:
        problems.append(exc)
    shipping = billing = None
    for data, kind, skip in (
        (shipping_address, AddressType.SHIPPING, skip_shipping_validation),
        (billing_address, AddressType.BILLING, skip_billing_validation),
    ):
        if data is None:
            continue
        try:
            cleaned = address_clean(data, address_type=kind, channel=channel, skip_validation=skip)
        except CheckoutError as exc:
            problems.append(exc)
            continue
        if kind is AddressType.SHIPPING:
            shipping = cleaned
        else:
            billing = cleaned
    if problems:
        raise CheckoutError.group(problems)
    now = timezone.now()
    checkout = Checkout(
        token=uuid.uuid4(),
        channel=channel,
        user=user,
        email=cleaned_email or (user.email if user is not None else ""),
        currency=channel.currency_code,
        language_code=language_code or channel.default_language or "en",
        last_change=now,
    )
    if shipping is not None:
        checkout.shipping_address = Address.objects.create(user=None, **shipping)
    if billing is not None:
        checkout.billing_address = Address.objects.create(user=None, **billing)
    checkout.save(force_insert=True)
    if lines:
        gifts = lines_set(checkout=checkout, channel=channel, lines=lines, replace=False, now=now)
        checkout_gifts_refresh(checkout, now=now, needed=gifts)
    return checkout


def _check_restrictions(checkout: Checkout) -> None:
    checkout_restrictions_check(
        CheckoutInfo(
            checkout=checkout, channel=checkout.channel, lines=checkout_lines_info(checkout, checkout.channel)
        )
    )


@transaction.atomic
def checkout_lines_add(*, checkout: Checkout, lines: Sequence[LineInput]) -> Checkout:
    """Add lines; a variant already in the checkout gets the quantities added (and reserved)."""
    now = timezone.now()
    _touch(checkout, now)
    gifts = lines_set(checkout=checkout, channel=checkout.channel, lines=lines, replace=False, now=now)
    checkout_gifts_refresh(checkout, now=now, needed=gifts)
    return checkout


@transaction.atomic
def checkout_lines_update(*, checkout: Checkout, lines: Sequence[LineInput]) -> Checkout:
    """Set lines' quantities (a new variant is added; quantity 0 deletes the line)."""
    now = timezone.now()
    _touch(checkout, now)
    gifts = lines_set(checkout=checkout, channel=checkout.channel, lines=lines, replace=True, now=now)
    checkout_gifts_refresh(checkout, now=now, needed=gifts)
    return checkout


@transaction.atomic
def checkout_lines_delete(*, checkout: Checkout, line_ids: Sequence[uuid.UUID]) -> Checkout:
    """Delete lines of this checkout (``NOT_FOUND`` on ``lineId`` if one is not), releasing their
    stock; an order promotion's gift line cannot be deleted (``NON_REMOVABLE_GIFT_LINE``)."""
    wanted = set(line_ids)
    now = timezone.now()
    rows = list(
        CheckoutLine.objects.filter(checkout_id=checkout.pk, id__in=wanted)
        .annotate(gift_check=gift_check_flag(checkout, now=now))
        .values_list("id", "is_gift", "gift_check")
    )
    found = {pk: is_gift for pk, is_gift, _ in rows}
    gifts = any(check for _, _, check in rows)
    if wanted - set(found):
        raise CheckoutError(
            CheckoutErrorCode.NOT_FOUND,
            "Provided line_ids aren't part of checkout.",
            field="line_id",
        )
    if any(found.values()):
        raise CheckoutError(
            CheckoutErrorCode.NON_REMOVABLE_GIFT_LINE,
            "A gift line cannot be removed by the buyer.",
            field="line_id",
            lines=[CheckoutLine(id=pk, checkout=checkout) for pk, gift in found.items() if gift],
        )
    _touch(checkout, now)
    lines_delete_by_id(checkout=checkout, line_ids=list(wanted))
    checkout_gifts_refresh(checkout, now=now, needed=gifts)
    return checkout


@transaction.atomic
def checkout_email_update(*, checkout: Checkout, email: str) -> Checkout:
    """Set the e-mail the order confirmation goes to."""
    cleaned = _clean_email(email)
    if not cleaned:
        raise CheckoutError(CheckoutErrorCode.REQUIRED, "This field cannot be blank.", field="email")
    checkout.email = cleaned
    now = timezone.now()
    checkout.last_change = now
    checkout.save(update_fields=["email", "last_change", "updated_at"])
    return checkout


@transaction.atomic
def checkout_shipping_address_update(
    *, checkout: Checkout, address: Mapping[str, Any], skip_validation: bool = False
) -> Checkout:
    """Set the shipping address (normalised; in a country the channel ships to)."""
    cleaned = address_clean(
        address, address_type=AddressType.SHIPPING, channel=checkout.channel, skip_validation=skip_validation
    )
    country_changed = (
        checkout.shipping_address is None or checkout.shipping_address.country != cleaned["country"]
    )
    if country_changed:
        # Goods the new destination refuses are named now, before anything changes (an order
        # promotion's gift is not the buyer's: it is swapped or dropped instead).
        errors = restriction_errors(
            country=cleaned["country"],
            items=[
                (line.line, line.variant)
                for line in checkout_lines_info(checkout, checkout.channel)
                if not line.line.is_gift
            ],
        )
        if errors:
            raise CheckoutError.group(errors)
    checkout.shipping_address = _address_store(checkout.shipping_address, cleaned)
    checkout.last_change = timezone.now()
    checkout.save(update_fields=["shipping_address", "last_change", "updated_at"])
    if country_changed:
        checkout_gifts_refresh(checkout, now=checkout.last_change)
    return checkout


@transaction.atomic
def checkout_billing_address_update(
    *, checkout: Checkout, address: Mapping[str, Any], skip_validation: bool = False
) -> Checkout:
    """Set the billing address (normalised for its country; any country)."""
    cleaned = address_clean(
        address, address_type=AddressType.BILLING, channel=checkout.channel, skip_validation=skip_validation
    )
    checkout.billing_address = _address_store(checkout.billing_address, cleaned)
    checkout.last_change = timezone.now()
    checkout.save(update_fields=["billing_address", "last_change", "updated_at"])
    return checkout


@transaction.atomic
def checkout_language_code_update(*, checkout: Checkout, language_code: str) -> Checkout:
    """Set the buyer's language (a Saleor ``LanguageCodeEnum`` value, validated by the caller)."""
    checkout.language_code = language_code
    checkout.last_change = timezone.now()
    checkout.save(update_fields=["language_code", "last_change", "updated_at"])
    return checkout


@transaction.atomic
def checkout_customer_attach(*, checkout: Checkout, user: User) -> Checkout:
    """Give the checkout to the signed-in ``user`` (a guest cart after signing in); the e-mail is theirs."""
    if checkout.user_id is not None and checkout.user_id != user.pk:
        raise CheckoutError(
            CheckoutErrorCode.INVALID, "The checkout belongs to another customer.", field="customer_id"
        )
    checkout.user = user
    checkout.email = user.email
    checkout.last_change = timezone.now()
    checkout.save(update_fields=["user", "email", "last_change", "updated_at"])
    return checkout


@transaction.atomic
def checkout_customer_detach(*, checkout: Checkout) -> Checkout:
    """Make the checkout a guest's again (its owner signing out keeps the cart by token)."""
    checkout.user = None
    checkout.last_change = timezone.now()
    checkout.save(update_fields=["user", "last_change", "updated_at"])
    return checkout


@transaction.atomic
def checkout_delivery_method_update(*, checkout: Checkout, shipping_method_id: int | None) -> Checkout:
    """Choose how the checkout is shipped (``None`` clears the choice).

    Refused (on ``deliveryMethodId``): ``SHIPPING_NOT_REQUIRED`` when nothing needs shipping,
    ``SHIPPING_ADDRESS_NOT_SET`` before an address, ``NOT_FOUND`` for an unknown method and
    ``DELIVERY_METHOD_NOT_APPLICABLE`` when the method cannot carry these lines to that address in
    this channel (its zone, weight band or price band).
    """
    if shipping_method_id is not None:
        info = checkout_info_fetch(checkout)
        if not info.is_shipping_required:
            raise CheckoutError(
                CheckoutErrorCode.SHIPPING_NOT_REQUIRED,
                "This checkout doesn't need shipping",
                field="delivery_method_id",
            )
        if checkout.shipping_address is None:
            raise CheckoutError(
                CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET,
                "Cannot choose a shipping method for a checkout without the shipping address.",
                field="delivery_method_id",
            )
        if not ShippingMethod.objects.filter(pk=shipping_method_id).exists():
            raise CheckoutError(
                CheckoutErrorCode.NOT_FOUND,
                f"Couldn't resolve to a node: {shipping_method_id}",
                field="delivery_method_id",
            )
        checkout.shipping_method_id = shipping_method_id
        prices = checkout_price(info)
        if not prices.delivery_valid or prices.delivery is None:
            checkout.shipping_method_id = None
            raise CheckoutError(
                CheckoutErrorCode.DELIVERY_METHOD_NOT_APPLICABLE,
                "This shipping method is not applicable.",
                field="delivery_method_id",
            )
    checkout.shipping_method_id = shipping_method_id
    checkout.last_change = timezone.now()
    checkout.save(update_fields=["shipping_method", "last_change", "updated_at"])
    return checkout

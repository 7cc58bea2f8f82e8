"""Staff writes of vouchers and gift cards (Saleor's ``voucherCreate``/``Update``/``Delete``,
``voucherBulkDelete``, ``voucherChannelListingUpdate``, ``voucherCodeBulkDelete``,
``giftCardCreate``/``Update``/``Activate``/``Deactivate``), for the API and the admin alike.

Each service checks its whole input first and reports every problem at once, then writes in one
transaction and records an audit entry with before and after. Fields left out (``UNSET``) are
unchanged. Codes are unique across vouchers (compared case-insensitively); a voucher created
without codes gets one generated (``storefront.discounts.codes``), as do gift cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel import Locale
from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.services.staff_products import UNSET
from storefront.channels.models import Channel
from storefront.core.money import MoneyError, currency_precision, quantize_amount
from storefront.discounts.codes import MAX_CODE_LENGTH, code_generate
from storefront.discounts.error_codes import (
    DiscountError,
    DiscountErrorCode,
    GiftCardError,
    GiftCardErrorCode,
)
from storefront.discounts.models import (
    DiscountValueType,
    GiftCard,
    GiftCardEvent,
    GiftCardEventType,
    Voucher,
    VoucherChannelListing,
    VoucherCode,
    VoucherType,
)

Code = DiscountErrorCode
_SCALARS = (
    "type",
    "name",
    "discount_value_type",
    "start_date",
    "end_date",
    "usage_limit",
    "apply_once_per_order",
    "apply_once_per_customer",
    "single_use",
    "only_for_staff",
    "min_checkout_items_quantity",
    "countries",
)
_RELATIONS = ("products", "variants", "categories", "collections")
_BOOLEANS = ("apply_once_per_order", "apply_once_per_customer", "single_use", "only_for_staff")


def _countries() -> frozenset[str]:
    codes = [str(code) for code in Locale("en").territories]
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha())


@dataclass
class VoucherFields:
    """A voucher input as decoded by the API (models for relations); ``UNSET``: left out."""

    type: Any = UNSET
    name: Any = UNSET
    add_codes: Any = UNSET
    start_date: Any = UNSET
    end_date: Any = UNSET
    discount_value_type: Any = UNSET
    products: Any = UNSET
    variants: Any = UNSET
    collections: Any = UNSET
    categories: Any = UNSET
    min_checkout_items_quantity: Any = UNSET
    countries: Any = UNSET
    apply_once_per_order: Any = UNSET
    apply_once_per_customer: Any = UNSET
    only_for_staff: Any = UNSET
    single_use: Any = UNSET
    usage_limit: Any = UNSET


def voucher_snapshot(voucher: Voucher) -> dict[str, Any]:
    return {
        **{name: getattr(voucher, name) for name in _SCALARS},
        **{name: sorted(getattr(voucher, name).values_list("pk", flat=True)) for name in _RELATIONS},
        "codes": sorted(voucher.codes.values_list("code", flat=True)),
        "channel_listings": [
            {
                "channel": listing.channel_id,
                "discount_value": listing.discount_value,
                "min_spent_amount": listing.min_spent_amount,
            }
            for listing in voucher.channel_listings.order_by("channel_id")
        ],
    }


def _codes_clean(codes: Sequence[str], problems: list[DiscountError]) -> list[str]:
    cleaned = [code.strip() for code in codes]
    if any(not code or len(code) > MAX_CODE_LENGTH for code in cleaned):
        problems.append(DiscountError(Code.INVALID, "A code needs 1 to 255 characters.", field="add_codes"))
        return []
    upper = [code.upper() for code in cleaned]
    repeated = sorted({code for code in cleaned if upper.count(code.upper()) > 1})
    if repeated:
        problems.append(
            DiscountError(
                Code.DUPLICATED_INPUT_ITEM, "Codes are repeated.", field="add_codes", voucher_codes=repeated
            )
        )
        return []
    taken = list(
        VoucherCode.objects.annotate(upper_code=Upper("code"))
        .filter(upper_code__in=upper)
        .values_list("code", flat=True)
    ) + list(
        GiftCard.objects.annotate(upper_code=Upper("code"))
        .filter(upper_code__in=upper)
        .values_list("code", flat=True)
    )
    if taken:
        problems.append(
            DiscountError(
                Code.UNIQUE, "These codes already exist.", field="add_codes", voucher_codes=sorted(taken)
            )
        )
        return []
    return cleaned


def _changes(fields: VoucherFields, voucher: Voucher | None, problems: list[DiscountError]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in _SCALARS:
        value = getattr(fields, name)
        if value is UNSET:
            continue
        if value is None and name in ("type", "discount_value_type", "start_date", *_BOOLEANS):
            continue  # null for a non-null column: unchanged, as Saleor's inputs treat it
        changes[name] = value
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if len(changes["name"]) > 255:
            problems.append(DiscountError(Code.INVALID, "At most 255 characters are allowed.", field="name"))
    if "type" in changes and changes["type"] not in VoucherType.values:
        problems.append(DiscountError(Code.INVALID, "Unknown voucher type.", field="type"))
    if "discount_value_type" in changes and changes["discount_value_type"] not in DiscountValueType.values:
        problems.append(
            DiscountError(Code.INVALID, "Unknown discount value type.", field="discount_value_type")
        )
    for name in ("usage_limit", "min_checkout_items_quantity"):
        if changes.get(name) is not None and not 0 <= changes[name] <= 2_147_483_647:
            problems.append(DiscountError(Code.INVALID, "Must be a whole number from 0.", field=name))
    limit = changes.get("usage_limit")
    if voucher is not None and limit is not None and limit < voucher.used:
        problems.append(
            DiscountError(
                Code.INVALID, f"The voucher has already been used {voucher.used} times.", field="usage_limit"
            )
        )
    if "countries" in changes:
        countries = sorted({(code or "").strip().upper() for code in changes["countries"] or []})
        unknown = [code for code in countries if code not in _countries()]
        if unknown:
            problems.append(
                DiscountError(Code.INVALID, f"Unknown countries: {', '.join(unknown)}.", field="countries")
            )
        changes["countries"] = countries
    start = changes.get("start_date", voucher.start_date if voucher is not None else timezone.now())
    end = changes.get("end_date", voucher.end_date if voucher is not None else None)
    if isinstance(start, datetime) and isinstance(end, datetime) and end <= start:
        problems.append(
            DiscountError(Code.INVALID, "The end date must be after the start date.", field="end_date")
        )
    return changes


def _relations_set(voucher: Voucher, fields: VoucherFields) -> None:
    for name in _RELATIONS:
        value = getattr(fields, name)
        if value is not UNSET and value is not None:
            getattr(voucher, name).add(*value)


@transaction.atomic
def staff_voucher_create(*, actor: Actor, fields: VoucherFields) -> Voucher:
    problems: list[DiscountError] = []
    changes = _changes(fields, None, problems)
    codes = _codes_clean(fields.add_codes or [], problems) if fields.add_codes not in (UNSET, None) else []
    if problems:
        raise DiscountError.group(problems)
    voucher = Voucher.objects.create(**changes)
    _relations_set(voucher, fields)
    VoucherCode.objects.bulk_create(
        VoucherCode(voucher=voucher, code=code) for code in codes or [code_generate()]
    )
    audit_log_record(
        actor=actor,
        action="voucher.created",
        target=voucher,
        payload={"before": None, "after": voucher_snapshot(voucher)},
    )
    return voucher


@transaction.atomic
def staff_voucher_update(*, actor: Actor, voucher: Voucher, fields: VoucherFields) -> Voucher:
    """Change the given fields; relations and codes given are *added* (Saleor's ``voucherUpdate``;
    ``voucherCataloguesRemove`` and ``voucherCodeBulkDelete`` take them away)."""
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    before = voucher_snapshot(voucher)
    problems: list[DiscountError] = []
    changes = _changes(fields, voucher, problems)
    codes = _codes_clean(fields.add_codes or [], problems) if fields.add_codes not in (UNSET, None) else []
    if problems:
        raise DiscountError.group(problems)
    changed = [key for key, value in changes.items() if getattr(voucher, key) != value]
    for key in changed:
        setattr(voucher, key, changes[key])
    if changed:
        voucher.save(update_fields=[*changed, "updated_at"])
    _relations_set(voucher, fields)
    VoucherCode.objects.bulk_create(VoucherCode(voucher=voucher, code=code) for code in codes)
    after = voucher_snapshot(voucher)
    if after != before:
        audit_log_record(
            actor=actor, action="voucher.updated", target=voucher, payload={"before": before, "after": after}
        )
    return voucher


@dataclass
class Catalogue:
    """What a voucher applies to (Saleor's ``CatalogueInput``), as models."""

    products: Sequence[Any] = ()
    variants: Sequence[Any] = ()
    categories: Sequence[Any] = ()
    collections: Sequence[Any] = ()


@transaction.atomic
def staff_voucher_catalogues_change(
    *, actor: Actor, voucher: Voucher, catalogue: Catalogue, remove: bool = False
) -> Voucher:
    """Saleor's ``voucherCataloguesAdd`` (or, ``remove``, ``voucherCataloguesRemove``): add the
    products, variants, categories and collections to what the voucher applies to (or take them
    away), with an audit entry when anything changed."""
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    before = voucher_snapshot(voucher)
    for name in _RELATIONS:
        rows = list(getattr(catalogue, name))
        if rows:
            relation = getattr(voucher, name)
            relation.remove(*rows) if remove else relation.add(*rows)
    after = voucher_snapshot(voucher)
    if after != before:
        voucher.save(update_fields=["updated_at"])
        audit_log_record(
            actor=actor,
            action="voucher.catalogues_removed" if remove else "voucher.catalogues_added",
            target=voucher,
            payload={"before": before, "after": after},
        )
    return voucher


def _delete(actor: Actor, voucher: Voucher) -> None:
    audit_log_record(
        actor=actor,
        action="voucher.deleted",
        target=voucher,
        payload={"before": voucher_snapshot(voucher), "after": None},
    )
    pk = voucher.pk
    voucher.delete()
    voucher.pk = pk


@transaction.atomic
def staff_voucher_delete(*, actor: Actor, voucher: Voucher) -> Voucher:
    """Delete a voucher (orders keep its code and discount; checkouts holding its code lose it)."""
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    _delete(actor, voucher)
    return voucher


@transaction.atomic
def staff_voucher_bulk_delete(*, actor: Actor, vouchers: Sequence[Voucher]) -> int:
    locked = list(Voucher.objects.select_for_update().filter(pk__in=[v.pk for v in vouchers]).order_by("pk"))
    for voucher in locked:
        _delete(actor, voucher)
    return len(locked)


@dataclass(frozen=True)
class ListingInput:
    channel: Channel
    discount_value: Decimal | None
    min_amount_spent: Decimal | None


@transaction.atomic
def staff_voucher_channel_listing_update(
    *, actor: Actor, voucher: Voucher, add: Sequence[ListingInput] = (), remove: Sequence[Channel] = ()
) -> Voucher:
    """Set the voucher's value and minimum spend in channels, or take it out of channels. A fixed
    value and the minimum spend are amounts of the channel's currency (at most its minor unit's
    precision); a percentage is at most 100."""
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    before = voucher_snapshot(voucher)
    problems: list[DiscountError] = []
    added = {item.channel.pk for item in add}
    both = [channel for channel in remove if channel.pk in added]
    if both:
        problems.append(
            DiscountError(
                Code.DUPLICATED_INPUT_ITEM,
                "A channel cannot be added and removed at once.",
                field="input",
                channels=both,
            )
        )
    existing = {row.channel_id: row for row in voucher.channel_listings.all()}
    rows = []
    for item in add:
        currency = item.channel.currency_code
        value = item.discount_value
        if value is None and item.channel.pk not in existing:
            problems.append(
                DiscountError(
                    Code.REQUIRED,
                    "A discount value is required.",
                    field="discount_value",
                    channels=[item.channel],
                )
            )
            continue
        for name, amount in (("discount_value", value), ("min_amount_spent", item.min_amount_spent)):
            if amount is None:
                continue
            limit = (
                100
                if name == "discount_value" and voucher.discount_value_type == DiscountValueType.PERCENTAGE
                else None
            )
            precise = limit is not None or _fits_currency(amount, currency)
            if amount < 0 or (limit is not None and amount > limit) or not precise:
                problems.append(
                    DiscountError(
                        Code.INVALID,
                        f"Not a valid {name.replace('_', ' ')} for {currency}.",
                        field=name,
                        channels=[item.channel],
                    )
                )
        rows.append(item)
    if problems:
        raise DiscountError.group(problems)
    for item in rows:
        listing = existing.get(item.channel.pk) or VoucherChannelListing(
            voucher=voucher, channel=item.channel, currency=item.channel.currency_code
        )
        if item.discount_value is not None:
            listing.discount_value = item.discount_value
        listing.min_spent_amount = item.min_amount_spent
        listing.save()
    VoucherChannelListing.objects.filter(voucher=voucher, channel__in=list(remove)).delete()
    after = voucher_snapshot(voucher)
    if after != before:
        audit_log_record(
            actor=actor,
            action="voucher.channels_updated",
            target=voucher,
            payload={"before": before, "after": after},
        )
    return voucher


def _fits_currency(amount: Decimal, currency: str) -> bool:
    try:
        return quantize_amount(amount, currency) == amount and currency_precision(currency) >= 0
    except MoneyError:
        return False


@transaction.atomic
def staff_voucher_codes_delete(*, actor: Actor, codes: Sequence[VoucherCode]) -> int:
    """Delete voucher codes (each audited on its voucher)."""
    rows = list(
        VoucherCode.objects.select_for_update().filter(pk__in=[code.pk for code in codes]).order_by("pk")
    )
    for row in rows:
        audit_log_record(
            actor=actor,
            action="voucher.code_deleted",
            target=row.voucher,
            payload={"before": {"code": row.code, "used": row.used}, "after": None},
        )
    VoucherCode.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


@transaction.atomic
def staff_voucher_codes_generate(
    *, actor: Actor, voucher: Voucher, quantity: int, prefix: str = ""
) -> list[str]:
    """Add ``quantity`` (1 to 1,000) fresh unguessable codes to a voucher."""
    if not 1 <= quantity <= 1000:
        raise DiscountError(Code.INVALID, "Generate 1 to 1,000 codes at a time.", field="quantity")
    prefix = prefix.strip()
    if len(prefix) > 20:
        raise DiscountError(Code.INVALID, "A prefix has at most 20 characters.", field="prefix")
    codes: set[str] = set()
    while len(codes) < quantity:
        codes.add(code_generate(prefix=prefix))
    VoucherCode.objects.bulk_create(VoucherCode(voucher=voucher, code=code) for code in sorted(codes))
    audit_log_record(
        actor=actor,
        action="voucher.codes_generated",
        target=voucher,
        payload={"before": None, "after": {"count": quantity, "prefix": prefix}},
    )
    return sorted(codes)


# --- gift cards ---------------------------------------------------------------------------------

GCode = GiftCardErrorCode


def gift_card_snapshot(card: GiftCard) -> dict[str, Any]:
    return {
        "last_4": card.code[-4:],
        "is_active": card.is_active,
        "currency": card.currency,
        "initial_balance_amount": card.initial_balance_amount,
        "current_balance_amount": card.current_balance_amount,
        "expiry_date": card.expiry_date,
        "tags": card.tags,
    }


def _actor_user(actor: Actor) -> Any:
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def _tags(tags: Sequence[str] | None, problems: list[GiftCardError]) -> list[str]:
    cleaned = sorted({tag.strip() for tag in tags or [] if tag.strip()})
    if any(len(tag) > 255 for tag in cleaned):
        problems.append(GiftCardError(GCode.INVALID, "A tag has at most 255 characters.", field="add_tags"))
    return cleaned


def _balance_check(amount: Decimal, currency: str, problems: list[GiftCardError], field: str) -> None:
    if amount < 0 or not _fits_currency(amount, currency):
        problems.append(GiftCardError(GCode.INVALID, f"Not a valid amount of {currency}.", field=field))


@transaction.atomic
def staff_gift_card_create(
    *,
    actor: Actor,
    amount: Decimal,
    currency: str,
    is_active: bool,
    expiry_date: date | None = None,
    tags: Sequence[str] | None = None,
    note: str = "",
    code: str | None = None,
) -> GiftCard:
    """Issue a gift card; ``code``: a chosen code (a demo's, a printed card's), else a generated one."""
    problems: list[GiftCardError] = []
    chosen = (code or "").strip()
    if code is not None:
        taken = GiftCard.objects.filter(code__iexact=chosen).exists() or (
            VoucherCode.objects.filter(code__iexact=chosen).exists()
        )
        if not chosen or len(chosen) > MAX_CODE_LENGTH:
            problems.append(GiftCardError(GCode.INVALID, "A code needs 1 to 255 characters.", field="code"))
        elif taken:
            problems.append(GiftCardError(GCode.UNIQUE, "This code is already in use.", field="code"))
    currency = (currency or "").strip().upper()
    try:
        currency_precision(currency)
    except MoneyError:
        problems.append(GiftCardError(GCode.INVALID, f"Unknown currency {currency!r}.", field="balance"))
    else:
        _balance_check(amount, currency, problems, "balance")
        if amount == 0:
            problems.append(GiftCardError(GCode.INVALID, "A gift card needs a balance.", field="balance"))
    if expiry_date is not None and expiry_date < timezone.now().date():
        problems.append(GiftCardError(GCode.INVALID, "The expiry date is in the past.", field="expiry_date"))
    clean_tags = _tags(tags, problems)
    if problems:
        raise GiftCardError.group(problems)
    user = _actor_user(actor)
    card = GiftCard.objects.create(
        code=chosen or code_generate(),
        currency=currency,
        initial_balance_amount=amount,
        current_balance_amount=amount,
        is_active=is_active,
        expiry_date=expiry_date,
        tags=clean_tags,
        created_by=user,
        created_by_email=user.email if user is not None else "",
    )
    GiftCardEvent.objects.create(
        gift_card=card, type=GiftCardEventType.ISSUED, user=user, parameters={"message": note} if note else {}
    )
    audit_log_record(
        actor=actor,
        action="gift_card.created",
        target=card,
        payload={"before": None, "after": gift_card_snapshot(card)},
    )
    return card


@transaction.atomic
def staff_gift_card_update(
    *,
    actor: Actor,
    gift_card: GiftCard,
    balance_amount: Any = UNSET,
    expiry_date: Any = UNSET,
    add_tags: Sequence[str] | None = None,
    remove_tags: Sequence[str] | None = None,
) -> GiftCard:
    """Change a gift card; a new balance sets both the initial and current balance (Saleor's)."""
    card = GiftCard.objects.select_for_update().get(pk=gift_card.pk)
    before = gift_card_snapshot(card)
    problems: list[GiftCardError] = []
    if balance_amount is not UNSET and balance_amount is not None:
        _balance_check(balance_amount, card.currency, problems, "balance_amount")
    if expiry_date not in (UNSET, None) and expiry_date < timezone.now().date():
        problems.append(GiftCardError(GCode.INVALID, "The expiry date is in the past.", field="expiry_date"))
    added, removed = _tags(add_tags, problems), _tags(remove_tags, problems)
    if problems:
        raise GiftCardError.group(problems)
    user = _actor_user(actor)
    if (
        balance_amount is not UNSET
        and balance_amount is not None
        and balance_amount != card.current_balance_amount
    ):
        card.initial_balance_amount = card.current_balance_amount = balance_amount
        GiftCardEvent.objects.create(
            gift_card=card,
            type=GiftCardEventType.BALANCE_RESET,
            user=user,
            parameters={
                "balance": {
                    "old_current_balance": str(before["current_balance_amount"]),
                    "current_balance": str(balance_amount),
                }
            },
        )
    if expiry_date is not UNSET and expiry_date != card.expiry_date:
        card.expiry_date = expiry_date
        GiftCardEvent.objects.create(gift_card=card, type=GiftCardEventType.EXPIRY_DATE_UPDATED, user=user)
    card.tags = sorted((set(card.tags) | set(added)) - set(removed))
    card.save()
    after = gift_card_snapshot(card)
    if after != before:
        audit_log_record(
            actor=actor, action="gift_card.updated", target=card, payload={"before": before, "after": after}
        )
    return card


@transaction.atomic
def staff_gift_card_active_set(*, actor: Actor, gift_card: GiftCard, is_active: bool) -> GiftCard:
    card = GiftCard.objects.select_for_update().get(pk=gift_card.pk)
    if card.is_active == is_active:
        return card
    before = gift_card_snapshot(card)
    card.is_active = is_active
    card.save(update_fields=["is_active"])
    GiftCardEvent.objects.create(
        gift_card=card,
        type=GiftCardEventType.ACTIVATED if is_active else GiftCardEventType.DEACTIVATED,
        user=_actor_user(actor),
    )
    audit_log_record(
        actor=actor,
        action="gift_card.activated" if is_active else "gift_card.deactivated",
        target=card,
        payload={"before": before, "after": gift_card_snapshot(card)},
    )
    return card

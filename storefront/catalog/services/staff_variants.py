"""Staff writes of variants and their prices (Saleor's ``productVariantCreate/Update/Delete`` and
``productVariantChannelListingUpdate``), checked whole before anything is written and audited
with the variant before and after. The product's search document (SKUs, names, attribute values)
and its cheapest price per channel follow every change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.models import (
    AssignedVariantAttributeValue,
    Attribute,
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.services._common import fields_save_changed
from storefront.catalog.services.attribute_input import (
    AttributeChoice,
    attribute_choices_check,
    attribute_values_resolve,
)
from storefront.catalog.services.read_models import (
    product_channel_listing_discounted_price_update,
    product_search_document_update,
)
from storefront.catalog.services.staff_checks import has_control_characters, weight_clean
from storefront.catalog.services.staff_products import UNSET, delete_or_refuse, price_clean
from storefront.channels.models import Channel
from storefront.core.versioned_cache import catalogue_changed

Code = ProductErrorCode


def variant_snapshot(variant: ProductVariant) -> dict[str, Any]:
    """What the audit log keeps of a variant: its fields, attribute values and prices."""
    return {
        "product": variant.product_id,
        "sku": variant.sku,
        "name": variant.name,
        "track_inventory": variant.track_inventory,
        "weight_kg": variant.weight_kg,
        "quantity_limit_per_customer": variant.quantity_limit_per_customer,
        "attribute_values": list(variant.attribute_values.values_list("value_id", flat=True)),
        "channel_listings": [
            {
                "channel": listing.channel_id,
                "price": listing.price_amount,
                "prior_price": listing.prior_price_amount,
                "cost_price": listing.cost_price_amount,
                "currency": listing.currency,
                "maker_share_amount": listing.maker_share_amount,
                "maker_share_percent": listing.maker_share_percent,
            }
            for listing in variant.channel_listings.order_by("channel_id")
        ],
    }


@dataclass
class VariantFields:
    """A variant input as decoded by the API; ``UNSET`` marks fields the input leaves out."""

    sku: Any = UNSET
    name: Any = UNSET
    track_inventory: Any = UNSET
    weight: Any = UNSET
    quantity_limit_per_customer: Any = UNSET
    attributes: Sequence[AttributeChoice] | None = None


def _variant_changes(
    fields: VariantFields, *, variant: ProductVariant | None, problems: list[CatalogError]
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if fields.sku is not UNSET:
        sku = (fields.sku or "").strip() or None
        if sku is not None and (len(sku) > 255 or has_control_characters(sku)):
            problems.append(
                CatalogError(Code.INVALID, "A SKU has at most 255 printable characters.", field="sku")
            )
        elif sku is not None:
            taken = ProductVariant.objects.filter(sku=sku)
            if variant is not None:
                taken = taken.exclude(pk=variant.pk)
            if taken.exists():
                problems.append(
                    CatalogError(Code.UNIQUE, "Product variant with this SKU already exists.", field="sku")
                )
        changes["sku"] = sku
    if fields.name is not UNSET:
        name = (fields.name or "").strip()
        if len(name) > 255 or has_control_characters(name):
            problems.append(
                CatalogError(Code.INVALID, "A name has at most 255 printable characters.", field="name")
            )
        changes["name"] = name
    if fields.track_inventory is not UNSET and fields.track_inventory is not None:
        changes["track_inventory"] = bool(fields.track_inventory)
    if fields.weight is not UNSET:
        changes["weight_kg"] = weight_clean(fields.weight, problems)
    if fields.quantity_limit_per_customer is not UNSET:
        limit = fields.quantity_limit_per_customer
        if limit is not None and not (1 <= limit <= 2_147_483_647):
            problems.append(
                CatalogError(
                    Code.INVALID,
                    "Product variant can't have quantity limit per customer lower than 1.",
                    field="quantityLimitPerCustomer",
                )
            )
        changes["quantity_limit_per_customer"] = limit
    return changes


def _variant_attributes(product: Product) -> list[Attribute]:
    return list(Attribute.objects.filter(variant_product_types=product.product_type_id).order_by("pk"))


def _duplicate_combination(product: Product, value_ids: list[int], *, exclude: int | None) -> bool:
    if not value_ids:
        return False
    wanted = sorted(value_ids)
    others = AssignedVariantAttributeValue.objects.filter(variant__product=product)
    if exclude is not None:
        others = others.exclude(variant_id=exclude)
    combinations: dict[int, list[int]] = {}
    for variant_id, value_id in others.values_list("variant_id", "value_id"):
        combinations.setdefault(variant_id, []).append(value_id)
    return any(sorted(values) == wanted for values in combinations.values())


def _attributes_write(
    variant: ProductVariant, choices: Sequence[AttributeChoice], *, replace_all: bool
) -> None:
    given = {choice.attribute.pk for choice in choices}
    kept = (
        []
        if replace_all
        else [
            a.value
            for a in variant.attribute_values.select_related("value")
            if a.value.attribute_id not in given
        ]
    )
    values = kept + attribute_values_resolve(choices, owner_key=f"v{variant.pk}")
    if _duplicate_combination(variant.product, [v.pk for v in values], exclude=variant.pk):
        raise CatalogError(
            Code.DUPLICATED_INPUT_ITEM,
            "Another variant of this product has the same attribute values.",
            field="attributes",
        )
    current = list(variant.attribute_values.values_list("value_id", flat=True))
    if current != [v.pk for v in values]:
        AssignedVariantAttributeValue.objects.filter(variant=variant).delete()
        catalogue_changed()  # no signals from update/bulk_create
        AssignedVariantAttributeValue.objects.bulk_create(
            AssignedVariantAttributeValue(variant=variant, value=v, sort_order=i)
            for i, v in enumerate(values)
        )


@transaction.atomic
def staff_variant_create(*, actor: Actor, product: Product, fields: VariantFields) -> ProductVariant:
    """Saleor's ``productVariantCreate``: a variant with the product type's variant attributes."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    problems: list[CatalogError] = []
    changes = _variant_changes(fields, variant=None, problems=problems)
    if not product.product_type.has_variants and product.variants.exists():
        problems.append(
            CatalogError(
                Code.CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT,
                "This product type has no variants: the product has its one variant already.",
                field="product",
            )
        )
    allowed = _variant_attributes(product)
    problems += attribute_choices_check(fields.attributes or (), allowed=allowed, creating=True)
    if problems:
        raise CatalogError.group(problems)
    last = product.variants.order_by("-sort_order").values_list("sort_order", flat=True).first()
    variant = ProductVariant.objects.create(product=product, sort_order=(last or 0) + 1, **changes)
    _attributes_write(variant, fields.attributes or (), replace_all=True)
    product_search_document_update(product=product)
    audit_log_record(
        actor=actor,
        action="product_variant.created",
        target=variant,
        payload={"before": None, "after": variant_snapshot(variant)},
    )
    return variant


@transaction.atomic
def staff_variant_update(*, actor: Actor, variant: ProductVariant, fields: VariantFields) -> ProductVariant:
    """Saleor's ``productVariantUpdate``: only the fields given change."""
    variant = ProductVariant.objects.select_for_update().select_related("product").get(pk=variant.pk)
    before = variant_snapshot(variant)
    problems: list[CatalogError] = []
    changes = _variant_changes(fields, variant=variant, problems=problems)
    if fields.attributes is not None:
        allowed = _variant_attributes(variant.product)
        problems += attribute_choices_check(fields.attributes, allowed=allowed, creating=False)
    if problems:
        raise CatalogError.group(problems)
    fields_save_changed(variant, changes)
    if fields.attributes is not None:
        _attributes_write(variant, fields.attributes, replace_all=False)
    product_search_document_update(product=variant.product)
    after = variant_snapshot(variant)
    if after != before:
        audit_log_record(
            actor=actor,
            action="product_variant.updated",
            target=variant,
            payload={"before": before, "after": after},
        )
    return variant


@transaction.atomic
def staff_variant_delete(*, actor: Actor, variant: ProductVariant) -> ProductVariant:
    """Saleor's ``productVariantDelete``: orders keep their copies; the product's cheapest prices
    and search document follow. Returns the variant as it was, with its ID."""
    variant = ProductVariant.objects.select_for_update().select_related("product").get(pk=variant.pk)
    if ProductVariant.objects.filter(pk=variant.pk, stocks__allocations__isnull=False).exists():
        raise CatalogError(
            Code.INVALID, "The variant has stock allocated to orders not yet fulfilled.", field="id"
        )
    pk, product = variant.pk, variant.product
    audit_log_record(
        actor=actor,
        action="product_variant.deleted",
        target=variant,
        payload={"before": variant_snapshot(variant), "after": None},
    )
    delete_or_refuse(variant, what="variant")
    variant.pk = pk
    product_channel_listing_discounted_price_update(product=product)
    product_search_document_update(product=product)
    return variant


@dataclass(frozen=True)
class VariantPrice:
    """One entry of ``productVariantChannelListingUpdate``'s input, decoded."""

    channel: Channel
    price: Decimal
    cost_price: Decimal | None = None
    prior_price: Decimal | None = None
    # The makers' share (issue 10): ``UNSET`` keeps the listing's, ``None`` clears it; setting
    # one of the two clears the other (a listing names an amount or a percentage, not both).
    maker_share_amount: Any = UNSET
    maker_share_percent: Any = UNSET


def _maker_share_clean(
    entry: VariantPrice, *, price: Decimal | None, current: Decimal | None, problems: list[CatalogError]
) -> dict[str, Any]:
    """The listing's makers' share columns to write: an amount from 0 up to the price, in the
    channel's currency, or a percentage from 0 to 100 (two decimals); never both. A share
    amount kept from before must still fit under a new price."""
    amount, percent = entry.maker_share_amount, entry.maker_share_percent
    channel = entry.channel
    if amount is UNSET and percent in (UNSET, None) and current is not None:
        amount = current
    if amount is UNSET and percent is UNSET:
        return {}
    if amount not in (UNSET, None) and percent not in (UNSET, None):
        problems.append(
            CatalogError(
                Code.INVALID,
                "Give the makers' share as an amount or as a percentage, not both.",
                field="makerSharePercent",
                channels=[channel],
            )
        )
        return {}
    values: dict[str, Any] = {}
    if amount is not UNSET:
        cleaned = price_clean(
            amount,
            currency=channel.currency_code,
            field="makerShareAmount",
            problems=problems,
            channel=channel,
        )
        if cleaned is not None and price is not None and cleaned > price:
            problems.append(
                CatalogError(
                    Code.INVALID,
                    "The makers' share cannot be more than the price.",
                    field="makerShareAmount",
                    channels=[channel],
                )
            )
        values["maker_share_amount"] = cleaned
        if cleaned is not None:
            values["maker_share_percent"] = None
    if percent is not UNSET:
        if percent is not None and (
            not percent.is_finite() or not 0 <= percent <= 100 or percent != percent.quantize(Decimal("0.01"))
        ):
            problems.append(
                CatalogError(
                    Code.INVALID,
                    "Enter a percentage from 0 to 100, with at most two decimal places.",
                    field="makerSharePercent",
                    channels=[channel],
                )
            )
            percent = None
        values["maker_share_percent"] = percent
        if percent is not None:
            values["maker_share_amount"] = None
    return values


@transaction.atomic
def staff_variant_channel_listings_update(
    *, actor: Actor, variant: ProductVariant, prices: Sequence[VariantPrice]
) -> ProductVariant:
    """Price a variant in channels its product is listed in (Saleor's rule), in each channel's
    currency and to its minor unit; the product's cheapest price there follows."""
    variant = ProductVariant.objects.select_for_update().select_related("product").get(pk=variant.pk)
    before = variant_snapshot(variant)
    problems: list[CatalogError] = []
    channels = [entry.channel for entry in prices]
    repeated = [c for i, c in enumerate(channels) if c in channels[:i]]
    if repeated:
        problems.append(
            CatalogError(
                Code.DUPLICATED_INPUT_ITEM,
                "The same channel is given twice.",
                field="input",
                channels=repeated,
            )
        )
    listed = set(
        ProductChannelListing.objects.filter(product_id=variant.product_id).values_list(
            "channel_id", flat=True
        )
    )
    unlisted = [c for c in dict.fromkeys(channels) if c.pk not in listed]
    if unlisted:
        problems.append(
            CatalogError(
                Code.PRODUCT_NOT_ASSIGNED_TO_CHANNEL,
                "Product not available in channels.",
                field="input",
                channels=unlisted,
            )
        )
    shares = dict(
        ProductVariantChannelListing.objects.filter(variant=variant).values_list(
            "channel_id", "maker_share_amount"
        )
    )
    cleaned = []
    for entry in prices:
        currency = entry.channel.currency_code
        amounts = {
            "price_amount": (entry.price, "price"),
            "cost_price_amount": (entry.cost_price, "costPrice"),
            "prior_price_amount": (entry.prior_price, "priorPrice"),
        }
        values: dict[str, Any] = {"currency": currency}
        for column, (amount, field) in amounts.items():
            values[column] = price_clean(
                amount, currency=currency, field=field, problems=problems, channel=entry.channel
            )
        values.update(
            _maker_share_clean(
                entry, price=values["price_amount"], current=shares.get(entry.channel.pk), problems=problems
            )
        )
        cleaned.append((entry.channel, values))
    if problems:
        raise CatalogError.group(problems)
    for channel, values in cleaned:
        listing = ProductVariantChannelListing.objects.filter(variant=variant, channel=channel).first()
        if listing is None:
            ProductVariantChannelListing.objects.create(variant=variant, channel=channel, **values)
        else:
            fields_save_changed(listing, values)
    return _listings_changed(actor, variant, before)


def _listings_changed(actor: Actor, variant: ProductVariant, before: dict[str, Any]) -> ProductVariant:
    """After a variant's prices changed: the product's cheapest price follows, and the change is audited."""
    product_channel_listing_discounted_price_update(product=variant.product)
    after = variant_snapshot(variant)
    if after != before:
        audit_log_record(
            actor=actor,
            action="product_variant.channel_listings_updated",
            target=variant,
            payload={"before": before["channel_listings"], "after": after["channel_listings"]},
        )
    return variant


@transaction.atomic
def staff_variant_channel_listings_remove(
    *, actor: Actor, variant: ProductVariant, channels: Sequence[Channel]
) -> ProductVariant:
    """The variant is no longer priced (so not sold) in ``channels``; the product's cheapest
    price there follows. Channels it was not priced in are ignored, as in Saleor."""
    variant = ProductVariant.objects.select_for_update().select_related("product").get(pk=variant.pk)
    before = variant_snapshot(variant)
    ProductVariantChannelListing.objects.filter(
        variant=variant, channel__in=[channel.pk for channel in channels]
    ).delete()
    return _listings_changed(actor, variant, before)


MAX_BULK = 100


@transaction.atomic
def staff_variants_delete(*, actor: Actor, variants: Sequence[ProductVariant]) -> int:
    """Saleor's ``productVariantBulkDelete``: all of them or none (at most 100 at once)."""
    if len(variants) > MAX_BULK:
        raise CatalogError(Code.INVALID, f"At most {MAX_BULK} variants can be deleted at once.", field="ids")
    for variant in variants:
        staff_variant_delete(actor=actor, variant=variant)
    return len(variants)

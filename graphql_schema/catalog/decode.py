"""Turning the IDs of the staff catalogue mutations' inputs into rows.

An ID of the wrong shape or type is a GraphQL error (``relay.decode_id``, as Saleor answers); a
well-formed ID that names nothing is Saleor's ``NOT_FOUND`` in the payload, naming the field.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, TypeVar

import strawberry
from django.db import models
from django.utils import timezone

from graphql_schema.catalog.mutation_inputs import (
    AttributeValueInput,
    ProductVariantChannelListingAddInput,
    StockInput,
)
from graphql_schema.core.relay import decode_id, decode_ids
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.models import Attribute, AttributeValue
from storefront.catalog.services.attribute_input import AttributeChoice
from storefront.catalog.services.staff_products import UNSET
from storefront.catalog.services.staff_variants import VariantPrice
from storefront.channels.models import Channel
from storefront.inventory.models import Warehouse
from storefront.inventory.staff_stocks import StockQuantity

M = TypeVar("M", bound=models.Model)


def row(model: type[M], global_id: str, *, type_name: str, field: str) -> M:
    found = model._default_manager.filter(pk=decode_id(global_id, expected=type_name)).first()
    if found is None:
        raise CatalogError(
            ProductErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {global_id}", field=field
        )
    return found


def rows(model: type[M], global_ids: Sequence[str] | None, *, type_name: str, field: str) -> list[M]:
    """The rows of ``global_ids`` in their order, repeats dropped."""
    if not global_ids:
        return []
    pks = list(dict.fromkeys(decode_ids(global_ids, expected=type_name)))
    found = model._default_manager.in_bulk(pks)
    if len(found) != len(pks):
        missing = [
            g
            for g, pk in zip(global_ids, decode_ids(global_ids, expected=type_name), strict=True)
            if pk not in found
        ]
        raise CatalogError(
            ProductErrorCode.NOT_FOUND, f"Couldn't resolve to nodes: {', '.join(missing)}", field=field
        )
    return [found[pk] for pk in pks]


def given(value: Any) -> Any:
    """Strawberry's UNSET as the services' UNSET; anything else as it is."""
    return UNSET if value is strawberry.UNSET else value


def aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A date-time without a zone is read as UTC (Saleor's rule)."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment, datetime.UTC)
    return moment


def attribute_choices(inputs: Sequence[AttributeValueInput | Any] | None) -> list[AttributeChoice] | None:
    """Saleor's attribute inputs as choices the services check (``None``: not in the input)."""
    if inputs is None:
        return None
    choices = []
    for item in inputs:
        if item.id is None:
            raise CatalogError(ProductErrorCode.REQUIRED, "Give the attribute's ID.", field="attributes")
        attribute = row(Attribute, item.id, type_name="Attribute", field="attributes")
        selected = [s for s in (item.dropdown, item.swatch, *(item.multiselect or ())) if s is not None]
        value_ids = [s.id for s in selected if s.id is not None]
        names = [s.value for s in selected if s.id is None and s.value is not None]
        names += list(item.values or ())
        values = rows(AttributeValue, value_ids, type_name="AttributeValue", field="attributes")
        choices.append(
            AttributeChoice(
                attribute=attribute,
                values=tuple(values),
                names=tuple(names),
                plain_text=item.plain_text,
                numeric=item.numeric,
                boolean=item.boolean,
            )
        )
    return choices


def stock_quantities(stocks: list[StockInput] | None) -> list[StockQuantity]:
    return [
        StockQuantity(
            warehouse=row(Warehouse, entry.warehouse, type_name="Warehouse", field="warehouse"),
            quantity=entry.quantity,
        )
        for entry in stocks or ()
    ]


def variant_price(listing: ProductVariantChannelListingAddInput, *, field: str) -> VariantPrice:
    """A variant's price in one channel as the services take it (a bad channel ID is ``field``'s)."""
    return VariantPrice(
        channel=row(Channel, listing.channel_id, type_name="Channel", field=field),
        price=listing.price,
        cost_price=listing.cost_price,
        prior_price=listing.prior_price,
        maker_share_amount=given(listing.maker_share_amount),
        maker_share_percent=given(listing.maker_share_percent),
    )

"""Reads of vouchers and gift cards for pricing: every code of many checkouts in a constant
number of statements (Saleor's ``fetch_voucher_info``, batched)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models.functions import Upper

from storefront.catalog.models import CollectionProduct
from storefront.discounts.models import GiftCard, Voucher, VoucherChannelListing, VoucherCode


@dataclass(frozen=True, slots=True)
class VoucherInfo:
    """A code with its voucher, the voucher's listing in one channel (``None``: not offered there)
    and what a ``SPECIFIC_PRODUCT`` voucher applies to (collections as the products in them)."""

    code: VoucherCode
    listing: VoucherChannelListing | None
    product_ids: frozenset[int]
    variant_ids: frozenset[int]
    category_ids: frozenset[int]
    collection_product_ids: frozenset[int]

    @property
    def voucher(self) -> Voucher:
        return self.code.voucher

    def applies_to(self, *, variant_id: int, product_id: int, category_id: int | None) -> bool:
        return (
            variant_id in self.variant_ids
            or product_id in self.product_ids
            or (category_id is not None and category_id in self.category_ids)
            or product_id in self.collection_product_ids
        )


def voucher_infos(wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], VoucherInfo]:
    """``VoucherInfo`` by (upper-cased code, channel id) for every (code, channel id) wanted that
    exists; six statements whatever the number, none when nothing is wanted."""
    pairs = {(code.strip().upper(), channel_id) for code, channel_id in wanted if code}
    if not pairs:
        return {}
    codes = {
        row.upper_code: row
        for row in VoucherCode.objects.annotate(upper_code=Upper("code"))
        .filter(upper_code__in={code for code, _ in pairs})
        .select_related("voucher")
    }
    voucher_ids = {row.voucher_id for row in codes.values()}
    if not voucher_ids:
        return {}
    listings = {
        (row.voucher_id, row.channel_id): row
        for row in VoucherChannelListing.objects.filter(voucher_id__in=voucher_ids)
    }
    related: dict[str, dict[int, set[int]]] = {}
    for name, column in (
        ("products", "product_id"),
        ("variants", "productvariant_id"),
        ("categories", "category_id"),
        ("collections", "collection_id"),
    ):
        through = getattr(Voucher, name).through
        found: dict[int, set[int]] = defaultdict(set)
        for voucher_id, target_id in through.objects.filter(voucher_id__in=voucher_ids).values_list(
            "voucher_id", column
        ):
            found[voucher_id].add(target_id)
        related[name] = found
    collection_ids = {cid for ids in related["collections"].values() for cid in ids}
    in_collection: dict[int, set[int]] = defaultdict(set)
    if collection_ids:
        for collection_id, product_id in CollectionProduct.objects.filter(
            collection_id__in=collection_ids
        ).values_list("collection_id", "product_id"):
            in_collection[collection_id].add(product_id)
    result: dict[tuple[str, int], VoucherInfo] = {}
    for code, channel_id in pairs:
        row = codes.get(code)
        if row is None:
            continue
        vid = row.voucher_id
        result[(code, channel_id)] = VoucherInfo(
            code=row,
            listing=listings.get((vid, channel_id)),
            product_ids=frozenset(related["products"][vid]),
            variant_ids=frozenset(related["variants"][vid]),
            category_ids=frozenset(related["categories"][vid]),
            collection_product_ids=frozenset(
                pid for cid in related["collections"][vid] for pid in in_collection[cid]
            ),
        )
    return result


def voucher_info(code: str, channel_id: int) -> VoucherInfo | None:
    return voucher_infos([(code, channel_id)]).get((code.strip().upper(), channel_id))


def gift_card_by_code(code: str) -> GiftCard | None:
    """The gift card of a typed code (case-insensitive), or ``None``."""
    return GiftCard.objects.annotate(upper_code=Upper("code")).filter(upper_code=code.strip().upper()).first()

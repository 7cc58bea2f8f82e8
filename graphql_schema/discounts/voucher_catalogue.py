"""What a voucher applies to (Saleor's ``Voucher.products/variants/categories/collections``) and the
channel a voucher was asked for (``voucher(id, channel)``, ``vouchers(channel)``).

The catalogue of every voucher on the page loads in one query per relation (``VOUCHER_*``: the
vouchers are peers, as for their codes) and is paged in memory: a voucher names a handful of
products, not the catalogue. The channel a query named is remembered per voucher for the request
(``voucher_channel_set``), so ``discountValue``, ``minSpent`` and ``currency`` read that channel's
listing and the products come priced in it, as Saleor's ``ChannelContext`` does. A voucher reached
through an order is seen in the order's channel (``voucher_in_channel``: the instance itself carries
the channel, so two orders of different channels sharing a voucher each see their own).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import models as django_models
from strawberry.types import Info

from graphql_schema.core.dataloaders import Loader, Scope
from storefront.catalog.models import Category, Collection, Product, ProductVariant
from storefront.channels.models import Channel
from storefront.discounts import models

# relation -> (the target model, its field in the through table, the order it is listed in)
_RELATIONS: dict[str, tuple[type[django_models.Model], str, tuple[str, ...]]] = {
    "products": (Product, "product_id", ("name", "pk")),
    "variants": (ProductVariant, "productvariant_id", ("product__name", "sort_order", "pk")),
    "categories": (Category, "category_id", ("name", "pk")),
    "collections": (Collection, "collection_id", ("name", "pk")),
}


def _batch(relation: str) -> Any:
    target_model, target, order = _RELATIONS[relation]
    through = getattr(models.Voucher, relation).through

    def batch(_info: Info, _scope: Scope, keys: list[int]) -> dict[int, list[Any]]:
        pairs = list(through.objects.filter(voucher_id__in=keys).values_list("voucher_id", target))
        rows = list(target_model._default_manager.filter(pk__in={pk for _, pk in pairs}).order_by(*order))
        position = {row.pk: index for index, row in enumerate(rows)}
        by_pk = {row.pk: row for row in rows}
        found: dict[int, list[Any]] = defaultdict(list)
        for voucher_id, pk in sorted(pairs, key=lambda pair: position[pair[1]]):
            found[voucher_id].append(by_pk[pk])
        return found

    return batch


def _loader(relation: str) -> Loader[int, list[Any]]:
    return Loader(
        f"voucher {relation}", _batch(relation), default=list, peers=models.Voucher, channel_free=True
    )


VOUCHER_PRODUCTS = _loader("products")
VOUCHER_VARIANTS = _loader("variants")
VOUCHER_CATEGORIES = _loader("categories")
VOUCHER_COLLECTIONS = _loader("collections")


def voucher_channel_set(info: Info, vouchers: Iterable[models.Voucher], slug: str | None) -> None:
    """Remember that these vouchers were asked for in the channel ``slug`` (``None``: none)."""
    if slug is None:
        return
    for voucher in vouchers:
        info.context.memo[f"discounts:voucher-channel:{voucher.pk}"] = slug


_CHANNEL_ATTRIBUTE = "_asal_seen_in_channel"


def voucher_in_channel(info: Info, voucher: models.Voucher, channel: Channel) -> models.Voucher:
    """The voucher as seen in ``channel`` (an order's): a copy of the instance that carries it, so
    its channel-dependent fields read that channel whatever else the request asked for."""
    seen = copy.copy(voucher)
    setattr(seen, _CHANNEL_ATTRIBUTE, channel.slug)
    info.context.once("discounts:channels", dict).setdefault(channel.slug, channel)
    return seen


def voucher_channel_slug(info: Info, voucher: models.Voucher) -> str | None:
    carried = getattr(voucher, _CHANNEL_ATTRIBUTE, None)
    if carried is not None:
        return str(carried)
    return info.context.memo.get(f"discounts:voucher-channel:{voucher.pk}")


def voucher_channel(info: Info, voucher: models.Voucher) -> Channel | None:
    """The channel the voucher was asked for (one query per slug and request), else ``None``."""
    slug = voucher_channel_slug(info, voucher)
    if slug is None:
        return None
    cache: dict[str, Channel | None] = info.context.once("discounts:channels", dict)
    if slug not in cache:
        cache[slug] = Channel.objects.filter(slug=slug).first()
    return cache[slug]

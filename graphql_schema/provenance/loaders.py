"""Per-request batch loads for certificates: a page of variants or certificates costs one query each.

Certificates a resolver produces are registered (``register_certificates``), so asking for the
custody chain of one loads the chains of all of them at once. A variant's certificate and its
certified-unit count are loaded for every variant (or product) known to the request in one
query, and only when the field is selected (peers, see ``graphql_schema.core.dataloaders``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F
from strawberry.types import Info

from graphql_schema.core.dataloaders import Loader, Scope, register_keys
from provenance.certificates.models import CustodyEvent, OriginCertificate, Unit
from storefront.catalog.models import Product, ProductVariant
from storefront.inventory.reservations import variant_quantities_free


def register_certificates(info: Info, certificates: Iterable[OriginCertificate]) -> None:
    register_keys(info, Unit, (certificate.unit_id for certificate in certificates))


def _custody_events(_info: Info, _scope: Scope, unit_ids: list[int]) -> dict[int, list[CustodyEvent]]:
    grouped: dict[int, list[CustodyEvent]] = defaultdict(list)
    rows = (
        CustodyEvent.objects.filter(unit_id__in=unit_ids)
        .order_by("unit_id", "sequence")
        .only("unit_id", "sequence", "type", "occurred_at", "country")
    )
    for event in rows:
        grouped[event.unit_id].append(event)
    return grouped


CUSTODY_EVENTS: Loader[int, list[CustodyEvent]] = Loader(
    "custody-events", _custody_events, default=list, peers=Unit, channel_free=True
)


def custody_events(info: Info, unit_id: int) -> list[CustodyEvent]:
    """The unit's custody chain in order, with its public columns only."""
    return CUSTODY_EVENTS.load(info, unit_id)


def _variant_certificates(info: Info, _scope: Scope, variant_ids: list[int]) -> dict[int, OriginCertificate]:
    rows = (
        OriginCertificate.objects.select_related("unit", "signing_key")
        .filter(
            unit__lot__variant_id__in=variant_ids,
            unit__lot__variant__is_one_of_a_kind=True,
            unit__status=Unit.Status.IN_STOCK,
        )
        .annotate(asal_variant_id=F("unit__lot__variant_id"))
        .order_by("unit_id")
    )
    found: dict[int, OriginCertificate] = {row.asal_variant_id: row for row in rows}
    register_certificates(info, found.values())
    return found


VARIANT_CERTIFICATES: Loader[int, OriginCertificate | None] = Loader(
    "variant-certificates",
    _variant_certificates,
    default=lambda: None,
    peers=ProductVariant,
    channel_free=True,
)


def variant_certificate(info: Info, variant_id: int) -> OriginCertificate | None:
    """The certificate of a one-of-a-kind variant's piece in stock (the newest, should there be two)."""
    return VARIANT_CERTIFICATES.load(info, variant_id)


def _certified_units(owner: str) -> Any:
    """Certified pieces a buyer can still take, counted per ``owner`` (a path to a variant or product).

    A piece counts when it is in stock with a valid certificate, in one of the scope's channel's
    warehouses; per variant, the count is capped by the channel's free stock (quantity minus
    allocations minus active checkout reservations), so a reserved or sold piece is not offered
    twice. Without a channel (staff) every warehouse counts, uncapped. Two statements per batch.
    """

    def batch(_info: Info, scope: Scope, ids: list[int]) -> dict[int, int]:
        units = Unit.objects.filter(
            status=Unit.Status.IN_STOCK,
            certificate__isnull=False,
            certificate__revoked_at__isnull=True,
            certificate__suspended_at__isnull=True,
            **{f"{owner}__in": ids},
        )
        if scope.channel is not None:
            units = units.filter(lot__warehouse__channels=scope.channel)
        rows = list(
            units.order_by().values("lot__variant_id", "lot__variant__product_id").annotate(total=Count("pk"))
        )
        free: dict[int, int] | None = None
        if scope.channel is not None:
            free = variant_quantities_free(
                channel=scope.channel, variant_ids={row["lot__variant_id"] for row in rows}
            )
        result: dict[int, int] = defaultdict(int)
        for row in rows:
            total, variant_id = row["total"], row["lot__variant_id"]
            owner_id = (
                row["lot__variant_id"] if owner == "lot__variant_id" else row["lot__variant__product_id"]
            )
            result[owner_id] += total if free is None else min(total, free.get(variant_id, 0))
        return dict(result)

    return batch


VARIANT_CERTIFIED_UNITS: Loader[int, int] = Loader(
    "variant-certified-units",
    _certified_units("lot__variant_id"),
    default=int,
    peers=ProductVariant,
)


def variant_certified_units(info: Info, variant_id: int, scope: Scope) -> int:
    """Certified pieces of the variant a buyer can still take in the scope's channel."""
    return VARIANT_CERTIFIED_UNITS.load(info, variant_id, scope)


PRODUCT_CERTIFIED_UNITS: Loader[int, int] = Loader(
    "product-certified-units",
    _certified_units("lot__variant__product_id"),
    default=int,
    peers=Product,
)


def product_certified_units(info: Info, product_id: int, scope: Scope) -> int:
    """Certified pieces of any of the product's variants a buyer can still take in the scope's channel."""
    return PRODUCT_CERTIFIED_UNITS.load(info, product_id, scope)

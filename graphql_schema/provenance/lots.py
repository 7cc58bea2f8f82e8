"""``productionLotReceive``: decode the input's global IDs, call ``lot_receive``, shape the payload.

Every ID is checked before anything is written: a malformed ID, an ID of the wrong type or an
unknown object becomes an error entry on its field (Saleor's payload shape), never an exception.
Limits the database would otherwise enforce with an error (lengths, unique lot code, a maker
named twice in one role) are checked here too, so bad input answers with ``errors``, not a 500.

Workshop photos arrive as multipart ``Upload`` parts. ``lot_receive`` checks every image before it
writes anything; a refused file (``CatalogError``) is reported on ``photos`` as ``INVALID`` with
the catalogue's message (the provenance codes have no file codes, and one code suffices to say
"this photo, not the lot, is wrong").
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, TypeVar

import strawberry
from django.db import models, transaction
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.core.relay import decode_id
from graphql_schema.core.scalars import Upload
from graphql_schema.provenance.loaders import register_certificates
from graphql_schema.provenance.payloads import audit
from graphql_schema.provenance.staff_types import CertifiedUnit, ProductionLot
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.models import ProductionLot as LotModel
from provenance.certificates.models import Unit
from provenance.certificates.services import MAX_LOT_QUANTITY, MakerRole, lot_receive
from provenance.origins.models import Maker, Material, Origin, Technique
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.models import ProductVariant
from storefront.inventory.models import Warehouse

M = TypeVar("M", bound=models.Model)

# Receiving signs one certificate per piece in the request; bigger batches are several lots.
# Each photo is decoded and its digest signed into every certificate: a lot shows a few, not an album.
MAX_LOT_PHOTOS = 10
_CAPTION_LIMIT = 255


@strawberry.input(description="A maker of a lot and their role.")
class LotMakerInput:
    maker: strawberry.ID = strawberry.field(description="ID of the maker.")
    role: str = strawberry.field(description="Weaver, potter, dyer, harvester…")


@strawberry.input(description="A workshop photo of a lot, sent as a multipart file part.")
class LotPhotoInput:
    image: Upload = strawberry.field(description="JPEG, PNG, WEBP, AVIF or GIF; EXIF data is removed.")
    caption: str | None = strawberry.field(default=None, description="Shown with the photo (public).")


@strawberry.input(description="Fields required to receive a production lot.")
class ProductionLotReceiveInput:
    code: str = strawberry.field(description="The lot's code, unique in the shop.")
    variant: strawberry.ID = strawberry.field(description="ID of the product variant made.")
    warehouse: strawberry.ID = strawberry.field(description="ID of the warehouse receiving the stock.")
    quantity: int = strawberry.field(description=f"Number of pieces (1 to {MAX_LOT_QUANTITY}).")
    origin: strawberry.ID = strawberry.field(description="ID of the village the lot was made in.")
    makers: list[LotMakerInput] = strawberry.field(description="The lot's makers with their roles.")
    production_started_on: datetime.date
    production_finished_on: datetime.date
    unit_makers: list[strawberry.ID | None] | None = strawberry.field(
        default=None, description="The maker of each piece, in order (null: the lot's makers)."
    )
    materials: list[strawberry.ID] | None = strawberry.field(default=None, description="IDs of materials.")
    techniques: list[strawberry.ID] | None = strawberry.field(default=None, description="IDs of techniques.")
    motif: str | None = None
    workshop: str | None = None
    harvested_on: datetime.date | None = strawberry.field(
        default=None, description="Food: harvest or production date."
    )
    best_before: datetime.date | None = strawberry.field(default=None, description="Food: best-before date.")
    notes: str | None = None
    photos: list[LotPhotoInput] | None = strawberry.field(
        default=None,
        description=(
            f"Up to {MAX_LOT_PHOTOS} public photos of the workshop or the making; each certificate "
            "signs their digests."
        ),
    )


def _pk(global_id: str, *, expected: str, field: str) -> int:
    try:
        return decode_id(global_id, expected=expected)
    except GraphQLError as exc:
        raise ProvenanceError(ProvenanceErrorCode.INVALID, exc.message, field=field) from None


def _get_many(model: type[M], global_ids: Sequence[str], *, expected: str, field: str) -> list[M]:
    """The objects of ``global_ids`` in order, in one query; any bad or unknown ID is an error."""
    pks = [_pk(value, expected=expected, field=field) for value in global_ids]
    found = model._default_manager.in_bulk(pks)  # type: ignore[attr-defined]
    missing = [value for value, pk in zip(global_ids, pks, strict=True) if pk not in found]
    if missing:
        raise ProvenanceError(
            ProvenanceErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {missing[0]}", field=field
        )
    return [found[pk] for pk in pks]


def _get(model: type[M], global_id: str, *, expected: str, field: str) -> M:
    return _get_many(model, [global_id], expected=expected, field=field)[0]


def _arguments(data: ProductionLotReceiveInput) -> dict[str, Any]:
    """``lot_receive``'s keyword arguments, or a ProvenanceError naming the first bad field."""
    roles = [entry.role for entry in data.makers]
    makers = _get_many(Maker, [entry.maker for entry in data.makers], expected="Maker", field="makers")
    unit_makers = None
    if data.unit_makers is not None:
        named = [value for value in data.unit_makers if value is not None]
        by_id = dict(zip(named, _get_many(Maker, named, expected="Maker", field="unitMakers"), strict=True))
        unit_makers = [by_id[value] if value is not None else None for value in data.unit_makers]
    return {
        "code": data.code,
        "variant": _get(ProductVariant, data.variant, expected="ProductVariant", field="variant"),
        "warehouse": _get(Warehouse, data.warehouse, expected="Warehouse", field="warehouse"),
        "quantity": data.quantity,
        "origin": _get(Origin, data.origin, expected="Origin", field="origin"),
        "makers": [MakerRole(maker=maker, role=role) for maker, role in zip(makers, roles, strict=True)],
        "unit_makers": unit_makers,
        "materials": _get_many(Material, data.materials or [], expected="Material", field="materials"),
        "techniques": _get_many(Technique, data.techniques or [], expected="Technique", field="techniques"),
        "motif": (data.motif or "").strip(),
        "workshop": (data.workshop or "").strip(),
        "production_started_on": data.production_started_on,
        "production_finished_on": data.production_finished_on,
        "harvested_on": data.harvested_on,
        "best_before": data.best_before,
        "notes": (data.notes or "").strip(),
        "photos": _photos(data.photos or []),
    }


def _photos(photos: Sequence[LotPhotoInput]) -> list[tuple[Any, str]]:
    """``(file, caption)`` pairs for ``lot_receive``, or a ProvenanceError on ``photos``."""
    if len(photos) > MAX_LOT_PHOTOS:
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, f"A lot has at most {MAX_LOT_PHOTOS} photos.", field="photos"
        )
    pairs = []
    for position, photo in enumerate(photos, start=1):
        caption = (photo.caption or "").strip()
        if len(caption) > _CAPTION_LIMIT:
            raise ProvenanceError(
                ProvenanceErrorCode.INVALID,
                f"Photo {position}: a caption has at most {_CAPTION_LIMIT} characters.",
                field="photos",
            )
        pairs.append((photo.image, caption))
    return pairs


def production_lot_receive(info: Info, data: ProductionLotReceiveInput) -> ProductionLot:
    """Receive the lot and record the audit entry in one transaction."""
    arguments = _arguments(data)
    with transaction.atomic():
        lot, units = _receive(info, arguments)
    certificates = [unit.certificate for unit in units]
    register_certificates(info, certificates)
    return ProductionLot(
        _lot=lot,
        _units=[
            CertifiedUnit(_unit=unit, _certificate=certificate)
            for unit, certificate in zip(units, certificates, strict=True)
        ],
    )


def _receive(info: Info, arguments: dict[str, Any]) -> tuple[LotModel, list[Unit]]:
    try:
        lot = lot_receive(**arguments)
    except CatalogError as exc:
        # Raised while checking the photos, before anything is written.
        raise ProvenanceError(ProvenanceErrorCode.INVALID, exc.message, field="photos") from None
    units = list(Unit.objects.filter(lot=lot).select_related("certificate").order_by("pk"))
    audit(
        info,
        action="production_lot.received",
        target=lot,
        payload={
            "code": lot.code,
            "variant": lot.variant_id,
            "warehouse": lot.warehouse_id,
            "quantity": lot.quantity,
            "serials": [unit.serial for unit in units],
        },
    )
    return lot, units

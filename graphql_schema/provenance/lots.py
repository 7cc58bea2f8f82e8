"""``productionLotReceive``: decode the input's global IDs, call ``lot_receive``, shape the payload.

Every ID is checked before the service is called: a malformed ID, an ID of the wrong type or
an unknown object becomes an error entry on its field (Saleor's payload shape), all of them at
once, never an exception. Every other rule (lengths, dates, makers, photos and their captions)
is the domain's: ``lot_receive`` checks them all and records the audit entry itself.

Workshop photos arrive as multipart ``Upload`` parts and are handed to ``lot_receive`` as they
are; a refused file is reported on ``photos`` with its position.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, TypeVar

import strawberry
from django.db import models
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.core.auth import request_actor
from graphql_schema.core.relay import decode_id
from graphql_schema.core.scalars import Upload
from graphql_schema.provenance.loaders import register_certificates
from graphql_schema.provenance.staff_types import CertifiedUnit, ProductionLot
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.models import Unit
from provenance.certificates.services import (
    MAX_LOT_PHOTOS,
    MAX_LOT_QUANTITY,
    LotPhotoUpload,
    MakerRole,
    lot_receive,
)
from provenance.origins.models import Maker, Material, Origin, Technique
from storefront.catalog.models import ProductVariant
from storefront.inventory.models import Warehouse

M = TypeVar("M", bound=models.Model)


@strawberry.input(description="A maker of a lot and their role.")
class LotMakerInput:
    maker: strawberry.ID = strawberry.field(description="ID of the maker.")
    role: str = strawberry.field(description="Weaver, potter, dyer, harvester…")


@strawberry.input(description="A workshop photo of a lot, sent as a multipart file part.")
class LotPhotoInput:
    image: Upload = strawberry.field(description="JPEG, PNG, WEBP or AVIF; EXIF data is removed.")
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


class _NodeLookup:
    """Decodes global IDs into objects, one query per field, keeping one error per bad field."""

    def __init__(self) -> None:
        self.problems: list[ProvenanceError] = []

    def many(self, model: type[M], global_ids: Sequence[str], *, expected: str, field: str) -> list[M]:
        """The objects of ``global_ids`` in order; on a bad or unknown ID, an error and ``[]``."""
        try:
            pks = [decode_id(value, expected=expected) for value in global_ids]
        except GraphQLError as exc:
            self.problems.append(ProvenanceError(ProvenanceErrorCode.INVALID, exc.message, field=field))
            return []
        found = model._default_manager.in_bulk(pks)
        missing = [value for value, pk in zip(global_ids, pks, strict=True) if pk not in found]
        if missing:
            message = f"Couldn't resolve to a node: {missing[0]}"
            self.problems.append(ProvenanceError(ProvenanceErrorCode.NOT_FOUND, message, field=field))
            return []
        return [found[pk] for pk in pks]

    def one(self, model: type[M], global_id: str, *, expected: str, field: str) -> M | None:
        found = self.many(model, [global_id], expected=expected, field=field)
        return found[0] if found else None


def _arguments(data: ProductionLotReceiveInput) -> dict[str, Any]:
    """``lot_receive``'s keyword arguments (but the actor), or a ProvenanceError per bad ID field."""
    ids = _NodeLookup()
    makers = ids.many(Maker, [entry.maker for entry in data.makers], expected="Maker", field="makers")
    unit_makers = None
    if data.unit_makers is not None:
        named = [value for value in data.unit_makers if value is not None]
        by_id = dict(zip(named, ids.many(Maker, named, expected="Maker", field="unit_makers"), strict=False))
        unit_makers = [by_id.get(value) if value is not None else None for value in data.unit_makers]
    arguments = {
        "variant": ids.one(ProductVariant, data.variant, expected="ProductVariant", field="variant"),
        "warehouse": ids.one(Warehouse, data.warehouse, expected="Warehouse", field="warehouse"),
        "origin": ids.one(Origin, data.origin, expected="Origin", field="origin"),
        "materials": ids.many(Material, data.materials or [], expected="Material", field="materials"),
        "techniques": ids.many(Technique, data.techniques or [], expected="Technique", field="techniques"),
    }
    if ids.problems:
        raise ProvenanceError.group(ids.problems)
    return {
        **arguments,
        "code": data.code,
        "quantity": data.quantity,
        "makers": [
            MakerRole(maker=maker, role=entry.role) for maker, entry in zip(makers, data.makers, strict=True)
        ],
        "unit_makers": unit_makers,
        "motif": data.motif or "",
        "workshop": data.workshop or "",
        "production_started_on": data.production_started_on,
        "production_finished_on": data.production_finished_on,
        "harvested_on": data.harvested_on,
        "best_before": data.best_before,
        "notes": data.notes or "",
        "photos": [
            LotPhotoUpload(file=photo.image, caption=photo.caption or "") for photo in data.photos or []
        ],
    }


def production_lot_receive(info: Info, data: ProductionLotReceiveInput) -> ProductionLot:
    """Receive the lot (the service writes and audits it) and show its certified units."""
    lot = lot_receive(actor=request_actor(info), **_arguments(data))
    units = list(Unit.objects.filter(lot=lot).select_related("certificate").order_by("pk"))
    certificates = [unit.certificate for unit in units]
    register_certificates(info, certificates)
    return ProductionLot(
        _lot=lot,
        _units=[
            CertifiedUnit(_unit=unit, _certificate=certificate)
            for unit, certificate in zip(units, certificates, strict=True)
        ],
    )

"""Receiving a production lot: its stock, its units with serials, their signed certificates.

``lot_receive`` is the one way stock with certificates enters the shop (the API, the demo
loader and any future import call it), so every rule lives here, checked before anything
is written and answered all at once (``ProvenanceError.group``). Then one transaction writes
the lot, its photos, units, certificates, first custody links and audit entry, or nothing:

1. check every field and decode every photo (no writes);
2. store the photos, deleted again if the transaction rolls back (``stored_files``);
3. write the lot and sign each unit's certificate (the slow part: up to 1,000 signatures);
4. last, add the stock under the stock row's lock, held only until the commit, so a
   checkout of the same variant never waits for the signing.

The other provenance writes live beside this module: ``status_changes`` (revoke, suspend,
reinstate, write off), ``claims`` (claim secrets, ownership claims), ``issuance`` (signing,
key rotation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError

from provenance.certificates.credentials import lot_claims
from provenance.certificates.custody import custody_event_append
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.issuance import unit_certify
from provenance.certificates.keys import ActiveKey, secret_encrypt, signing_key_active
from provenance.certificates.lot_validation import MAX_LOT_QUANTITY, MakerRole, lot_problems
from provenance.certificates.models import CustodyEvent, LotMaker, LotPhoto, ProductionLot, StatusList, Unit
from provenance.certificates.serials import claim_secret_digest, claim_secret_new, serial_new
from provenance.certificates.status import status_list_for_new_slot
from provenance.certificates.stored_files import StoredFiles, atomic_with_stored_files
from provenance.origins.models import Maker, Material, Origin, Technique
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.models import ProductVariant
from storefront.core.error_codes import ImageError
from storefront.core.images import ValidatedImage, image_reencode, image_validate
from storefront.inventory.models import Warehouse
from storefront.inventory.services import stock_increase

__all__ = ["MAX_LOT_PHOTOS", "MAX_LOT_QUANTITY", "LotPhotoUpload", "MakerRole", "lot_receive"]

# Each photo is decoded and its digest signed into every certificate: a lot shows a few, not an album.
MAX_LOT_PHOTOS = 10
CAPTION_LIMIT = 255


@dataclass(frozen=True)
class LotPhotoUpload:
    """A workshop photo as uploaded: a Django ``File`` and its (public) caption."""

    file: Any
    caption: str = ""


@dataclass(frozen=True)
class _CheckedPhoto:
    file: Any
    caption: str
    image: ValidatedImage


def lot_receive(
    *,
    actor: Actor,
    code: str,
    variant: ProductVariant,
    warehouse: Warehouse,
    quantity: int,
    origin: Origin,
    makers: Sequence[MakerRole],
    production_started_on: date,
    production_finished_on: date,
    materials: Sequence[Material] = (),
    techniques: Sequence[Technique] = (),
    motif: str = "",
    workshop: str = "",
    harvested_on: date | None = None,
    best_before: date | None = None,
    unit_makers: Sequence[Maker | None] | None = None,
    notes: str = "",
    photos: Sequence[LotPhotoUpload] = (),
) -> ProductionLot:
    """Receive a lot into ``warehouse``: add stock, create and certify one unit per piece; audited.

    Bad input raises ``ProvenanceError`` (a group of every problem found, each naming its
    field) before anything is written. Texts are stripped of surrounding blanks.
    """
    code, motif, workshop, notes = code.strip(), motif.strip(), workshop.strip(), notes.strip()
    makers = [MakerRole(maker=entry.maker, role=entry.role.strip()) for entry in makers]
    problems = lot_problems(
        code=code,
        variant=variant,
        quantity=quantity,
        makers=makers,
        unit_makers=unit_makers,
        production_started_on=production_started_on,
        production_finished_on=production_finished_on,
        harvested_on=harvested_on,
        best_before=best_before,
        motif=motif,
        workshop=workshop,
    )
    checked_photos, photo_problems = _photos_check(photos)
    if problems or photo_problems:
        raise ProvenanceError.group(problems + photo_problems)
    active_key = signing_key_active()
    fields = {
        "code": code,
        "variant": variant,
        "warehouse": warehouse,
        "quantity": quantity,
        "origin": origin,
        "workshop": workshop,
        "motif": motif,
        "production_started_on": production_started_on,
        "production_finished_on": production_finished_on,
        "harvested_on": harvested_on,
        "best_before": best_before,
        "notes": notes,
    }
    try:
        with atomic_with_stored_files() as stored:
            lot = ProductionLot.objects.create(**fields)
            lot.materials.set(materials)
            lot.techniques.set(techniques)
            LotMaker.objects.bulk_create([LotMaker(lot=lot, maker=e.maker, role=e.role) for e in makers])
            _photos_store(lot, checked_photos, stored)
            serials = _units_certify(lot, unit_makers=unit_makers, active_key=active_key)
            audit_log_record(
                actor=actor,
                action="production_lot.received",
                target=lot,
                payload={
                    "code": lot.code,
                    "variant": lot.variant_id,
                    "warehouse": lot.warehouse_id,
                    "quantity": lot.quantity,
                    "serials": serials,
                },
            )
            # Last: the stock row stays locked from here to the commit, after the signing is done.
            stock_increase(warehouse=warehouse, variant=variant, quantity=quantity)
    except IntegrityError:
        # Two receipts of the same code at once: the later one is told so, like any repeat.
        if ProductionLot.objects.filter(code=code).exists():
            raise ProvenanceError(
                ProvenanceErrorCode.UNIQUE, "A lot with this code exists.", field="code"
            ) from None
        raise
    return lot


def _photos_check(photos: Sequence[LotPhotoUpload]) -> tuple[list[_CheckedPhoto], list[ProvenanceError]]:
    """Every photo decoded and its caption checked; the refused ones named by position (from 0)."""
    if len(photos) > MAX_LOT_PHOTOS:
        message = f"A lot has at most {MAX_LOT_PHOTOS} photos."
        return [], [ProvenanceError(ProvenanceErrorCode.INVALID, message, field="photos")]
    checked, problems = [], []
    for position, photo in enumerate(photos):
        caption = (photo.caption or "").strip()
        if len(caption) > CAPTION_LIMIT:
            message = f"Photo {position + 1}: a caption has at most {CAPTION_LIMIT} characters."
            problems.append(
                ProvenanceError(ProvenanceErrorCode.INVALID, message, field="photos", photos=[position])
            )
        try:
            image = image_validate(file=photo.file)
        except ImageError as refused:
            message = f"Photo {position + 1}: {refused.message}"
            problems.append(
                ProvenanceError(ProvenanceErrorCode.INVALID, message, field="photos", photos=[position])
            )
            continue
        checked.append(_CheckedPhoto(file=photo.file, caption=caption, image=image))
    return checked, problems


def _photos_store(lot: ProductionLot, photos: list[_CheckedPhoto], stored: StoredFiles) -> None:
    """Store each photo drawn again from its pixels (phones record where a maker lives in its metadata)."""
    for position, photo in enumerate(photos):
        record = LotPhoto(lot=lot, caption=photo.caption, sort_order=position)
        data = image_reencode(photo.file.read(), image_format=photo.image.format)
        name = f"{lot.code.lower()}-{position + 1}.{photo.image.extension}"
        stored.save(record.image, name, ContentFile(data))
        record.save()


def _units_certify(
    lot: ProductionLot, *, unit_makers: Sequence[Maker | None] | None, active_key: ActiveKey
) -> list[str]:
    """Create and certify one unit per piece of ``lot``; their serials, in order."""
    claims = lot_claims(lot=lot)  # what every unit's certificate says alike, read once
    lists = {
        purpose: status_list_for_new_slot(purpose=purpose)
        for purpose in (StatusList.Purpose.REVOCATION, StatusList.Purpose.SUSPENSION)
    }
    # The piece was made when its lot was finished, not when the store room received it.
    produced_at = datetime.combine(lot.production_finished_on, time(12), tzinfo=UTC)
    serials = []
    for position in range(lot.quantity):
        secret = claim_secret_new()
        unit = Unit.objects.create(
            serial=serial_new(prefix=settings.ASAL_SERIAL_PREFIX),
            lot=lot,
            maker=unit_makers[position] if unit_makers else None,
            claim_secret_digest=claim_secret_digest(secret),
            initial_claim_secret_encrypted=secret_encrypt(secret),
        )
        custody_event_append(
            unit=unit,
            type=CustodyEvent.Type.PRODUCED,
            occurred_at=produced_at,
            country=lot.origin.country,
            public_data={"lot": lot.code},
        )
        unit_certify(unit=unit, active_key=active_key, claims=claims, lists=lists)
        serials.append(unit.serial)
    return serials

"""Provenance writes: receiving lots, certifying units, changing a certificate's status, ownership claims.

Receiving a lot is one transaction: the lot, its stock, its units with serials, their
signed certificates and the first links of their custody chains are all written, or none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from provenance.certificates.credentials import LotClaims, certificate_unsigned, lot_claims
from provenance.certificates.custody import custody_event_append
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.keys import ActiveKey, secret_decrypt, secret_encrypt, signing_key_active
from provenance.certificates.models import (
    CustodyEvent,
    LotMaker,
    LotPhoto,
    OriginCertificate,
    ProductionLot,
    StatusList,
    Unit,
)
from provenance.certificates.serials import (
    claim_secret_digest,
    claim_secret_matches,
    claim_secret_new,
    serial_new,
)
from provenance.certificates.status import (
    status_bit_set,
    status_list_for_new_slot,
    status_list_url,
    status_slot_allocate,
)
from provenance.origins.models import Maker, Material, Origin, Technique
from provenance.vc.eddsa_jcs_2022 import sign
from provenance.vc.multibase import base58btc_encode
from storefront.catalog.models import ProductVariant
from storefront.core.error_codes import ImageError
from storefront.core.images import image_metadata_strip, image_validate
from storefront.inventory.error_codes import StockError
from storefront.inventory.models import Warehouse
from storefront.inventory.services import stock_decrease, stock_increase

_SLOT_ATTEMPTS = 8
MAX_LOT_QUANTITY = 1000
_TEXT_LIMITS = {"code": 64, "motif": 255, "workshop": 255, "role": 64}


@dataclass(frozen=True)
class MakerRole:
    maker: Maker
    role: str


def lot_receive(
    *,
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
    photos: Sequence[tuple[Any, str]] = (),
) -> ProductionLot:
    """Receive a lot into ``warehouse``: add stock, create and certify one unit per piece.

    Bad input raises ``ProvenanceError`` naming the field, before anything is written.
    """
    code = code.strip()
    if not code:
        raise ProvenanceError(ProvenanceErrorCode.REQUIRED, "A lot needs a code.", field="code")
    for field, value in (("code", code), ("motif", motif), ("workshop", workshop)):
        if len(value) > _TEXT_LIMITS[field]:
            raise ProvenanceError(
                ProvenanceErrorCode.INVALID, f"At most {_TEXT_LIMITS[field]} characters.", field=field
            )
    if ProductionLot.objects.filter(code=code).exists():
        raise ProvenanceError(ProvenanceErrorCode.UNIQUE, "A lot with this code exists.", field="code")
    if quantity <= 0:
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, "A lot holds at least one piece.", field="quantity"
        )
    if quantity > MAX_LOT_QUANTITY:
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, f"A lot holds at most {MAX_LOT_QUANTITY} pieces.", field="quantity"
        )
    if not makers:
        raise ProvenanceError(ProvenanceErrorCode.REQUIRED, "A lot names at least one maker.", field="makers")
    roles = [(entry.maker.pk, entry.role.strip()) for entry in makers]
    if any(not role or len(role) > _TEXT_LIMITS["role"] for _, role in roles):
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, "Each maker needs a role of at most 64 characters.", field="makers"
        )
    if len(set(roles)) != len(roles):
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, "A maker is named twice in one role.", field="makers"
        )
    if production_finished_on > timezone.localdate():
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID,
            "A lot is received once it is made, not before.",
            field="productionPeriod",
        )
    if production_finished_on < production_started_on:
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, "Production cannot end before it starts.", field="productionPeriod"
        )
    if variant.is_one_of_a_kind and quantity != 1:
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, "A one-of-a-kind piece is a lot of one.", field="quantity"
        )
    if best_before and harvested_on and best_before <= harvested_on:
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, "Best-before precedes harvest.", field="bestBefore"
        )
    if unit_makers is not None and len(unit_makers) != quantity:
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, "Name a maker (or none) for each piece.", field="unitMakers"
        )
    lot_maker_ids = {entry.maker.pk for entry in makers}
    if unit_makers and any(m is not None and m.pk not in lot_maker_ids for m in unit_makers):
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID,
            "A piece's maker must be one of the lot's makers.",
            field="unitMakers",
        )
    try:
        checked_photos = [(image_validate(file=file), file, caption) for file, caption in photos]
    except ImageError as error:
        raise ProvenanceError(ProvenanceErrorCode.INVALID, error.message, field="photos") from None
    motif, workshop = motif.strip(), workshop.strip()
    active_key = signing_key_active()
    try:
        return _lot_write(
            dict(
                code=code,
                variant=variant,
                warehouse=warehouse,
                quantity=quantity,
                origin=origin,
                workshop=workshop,
                motif=motif,
                production_started_on=production_started_on,
                production_finished_on=production_finished_on,
                harvested_on=harvested_on,
                best_before=best_before,
                notes=notes,
            ),
            makers=makers,
            materials=materials,
            techniques=techniques,
            unit_makers=unit_makers,
            checked_photos=checked_photos,
            active_key=active_key,
        )
    except IntegrityError:
        # Two receipts of the same code at once: the later one is told so, like any repeat.
        if ProductionLot.objects.filter(code=code).exists():
            raise ProvenanceError(
                ProvenanceErrorCode.UNIQUE, "A lot with this code exists.", field="code"
            ) from None
        raise


def _lot_write(
    fields: dict[str, Any],
    *,
    makers: Sequence[MakerRole],
    materials: Sequence[Material],
    techniques: Sequence[Technique],
    unit_makers: Sequence[Maker | None] | None,
    checked_photos: list[tuple[Any, Any, str]],
    active_key: ActiveKey,
) -> ProductionLot:
    """Write a validated lot, its stock, units, certificates and first custody links, or nothing."""
    with transaction.atomic():
        lot = ProductionLot.objects.create(**fields)
        code, origin, quantity = lot.code, lot.origin, lot.quantity
        lot.materials.set(materials)
        lot.techniques.set(techniques)
        LotMaker.objects.bulk_create([LotMaker(lot=lot, maker=e.maker, role=e.role.strip()) for e in makers])
        for position, (checked, file, caption) in enumerate(checked_photos):
            photo = LotPhoto(lot=lot, caption=caption, sort_order=position)
            data = image_metadata_strip(file.read(), image_format=checked.format)
            photo.image.save(
                f"{code.lower()}-{position + 1}.{checked.extension}", ContentFile(data), save=False
            )
            photo.save()
        stock_increase(warehouse=lot.warehouse, variant=lot.variant, quantity=quantity)
        claims = lot_claims(lot=lot)  # what every unit's certificate says alike, read once
        lists = {
            purpose: status_list_for_new_slot(purpose=purpose)
            for purpose in (StatusList.Purpose.REVOCATION, StatusList.Purpose.SUSPENSION)
        }
        # The piece was made when its lot was finished, not when the store room received it.
        produced_at = datetime.combine(lot.production_finished_on, time(12), tzinfo=UTC)
        for position in range(quantity):
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
                country=origin.country,
                public_data={"lot": lot.code},
            )
            _certify(unit=unit, active_key=active_key, claims=claims, lists=lists)
    return lot


def _certify(
    *,
    unit: Unit,
    active_key: ActiveKey,
    claims: LotClaims,
    lists: dict[StatusList.Purpose, StatusList],
) -> OriginCertificate:
    issued_at = timezone.now().replace(microsecond=0)
    for _attempt in range(_SLOT_ATTEMPTS):
        revocation = status_slot_allocate(
            purpose=StatusList.Purpose.REVOCATION, status_list=lists[StatusList.Purpose.REVOCATION]
        )
        suspension = status_slot_allocate(
            purpose=StatusList.Purpose.SUSPENSION, status_list=lists[StatusList.Purpose.SUSPENSION]
        )
        unsigned = certificate_unsigned(
            unit=unit,
            issued_at=issued_at,
            revocation=revocation,
            suspension=suspension,
            status_url=status_list_url,
            claims=claims,
        )
        credential = sign(
            unsigned, private_key=active_key.private_key, verification_method=active_key.verification_method
        )
        try:
            with transaction.atomic():
                certificate = OriginCertificate.objects.create(
                    unit=unit,
                    credential_id=credential["id"],
                    credential=credential,
                    signing_key=active_key.record,
                    check_code=check_code(credential),
                    revocation_list=revocation[0],
                    revocation_index=revocation[1],
                    suspension_list=suspension[0],
                    suspension_index=suspension[1],
                    issued_at=issued_at,
                )
        except IntegrityError:
            continue  # another certificate took the same random slot at the same moment
        custody_event_append(
            unit=unit,
            type=CustodyEvent.Type.CERTIFIED,
            occurred_at=issued_at,
            country=claims.common["origin"]["country"],
        )
        return certificate
    raise ProvenanceError(ProvenanceErrorCode.INVALID, "Could not allocate a status list slot.")


def check_code(credential: dict) -> str:
    """A short code printed on the tag, derived from the signature: tag and certificate must agree."""
    digest = hashlib.sha256(credential["proof"]["proofValue"].encode()).digest()
    return base58btc_encode(digest)[:6].upper()


def _status_change(
    certificate: OriginCertificate,
    *,
    reason: str,
    event: CustodyEvent.Type,
    change: Callable[[OriginCertificate, str], tuple[StatusList, int, bool]],
) -> OriginCertificate:
    """Lock the certificate, apply ``change`` (which returns the list bit to set), record the event.

    A revoked certificate never changes again; the reason stays private in the custody chain.
    """
    reason = reason.strip()
    with transaction.atomic():
        locked = OriginCertificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise ProvenanceError(ProvenanceErrorCode.ALREADY_REVOKED, "This certificate is already revoked.")
        status_list, index, value = change(locked, reason)
        status_bit_set(status_list=status_list, index=index, value=value)
        custody_event_append(unit=locked.unit, type=event, private_data={"reason": reason})
    return locked


def _reason_required(reason: str, what: str) -> None:
    if not reason.strip():
        raise ProvenanceError(
            ProvenanceErrorCode.REQUIRED, f"Say why the certificate is {what}.", field="reason"
        )


def certificate_revoke(*, certificate: OriginCertificate, reason: str) -> OriginCertificate:
    """Revoke for good (a damaged or lost piece); the status list bit says so to every verifier."""
    _reason_required(reason, "revoked")

    def revoke(locked: OriginCertificate, why: str) -> tuple[StatusList, int, bool]:
        locked.revoked_at = timezone.now()
        locked.revocation_reason = why
        locked.save(update_fields=["revoked_at", "revocation_reason"])
        return locked.revocation_list, locked.revocation_index, True

    return _status_change(certificate, reason=reason, event=CustodyEvent.Type.REVOKED, change=revoke)


def certificate_suspend(*, certificate: OriginCertificate, reason: str) -> OriginCertificate:
    """Suspend until reinstated (a record being checked); verifiers see "suspended"."""
    _reason_required(reason, "suspended")

    def suspend(locked: OriginCertificate, why: str) -> tuple[StatusList, int, bool]:
        locked.suspended_at = timezone.now()
        locked.suspension_reason = why
        locked.save(update_fields=["suspended_at", "suspension_reason"])
        return locked.suspension_list, locked.suspension_index, True

    return _status_change(certificate, reason=reason, event=CustodyEvent.Type.SUSPENDED, change=suspend)


def certificate_reinstate(*, certificate: OriginCertificate, reason: str) -> OriginCertificate:
    """Lift a suspension. Revocation is final and cannot be reinstated."""

    def reinstate(locked: OriginCertificate, _why: str) -> tuple[StatusList, int, bool]:
        if locked.suspended_at is None:
            raise ProvenanceError(ProvenanceErrorCode.NOT_SUSPENDED, "This certificate is not suspended.")
        locked.suspended_at = None
        locked.suspension_reason = ""
        locked.save(update_fields=["suspended_at", "suspension_reason"])
        return locked.suspension_list, locked.suspension_index, False

    return _status_change(certificate, reason=reason, event=CustodyEvent.Type.REINSTATED, change=reinstate)


WRITE_OFF_STATUSES = (Unit.Status.DAMAGED, Unit.Status.LOST)


def unit_write_off(*, unit: Unit, status: Unit.Status, reason: str) -> Unit:
    """A piece in stock was damaged or lost: take it out of stock and revoke its certificate."""
    if status not in WRITE_OFF_STATUSES:
        raise ProvenanceError(ProvenanceErrorCode.INVALID, "Write off as DAMAGED or LOST.", field="status")
    if not reason.strip():
        raise ProvenanceError(ProvenanceErrorCode.REQUIRED, "Say what happened to the piece.", field="reason")
    with transaction.atomic():
        locked = Unit.objects.select_for_update().select_related("lot").get(pk=unit.pk)
        if locked.status != Unit.Status.IN_STOCK:
            raise ProvenanceError(
                ProvenanceErrorCode.INVALID,
                f"Only a piece in stock can be written off ({locked.status}).",
                field="serial",
            )
        try:
            stock_decrease(warehouse=locked.lot.warehouse, variant=locked.lot.variant, quantity=1)
        except StockError as error:
            raise ProvenanceError(ProvenanceErrorCode.INVALID, error.message, field="serial") from error
        locked.status = status
        locked.save(update_fields=["status"])
        certificate_revoke(certificate=locked.certificate, reason=f"{status.label}: {reason.strip()}")
    return locked


def unit_initial_claim_secret(*, unit: Unit) -> str:
    """The first claim secret, for printing inside the packaging (staff only)."""
    if not unit.initial_claim_secret_encrypted:
        raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND, "This unit has been claimed already.")
    return secret_decrypt(unit.initial_claim_secret_encrypted)


@dataclass(frozen=True)
class ClaimResult:
    event: CustodyEvent
    next_secret: str


def ownership_claim(
    *, serial: str, secret: str, claimant_name: str = "", claimant_email: str = "", country: str = ""
) -> ClaimResult:
    """Claim (first time) or take over (later) a unit with its current secret; issue the next secret.

    The secret is compared under the unit's row lock, so the same secret can never be used
    twice even by two simultaneous requests. The caller rate-limits attempts.
    """
    with transaction.atomic():
        unit = Unit.objects.select_for_update().filter(serial=serial).first()
        if unit is None:
            raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND, "No unit has this serial.", field="serial")
        if not claim_secret_matches(secret, unit.claim_secret_digest):
            raise ProvenanceError(
                ProvenanceErrorCode.INVALID_CLAIM_SECRET,
                "This secret is not valid for this item (it may have been used already).",
                field="secret",
            )
        first_claim = unit.claimed_at is None
        next_secret = claim_secret_new()
        unit.claim_secret_digest = claim_secret_digest(next_secret)
        unit.initial_claim_secret_encrypted = ""
        unit.claimed_at = unit.claimed_at or timezone.now()
        unit.save(update_fields=["claim_secret_digest", "initial_claim_secret_encrypted", "claimed_at"])
        private = {k: v for k, v in (("name", claimant_name), ("email", claimant_email)) if v}
        event = custody_event_append(
            unit=unit,
            type=CustodyEvent.Type.OWNERSHIP_CLAIMED if first_claim else CustodyEvent.Type.TRANSFERRED,
            country=country,
            private_data=private or None,
        )
    return ClaimResult(event=event, next_secret=next_secret)

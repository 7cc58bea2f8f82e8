"""Changing a certificate's status (revoke, suspend, reinstate) and writing off a piece.

Each service locks what it changes, sets the status list bit, appends the custody event and
records its audit entry in one transaction: all of it happens, or none. A revoked certificate
never changes again; reasons stay private in the custody chain and the audit log.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from provenance.certificates.custody import custody_event_append
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.models import CustodyEvent, OriginCertificate, StatusList, Unit
from provenance.certificates.status import status_bit_set
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.inventory.error_codes import StockError
from storefront.inventory.services import stock_decrease

StatusBitChange = Callable[[OriginCertificate, str], tuple[StatusList, int, bool]]

WRITE_OFF_STATUSES = (Unit.Status.DAMAGED, Unit.Status.LOST)


def _status_change(
    certificate: OriginCertificate, *, reason: str, event: CustodyEvent.Type, change: StatusBitChange
) -> OriginCertificate:
    """Lock the certificate, apply ``change`` (which returns the list bit to set), record the event.

    Call inside a transaction (the lock lasts until it ends).
    """
    locked = OriginCertificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise ProvenanceError(ProvenanceErrorCode.ALREADY_REVOKED, "This certificate is already revoked.")
    status_list, index, value = change(locked, reason)
    status_bit_set(status_list=status_list, index=index, value=value)
    custody_event_append(unit=locked.unit, type=event, private_data={"reason": reason})
    return locked


def _audited_status_change(
    certificate: OriginCertificate,
    *,
    actor: Actor,
    action: str,
    reason: str,
    event: CustodyEvent.Type,
    change: StatusBitChange,
) -> OriginCertificate:
    reason = reason.strip()
    with transaction.atomic():
        changed = _status_change(certificate, reason=reason, event=event, change=change)
        audit_log_record(
            actor=actor,
            action=action,
            target=changed,
            payload={"serial": changed.unit.serial, "reason": reason},
        )
    return changed


def _reason_required(reason: str, what: str) -> None:
    if not reason.strip():
        raise ProvenanceError(
            ProvenanceErrorCode.REQUIRED, f"Say why the certificate is {what}.", field="reason"
        )


def _revoke(locked: OriginCertificate, why: str) -> tuple[StatusList, int, bool]:
    locked.revoked_at = timezone.now()
    locked.revocation_reason = why
    locked.save(update_fields=["revoked_at", "revocation_reason"])
    return locked.revocation_list, locked.revocation_index, True


def _suspend(locked: OriginCertificate, why: str) -> tuple[StatusList, int, bool]:
    locked.suspended_at = timezone.now()
    locked.suspension_reason = why
    locked.save(update_fields=["suspended_at", "suspension_reason"])
    return locked.suspension_list, locked.suspension_index, True


def _reinstate(locked: OriginCertificate, _why: str) -> tuple[StatusList, int, bool]:
    if locked.suspended_at is None:
        raise ProvenanceError(ProvenanceErrorCode.NOT_SUSPENDED, "This certificate is not suspended.")
    locked.suspended_at = None
    locked.suspension_reason = ""
    locked.save(update_fields=["suspended_at", "suspension_reason"])
    return locked.suspension_list, locked.suspension_index, False


def certificate_revoke(*, certificate: OriginCertificate, reason: str, actor: Actor) -> OriginCertificate:
    """Revoke for good (a damaged or lost piece); the status list bit says so to every verifier."""
    _reason_required(reason, "revoked")
    return _audited_status_change(
        certificate,
        actor=actor,
        action="certificate.revoked",
        reason=reason,
        event=CustodyEvent.Type.REVOKED,
        change=_revoke,
    )


def certificate_suspend(*, certificate: OriginCertificate, reason: str, actor: Actor) -> OriginCertificate:
    """Suspend until reinstated (a record being checked); verifiers see "suspended"."""
    _reason_required(reason, "suspended")
    return _audited_status_change(
        certificate,
        actor=actor,
        action="certificate.suspended",
        reason=reason,
        event=CustodyEvent.Type.SUSPENDED,
        change=_suspend,
    )


def certificate_reinstate(*, certificate: OriginCertificate, reason: str, actor: Actor) -> OriginCertificate:
    """Lift a suspension. Revocation is final and cannot be reinstated."""
    return _audited_status_change(
        certificate,
        actor=actor,
        action="certificate.reinstated",
        reason=reason,
        event=CustodyEvent.Type.REINSTATED,
        change=_reinstate,
    )


def unit_write_off(*, unit: Unit, status: Unit.Status, reason: str, actor: Actor) -> Unit:
    """A piece in stock was damaged or lost: take it out of stock and revoke its certificate.

    One audit entry (``unit.written_off``) records both; the unit's status and the stock
    counter change together, so they keep agreeing (see ``stock_reconciliation``).
    """
    if status not in WRITE_OFF_STATUSES:
        raise ProvenanceError(ProvenanceErrorCode.INVALID, "Write off as DAMAGED or LOST.", field="status")
    reason = reason.strip()
    if not reason:
        raise ProvenanceError(ProvenanceErrorCode.REQUIRED, "Say what happened to the piece.", field="reason")
    with transaction.atomic():
        locked = Unit.objects.select_for_update().select_related("lot").get(pk=unit.pk)
        if locked.status != Unit.Status.IN_STOCK:
            raise ProvenanceError(
                ProvenanceErrorCode.INVALID,
                f"Only a piece in stock can be written off ({locked.status}).",
                field="serial",
            )
        locked.status = status
        locked.save(update_fields=["status"])
        _status_change(
            locked.certificate,
            reason=f"{status.label}: {reason}",
            event=CustodyEvent.Type.REVOKED,
            change=_revoke,
        )
        audit_log_record(
            actor=actor,
            action="unit.written_off",
            target=locked,
            payload={"serial": locked.serial, "status": locked.status, "reason": reason},
        )
        try:
            # Last: the stock row lock is held only from here to the commit.
            stock_decrease(warehouse=locked.lot.warehouse, variant=locked.lot.variant, quantity=1)
        except StockError as error:
            raise ProvenanceError(ProvenanceErrorCode.INVALID, error.message, field="serial") from error
    return locked

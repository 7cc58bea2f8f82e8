"""Provenance reads: what the public page and the API show of a unit."""

from __future__ import annotations

from dataclasses import dataclass

from provenance.certificates.models import CustodyEvent, OriginCertificate, StatusList, Unit

# Types shown publicly; private details (order, tracking, buyer) never leave the database.
CLAIM_TYPES = (CustodyEvent.Type.OWNERSHIP_CLAIMED, CustodyEvent.Type.TRANSFERRED)
# A piece written off (lost, damaged) has no owner to record.
WRITTEN_OFF = (Unit.Status.DAMAGED, Unit.Status.LOST)


@dataclass(frozen=True)
class PublicEvent:
    type: str
    occurred_at: object
    country: str


def unit_get_by_serial(*, serial: str) -> Unit | None:
    return (
        Unit.objects.select_related(
            "lot__variant__product", "lot__origin", "certificate__signing_key", "maker"
        )
        .filter(serial=serial.strip().upper())
        .first()
    )


def certificate_get_by_serial(*, serial: str) -> OriginCertificate | None:
    return (
        OriginCertificate.objects.select_related("unit", "signing_key", "revocation_list", "suspension_list")
        .filter(unit__serial=serial.strip().upper())
        .first()
    )


def unit_public_events(*, unit: Unit) -> list[PublicEvent]:
    """The custody chain as the public sees it: event types, dates and countries only."""
    return [
        PublicEvent(type=e.type, occurred_at=e.occurred_at, country=e.country)
        for e in unit.custody_events.order_by("sequence").only("type", "occurred_at", "country")
    ]


def status_list_by_url(*, url: str) -> StatusList | None:
    """The list certificates name by ``url`` (its stored URL, wherever the shop is served from now)."""
    return StatusList.objects.filter(url=url).first()


def unit_claimable(*, unit: Unit, certificate: OriginCertificate | None = None) -> bool:
    """Whether ownership of ``unit`` can be claimed: not written off, its certificate not revoked.

    A suspension is temporary (a record being checked), so a suspended piece stays claimable.
    Pass ``certificate`` when it is at hand, to save a query.
    """
    if unit.status in WRITTEN_OFF:
        return False
    if certificate is None:
        revoked = OriginCertificate.objects.filter(unit=unit, revoked_at__isnull=False).exists()
    else:
        revoked = certificate.revoked_at is not None
    return not revoked

"""Provenance reads: what the public page and the API show of a unit."""

from __future__ import annotations

from dataclasses import dataclass

from provenance.certificates.models import CustodyEvent, OriginCertificate, Unit

# Types shown publicly; private details (order, tracking, buyer) never leave the database.
CLAIM_TYPES = (CustodyEvent.Type.OWNERSHIP_CLAIMED, CustodyEvent.Type.TRANSFERRED)


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

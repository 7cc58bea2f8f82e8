"""The custody chain: append-only events per unit, each hashed over the one before.

The hash covers the event's public fields and the digest of its private data, never the
private data itself, so erasing a buyer's details leaves every hash intact.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import rfc8785
from django.db import transaction
from django.utils import timezone

from provenance.certificates.models import CustodyEvent, Unit


def _digest(document: Any) -> str:
    return hashlib.sha256(rfc8785.dumps(document)).hexdigest()


def custody_event_hash(
    *,
    serial: str,
    sequence: int,
    type: str,
    occurred_at: datetime,
    country: str,
    public_data: dict[str, Any],
    private_digest: str,
    previous_hash: str,
) -> str:
    return _digest(
        {
            "serial": serial,
            "sequence": sequence,
            "type": type,
            "occurredAt": occurred_at.astimezone(UTC).isoformat(),
            "country": country,
            "public": public_data,
            "privateDigest": private_digest,
            "previousHash": previous_hash,
        }
    )


def custody_event_append(
    *,
    unit: Unit,
    type: CustodyEvent.Type,
    occurred_at: datetime | None = None,
    country: str = "",
    public_data: dict[str, Any] | None = None,
    private_data: dict[str, Any] | None = None,
) -> CustodyEvent:
    """Append an event to ``unit``'s chain; concurrent appends serialise on the unit's row lock."""
    public_data = public_data or {}
    private_digest = ""
    if private_data:
        # A random salt keeps a guessable private value (an e-mail) from being found by its digest.
        private_data = {**private_data, "salt": secrets.token_hex(16)}
        private_digest = _digest(private_data)
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        last = CustodyEvent.objects.filter(unit=locked).order_by("-sequence").first()
        sequence = last.sequence + 1 if last else 1
        previous_hash = last.hash if last else ""
        when = (occurred_at or timezone.now()).replace(microsecond=0)
        event = CustodyEvent(
            unit=locked,
            sequence=sequence,
            type=type,
            occurred_at=when,
            country=country.upper(),
            public_data=public_data,
            private_data=private_data or {},
            private_digest=private_digest,
            previous_hash=previous_hash,
        )
        event.hash = custody_event_hash(
            serial=locked.serial,
            sequence=sequence,
            type=str(type),
            occurred_at=when,
            country=event.country,
            public_data=public_data,
            private_digest=private_digest,
            previous_hash=previous_hash,
        )
        event.save()
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    length: int
    broken_at: int | None = None
    reason: str = ""


def custody_chain_verify(*, unit: Unit) -> ChainCheck:
    """Recompute every link; report the first sequence whose hash or back-link does not match."""
    previous_hash = ""
    events = list(CustodyEvent.objects.filter(unit=unit).order_by("sequence"))
    for expected_sequence, event in enumerate(events, start=1):
        if event.sequence != expected_sequence:
            return ChainCheck(False, len(events), event.sequence, "an event is missing before this one")
        if event.previous_hash != previous_hash:
            return ChainCheck(False, len(events), event.sequence, "does not point at the previous event")
        recomputed = custody_event_hash(
            serial=unit.serial,
            sequence=event.sequence,
            type=event.type,
            occurred_at=event.occurred_at,
            country=event.country,
            public_data=event.public_data,
            private_digest=event.private_digest,
            previous_hash=event.previous_hash,
        )
        if recomputed != event.hash:
            return ChainCheck(False, len(events), event.sequence, "its content was altered")
        previous_hash = event.hash
    return ChainCheck(True, len(events))


def custody_private_data_erase(*, unit: Unit) -> int:
    """Erase the private details of every event of ``unit`` (a buyer's erasure request)."""
    return CustodyEvent.objects.filter(unit=unit).exclude(private_data={}).update(private_data={})

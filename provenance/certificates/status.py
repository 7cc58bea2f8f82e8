"""Bitstring status lists in the database: slots for new certificates, bits for their status.

Each certificate takes a random free index in the current revocation list and in the
current suspension list (random, so an index reveals nothing about issuance order).
A list row is locked while a bit changes, so concurrent revocations never lose a write.
A list's URL is fixed when it is created: every certificate names it, so the signed list
keeps it as its ``id`` whatever ``PUBLIC_URL`` says later.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from provenance.certificates.keys import issuer_did, signing_key_active
from provenance.certificates.models import OriginCertificate, StatusList
from provenance.vc.eddsa_jcs_2022 import sign
from provenance.vc.status_list import MIN_LENGTH, BitstringStatusList, status_list_credential

# Open a new list once this share of a list is taken, so random picks rarely collide.
_FILL_LIMIT = 0.5


def status_list_url(status_list: StatusList) -> str:
    """The URL certificates name the list by (its ``id``), as stored when it was created."""
    return status_list.url


def _new_status_list_url(purpose: str, number: int) -> str:
    return f"{settings.PUBLIC_URL}/status/{purpose}/{number}"


def _slots_taken(status_list: StatusList) -> int:
    return OriginCertificate.objects.filter(
        Q(revocation_list=status_list) | Q(suspension_list=status_list)
    ).count()


def status_list_for_new_slot(*, purpose: StatusList.Purpose) -> StatusList:
    """The newest list of ``purpose`` with room, created when there is none."""
    current = StatusList.objects.filter(purpose=purpose).order_by("-number").first()
    if current is not None and _slots_taken(current) < current.size * _FILL_LIMIT:
        return current
    number = current.number + 1 if current else 1
    created, _ = StatusList.objects.get_or_create(
        purpose=purpose,
        number=number,
        defaults={
            "size": MIN_LENGTH,
            "bitstring": bytes(MIN_LENGTH // 8),
            "url": _new_status_list_url(purpose, number),
        },
    )
    return created


def status_index_random(*, status_list: StatusList, taken: set[int]) -> int:
    while True:
        index = secrets.randbelow(status_list.size)
        if index not in taken:
            return index


def status_index_taken(*, status_list: StatusList, purpose: StatusList.Purpose, index: int) -> bool:
    if purpose == StatusList.Purpose.REVOCATION:
        return OriginCertificate.objects.filter(revocation_list=status_list, revocation_index=index).exists()
    return OriginCertificate.objects.filter(suspension_list=status_list, suspension_index=index).exists()


def status_slot_allocate(
    *, purpose: StatusList.Purpose, status_list: StatusList | None = None
) -> tuple[StatusList, int]:
    """A list (``status_list`` if given, e.g. chosen once for a whole lot) and a random index in it
    that no certificate holds yet.

    The unique constraint on (list, index) is the final guard; the caller retries on conflict.
    """
    status_list = status_list or status_list_for_new_slot(purpose=purpose)
    taken: set[int] = set()
    while True:
        index = status_index_random(status_list=status_list, taken=taken)
        if not status_index_taken(status_list=status_list, purpose=purpose, index=index):
            return status_list, index
        taken.add(index)


def status_bit_set(*, status_list: StatusList, index: int, value: bool) -> None:
    """Set one bit under the list row's lock (its new ``updated_at`` retires the cached signed list)."""
    with transaction.atomic():
        locked = StatusList.objects.select_for_update().get(pk=status_list.pk)
        bits = BitstringStatusList(bytearray(locked.bitstring))
        bits.set(index, value)
        locked.bitstring = bytes(bits.bits)
        locked.save(update_fields=["bitstring", "updated_at"])


def status_bit_get(*, status_list: StatusList, index: int) -> bool:
    return BitstringStatusList(bytearray(status_list.bitstring)).get(index)


def _cache_key(status_list: StatusList) -> str:
    # Keyed by the list's version: a changed bit moves ``updated_at``, so a stale entry is never read.
    # "v2": entries signed before lists kept their URL carried PUBLIC_URL's; never serve those.
    return f"asal:status-list:v2:{status_list.pk}:{status_list.updated_at.timestamp()}"


def status_list_credential_signed(*, status_list: StatusList) -> dict:
    """The signed ``BitstringStatusListCredential`` of ``status_list`` (cached per version)."""
    key = _cache_key(status_list)
    cached = cache.get(key)
    if cached is not None:
        return cached
    unsigned = status_list_credential(
        id=status_list_url(status_list),
        issuer=issuer_did(),
        purpose=status_list.purpose,
        status_list=BitstringStatusList(bytearray(status_list.bitstring)),
        valid_from=status_list.updated_at,
    )
    active = signing_key_active()
    signed = sign(unsigned, private_key=active.private_key, verification_method=active.verification_method)
    cache.set(key, signed, timeout=3600)
    return signed

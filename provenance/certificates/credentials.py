"""What an origin certificate says: the claims about one unit, as an unsigned W3C VC 2.0.

Signed claims are facts about the piece (who, where, from what, when); marketing copy,
prices and stock are never signed. A maker's name and portrait appear only when the maker
consented to publication at signing time; a stable pseudonymous id always identifies them.
Numbers are written as strings so canonical JSON is the same in every language.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage

from provenance.certificates.keys import issuer_did
from provenance.certificates.models import ProductionLot, StatusList, Unit
from provenance.origins.models import Maker
from provenance.vc.credential import VC_V2_CONTEXT
from provenance.vc.multibase import digest_multibase
from provenance.vc.status_list import status_list_entry
from provenance.vc.timestamps import format_xsd_datetime

CREDENTIAL_TYPE = "OriginCertificate"
SUBJECT_TYPE = "CraftedItem"


def asal_context_url() -> str:
    """Asal's JSON-LD context, served by this deployment and shipped for offline use."""
    return f"{settings.PUBLIC_URL}/ns/origin/v1"


def gtin14(gtin: str) -> str:
    """A GTIN-8/12/13/14 padded to the 14 digits GS1 Digital Link uses."""
    return gtin.strip().zfill(14)


def item_url(serial: str, *, gtin: str = "") -> str:
    """The public page of a unit: the credential subject's id and what its QR code holds.

    With a GTIN it is a GS1 Digital Link (``/01/<GTIN-14>/21/<serial>``), which retail
    scanners and GS1 resolvers understand; without one, ``/p/<serial>``. Both open the same page.
    """
    if gtin:
        return f"{settings.PUBLIC_URL}/01/{gtin14(gtin)}/21/{serial}"
    return f"{settings.PUBLIC_URL}/p/{serial}"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(str(value)).normalize(), "f")


def _language_values(en: str, id_: str | None) -> list[dict[str, str]]:
    values = [{"@value": en, "@language": "en"}]
    if id_ and id_ != en:
        values.append({"@value": id_, "@language": "id"})
    return values


MediaReader = Callable[[str], bytes | None]


def storage_media_reader(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def media_reference(name: str | None, read: MediaReader) -> dict[str, str] | None:
    """``{id, digestMultibase}`` of a public file, or None when it cannot be read."""
    if not name:
        return None
    data = read(name)
    if data is None:
        return None
    url = default_storage.url(name)
    if url.startswith("/"):
        url = settings.PUBLIC_URL + url
    return {"id": url, "digestMultibase": digest_multibase(data)}


def _maker_claim(maker: Maker, role: str, read: MediaReader) -> dict[str, Any]:
    claim: dict[str, Any] = {"id": f"urn:uuid:{maker.public_id}", "role": role}
    if maker.consent_to_publish:
        claim["name"] = maker.display_name
        portrait = media_reference(maker.portrait.name, read) if maker.portrait else None
        if portrait:
            claim["portrait"] = portrait
    return claim


@dataclass(frozen=True)
class LotClaims:
    """What every certificate of one lot says alike, read once per lot rather than once per unit."""

    common: dict[str, Any]
    roles: list[tuple[Maker, str]]
    maker_claims: dict[tuple[int, str], dict[str, Any]]
    gtin: str


def lot_claims(*, lot: ProductionLot, read: MediaReader = storage_media_reader) -> LotClaims:
    variant = lot.variant
    product = variant.product
    product_id_name = product.translations.filter(language_code="id").values_list("name", flat=True).first()
    variant_id_name = variant.translations.filter(language_code="id").values_list("name", flat=True).first()
    origin = lot.origin
    common: dict[str, Any] = {
        "type": SUBJECT_TYPE,
        "productName": _language_values(product.name, product_id_name),
        "hsCode": product.effective_hs_code,
        "lot": lot.code,
        "productionPeriod": {
            "startDate": lot.production_started_on.isoformat(),
            "endDate": lot.production_finished_on.isoformat(),
        },
        "origin": {
            "village": origin.village,
            "district": origin.district,
            "regency": origin.regency,
            "province": origin.province,
            "country": origin.country,
            "latitude": _text(origin.latitude),
            "longitude": _text(origin.longitude),
        },
        "materials": [
            {
                "name": _language_values(m.name, m.name_id),
                **({"originArea": m.origin_area} if m.origin_area else {}),
            }
            for m in lot.materials.all()
        ],
        "techniques": [{"name": _language_values(t.name, t.name_id)} for t in lot.techniques.all()],
    }
    if variant.name:
        common["variantName"] = _language_values(variant.name, variant_id_name)
    if product.category_id:
        common["category"] = product.category.name  # type: ignore[union-attr]
    if lot.motif:
        common["motif"] = lot.motif
    dimensions = {
        key: _text(value)
        for key, value in (
            ("length", variant.length_cm),
            ("width", variant.width_cm),
            ("height", variant.height_cm),
        )
        if value is not None
    }
    if dimensions:
        common["dimensions"] = {**dimensions, "unitCode": "CMT"}
    weight = variant.weight_kg or product.weight_kg
    if weight is not None:
        common["weight"] = {"value": _text(weight), "unitCode": "KGM"}
    if lot.harvested_on:
        common["harvestDate"] = lot.harvested_on.isoformat()
    if lot.best_before:
        common["bestBefore"] = lot.best_before.isoformat()
    workshop = [media_reference(photo.image.name, read) for photo in lot.photos.all()]
    if any(workshop):
        common["workshopPhotos"] = [reference for reference in workshop if reference]
    first_image = product.media.exclude(image="").order_by("sort_order", "pk").first()
    photo = media_reference(first_image.image.name, read) if first_image else None
    if photo:
        common["photo"] = photo
    roles = [(link.maker, link.role) for link in lot.lot_makers.select_related("maker__group")]
    maker_claims = {(maker.pk, role): _maker_claim(maker, role, read) for maker, role in roles}
    return LotClaims(common=common, roles=roles, maker_claims=maker_claims, gtin=variant.gtin)


def unit_makers(unit: Unit, claims: LotClaims) -> list[tuple[Maker, str]]:
    """The unit's own maker when the lot records it, else every maker of the lot."""
    if unit.maker_id is not None:
        own = [(maker, role) for maker, role in claims.roles if maker.pk == unit.maker_id]
        return own or [(unit.maker, "maker")]  # type: ignore[list-item]
    return claims.roles


def certificate_subject(
    *, unit: Unit, read: MediaReader = storage_media_reader, claims: LotClaims | None = None
) -> dict[str, Any]:
    """The credential subject of ``unit``; pass ``claims`` to reuse what its lot's units share."""
    claims = claims or lot_claims(lot=unit.lot, read=read)
    makers = unit_makers(unit, claims)
    subject: dict[str, Any] = {
        "id": item_url(unit.serial, gtin=claims.gtin),
        "serialNumber": unit.serial,
        **claims.common,
        "makers": [
            claims.maker_claims.get((maker.pk, role)) or _maker_claim(maker, role, read)
            for maker, role in makers
        ],
    }
    group = next((maker.group for maker, _ in makers if maker.group_id), None)
    if group is not None:
        subject["producerGroup"] = {
            "name": group.name,
            "kind": group.kind,
            **({"registrationNumber": group.registration_number} if group.registration_number else {}),
        }
    return subject


def certificate_unsigned(
    *,
    unit: Unit,
    issued_at: datetime,
    revocation: tuple[StatusList, int],
    suspension: tuple[StatusList, int],
    status_url: Callable[[StatusList], str],
    read: MediaReader = storage_media_reader,
    claims: LotClaims | None = None,
) -> dict[str, Any]:
    """The complete unsigned certificate of ``unit``."""
    entries = [
        status_list_entry(status_list_credential=status_url(status_list), index=index, purpose=purpose)
        for (status_list, index), purpose in ((revocation, "revocation"), (suspension, "suspension"))
    ]
    return {
        "@context": [VC_V2_CONTEXT, asal_context_url()],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "issuer": issuer_did(),
        "validFrom": format_xsd_datetime(issued_at),
        "credentialSubject": certificate_subject(unit=unit, read=read, claims=claims),
        "credentialStatus": entries,
    }

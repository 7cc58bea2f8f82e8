"""What the item page shows of a credential's subject, in the reader's language.

The page reads the signed credential, not the database: what a buyer sees is what the
cooperative signed. Language values are picked, roles and areas translated when known,
dates and countries written out, and each signed image paired with its digest check so the
page can say whether the photo shown is the one that was signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from provenance.certificates import page_text
from provenance.certificates.page_checks import sentence
from provenance.certificates.page_vocabulary import area_text, role_text
from provenance.vc.results import Check, CheckStatus


def _image(
    reference: Any, *, kind: str, alt: str, media: dict[str, Check], language: str
) -> dict[str, Any] | None:
    """A signed image with its check: shown when its bytes are there, whether or not they match."""
    if not isinstance(reference, Mapping) or not isinstance(reference.get("id"), str):
        return None
    check = media.get(reference["id"])
    status = check.status.value if check is not None else CheckStatus.SKIPPED.value
    return {
        "url": reference["id"],
        "alt": alt,
        "status": status,
        "shown": status in (CheckStatus.PASSED.value, CheckStatus.FAILED.value),
        "caption": sentence(check, language, topic=kind, own_issuer=True) if check is not None else "",
    }


def _makers(subject: Mapping[str, Any], media: dict[str, Check], language: str) -> list[dict[str, Any]]:
    text = page_text.TEXT[language]
    makers = []
    for maker in subject.get("makers") or []:
        if not isinstance(maker, Mapping):
            continue
        name = maker.get("name") or ""
        makers.append(
            {
                "name": name or text["unnamed_maker"],
                "named": bool(name),
                "role": role_text(str(maker.get("role") or ""), language),
                "portrait": _image(
                    maker.get("portrait"),
                    kind="portrait",
                    alt=text["portrait_alt"].format(name=name),
                    media=media,
                    language=language,
                ),
            }
        )
    return makers


def subject_view(subject: Mapping[str, Any], report: Any, language: str) -> dict[str, Any]:
    """The template's view of ``subject``: every shown value already in ``language``."""
    text = page_text.TEXT[language]
    media = {check.target: check for check in report.checks_named("media") if check.target}
    origin = subject.get("origin") or {}
    period = subject.get("productionPeriod") or {}
    materials = [
        {
            "name": page_text.pick(material.get("name", ""), language),
            "origin_area": area_text(page_text.pick(material.get("originArea", ""), language), language),
        }
        for material in subject.get("materials") or []
        if isinstance(material, Mapping)
    ]
    workshop = [
        _image(photo, kind="workshop", alt=text["workshop_alt"], media=media, language=language)
        for photo in subject.get("workshopPhotos") or []
    ]
    variant = subject.get("variantName")
    return {
        "variant_name": page_text.pick(variant, language) if variant else "",
        "makers": _makers(subject, media, language),
        "place": [
            part
            for part in (
                origin.get("village"),
                origin.get("district"),
                origin.get("regency"),
                origin.get("province"),
                page_text.country_name(origin.get("country") or "", language),
            )
            if part
        ],
        "materials": materials,
        "techniques": [
            page_text.pick(technique.get("name", ""), language)
            for technique in subject.get("techniques") or []
            if isinstance(technique, Mapping)
        ],
        "period": [page_text.date_text(period.get(key), language) for key in ("startDate", "endDate")],
        "harvest_date": page_text.date_text(subject.get("harvestDate"), language),
        "best_before": page_text.date_text(subject.get("bestBefore"), language),
        "photo": _image(
            subject.get("photo"), kind="photo", alt=text["photo_alt"], media=media, language=language
        ),
        "workshop_photos": [photo for photo in workshop if photo is not None],
    }

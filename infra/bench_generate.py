"""The benchmark's catalogue: generated products, each with a certified production lot.

``bench_catalogue_ensure(products=N)`` tops the generated catalogue up to ``N`` products
(``infra.demo.generate``: variants, attribute values, media records, makers, translations,
channel listings and stock, written with ``bulk_create``), then gives every generated product
that has none yet one production lot of one unit of its first variant, with the unit's signed
origin certificate and its custody chain (PRODUCED, CERTIFIED). Both steps are idempotent: a
second call with the same size writes nothing, a larger size adds only the difference.

The certificates are real: each is built by ``certificate_unsigned`` and signed by
``provenance.vc.eddsa_jcs_2022.sign`` with the shop's active key, on random slots of the
status lists, so the certificate page verifies them as it would a lot received at the counter
(``lot_receive``). What differs from ``lot_receive`` is only how they are written, in batches:

- ``lot_claims`` (about ten queries per lot) runs once per design and size; each further lot of
  the same design and size takes those claims with its own product name and lot code, the only
  claims that differ between such lots (``tests/infra/test_bench_generate.py`` checks a
  generated lot's claims against ``lot_claims`` itself);
- status slots are drawn at random in memory from the lists ``status_list_for_new_slot`` names;
- lots add no stock (the generated catalogue's stock rows already hold 20 a warehouse) and no
  audit entries, photos or claim tokens printed anywhere.
"""

from __future__ import annotations

import dataclasses
import datetime
import secrets
from collections.abc import Callable
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from infra.demo.generate import catalogue_generate
from infra.demo.lots import demo_signing_key_ensure
from provenance.certificates.credentials import LotClaims, certificate_unsigned, lot_claims
from provenance.certificates.custody import custody_event_hash
from provenance.certificates.issuance import check_code
from provenance.certificates.keys import ActiveKey, secret_encrypt, signing_key_active
from provenance.certificates.models import (
    CustodyEvent,
    LotMaker,
    OriginCertificate,
    ProductionLot,
    StatusList,
    Unit,
)
from provenance.certificates.serials import claim_secret_digest, claim_secret_new, serial_new
from provenance.certificates.status import status_list_for_new_slot, status_list_url
from provenance.vc.eddsa_jcs_2022 import sign
from storefront.catalog.models import ProductVariant
from storefront.inventory.models import Warehouse

BATCH = 500
LOT_PREFIX = "BENCH-"
FINISHED_ON = datetime.date(2026, 10, 1)
ISSUED_AT = datetime.datetime(2026, 10, 15, 9, 0, tzinfo=UTC)
PURPOSES = (StatusList.Purpose.REVOCATION, StatusList.Purpose.SUSPENSION)


def bench_catalogue_ensure(
    *, products: int, seed: int = 1, progress: Callable[[str], None] | None = None
) -> tuple[int, int]:
    """Top up to ``products`` generated products, each with a certified lot; (products, lots) added."""
    added = catalogue_generate(products=products, seed=seed, progress=progress)
    return added, certified_lots_generate(seed=seed, progress=progress)


def product_name_values(en: str, id_: str | None) -> list[dict[str, str]]:
    """A product name as certificates state it: English, and Indonesian when it differs."""
    values = [{"@value": en, "@language": "en"}]
    if id_ and id_ != en:
        values.append({"@value": id_, "@language": "id"})
    return values


def _design(slug: str, prefix: str) -> str:
    """``gen1-000042-woven-basket`` → ``woven-basket``: products of one design share their claims."""
    return slug[len(prefix) + 7 :]


class _Slots:
    """Random free indexes of the current status list of each purpose, drawn in memory."""

    def __init__(self) -> None:
        self.taken: dict[int, set[int]] = {}

    def lists(self) -> dict[StatusList.Purpose, StatusList]:
        """The lists new slots go to now (a new one once a list is half full, as the service does)."""
        chosen = {purpose: status_list_for_new_slot(purpose=purpose) for purpose in PURPOSES}
        for purpose, status_list in chosen.items():
            if status_list.pk not in self.taken:
                column = "revocation" if purpose == StatusList.Purpose.REVOCATION else "suspension"
                self.taken[status_list.pk] = set(
                    OriginCertificate.objects.filter(**{f"{column}_list": status_list}).values_list(
                        f"{column}_index", flat=True
                    )
                )
        return chosen

    def take(self, status_list: StatusList) -> tuple[StatusList, int]:
        taken = self.taken[status_list.pk]
        while True:
            index = secrets.randbelow(status_list.size)
            if index not in taken:
                taken.add(index)
                return status_list, index


def certified_lots_generate(*, seed: int = 1, progress: Callable[[str], None] | None = None) -> int:
    """One certified lot of one unit for each generated product without one; how many were added."""
    prefix = f"gen{seed}-"
    pending = (
        ProductVariant.objects.filter(product__slug__startswith=prefix, sort_order=0)
        .filter(~Q(production_lots__code__startswith=LOT_PREFIX))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    variant_ids = list(pending)
    if not variant_ids:
        return 0
    demo_signing_key_ensure()
    active = signing_key_active()
    warehouse = Warehouse.objects.order_by("pk").first()
    if warehouse is None:
        raise SystemExit("The generated catalogue has no warehouse.")
    templates: dict[tuple[str, str], LotClaims] = {}
    slots = _Slots()
    for start in range(0, len(variant_ids), BATCH):
        with transaction.atomic():
            _lots_write(variant_ids[start : start + BATCH], prefix, warehouse, active, templates, slots)
        if progress is not None:
            progress(f"certified {min(start + BATCH, len(variant_ids))}/{len(variant_ids)} lots")
    return len(variant_ids)


def _lots_write(
    variant_ids: list[int],
    prefix: str,
    warehouse: Warehouse,
    active: ActiveKey,
    templates: dict[tuple[str, str], LotClaims],
    slots: _Slots,
) -> None:
    variants = list(
        ProductVariant.objects.filter(pk__in=variant_ids)
        .select_related("product__origin")
        .prefetch_related(
            "product__makers", "product__materials", "product__techniques", "product__translations"
        )
        .order_by("pk")
    )
    lots = []
    for variant in variants:
        product = variant.product
        lots.append(
            ProductionLot(
                code=f"{LOT_PREFIX}{variant.sku}",
                variant=variant,
                warehouse=warehouse,
                quantity=1,
                origin=product.origin,
                workshop=f"{product.origin.village} workshop" if product.origin else "",
                production_started_on=FINISHED_ON - datetime.timedelta(days=14),
                production_finished_on=FINISHED_ON,
            )
        )
    ProductionLot.objects.bulk_create(lots)
    materials, techniques, makers = [], [], []
    for lot in lots:
        product = lot.variant.product
        materials += [
            ProductionLot.materials.through(productionlot=lot, material=m) for m in product.materials.all()
        ]
        techniques += [
            ProductionLot.techniques.through(productionlot=lot, technique=t) for t in product.techniques.all()
        ]
        makers += [LotMaker(lot=lot, maker=m, role="maker") for m in product.makers.all()]
    ProductionLot.materials.through.objects.bulk_create(materials)
    ProductionLot.techniques.through.objects.bulk_create(techniques)
    LotMaker.objects.bulk_create(makers)

    units = []
    for lot in lots:
        secret = claim_secret_new()
        units.append(
            Unit(
                serial=serial_new(prefix=settings.ASAL_SERIAL_PREFIX),
                lot=lot,
                claim_secret_digest=claim_secret_digest(secret),
                initial_claim_secret_encrypted=secret_encrypt(secret),
            )
        )
    Unit.objects.bulk_create(units)

    lists = slots.lists()
    certificates, events = [], []
    produced_at = datetime.datetime.combine(FINISHED_ON, datetime.time(12), tzinfo=UTC)
    for lot, unit in zip(lots, units, strict=True):
        claims = _claims(lot, prefix, templates)
        revocation = slots.take(lists[StatusList.Purpose.REVOCATION])
        suspension = slots.take(lists[StatusList.Purpose.SUSPENSION])
        unsigned = certificate_unsigned(
            unit=unit,
            issued_at=ISSUED_AT,
            revocation=revocation,
            suspension=suspension,
            status_url=status_list_url,
            claims=claims,
        )
        credential = sign(
            unsigned, private_key=active.private_key, verification_method=active.verification_method
        )
        certificates.append(
            OriginCertificate(
                unit=unit,
                credential_id=credential["id"],
                credential=credential,
                signing_key=active.record,
                check_code=check_code(credential),
                revocation_list=revocation[0],
                revocation_index=revocation[1],
                suspension_list=suspension[0],
                suspension_index=suspension[1],
                issued_at=ISSUED_AT,
            )
        )
        country = (lot.origin.country if lot.origin else "").upper()
        events += _chain(
            unit,
            [
                (CustodyEvent.Type.PRODUCED, produced_at, country, {"lot": lot.code}),
                (CustodyEvent.Type.CERTIFIED, ISSUED_AT, claims.common["origin"]["country"].upper(), {}),
            ],
        )
    OriginCertificate.objects.bulk_create(certificates)
    CustodyEvent.objects.bulk_create(events)


def _claims(lot: ProductionLot, prefix: str, templates: dict[tuple[str, str], LotClaims]) -> LotClaims:
    """``lot_claims`` of ``lot``: read for the first lot of a design and size, adapted for the others."""
    variant = lot.variant
    product = variant.product
    key = (_design(product.slug, prefix), variant.name)
    if key not in templates:
        templates[key] = lot_claims(lot=lot)
        return templates[key]
    id_name = next((t.name for t in product.translations.all() if t.language_code == "id"), None)
    common = {
        **templates[key].common,
        "productName": product_name_values(product.name, id_name),
        "lot": lot.code,
    }
    return dataclasses.replace(templates[key], common=common)


def _chain(
    unit: Unit, entries: list[tuple[CustodyEvent.Type, datetime.datetime, str, dict[str, Any]]]
) -> list[CustodyEvent]:
    """The unit's custody events, each hashed over the one before (as ``custody_event_append``)."""
    events, previous_hash = [], ""
    for sequence, (type_, occurred_at, country, public_data) in enumerate(entries, start=1):
        event = CustodyEvent(
            unit=unit,
            sequence=sequence,
            type=type_,
            occurred_at=occurred_at,
            country=country,
            public_data=public_data,
            previous_hash=previous_hash,
        )
        event.hash = custody_event_hash(
            serial=unit.serial,
            sequence=sequence,
            type=str(type_),
            occurred_at=occurred_at,
            country=country,
            public_data=public_data,
            private_digest="",
            previous_hash=previous_hash,
        )
        previous_hash = event.hash
        events.append(event)
    return events

"""Lot receipt and certificate revocation in the admin, through ``lot_receive`` and
``certificate_revoke`` as the staff member; makers and origins are shown, never written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from infra.demo.images import product_image
from provenance.certificates.models import CustodyEvent, OriginCertificate, ProductionLot
from storefront.accounts.models import AuditLogEntry
from storefront.inventory.models import Stock

pytestmark = pytest.mark.django_db


def _lot_form(variant, warehouse, origin, maker, **changes) -> dict:
    return {
        "code": "LOT-ADMIN-1",
        "variant": variant.pk,
        "warehouse": warehouse.pk,
        "quantity": "2",
        "origin": origin.pk,
        "makers": [maker.pk],
        "maker_role": "weaver",
        "production_started_on": "2026-10-01",
        "production_finished_on": "2026-10-20",
        "motif": "Kembang",
        "photo_caption": "Inaq at her loom",
        **changes,
    }


def _photo(name="loom.jpg", data=None):
    return SimpleUploadedFile(name, data or product_image(kind="bamboo", title="Loom", seed=2), "image/jpeg")


def test_receiving_a_lot_with_photos_goes_through_lot_receive(
    as_staff, staff, signing_key, variant, warehouse, origin, maker, local_media
):
    response = as_staff("Catalogue").post(
        "/admin/certificates/productionlot/add/",
        _lot_form(variant, warehouse, origin, maker, photos=[_photo(), _photo("two.jpg")]),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    lot = ProductionLot.objects.get(code="LOT-ADMIN-1")
    assert lot.units.count() == 2 and OriginCertificate.objects.filter(unit__lot=lot).count() == 2
    assert [(p.caption, p.image.name.endswith(".jpg")) for p in lot.photos.order_by("sort_order")] == [
        ("Inaq at her loom", True),
        ("Inaq at her loom", True),
    ]
    assert lot.lot_makers.get().role == "weaver"
    assert Stock.objects.get(warehouse=warehouse, product_variant=variant).quantity == 2
    assert AuditLogEntry.objects.get(action="production_lot.received").actor_user == staff["Catalogue"]
    page = as_staff("Catalogue").get(f"/admin/certificates/productionlot/{lot.pk}/change/").content.decode()
    for unit in lot.units.all():
        assert unit.serial in page


def test_a_refused_lot_shows_every_problem_and_writes_nothing(
    as_staff, signing_key, variant, warehouse, origin, maker, local_media
):
    response = as_staff("Catalogue").post(
        "/admin/certificates/productionlot/add/",
        _lot_form(
            variant,
            warehouse,
            origin,
            maker,
            production_finished_on="2026-09-01",
            photos=[_photo("shell.jpg", b"<?php echo 1; ?>")],
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors and "photos" in errors
    assert not ProductionLot.objects.exists() and not Stock.objects.filter(warehouse=warehouse).exists()
    assert not AuditLogEntry.objects.filter(action="production_lot.received").exists()


def test_revoking_a_certificate_goes_through_the_revoke_service(as_staff, staff, received):
    certificate = OriginCertificate.objects.filter(unit__lot=received).first()
    client = as_staff("Catalogue")
    page = client.get(f"/admin/certificates/origincertificate/{certificate.pk}/change/").content.decode()
    assert f"/admin/certificates/origincertificate/{certificate.pk}/revoke/" in page

    empty = client.post(f"/admin/certificates/origincertificate/{certificate.pk}/revoke/", {"reason": "  "})
    assert empty.status_code == 200
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    response = client.post(
        f"/admin/certificates/origincertificate/{certificate.pk}/revoke/", {"reason": "Cracked in the kiln"}
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revocation_reason == "Cracked in the kiln"
    assert CustodyEvent.objects.filter(unit=certificate.unit, type=CustodyEvent.Type.REVOKED).exists()
    entry = AuditLogEntry.objects.get(action="certificate.revoked")
    assert entry.actor_user == staff["Catalogue"]

    again = client.post(
        f"/admin/certificates/origincertificate/{certificate.pk}/revoke/", {"reason": "Twice"}
    )
    assert again.status_code == 400 and "already revoked" in again.content.decode()
    assert AuditLogEntry.objects.filter(action="certificate.revoked").count() == 1


def test_staff_without_manage_provenance_cannot_receive_or_revoke(
    as_staff, received, variant, warehouse, origin, maker
):
    certificate = OriginCertificate.objects.filter(unit__lot=received).first()
    for group in ("Fulfilment", "Marketing"):
        client = as_staff(group)
        assert (
            client.post(
                f"/admin/certificates/origincertificate/{certificate.pk}/revoke/", {"reason": "No"}
            ).status_code
            == 403
        )
        assert (
            client.post(
                "/admin/certificates/productionlot/add/",
                _lot_form(variant, warehouse, origin, maker, code="LOT-X"),
            ).status_code
            == 403
        )
    certificate.refresh_from_db()
    assert certificate.revoked_at is None and not ProductionLot.objects.filter(code="LOT-X").exists()


def test_makers_and_origins_are_shown_not_written(as_staff, maker):
    client = as_staff("Catalogue")
    assert maker.display_name in client.get("/admin/origins/maker/").content.decode()
    page = client.get(f"/admin/origins/maker/{maker.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(f"/admin/origins/maker/{maker.pk}/change/", {"display_name": "Renamed"})
    assert response.status_code == 403
    maker.refresh_from_db()
    assert maker.display_name == "Inaq Sumiati"

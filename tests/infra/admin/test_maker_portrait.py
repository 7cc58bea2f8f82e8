"""A maker's portrait and its alt text from the maker's page, through ``maker_portrait_update``
(as ``makerPortraitUpdate``): checked, re-encoded, audited as the staff member."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from storefront.accounts.models import AuditLogEntry
from tests.storefront.catalog.media.uploads import phone_photo

pytestmark = pytest.mark.django_db


def test_a_portrait_and_its_alt_text_are_saved_from_the_makers_page(as_staff, staff, maker, local_media):
    client = as_staff("Catalogue")
    page = client.get(f"/admin/origins/maker/{maker.pk}/change/").content.decode()
    assert f"/admin/origins/maker/{maker.pk}/portrait/" in page

    response = client.post(
        f"/admin/origins/maker/{maker.pk}/portrait/",
        {
            "new_portrait": SimpleUploadedFile("inaq.jpg", phone_photo(), content_type="image/jpeg"),
            "portrait_alt": " Inaq at her loom ",
        },
    )

    assert response.status_code == 302
    maker.refresh_from_db()
    assert maker.portrait.name.startswith("makers/portraits/") and maker.portrait_alt == "Inaq at her loom"
    entry = AuditLogEntry.objects.get(action="maker.portrait_updated")
    assert entry.actor_user == staff["Catalogue"]
    shown = client.get(f"/admin/origins/maker/{maker.pk}/change/").content.decode()
    assert 'alt="Inaq at her loom"' in shown

    client.post(f"/admin/origins/maker/{maker.pk}/portrait/", {"portrait_alt": "Inaq weaving"})
    name = maker.portrait.name
    maker.refresh_from_db()
    assert (maker.portrait.name, maker.portrait_alt) == (name, "Inaq weaving")


def test_a_file_that_is_no_image_is_refused_and_nothing_changes(as_staff, maker, local_media):
    client = as_staff("Catalogue")

    response = client.post(
        f"/admin/origins/maker/{maker.pk}/portrait/",
        {
            "new_portrait": SimpleUploadedFile("me.jpg", b"<?php echo 1; ?>", content_type="image/jpeg"),
            "portrait_alt": "Changed",
        },
        follow=True,
    )

    assert "image" in response.content.decode().lower()
    assert next(iter(response.context["messages"])).level_tag == "error"
    maker.refresh_from_db()
    assert (maker.portrait.name, maker.portrait_alt) == ("", "")
    assert not AuditLogEntry.objects.filter(action="maker.portrait_updated").exists()


def test_staff_without_manage_provenance_cannot_change_a_portrait(as_staff, maker):
    client = as_staff("Fulfilment")

    response = client.post(f"/admin/origins/maker/{maker.pk}/portrait/", {"portrait_alt": "Nope"})

    assert response.status_code == 403
    maker.refresh_from_db()
    assert maker.portrait_alt == ""

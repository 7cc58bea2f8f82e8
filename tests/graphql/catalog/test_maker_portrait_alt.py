"""``makerPortraitUpdate``'s ``alt``: the portrait's alt text, on the ``Maker`` type's ``portrait``
(the display name when none is given), set with a new portrait or alone; bad text changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.media import maker_portrait_update
from tests.graphql.catalog.factories import MakerFactory
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.catalog.media.uploads import phone_photo
from tests.storefront.catalog.media_images import use_local_media

pytestmark = pytest.mark.django_db

ALT = """
mutation($id: ID!, $alt: String) {
  makerPortraitUpdate(id: $id, alt: $alt) {
    maker { id portrait { url alt } } errors { field code message }
  }
}"""


@pytest.fixture
def portrayed(settings, tmp_path):
    use_local_media(settings, tmp_path)
    maker = MakerFactory(display_name="Inaq Sahnun")
    photo = SimpleUploadedFile("inaq.jpg", phone_photo(), content_type="image/jpeg")
    return maker_portrait_update(actor=Actor.system(), maker=maker, file=photo)


def test_alt_alone_changes_only_the_alt_text(gql, portrayed):
    maker = portrayed
    name = maker.portrait.name
    headers = bearer(staff_user(P.MANAGE_PROVENANCE))
    variables = {"id": to_global_id("Maker", maker.pk)}

    body = gql(ALT, {**variables, "alt": "  Inaq Sahnun at her loom in Sukarara  "}, headers=headers)

    payload = body["data"]["makerPortraitUpdate"]
    assert payload["errors"] == []
    assert payload["maker"]["portrait"]["alt"] == "Inaq Sahnun at her loom in Sukarara"
    maker.refresh_from_db()
    assert maker.portrait_alt == "Inaq Sahnun at her loom in Sukarara" and maker.portrait.name == name
    entry = AuditLogEntry.objects.filter(action="maker.portrait_updated").latest("pk")
    assert entry.payload["after"] == {"portrait": name, "alt": "Inaq Sahnun at her loom in Sukarara"}

    cleared = gql(ALT, {**variables, "alt": ""}, headers=headers)
    assert cleared["data"]["makerPortraitUpdate"]["maker"]["portrait"]["alt"] == "Inaq Sahnun"


@pytest.mark.parametrize("alt", ["x" * 251, "bad\x01alt", "del\x7fchar"])
def test_bad_alt_text_is_refused_and_changes_nothing(gql, portrayed, alt):
    maker = portrayed
    maker_portrait_update(actor=Actor.system(), maker=maker, alt="Kept")

    body = gql(
        ALT,
        {"id": to_global_id("Maker", maker.pk), "alt": alt},
        headers=bearer(staff_user(P.MANAGE_PROVENANCE)),
    )

    [error] = body["data"]["makerPortraitUpdate"]["errors"]
    assert (error["field"], error["code"]) == ("alt", "INVALID")
    maker.refresh_from_db()
    assert maker.portrait_alt == "Kept"


def test_only_provenance_staff_set_the_alt_text(gql, portrayed):
    maker = portrayed

    body = gql(
        ALT,
        {"id": to_global_id("Maker", maker.pk), "alt": "Nope"},
        headers=bearer(staff_user(P.MANAGE_PRODUCTS)),
    )

    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    maker.refresh_from_db()
    assert maker.portrait_alt == ""

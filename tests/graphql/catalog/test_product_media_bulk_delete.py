"""``productMediaBulkDelete`` (Saleor's): rows now, files and thumbnails after the commit, all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.media import product_media_create, thumbnail_get_or_create
from storefront.catalog.models import ProductMedia, Thumbnail
from tests.graphql.catalog.factories import ProductFactory
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.catalog.media_images import image_bytes, stored_files, use_local_media

pytestmark = pytest.mark.django_db

BULK_DELETE = """
mutation($ids: [ID!]!) {
  productMediaBulkDelete(ids: $ids) { count errors { field code message } productErrors { code } }
}"""


@pytest.fixture
def media_root(settings, tmp_path):
    return use_local_media(settings, tmp_path)


def _media(product, count: int) -> list[ProductMedia]:
    return [
        product_media_create(
            product=product,
            file=SimpleUploadedFile(f"{n}.png", image_bytes("PNG", (20, 20)), content_type="image/png"),
            prerender_thumbnails=False,
        )
        for n in range(count)
    ]


def _ids(media) -> list[str]:
    return [to_global_id("ProductMedia", item.pk) for item in media]


def test_bulk_delete_removes_the_rows_now_and_their_files_after_the_commit(
    gql, media_root, django_capture_on_commit_callbacks
):
    first, second = ProductFactory(), ProductFactory()
    keep, gone = _media(first, 2)
    (other,) = _media(second, 1)
    video = ProductMedia.objects.create(
        product=second, type=ProductMedia.MediaType.VIDEO, external_url="https://youtu.be/x"
    )
    thumbnail = thumbnail_get_or_create(original_name=gone.image.name, size=64, format="WEBP")
    staff = staff_user(P.MANAGE_PRODUCTS)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        body = gql(BULK_DELETE, {"ids": _ids([gone, other, video])}, headers=bearer(staff))
    assert {gone.image.name, other.image.name, thumbnail.image.name} <= stored_files(media_root)
    for callback in callbacks:
        callback()

    assert body["data"]["productMediaBulkDelete"] == {"count": 3, "errors": [], "productErrors": []}
    assert list(ProductMedia.objects.values_list("pk", flat=True)) == [keep.pk]
    assert stored_files(media_root) == {keep.image.name}
    assert not Thumbnail.objects.filter(original_name=gone.image.name).exists()
    entries = AuditLogEntry.objects.filter(action="product_media.deleted")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        str(m.pk) for m in (gone, other, video)
    )
    assert all(entry.actor_user == staff for entry in entries)


def test_bulk_delete_refuses_unknown_ids_and_too_many_and_deletes_nothing(gql, media_root):
    product = ProductFactory()
    media = _media(product, 2)
    headers = bearer(staff_user(P.MANAGE_PRODUCTS))
    unknown = gql(BULK_DELETE, {"ids": [*_ids(media), to_global_id("ProductMedia", 999999)]}, headers=headers)
    payload = unknown["data"]["productMediaBulkDelete"]
    assert payload["count"] == 0 and [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("ids", "NOT_FOUND")
    ]
    too_many = gql(BULK_DELETE, {"ids": [_ids(media)[0]] * 101}, headers=headers)
    assert [(e["field"], e["code"]) for e in too_many["data"]["productMediaBulkDelete"]["errors"]] == [
        ("ids", "INVALID")
    ]
    assert ProductMedia.objects.count() == 2
    assert {item.image.name for item in media} <= stored_files(media_root)
    assert not AuditLogEntry.objects.filter(action="product_media.deleted").exists()


def test_bulk_delete_needs_manage_products(gql, media_root):
    media = _media(ProductFactory(), 1)
    for headers in ({}, bearer(staff_user(P.MANAGE_ORDERS))):
        body = gql(BULK_DELETE, {"ids": _ids(media)}, headers=headers)
        assert body["data"]["productMediaBulkDelete"] is None and body["errors"]
    assert ProductMedia.objects.count() == 1

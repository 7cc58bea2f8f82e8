"""Files and transactions on the real S3 server: a rolled-back write leaves no object, and the
periodic sweep deletes objects under the media prefixes that no row references."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.catalog.media import (
    category_update_with_background,
    maker_portrait_update,
    media_orphans_delete,
    product_media_create,
    storing,
)
from storefront.catalog.media import services as media_services
from storefront.catalog.media.tasks import media_orphans_sweep
from storefront.catalog.models import ProductMedia, Thumbnail
from storefront.catalog.services.staff_structure import StructureFields
from tests.graphql.catalog.factories import CategoryFactory, MakerFactory, ProductFactory
from tests.s3 import s3_object_keys
from tests.storefront.catalog.media.uploads import phone_photo

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


@pytest.fixture
def keys(s3_settings, s3_buckets):
    return lambda: s3_object_keys(s3_buckets.server, s3_buckets.public)


def _photo(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, phone_photo((320, 240), orientation=1), content_type="image/jpeg")


def test_a_failure_after_the_file_is_stored_deletes_it_and_writes_no_row(keys, monkeypatch):
    product = ProductFactory()
    before = keys()
    stored_during: list[set[str]] = []

    def fail_after_storing(**kwargs):
        stored_during.append(keys() - before)  # the object really reached the bucket
        raise RuntimeError("the audit log's database went away")

    monkeypatch.setattr(media_services, "audit_log_record", fail_after_storing)

    with pytest.raises(RuntimeError):
        product_media_create(actor=Actor.system(), product=product, file=_photo())

    assert len(stored_during[0]) == 1 and next(iter(stored_during[0])).startswith("products/")
    assert keys() == before
    assert not ProductMedia.objects.exists()


def test_a_refused_field_stores_no_background_and_a_refused_image_changes_no_field(keys):
    category = CategoryFactory(name="Tenun")
    before = keys()

    from storefront.catalog.error_codes import CatalogError

    with pytest.raises(CatalogError):  # the name is refused after the image was checked
        category_update_with_background(
            actor=Actor.system(),
            category=category,
            fields=StructureFields(name=""),
            background_image=_photo(),
        )
    with pytest.raises(CatalogError) as refused:
        category_update_with_background(
            actor=Actor.system(),
            category=category,
            fields=StructureFields(name="Kain tenun"),
            background_image=SimpleUploadedFile("x.jpg", b"<svg/>", content_type="image/jpeg"),
        )

    assert refused.value.field == "backgroundImage"
    assert keys() == before
    category.refresh_from_db()
    assert (category.name, category.background_image.name) == ("Tenun", "")


def test_a_replaced_portrait_and_its_thumbnails_leave_the_bucket_after_the_commit(
    keys, django_capture_on_commit_callbacks
):
    maker = MakerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        maker = maker_portrait_update(actor=Actor.system(), maker=maker, file=_photo("me.jpg"))
    first = maker.portrait.name
    first_files = {first, *(t.image.name for t in Thumbnail.objects.filter(original_name=first))}
    assert first_files <= keys() and len(first_files) > 1

    with django_capture_on_commit_callbacks(execute=True):
        maker = maker_portrait_update(actor=Actor.system(), maker=maker, file=_photo("me-again.jpg"))

    assert maker.portrait.name != first and maker.portrait.name in keys()
    assert not first_files & keys()
    assert not Thumbnail.objects.filter(original_name=first).exists()
    assert AuditLogEntry.objects.filter(action="maker.portrait_updated").count() == 2


def test_the_sweep_deletes_old_unreferenced_media_and_nothing_else(keys, settings):
    storage = storages["default"]
    product = ProductFactory()
    media = product_media_create(
        actor=Actor.system(), product=product, file=_photo(), prerender_thumbnails=False
    )
    thumbnail_name = storage.save("thumbnails/products/kept-256.webp", ContentFile(b"thumb"))
    Thumbnail.objects.create(original_name=media.image.name, size=256, format="WEBP", image=thumbnail_name)
    # What a rolled-back outer transaction leaves: the block succeeded, the outer one did not.
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = product_media_create(
            actor=Actor.system(), product=product, file=_photo(), prerender_thumbnails=False
        )
        raise RuntimeError("the caller's transaction fails after the upload")
    orphan_portrait = storage.save("makers/portraits/gone.jpg", ContentFile(b"old portrait"))
    outside = storage.save("tests/not-media.txt", ContentFile(b"not under a media prefix"))
    assert {lost.image.name, orphan_portrait, outside} <= keys()

    young = media_orphans_delete(older_than=timedelta(hours=24))
    assert lost.image.name not in young and orphan_portrait not in young, "too young to be swept"
    assert {lost.image.name, orphan_portrait} <= keys()

    swept = media_orphans_delete(older_than=timedelta(hours=24), now=timezone.now() + timedelta(hours=25))

    assert {lost.image.name, orphan_portrait} <= set(swept)
    remaining = keys()
    assert not {lost.image.name, orphan_portrait} & remaining
    assert {media.image.name, thumbnail_name, outside} <= remaining
    assert media.image.name not in swept and thumbnail_name not in swept


def test_the_beat_task_sweeps_with_the_configured_age(keys, settings):
    storage = storages["default"]
    settings.MEDIA_ORPHAN_MIN_AGE_HOURS = 0
    orphan = storage.save("category-backgrounds/orphan.jpg", ContentFile(b"x"))

    deleted = media_orphans_sweep.delay().get()

    assert deleted >= 1
    assert orphan not in keys()
    assert "catalog-media-orphans-sweep" in settings.CELERY_BEAT_SCHEDULE
    assert (
        settings.CELERY_BEAT_SCHEDULE["catalog-media-orphans-sweep"]["task"]
        == "storefront.catalog.media.tasks.media_orphans_sweep"
    )


def test_every_file_field_on_the_public_storage_counts_as_a_reference():
    from storefront.catalog.media.orphans import media_references

    found = {(ref.model._meta.label, ref.field, ref.prefix) for ref in media_references()}

    assert {
        ("catalog.ProductMedia", "image", "products/"),
        ("catalog.Category", "background_image", "category-backgrounds/"),
        ("catalog.Collection", "background_image", "collection-backgrounds/"),
        ("catalog.Thumbnail", "image", "thumbnails/"),
        ("origins.Maker", "portrait", "makers/portraits/"),
        ("certificates.LotPhoto", "image", "workshops/"),
    } <= found
    assert not any(label == "orders.ExportDocument" for label, _f, _p in found), "private files are not swept"


def test_storing_takes_the_real_format_s_extension_and_a_random_name():
    a = storing.media_content_prepare(file=_photo("Same Name.png"))
    b = storing.media_content_prepare(file=_photo("Same Name.png"))

    assert a.name != b.name and str(a.name).endswith(".jpg") and str(b.name).endswith(".jpg")

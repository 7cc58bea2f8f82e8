"""Issue 10's upload must-show, against the real S3 server (Ceph RADOS Gateway) over HTTP.

Every upload is a real GraphQL multipart request (``operations`` + ``map`` + a file part) to
``productMediaCreate``. A real phone photo is stored, thumbnailed by the Celery task run at the
commit, and its EXIF GPS is gone when the object is read back from the bucket. A PHP file renamed
``.jpg``, an SVG carrying a script, a 50 MB file, a 30,000 x 30,000 PNG (a decompression bomb of a
hundred kilobytes) and a truncated JPEG are each refused in the payload's ``errors`` with a clear
message, and the bucket holds exactly what it held before.
"""

from __future__ import annotations

import io
import re
import struct
import urllib.request
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from PIL import Image, ImageFile

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.media import PRERENDERED
from storefront.catalog.models import ProductMedia, Thumbnail
from tests.graphql.catalog.factories import ProductFactory
from tests.s3 import s3_object_keys
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.catalog.media.uploads import (
    GPS_IFD,
    PHP_AS_JPEG,
    SVG_WITH_SCRIPT,
    phone_photo,
    png_bomb,
    post_media_create,
    truncated_jpeg,
)
from tests.storefront.catalog.media_images import sniff_format

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

MEDIA_URLS = """
query($id: ID!) {
  product(id: $id) { media { url thumb: url(size: 256, format: WEBP) alt } }
}
"""


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCTS))


@pytest.fixture
def product():
    return ProductFactory()


@pytest.fixture
def bucket_keys(s3_settings, s3_buckets) -> Callable[[], set[str]]:
    """The public bucket's keys, listed with boto3 (not through the code under test)."""
    return lambda: s3_object_keys(s3_buckets.server, s3_buckets.public)


def _read(s3_buckets, key: str) -> tuple[bytes, str]:
    got = s3_buckets.server.client().get_object(Bucket=s3_buckets.public, Key=key)
    return got["Body"].read(), got["ContentType"]


def test_a_phone_photo_is_stored_on_s3_thumbnailed_and_without_its_gps(
    client, gql, staff, product, bucket_keys, s3_buckets, django_capture_on_commit_callbacks
):
    before = bucket_keys()
    photo = phone_photo((640, 480), orientation=6)  # taken with the phone turned: 480 x 640 upright
    with Image.open(io.BytesIO(photo)) as sent:
        assert sent.getexif().get_ifd(GPS_IFD), "the photo really carries GPS"

    with django_capture_on_commit_callbacks(execute=True):
        body = post_media_create(
            client,
            headers=staff,
            product_id=to_global_id("Product", product.pk),
            upload=SimpleUploadedFile("IMG_2041.jpg", photo, content_type="image/jpeg"),
            alt="Songket on the loom",
        )

    payload = body["data"]["productMediaCreate"]
    assert payload["errors"] == []
    assert (payload["media"]["alt"], payload["media"]["type"]) == ("Songket on the loom", "IMAGE")
    media = ProductMedia.objects.get(product=product)
    assert re.fullmatch(r"products/[0-9a-f]{32}\.jpg", media.image.name), "a random name"
    stored, content_type = _read(s3_buckets, media.image.name)
    assert content_type == "image/jpeg" and sniff_format(stored) == "JPEG"
    with Image.open(io.BytesIO(stored)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD) and GPS_IFD not in exif
        assert b"PhoneMaker" not in stored and b"Lombok 5G" not in stored
        assert image.size == (480, 640), "the orientation is applied to the pixels"
        assert exif.get(0x0112, 1) == 1
        top_red, _g, _b = image.convert("RGB").getpixel((240, 20))
        assert top_red > 150, "turned the way the phone said: the red half is now on top"
    # The Celery task ran at the commit: the thumbnails storefronts ask for are on S3 too.
    thumbnails = Thumbnail.objects.filter(original_name=media.image.name)
    assert {(t.size, t.format) for t in thumbnails} == set(PRERENDERED)
    new_keys = bucket_keys() - before
    assert new_keys == {media.image.name, *(t.image.name for t in thumbnails)}
    # The API hands out the stored thumbnail's public URL, and the gateway serves it anonymously.
    urls = gql(MEDIA_URLS, {"id": to_global_id("Product", product.pk)}, headers=staff)
    thumb_url = urls["data"]["product"]["media"][0]["thumb"]
    assert thumb_url == thumbnails.get(size=256, format="WEBP").image.url
    with urllib.request.urlopen(thumb_url, timeout=10) as response:
        served = response.read()
    assert sniff_format(served) == "WEBP"
    with Image.open(io.BytesIO(served)) as small:
        assert max(small.size) == 256 and not small.getexif().get_ifd(GPS_IFD)
    entry = AuditLogEntry.objects.get(action="product_media.created")
    assert entry.payload["after"]["image"] == media.image.name


HOSTILE = {
    "php-renamed-jpg": (
        lambda: SimpleUploadedFile("shell.jpg", PHP_AS_JPEG, content_type="image/jpeg"),
        "INVALID_FILE_TYPE",
        "not a complete JPEG, PNG, WEBP or AVIF image",
    ),
    "svg-with-script": (
        lambda: SimpleUploadedFile("logo.svg", SVG_WITH_SCRIPT, content_type="image/svg+xml"),
        "UNSUPPORTED_MIME_TYPE",
        "Unsupported file type 'image/svg+xml'",
    ),
    "svg-renamed-jpg": (
        lambda: SimpleUploadedFile("logo.jpg", SVG_WITH_SCRIPT, content_type="image/jpeg"),
        "INVALID_FILE_TYPE",
        "not a complete JPEG, PNG, WEBP or AVIF image",
    ),
    "png-bomb-30000x30000": (
        lambda: SimpleUploadedFile("bomb.png", png_bomb(), content_type="image/png"),
        "FILE_SIZE_LIMIT_EXCEEDED",
        "too many pixels",
    ),
    "truncated-jpeg": (
        lambda: SimpleUploadedFile("cut.jpg", truncated_jpeg(), content_type="image/jpeg"),
        "INVALID_FILE_TYPE",
        "not a complete JPEG, PNG, WEBP or AVIF image",
    ),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_file_is_refused_in_the_payload_and_leaves_nothing_in_the_bucket(
    client, staff, product, bucket_keys, kind, django_capture_on_commit_callbacks
):
    make_upload, code, words = HOSTILE[kind]
    before = bucket_keys()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        body = post_media_create(
            client, headers=staff, product_id=to_global_id("Product", product.pk), upload=make_upload()
        )

    payload = body["data"]["productMediaCreate"]
    assert payload["media"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("image", code)
    assert words in error["message"]
    assert bucket_keys() == before
    assert not ProductMedia.objects.exists() and not Thumbnail.objects.exists()
    assert not AuditLogEntry.objects.filter(action__startswith="product_media").exists()
    assert callbacks == []


def test_the_png_bomb_is_small_and_refused_without_decoding_its_pixels(
    client, staff, product, bucket_keys, monkeypatch
):
    bomb = png_bomb()
    assert len(bomb) < 500_000, "a few hundred kilobytes that would decode to 900 megapixels"
    assert struct.unpack(">II", bomb[16:24]) == (30_000, 30_000), "IHDR: width and height"
    decoded: list[object] = []
    original_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self) or original_load(self))
    before = bucket_keys()

    body = post_media_create(
        client,
        headers=staff,
        product_id=to_global_id("Product", product.pk),
        upload=SimpleUploadedFile("bomb.png", bomb, content_type="image/png"),
    )

    assert body["data"]["productMediaCreate"]["errors"][0]["code"] == "FILE_SIZE_LIMIT_EXCEEDED"
    assert decoded == [], "refused from the header: no pixel was decoded"
    assert bucket_keys() == before


def test_a_50_mb_file_is_refused_and_never_kept_whole(
    client, staff, product, bucket_keys, monkeypatch, settings
):
    """The view's upload handler passes on no more than MEDIA_MAX_UPLOAD_BYTES of a file part: the
    handlers that keep data (memory, then a temporary file) never hold the 50 MB."""
    limit = settings.MEDIA_MAX_UPLOAD_BYTES
    size = 50 * 1024 * 1024
    assert size > limit
    received = {MemoryFileUploadHandler: 0, TemporaryFileUploadHandler: 0}
    for handler in received:
        original = handler.receive_data_chunk

        def counting(self, raw_data, start, _original=original, _handler=handler):
            received[_handler] += len(raw_data)
            return _original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    before = bucket_keys()
    big = b"\xff\xd8\xff\xe0" + b"\x00" * (size - 4)

    body = post_media_create(
        client,
        headers=staff,
        product_id=to_global_id("Product", product.pk),
        upload=SimpleUploadedFile("huge.jpg", big, content_type="image/jpeg"),
    )

    [error] = body["data"]["productMediaCreate"]["errors"]
    assert (error["field"], error["code"]) == ("image", "FILE_SIZE_LIMIT_EXCEEDED")
    assert f"{size} bytes" in error["message"] and f"the limit is {limit} bytes" in error["message"]
    # Each handler after ours saw at most the limit (plus one 64 KiB chunk): the rest was dropped.
    assert 0 < received[TemporaryFileUploadHandler] <= limit + 64 * 1024
    assert received[MemoryFileUploadHandler] <= limit + 64 * 1024
    assert bucket_keys() == before
    assert not ProductMedia.objects.exists()

"""Media storage against a real S3 server over HTTP (the Ceph RADOS Gateway from infra/dev/radosgw.sh).

These check what moto would let pass: the gateway verifies signatures, so a wrong secret, a
tampered or expired presigned URL, and an unsigned read of private media are really refused.
"""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from storefront.catalog.media import product_media_create, thumbnail_get_or_create, thumbnail_url
from storefront.catalog.models import Product, ProductType, Thumbnail
from tests.s3 import s3_object_keys, s3_storage_build
from tests.storefront.catalog.media_images import image_bytes, sniff_format

pytestmark = pytest.mark.s3


def _get(url: str) -> tuple[int, bytes]:
    """Plain anonymous HTTP GET, as a browser or CDN would do it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _name(suffix: str) -> str:
    return f"tests/{uuid.uuid4().hex}{suffix}"


def test_uploaded_public_file_is_served_at_its_public_url(s3_storages):
    storage = s3_storages["default"]
    name = storage.save(_name(".txt"), ContentFile(b"tenun ikat from Sukarara"))

    status, body = _get(storage.url(name))

    assert "X-Amz-Signature" not in storage.url(name) and "Signature=" not in storage.url(name)
    assert (status, body) == (200, b"tenun ikat from Sukarara")


def test_deleted_file_is_gone_from_the_bucket_and_its_url(s3_storages, s3_buckets):
    storage = s3_storages["default"]
    name = storage.save(_name(".txt"), ContentFile(b"gerabah"))
    assert name in s3_object_keys(s3_buckets.server, s3_buckets.public)

    storage.delete(name)

    assert name not in s3_object_keys(s3_buckets.server, s3_buckets.public)
    assert not storage.exists(name)
    # Anonymous readers may not list the bucket, so S3 answers a missing key with 403, as AWS does.
    status, body = _get(storage.url(name))
    assert status in (403, 404)
    assert b"gerabah" not in body


def test_private_file_is_refused_without_a_signature_and_served_with_a_presigned_url(s3_storages, s3_buckets):
    storage = s3_storages["private"]
    name = storage.save(_name(".pdf"), ContentFile(b"%PDF-1.7 export declaration"))
    signed = storage.url(name)
    unsigned = urllib.parse.urlunsplit(urllib.parse.urlsplit(signed)._replace(query=""))

    assert _get(unsigned)[0] == 403
    assert _get(signed) == (200, b"%PDF-1.7 export declaration")
    assert s3_buckets.private in signed


def _presigned_with_changed_signature(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query)
    changed = []
    for key, value in query:
        if key in ("X-Amz-Signature", "Signature"):
            value = ("0" if value[0] != "0" else "1") + value[1:]
        changed.append((key, value))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(changed)))


def test_presigned_url_with_a_tampered_signature_is_refused(s3_storages):
    storage = s3_storages["private"]
    name = storage.save(_name(".txt"), ContentFile(b"evidence"))
    signed = storage.url(name)

    assert _get(signed)[0] == 200
    assert _get(_presigned_with_changed_signature(signed))[0] == 403


def test_presigned_url_cannot_be_reused_for_another_key(s3_storages):
    storage = s3_storages["private"]
    secret = storage.save(_name(".txt"), ContentFile(b"secret evidence"))
    other = storage.save(_name(".txt"), ContentFile(b"other evidence"))
    signed_other = storage.url(other)
    # Same signature, path swapped to the secret object's key.
    parts = urllib.parse.urlsplit(signed_other)
    swapped = urllib.parse.urlunsplit(parts._replace(path=parts.path.replace(other, secret)))

    assert swapped != signed_other
    assert _get(swapped)[0] == 403


def test_presigned_url_is_refused_after_it_expires(s3_storages_settings):
    storage = s3_storage_build(s3_storages_settings, "private", querystring_expire=1)
    name = storage.save(_name(".txt"), ContentFile(b"short-lived"))
    signed = storage.url(name)
    assert _get(signed)[0] == 200

    time.sleep(2.5)

    assert _get(signed)[0] == 403


def test_wrong_secret_is_refused_for_writes_and_for_presigned_reads(s3_storages_settings, s3_storages):
    name = s3_storages["private"].save(_name(".txt"), ContentFile(b"evidence"))
    impostor = s3_storage_build(s3_storages_settings, "private", secret_key="not-the-secret")

    with pytest.raises(ClientError) as refused:
        impostor.save(_name(".txt"), ContentFile(b"forged"))
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert _get(impostor.url(name))[0] == 403


@pytest.mark.django_db
def test_thumbnail_service_writes_the_rendered_thumbnail_to_s3(s3_settings, s3_buckets):
    from django.core.files.storage import storages

    original = storages["default"].save(_name(".png"), ContentFile(image_bytes("PNG", (900, 600))))

    thumbnail = thumbnail_get_or_create(original_name=original, size=256, format="WEBP")

    assert thumbnail.image.name in s3_object_keys(s3_buckets.server, s3_buckets.public)
    status, body = _get(thumbnail.image.url)
    assert status == 200
    assert sniff_format(body) == "WEBP"
    with Image.open(io.BytesIO(body)) as image:
        assert image.size == (256, 171)


@pytest.mark.django_db
def test_thumbnail_view_renders_into_s3_and_redirects_to_the_public_object(client, s3_settings, s3_buckets):
    from django.core.files.storage import storages

    s3_settings.PUBLIC_URL = "https://shop.example.test"
    original = storages["default"].save(_name(".jpg"), ContentFile(image_bytes("JPEG", (1200, 800))))
    url = thumbnail_url(original_name=original, size=512, format="AVIF", thumbnail=None)

    response = client.get(url.removeprefix("https://shop.example.test"))

    assert response.status_code == 302
    status, body = _get(response["Location"])
    assert status == 200 and sniff_format(body) == "AVIF"
    key = Thumbnail.objects.get(original_name=original).image.name
    head = s3_buckets.server.client().head_object(Bucket=s3_buckets.public, Key=key)
    assert head["ContentType"] == "image/avif"


@pytest.mark.django_db
def test_product_image_is_stored_on_s3_with_the_content_type_of_its_real_format(s3_settings, s3_buckets):
    product_type = ProductType.objects.create(name="Pottery", slug="pottery")
    product = Product.objects.create(product_type=product_type, name="Gerabah Banyumulek", slug="gerabah")
    upload = SimpleUploadedFile("jar.jpg", image_bytes("PNG", (300, 200)), content_type="image/jpeg")

    media = product_media_create(product=product, file=upload, alt="Jar")

    head = s3_buckets.server.client().head_object(Bucket=s3_buckets.public, Key=media.image.name)
    assert head["ContentType"] == "image/png"
    assert _get(media.image.url) == (200, image_bytes("PNG", (300, 200)))

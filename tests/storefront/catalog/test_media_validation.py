"""Upload checks and product media creation: refused files leave nothing behind, good ones are stored."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.media import PRERENDERED, media_validate_image, product_media_create
from storefront.catalog.models import Product, ProductMedia, ProductType, Thumbnail
from storefront.core.images import MAX_IMAGE_PIXELS
from tests.storefront.catalog.media_images import image_bytes, sniff_format, stored_files, use_local_media


@pytest.fixture
def media_root(settings, tmp_path):
    return use_local_media(settings, tmp_path)


@pytest.fixture
def product(db):
    product_type = ProductType.objects.create(name="Woven cloth", slug="woven-cloth")
    return Product.objects.create(product_type=product_type, name="Songket Sukarara", slug="songket-sukarara")


def _upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [
        ("JPEG", "image/jpeg"),
        ("PNG", "image/png"),
        ("WEBP", "image/webp"),
        ("AVIF", "image/avif"),
    ],
)
def test_each_allowed_format_is_accepted_and_identified_from_its_bytes(fmt, mime):
    upload = _upload(image_bytes(fmt, (64, 48)), name="whatever.bin", content_type="image/jpeg")

    found = media_validate_image(file=upload)

    assert (found.format, found.mime_type, found.width, found.height) == (fmt, mime, 64, 48)
    assert upload.tell() == 0, "the file is rewound for whoever stores it next"


def _code(file) -> str:
    with pytest.raises(CatalogError) as refused:
        media_validate_image(file=file)
    assert refused.value.field == "image"
    return refused.value.code


def test_non_image_bytes_are_an_invalid_file_type():
    assert _code(_upload(b"\x00\x01 definitely not a picture" * 20)) == ProductErrorCode.INVALID_FILE_TYPE


def test_text_file_named_jpg_is_an_invalid_file_type_whatever_its_declared_type():
    assert _code(_upload(b"hello, I am text", "cat.jpg", "image/jpeg")) == ProductErrorCode.INVALID_FILE_TYPE
    assert _code(_upload(b"hello, I am text", "cat.jpg", "")) == ProductErrorCode.INVALID_FILE_TYPE


def test_declared_non_image_type_is_an_unsupported_mime_type():
    upload = _upload(image_bytes("PNG", (10, 10)), "cat.png", "text/plain")

    assert _code(upload) == ProductErrorCode.UNSUPPORTED_MIME_TYPE


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_image_is_an_invalid_file_type(fmt):
    whole = image_bytes(fmt, (400, 300))

    assert _code(_upload(whole[: len(whole) // 2])) == ProductErrorCode.INVALID_FILE_TYPE


def test_image_in_a_format_outside_the_allowed_list_is_refused():
    bmp = image_bytes("BMP", (20, 20))

    assert _code(_upload(bmp, "x.bmp", "image/bmp")) == ProductErrorCode.UNSUPPORTED_MIME_TYPE
    assert _code(_upload(bmp, "x.jpg")) == ProductErrorCode.INVALID_FILE_TYPE


def test_file_over_the_byte_limit_is_refused(settings):
    data = image_bytes("PNG", (200, 200))
    settings.MEDIA_MAX_UPLOAD_BYTES = len(data) - 1

    assert _code(_upload(data, "big.png", "image/png")) == ProductErrorCode.FILE_SIZE_LIMIT_EXCEEDED


def test_decompression_bomb_is_refused_before_it_is_decoded():
    # A 1-bit PNG of more than the pixel cap is a few kilobytes on disk and hundreds of MB decoded.
    width = 10_000
    height = MAX_IMAGE_PIXELS // width + 1
    bomb = image_bytes("PNG", (width, height), mode="1")
    assert len(bomb) < 1_000_000

    assert _code(_upload(bomb, "bomb.png", "image/png")) == ProductErrorCode.FILE_SIZE_LIMIT_EXCEEDED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"not an image at all" * 10, "image/jpeg"),
        (image_bytes("JPEG", (300, 300))[:500], "image/jpeg"),
        (b"text pretending", "text/plain"),
    ],
    ids=["garbage", "truncated", "text"],
)
def test_refused_upload_writes_nothing(product, media_root, data, content_type):
    with pytest.raises(CatalogError):
        product_media_create(product=product, file=_upload(data, "x.jpg", content_type), alt="x")

    assert stored_files(media_root) == set()
    assert not ProductMedia.objects.exists()


@pytest.mark.django_db
def test_oversize_upload_writes_nothing(product, media_root, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 100
    with pytest.raises(CatalogError) as refused:
        product_media_create(
            product=product, file=_upload(image_bytes("PNG", (300, 300)), "a.png", "image/png")
        )

    assert refused.value.code == ProductErrorCode.FILE_SIZE_LIMIT_EXCEEDED
    assert stored_files(media_root) == set()
    assert not ProductMedia.objects.exists()


@pytest.mark.django_db
def test_product_media_is_stored_under_the_extension_of_its_real_format(product, media_root):
    png = image_bytes("PNG", (120, 80))

    media = product_media_create(
        product=product, file=_upload(png, "Kain Tenun.JPG", "image/jpeg"), alt="Kain"
    )

    media.refresh_from_db()
    assert re.fullmatch(r"products/[0-9a-f]{32}\.png", media.image.name), "a random name, the real extension"
    assert (media_root / media.image.name).read_bytes() == png
    assert (media.alt, media.type, media.product_id) == ("Kain", ProductMedia.MediaType.IMAGE, product.pk)


@pytest.mark.django_db
def test_each_new_image_goes_after_the_product_s_existing_media(product, media_root):
    first = product_media_create(product=product, file=_upload(image_bytes("PNG", (10, 10)), "a.png"))
    second = product_media_create(product=product, file=_upload(image_bytes("PNG", (10, 10)), "b.png"))

    assert (first.sort_order, second.sort_order) == (0, 1)


@pytest.mark.django_db
def test_common_thumbnails_are_rendered_after_commit_and_not_before(
    product, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        media = product_media_create(
            product=product, file=_upload(image_bytes("JPEG", (1600, 1200)), "v.jpg")
        )
    assert not Thumbnail.objects.exists(), "nothing renders inside the upload's transaction"
    assert len(callbacks) == 1

    callbacks[0]()  # the commit: Celery runs eagerly in tests

    made = {(t.size, t.format): t for t in Thumbnail.objects.filter(original_name=media.image.name)}
    assert set(made) == set(PRERENDERED)
    for (size, fmt), thumbnail in made.items():
        data = (media_root / thumbnail.image.name).read_bytes()
        assert sniff_format(data) == ("JPEG" if fmt == "ORIGINAL" else fmt), (size, fmt)

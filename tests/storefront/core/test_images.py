"""The kernel's image checks: allowed formats are identified from their bytes, anything else is an
``ImageError`` with its code, and camera metadata is stripped while the picture stays upright."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from storefront.core.error_codes import ImageError, ImageErrorCode
from storefront.core.images import MAX_IMAGE_PIXELS, image_inspect, image_metadata_strip, image_validate
from tests.storefront.catalog.media_images import image_bytes

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _refusal(file) -> ImageError:
    with pytest.raises(ImageError) as refused:
        image_validate(file=file)
    return refused.value


@pytest.mark.parametrize(
    ("fmt", "mime", "extension"),
    [
        ("JPEG", "image/jpeg", "jpg"),
        ("PNG", "image/png", "png"),
        ("WEBP", "image/webp", "webp"),
        ("AVIF", "image/avif", "avif"),
        ("GIF", "image/gif", "gif"),
    ],
)
def test_each_allowed_format_is_identified_from_its_bytes_whatever_its_name(fmt, mime, extension):
    upload = _upload(image_bytes(fmt, (64, 48)), name="whatever.bin")

    found = image_validate(file=upload)

    assert (found.format, found.mime_type, found.extension, found.width, found.height) == (
        fmt,
        mime,
        extension,
        64,
        48,
    )
    assert upload.tell() == 0, "the file is rewound for whoever stores it next"


def test_bytes_that_are_no_image_are_an_invalid_file_type_without_a_field():
    refused = _refusal(_upload(b"hello, I am text", "cat.jpg"))

    assert refused.code == ImageErrorCode.INVALID_FILE_TYPE
    assert refused.field is None, "the domain that reports it names its own input field"


def test_a_declared_non_image_type_is_an_unsupported_mime_type():
    assert _refusal(_upload(image_bytes("PNG", (10, 10)), "cat.png", "text/plain")).code == (
        ImageErrorCode.UNSUPPORTED_MIME_TYPE
    )


def test_a_file_over_the_byte_limit_is_refused(settings):
    data = image_bytes("PNG", (50, 50))
    settings.MEDIA_MAX_UPLOAD_BYTES = len(data) - 1

    assert _refusal(_upload(data, "big.png", "image/png")).code == ImageErrorCode.FILE_SIZE_LIMIT_EXCEEDED


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded():
    width = 10_000
    bomb = image_bytes("PNG", (width, MAX_IMAGE_PIXELS // width + 1), mode="1")

    with pytest.raises(ImageError) as refused:
        image_inspect(io.BytesIO(bomb))

    assert refused.value.code == ImageErrorCode.FILE_SIZE_LIMIT_EXCEEDED


def test_a_truncated_image_is_an_invalid_file_type():
    whole = image_bytes("JPEG", (400, 300))

    with pytest.raises(ImageError) as refused:
        image_inspect(io.BytesIO(whole[: len(whole) // 2]))

    assert refused.value.code == ImageErrorCode.INVALID_FILE_TYPE


def _photo_with_gps(*, orientation: int = 1) -> bytes:
    image = Image.new("RGB", (40, 20), (200, 120, 40))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (8.0, 36.0, 47.0), 3: "E", 4: (116.0, 27.0, 58.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_exif_with_gps_is_removed():
    stripped = image_metadata_strip(_photo_with_gps(), image_format="JPEG")
    with Image.open(io.BytesIO(stripped)) as image:
        assert not image.getexif()
        assert image.size == (40, 20)


def test_orientation_is_baked_into_the_pixels():
    stripped = image_metadata_strip(_photo_with_gps(orientation=6), image_format="JPEG")
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.size == (20, 40)


def test_image_without_metadata_is_kept_byte_for_byte():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG")
    assert image_metadata_strip(out.getvalue(), image_format="PNG") == out.getvalue()

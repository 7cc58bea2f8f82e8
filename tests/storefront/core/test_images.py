"""The kernel's image checks: allowed formats are identified from their bytes, anything else is an
``ImageError`` with its code, and a stored original is drawn again from its pixels: upright, with
its colour profile, and with nothing else of the upload (metadata, comments, appended bytes)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from storefront.core import images
from storefront.core.error_codes import ImageError, ImageErrorCode
from storefront.core.images import MAX_IMAGE_PIXELS, image_inspect, image_reencode, image_validate
from tests.storefront.catalog.media_images import image_bytes
from tests.storefront.core.crafted_images import LEAKS, PAYLOAD, SIZE, crafted_photo, srgb_profile


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


CRAFTED_FORMATS = ("JPEG", "PNG", "WEBP")


@pytest.mark.parametrize("fmt", CRAFTED_FORMATS)
def test_a_crafted_photo_is_accepted_as_what_it_is(fmt):
    """The upload is a valid image, payload and all: the check alone would let it through."""
    assert image_inspect(io.BytesIO(crafted_photo(fmt))).format == fmt


@pytest.mark.parametrize("fmt", CRAFTED_FORMATS)
def test_nothing_but_the_picture_survives_reencoding(fmt):
    stored = image_reencode(crafted_photo(fmt), image_format=fmt)

    assert [leak for leak in LEAKS if leak in stored] == []
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == fmt
        assert not image.getexif()
        assert not {"exif", "xmp", "comment", "Comment", "XML:com.adobe.xmp"} & set(image.info)


@pytest.mark.parametrize("fmt", CRAFTED_FORMATS)
def test_bytes_after_the_image_are_not_stored(fmt):
    crafted = crafted_photo(fmt)
    assert crafted.endswith(PAYLOAD)

    stored = image_reencode(crafted, image_format=fmt)

    assert PAYLOAD not in stored
    assert _image_end(stored, fmt) == len(stored), "the file ends where the image does"


def _image_end(data: bytes, fmt: str) -> int:
    """Where the format says the image ends: JPEG's EOI marker, PNG's IEND chunk, WEBP's RIFF size."""
    if fmt == "JPEG":
        return data.rindex(b"\xff\xd9") + 2
    if fmt == "PNG":
        return data.rindex(b"IEND") + 8  # the chunk type, then its 4-byte CRC
    return int.from_bytes(data[4:8], "little") + 8


@pytest.mark.parametrize("fmt", CRAFTED_FORMATS)
def test_the_colour_profile_is_kept(fmt):
    stored = image_reencode(crafted_photo(fmt), image_format=fmt)

    with Image.open(io.BytesIO(stored)) as image:
        assert image.info.get("icc_profile") == srgb_profile()


@pytest.mark.parametrize("fmt", CRAFTED_FORMATS)
def test_orientation_is_applied_to_the_pixels(fmt):
    """EXIF orientation 6 (turn 90° clockwise to view): the stored picture is upright without it."""
    stored = image_reencode(crafted_photo(fmt, orientation=6), image_format=fmt)

    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (SIZE[1], SIZE[0])
        # The marked top-left corner of the sensor's picture is now at the top right.
        red, _green, blue = image.convert("RGB").getpixel((image.width - 3, 2))
        assert blue > 150 and red < 100


def test_an_image_without_metadata_is_still_drawn_again():
    """A JPEG can hide a script in its entropy-coded data too: nothing uploaded is stored as is."""
    upload = image_bytes("JPEG", (64, 48))

    assert image_reencode(upload, image_format="JPEG") != upload


def test_a_gif_is_refused_whatever_its_declared_type():
    """Only JPEG, PNG, WEBP and AVIF are accepted (issue 10): a GIF is one more parser for strangers."""
    gif = image_bytes("GIF", (32, 32))

    assert _refusal(_upload(gif, name="photo.gif", content_type="image/gif")).code == (
        ImageErrorCode.UNSUPPORTED_MIME_TYPE
    )
    assert _refusal(_upload(gif, name="photo.jpg")).code == ImageErrorCode.INVALID_FILE_TYPE


def test_an_animated_webp_keeps_its_frames_and_timing():
    frames = [Image.new("RGB", (16, 16), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(
        out, format="WEBP", save_all=True, append_images=frames[1:], duration=80, loop=0, xmp=b"secret"
    )

    stored = image_reencode(out.getvalue() + PAYLOAD, image_format="WEBP")

    assert b"secret" not in stored and PAYLOAD not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.n_frames == 3
        image.load()  # WEBP reports a frame's duration once it is decoded
        assert image.info["duration"] == 80


def _animation(frames: int, **save: object) -> bytes:
    pictures = [Image.new("RGB", (20, 20), (40 * n, 0, 0)) for n in range(frames)]
    out = io.BytesIO()
    pictures[0].save(out, format="WEBP", save_all=True, append_images=pictures[1:], duration=50, **save)
    return out.getvalue()


def test_the_pixel_limit_counts_every_frame_of_an_animation(monkeypatch):
    """Each frame is decoded when the animation is stored: 400 frames of a large picture would
    take gigabytes though one frame is within the limit."""
    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 1000)
    assert image_inspect(io.BytesIO(_animation(2))).format == "WEBP"  # 800 pixels in all

    with pytest.raises(ImageError) as refused:
        image_inspect(io.BytesIO(_animation(3)))  # 1,200

    assert refused.value.code == ImageErrorCode.FILE_SIZE_LIMIT_EXCEEDED


def test_an_animation_that_plays_once_still_plays_once():
    stored = image_reencode(_animation(3, loop=1), image_format="WEBP")

    with Image.open(io.BytesIO(stored)) as image:
        assert image.n_frames == 3
        assert image.info["loop"] == 1


def _multi_picture_jpeg() -> bytes:
    out = io.BytesIO()
    first, second = Image.new("RGB", (64, 48), "red"), Image.new("RGB", (64, 48), "blue")
    first.save(out, format="MPO", save_all=True, append_images=[second])
    return out.getvalue()


def test_a_multi_picture_jpeg_is_a_jpeg_not_a_server_error():
    """Some phones and cameras write MPO: Pillow names it apart, and the check used to fail on the name."""
    upload = SimpleUploadedFile("photo.jpg", _multi_picture_jpeg(), content_type="image/jpeg")

    assert image_validate(file=upload).format == "JPEG"


def test_a_multi_picture_jpeg_is_stored_as_its_first_picture():
    stored = image_reencode(_multi_picture_jpeg(), image_format="JPEG")

    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert getattr(image, "n_frames", 1) == 1
        assert image.convert("RGB").getpixel((5, 5))[0] > 200  # red: the first picture


def test_an_undeclared_binary_type_leaves_the_decision_to_the_bytes():
    """curl and many tools send "application/octet-stream" for any file: it declares nothing."""
    png = _upload(image_bytes("PNG", (8, 8)), name="a.png", content_type="application/octet-stream")
    text = _upload(b"hello", name="a.png", content_type="application/octet-stream")

    assert image_validate(file=png).format == "PNG"
    assert _refusal(text).code == ImageErrorCode.INVALID_FILE_TYPE

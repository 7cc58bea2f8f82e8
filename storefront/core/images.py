"""Images from outside: decide whether uploaded bytes are an image the shop will store, and draw a
clean copy of one before it becomes public.

Uploads come from staff and cooperative members' phones (product photos, workshop photos of a
lot), so the check is done on the bytes (Pillow decodes them) and never trusts the file name or
the browser's content type. It runs before anything is written, so a refused file leaves no
trace on storage.

A stored original is never the uploaded file: it is encoded again from its pixels
(``image_reencode``). Phone photos carry GPS coordinates (often of a maker's home), device serials
and owner names in EXIF, XMP, IPTC and comments; certificates and product pages must never reveal a
home. And bytes after the image's end (a script appended to a JPEG) or inside its metadata would be
served from the shop's own domain. Only what the picture needs survives: the pixels with their
orientation applied, the colour profile (ICC), transparency and animation timing.

Failures are :class:`~storefront.core.error_codes.ImageError`; the catalogue and provenance
report them under their own error classes and input fields.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings

from storefront.core.error_codes import ImageError, ImageErrorCode

if TYPE_CHECKING:
    from PIL import Image, ImageSequence

# Pillow is imported by the functions that decode, not here: the API imports this module at start,
# and a server worker that never sees an upload need not hold Pillow in its memory.

# Pillow format name -> (MIME type, file extension). Only these decoders ever see uploaded bytes:
# opening with every registered plugin would expose rarely used parsers to untrusted input. GIF is
# not among them: a photo never needs it (issue 10 names these four), and every format left out is
# one parser fewer facing strangers' bytes. SVG is no raster format: Pillow cannot open it at all.
IMAGE_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "AVIF": ("image/avif", "avif"),
}
ALLOWED_MIME_TYPES = frozenset(mime for mime, _ext in IMAGE_FORMATS.values()) | {"image/jpg", "image/pjpeg"}

# A decompression bomb is a small file that decodes to a huge bitmap; 40 megapixels (8000 x 5000)
# is more than any product photo needs and bounds the memory one decode can take (~160 MB RGBA).
MAX_IMAGE_PIXELS = 40_000_000

# How each format is written back, at near-original quality.
_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 95, "optimize": True},
    "WEBP": {"quality": 95},
    "PNG": {},
    "AVIF": {"quality": 90},
}
_JPEG_MODES = ("RGB", "L", "CMYK")
# Of everything a decoder reports, what drawing the picture again needs (the colour profile is
# handed to the encoder on its own). Everything else (exif, xmp, comment, IPTC, text chunks,
# "extension" blocks) is left behind.
_KEPT_INFO = ("transparency", "duration", "loop", "background", "disposal")
# EXIF orientation -> the transpose (``Image.Transpose``'s name) that makes the pixels upright
# (EXIF 2.3, tag 0x0112).
_UPRIGHT: dict[int, str] = {
    2: "FLIP_LEFT_RIGHT",
    3: "ROTATE_180",
    4: "FLIP_TOP_BOTTOM",
    5: "TRANSPOSE",
    6: "ROTATE_270",
    7: "TRANSVERSE",
    8: "ROTATE_90",
}


@dataclass(frozen=True)
class ValidatedImage:
    """What the bytes turned out to be: the stored name and content type are taken from here."""

    format: str
    mime_type: str
    extension: str
    width: int
    height: int


def image_validate(*, file: Any) -> ValidatedImage:
    """Check that ``file`` (a Django ``File``/``UploadedFile``) is an allowed, complete, sane image.

    Raises ``ImageError`` with ``FILE_SIZE_LIMIT_EXCEEDED`` (more bytes than
    ``settings.MEDIA_MAX_UPLOAD_BYTES``, or too many pixels), ``UNSUPPORTED_MIME_TYPE`` (the upload
    declares a non-image type) or ``INVALID_FILE_TYPE`` (the bytes are not a whole
    JPEG/PNG/WEBP/AVIF). Leaves the file rewound.
    """
    max_bytes = settings.MEDIA_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ImageError(
            ImageErrorCode.FILE_SIZE_LIMIT_EXCEEDED,
            f"File is too big: {size} bytes, the limit is {max_bytes} bytes.",
        )
    declared = (getattr(file, "content_type", None) or "").split(";")[0].strip().lower()
    # "application/octet-stream" declares nothing (what curl and many tools send for any file):
    # the bytes decide, as when no type is given.
    if declared and declared not in ALLOWED_MIME_TYPES and declared != "application/octet-stream":
        raise ImageError(
            ImageErrorCode.UNSUPPORTED_MIME_TYPE,
            f"Unsupported file type {declared!r}: upload a JPEG, PNG, WEBP or AVIF image.",
        )
    try:
        return image_inspect(file)
    finally:
        file.seek(0)


def image_inspect(fp: IO[bytes] | Any) -> ValidatedImage:
    """Decode ``fp`` fully (verify, then load every frame that will be kept) and describe it; raises
    ``ImageError`` when it is no image, or when its frames hold too many pixels in all."""
    from PIL import Image, UnidentifiedImageError

    fp.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check only warns below twice its limit; ours is stricter anyway.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(fp, formats=list(IMAGE_FORMATS)) as image:
                # A multi-picture JPEG (MPO: some phones and cameras) is a JPEG whose first
                # picture is the photo; Pillow names it apart.
                image_format = "JPEG" if image.format == "MPO" else image.format or ""
                width, height = image.size
                _check_pixels(width, height)
                image.verify()
            fp.seek(0)
            with Image.open(fp, formats=[image_format]) as image:
                # An animation decodes every frame: the pixel limit counts them all.
                _check_pixels(width, height * _kept_frame_count(image))
                # verify() misses truncated JPEGs; a full decode does not. Every frame kept is
                # decoded now, so re-encoding an accepted image cannot fail later.
                for _frame in _kept_frames(image):
                    image.load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(
            ImageErrorCode.INVALID_FILE_TYPE,
            "The file is not a complete JPEG, PNG, WEBP or AVIF image.",
        ) from exc
    mime_type, extension = IMAGE_FORMATS[image_format]
    return ValidatedImage(
        format=image_format, mime_type=mime_type, extension=extension, width=width, height=height
    )


def image_reencode(data: bytes, *, image_format: str) -> bytes:
    """``data`` (already accepted by ``image_validate``) drawn again from its pixels, in the same format.

    The orientation is applied to the pixels and the ICC profile kept; EXIF, XMP, IPTC, comments,
    text chunks and any bytes after the image are not carried over. Animated WEBP keep their
    frames and timing; a multi-picture JPEG keeps its first picture.
    """
    from PIL import ExifTags, Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=[image_format]) as source:
            _check_pixels(source.width, source.height * _kept_frame_count(source))
            icc_profile = source.info.get("icc_profile")
            upright = _UPRIGHT.get(source.getexif().get(ExifTags.Base.Orientation, 1))
            turn = Image.Transpose[upright] if upright is not None else None
            frames = [
                _drawn_again(frame, turn=turn, image_format=image_format) for frame in _kept_frames(source)
            ]
    options: dict[str, Any] = dict(_SAVE_OPTIONS[image_format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    if len(frames) > 1:
        options |= {"save_all": True, "append_images": frames[1:]}
        options["duration"] = [frame.info.get("duration", 100) for frame in frames]
        if "loop" in frames[0].info:  # absent: the animation plays once, and stays so
            options["loop"] = frames[0].info["loop"]
    output = io.BytesIO()
    frames[0].save(output, format=image_format, **options)
    return output.getvalue()


def _kept_frame_count(image: Image.Image) -> int:
    return 1 if image.format == "MPO" else getattr(image, "n_frames", 1)


def _kept_frames(image: Image.Image) -> list[Image.Image] | ImageSequence.Iterator:
    """The frames of an animation; of a multi-picture JPEG, only its first picture (the photo)."""
    from PIL import ImageSequence

    return [image] if image.format == "MPO" else ImageSequence.Iterator(image)


def _drawn_again(frame: Image.Image, *, turn: Image.Transpose | None, image_format: str) -> Image.Image:
    """A copy of ``frame``'s pixels, upright, that carries none of the decoder's metadata."""
    pixels = frame.copy()
    if turn is not None:
        pixels = pixels.transpose(turn)
    if image_format == "JPEG" and pixels.mode not in _JPEG_MODES:
        pixels = pixels.convert("RGB")
    pixels.info = {key: frame.info[key] for key in _KEPT_INFO if key in frame.info}
    return pixels


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels() -> ImageError:
    return ImageError(
        ImageErrorCode.FILE_SIZE_LIMIT_EXCEEDED,
        f"The image has too many pixels; the limit is {MAX_IMAGE_PIXELS:,}.",
    )

"""Image bytes made on the fly for the media tests, and the magic numbers that identify formats."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (800, 600), mode: str = "RGB", **save: object
) -> bytes:
    """An image of ``size`` in ``fmt`` with a gradient, so encoders have real content to compress."""
    image = Image.new(mode, size)
    if mode in ("RGB", "RGBA"):
        image = Image.linear_gradient("L").resize(size).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save)
    return buffer.getvalue()


def sniff_format(data: bytes) -> str:
    """The format named by the file's magic bytes, independent of Pillow's detection."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "AVIF"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    return "unknown"


def use_local_media(settings: Any, root: Path) -> Path:
    """Point the public and private storages at fresh directories under ``root`` for one test."""
    public, private = root / "media", root / "private-media"
    public.mkdir()
    private.mkdir()
    settings.MEDIA_ROOT = public
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(public), "base_url": "/media/"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": None},
        },
    }
    return public


def stored_files(root: Path) -> set[str]:
    """Every file under ``root``, as storage names."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}

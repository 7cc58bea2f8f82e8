"""Uploaded product originals are stored drawn again from their pixels: no EXIF or XMP (GPS of a
maker's home, device data), no comments or IPTC, no script appended to the file.

The re-encoding itself is the kernel's (``tests/storefront/core/test_images.py``); this checks that
the catalogue's upload path applies it.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from storefront.catalog.media import product_media_create
from storefront.catalog.models import Product, ProductType
from tests.storefront.core.crafted_images import LEAKS, crafted_photo

GPS_IFD = 0x8825


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (40, 20), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (8.0, 36.0, 47.0), 3: "E", 4: (116.0, 27.0, 58.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.django_db
def test_stored_product_image_has_no_gps(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    product_type = ProductType.objects.create(name="Basket", slug="basket-exif")
    product = Product.objects.create(product_type=product_type, name="Basket", slug="basket-exif")
    media = product_media_create(product=product, file=ContentFile(_photo_with_gps(), name="maker.jpg"))
    with media.image.open("rb") as handle, Image.open(handle) as image:
        assert GPS_IFD not in image.getexif()
        assert not image.getexif()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_stored_product_original_keeps_nothing_but_its_picture(settings, tmp_path, fmt):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    product_type = ProductType.objects.create(name="Basket", slug=f"basket-crafted-{fmt.lower()}")
    product = Product.objects.create(product_type=product_type, name="Basket", slug=f"crafted-{fmt.lower()}")

    media = product_media_create(product=product, file=ContentFile(crafted_photo(fmt), name="maker.img"))

    stored = (tmp_path / media.image.name).read_bytes()
    assert [leak for leak in LEAKS if leak in stored] == []
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == fmt

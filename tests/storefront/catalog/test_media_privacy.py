"""Uploaded originals lose their EXIF (GPS of a maker's home, device data) but stay upright."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from storefront.catalog.media import product_media_create
from storefront.catalog.media.privacy import image_metadata_strip
from storefront.catalog.models import Product, ProductType

GPS_IFD = 0x8825
ORIENTATION = 0x0112


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

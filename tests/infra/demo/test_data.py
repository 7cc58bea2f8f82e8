"""The demo's data and drawings, checked without a database."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils.text import slugify
from PIL import Image

from infra.demo import images
from infra.demo.data import japanese, reference, structure
from infra.demo.loader import PRODUCTS, channel_price
from infra.demo.product_loader import restricted_gtin13


@pytest.mark.parametrize(
    ("currency", "expected"),
    [("USD", Decimal("39")), ("EUR", Decimal("37.0")), ("AUD", Decimal("60")), ("JPY", Decimal("5900")),
     ("IDR", Decimal("470000"))],
)  # fmt: skip
def test_channel_prices_round_to_the_step_buyers_expect(currency: str, expected: Decimal) -> None:
    assert channel_price(Decimal("39"), currency) == expected


def test_every_product_points_at_existing_reference_data() -> None:
    origins = {row[0] for row in reference.ORIGINS}
    makers = {row[0] for row in reference.MAKERS}
    materials = {row[0] for row in reference.MATERIALS}
    techniques = {row[0] for row in reference.TECHNIQUES}
    categories = {row[0] for row in structure.CATEGORIES}
    types = {row[0] for row in structure.PRODUCT_TYPES}
    values = {(row[0], value[0]) for row in structure.ATTRIBUTES for value in row[5]}
    for d in PRODUCTS:
        assert d.origin in origins and d.category in categories and d.type in types, d.slug
        assert set(d.makers) <= makers and set(d.materials) <= materials and set(d.techniques) <= techniques
        assert {("material", v) for v in d.material_values} <= values
        assert ("colour", d.colour) in values and ("motif", d.motif) in values
        assert d.image in images.KINDS


def test_names_are_unique_and_translated_to_indonesian_and_japanese() -> None:
    assert len({d.slug for d in PRODUCTS}) == len(PRODUCTS) >= 40
    assert len({slugify(d.name_id) for d in PRODUCTS}) == len(PRODUCTS)  # translation slugs are unique
    assert set(japanese.PRODUCTS) == {d.slug for d in PRODUCTS}
    assert set(japanese.CATEGORIES) == {row[0] for row in structure.CATEGORIES}


def test_demo_makers_say_they_are_fictional() -> None:
    assert 8 <= len(reference.MAKERS) <= 12
    assert all(reference.maker_bio(row[6]).startswith("DEMO PROFILE") for row in reference.MAKERS)
    assert all("DEMO" in row[3] for row in reference.PRODUCER_GROUPS)


@pytest.mark.parametrize("kind", images.KINDS)
def test_every_kind_of_picture_is_a_decodable_jpeg_drawn_the_same_way_each_time(kind: str) -> None:
    data = images.product_image(kind=kind, title="Test", seed=1, size=200)
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    assert Image.open(io.BytesIO(data)).size == (200, 200)
    assert images.product_image(kind=kind, title="Test", seed=1, size=200) == data


def test_demo_gtins_are_restricted_circulation_numbers_with_a_valid_check_digit() -> None:
    gtin = restricted_gtin13(411)
    digits = [int(c) for c in gtin]
    assert gtin.startswith("20") and len(gtin) == 13
    assert sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:-1])) % 10 == (10 - digits[-1]) % 10

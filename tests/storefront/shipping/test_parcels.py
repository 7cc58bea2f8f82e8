"""Parcels: effective weights and dimensions, volumetric against actual weight, no query per item."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.catalog.models import Product, ProductType, ProductVariant
from storefront.shipping.parcels import Parcel, parcel_for

pytestmark = pytest.mark.django_db


def _variant(sku: str, *, type_fields=None, product_fields=None, **variant_fields) -> ProductVariant:
    product_type = ProductType.objects.create(name=sku, slug=f"type-{sku}", **(type_fields or {}))
    product = Product.objects.create(
        product_type=product_type, name=sku, slug=f"product-{sku}", **(product_fields or {})
    )
    return ProductVariant.objects.create(product=product, sku=sku, **variant_fields)


def test_weight_comes_from_the_variant_else_the_product_else_the_type():
    variant = _variant(
        "a",
        type_fields={"weight_kg": Decimal("3")},
        product_fields={"weight_kg": Decimal("2")},
        weight_kg=Decimal("1.25"),
    )
    product = _variant(
        "b", type_fields={"weight_kg": Decimal("3")}, product_fields={"weight_kg": Decimal("2")}
    )
    typed = _variant("c", type_fields={"weight_kg": Decimal("3")})
    none = _variant("d")
    assert parcel_for([(variant, 2)]).actual_weight_kg == Decimal("2.500")
    assert parcel_for([(product, 1)]).actual_weight_kg == Decimal("2.000")
    assert parcel_for([(typed, 1)]).actual_weight_kg == Decimal("3.000")
    assert parcel_for([(none, 4)]) == Parcel(
        actual_weight_kg=Decimal("0.000"), volumetric_weight_kg=Decimal("0.000")
    )


def test_a_light_bulky_parcel_is_charged_by_its_volume():
    """A woven basket: 0.6 kg, 40×40×30 cm = 9.6 kg volumetric per unit."""
    basket = _variant(
        "basket", weight_kg=Decimal("0.6"), length_cm=Decimal(40), width_cm=Decimal(40), height_cm=Decimal(30)
    )
    parcel = parcel_for([(basket, 2)])
    assert parcel.actual_weight_kg == Decimal("1.200")
    assert parcel.volumetric_weight_kg == Decimal("19.200")
    assert parcel.chargeable_weight_kg == Decimal("19.200")


def test_a_dense_small_parcel_is_charged_by_its_weight():
    honey = _variant(
        "honey", weight_kg=Decimal("0.5"), length_cm=Decimal(8), width_cm=Decimal(8), height_cm=Decimal(12)
    )
    parcel = parcel_for([(honey, 3)])
    assert parcel.volumetric_weight_kg == Decimal("0.461")  # 768 cm³ / 5000 × 3 = 0.4608
    assert parcel.chargeable_weight_kg == parcel.actual_weight_kg == Decimal("1.500")


def test_variant_dimensions_override_the_product_type_and_incomplete_ones_do_not():
    dims = {"length_cm": Decimal(50), "width_cm": Decimal(20), "height_cm": Decimal(10)}  # 2 kg volumetric
    own = _variant(
        "own", type_fields=dims, length_cm=Decimal(10), width_cm=Decimal(10), height_cm=Decimal(10)
    )
    partial = _variant("partial", type_fields=dims, length_cm=Decimal(100))
    assert parcel_for([(own, 1)]).volumetric_weight_kg == Decimal("0.200")
    assert parcel_for([(partial, 1)]).volumetric_weight_kg == Decimal("2.000")


def test_items_add_up_and_zero_quantities_are_ignored():
    a = _variant("a", weight_kg=Decimal("1"))
    b = _variant(
        "b", weight_kg=Decimal("0.25"), length_cm=Decimal(10), width_cm=Decimal(10), height_cm=Decimal(10)
    )
    parcel = parcel_for([(a, 1), (b, 4), (a, 0)])
    assert parcel.actual_weight_kg == Decimal("2.000")
    assert parcel.volumetric_weight_kg == Decimal("0.800")


def test_the_slowest_made_to_order_piece_sets_the_lead_time():
    stocked = _variant("stocked", lead_time_days=30)  # not made to order: its lead time does not count
    made = _variant("made", is_made_to_order=True, lead_time_days=14)
    slower = _variant("slower", is_made_to_order=True, lead_time_days=21)
    assert parcel_for([(stocked, 1)]).lead_time_days == 0
    assert parcel_for([(stocked, 1), (made, 1), (slower, 1)]).lead_time_days == 21


def test_no_query_per_item_with_the_documented_select_related():
    for index in range(5):
        _variant(
            f"v{index}",
            type_fields={
                "weight_kg": Decimal("1"),
                "length_cm": Decimal(10),
                "width_cm": Decimal(10),
                "height_cm": Decimal(10),
            },
        )
    variants = list(ProductVariant.objects.select_related("product__product_type"))
    with CaptureQueriesContext(connection) as queries:
        parcel = parcel_for([(variant, 1) for variant in variants])
    assert len(queries) == 0
    assert parcel.actual_weight_kg == Decimal("5.000")

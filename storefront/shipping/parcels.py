"""Parcels: what a consignment weighs, and what a carrier charges it as.

``parcel_for(items)`` takes ``(variant, quantity)`` pairs and returns a ``Parcel`` with the actual
weight, the volumetric weight (length × width × height in cm / 5000, in kg, per unit times the
quantity) and the chargeable weight, the larger of the two, which weight-based shipping methods
are banded by, and the longest lead time of its made-to-order variants (which the quotes add to
their delivery days).

A unit's weight is the variant's ``weight_kg``, else its product's, else its product type's (0
when none is set). Its dimensions are the variant's when all three are set, else the product
type's when all three are set, else it has no volumetric weight. The function reads
``variant.product`` and ``variant.product.product_type`` only: load the variants with
``select_related("product__product_type")`` and it runs no query at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from storefront.catalog.models import ProductVariant

VOLUMETRIC_DIVISOR = Decimal(5000)
"""cm³ per kg: the divisor couriers and postal services use for air parcels."""

GRAM = Decimal("0.001")


@dataclass(frozen=True, slots=True)
class Parcel:
    """Weights in kg, rounded to the gram; the days the slowest made-to-order piece needs to be made."""

    actual_weight_kg: Decimal
    volumetric_weight_kg: Decimal
    lead_time_days: int = 0

    @property
    def chargeable_weight_kg(self) -> Decimal:
        return max(self.actual_weight_kg, self.volumetric_weight_kg)

    @classmethod
    def of_weight(cls, kg: Decimal | int | str) -> Parcel:
        """A parcel of that actual weight and no volume (tests, quotes for a plain weight)."""
        return cls(actual_weight_kg=Decimal(kg).quantize(GRAM), volumetric_weight_kg=Decimal("0.000"))


def unit_weight_kg(variant: ProductVariant) -> Decimal:
    """The weight of one unit: the variant's, else its product's, else its product type's, else 0."""
    product = variant.product
    for weight in (variant.weight_kg, product.weight_kg, product.product_type.weight_kg):
        if weight is not None:
            return Decimal(weight)
    return Decimal(0)


def unit_volumetric_weight_kg(variant: ProductVariant) -> Decimal:
    """L×W×H/5000 of one unit, from the variant's dimensions, else its product type's; 0 without them."""
    product_type = variant.product.product_type
    for dimensions in (
        (variant.length_cm, variant.width_cm, variant.height_cm),
        (product_type.length_cm, product_type.width_cm, product_type.height_cm),
    ):
        length, width, height = dimensions
        if length is not None and width is not None and height is not None:
            return Decimal(length) * Decimal(width) * Decimal(height) / VOLUMETRIC_DIVISOR
    return Decimal(0)


def parcel_for(items: Iterable[tuple[ProductVariant, int]]) -> Parcel:
    """The parcel of ``quantity`` units of each variant (see the module's docstring for what it reads)."""
    actual = Decimal(0)
    volumetric = Decimal(0)
    lead_time_days = 0
    for variant, quantity in items:
        if quantity <= 0:
            continue
        actual += unit_weight_kg(variant) * quantity
        volumetric += unit_volumetric_weight_kg(variant) * quantity
        if variant.is_made_to_order and variant.lead_time_days:
            lead_time_days = max(lead_time_days, variant.lead_time_days)
    return Parcel(
        actual_weight_kg=actual.quantize(GRAM, rounding=ROUND_HALF_UP),
        volumetric_weight_kg=volumetric.quantize(GRAM, rounding=ROUND_HALF_UP),
        lead_time_days=lead_time_days,
    )

"""What customs needs of each line: its HS code and its country of origin.

``customs_line(variant) -> CustomsLine`` reads the product's own HS code, else its product type's,
and the country of the product's origin village (``"ID"`` when the product names no origin: every
piece Asal sells is made in Indonesia). Load the variants with
``select_related("product__product_type", "product__origin")`` and it runs no query.
"""

from __future__ import annotations

from dataclasses import dataclass

from storefront.catalog.models import ProductVariant

DEFAULT_COUNTRY_OF_ORIGIN = "ID"


@dataclass(frozen=True, slots=True)
class CustomsLine:
    hs_code: str
    country_of_origin: str


def customs_line(variant: ProductVariant) -> CustomsLine:
    product = variant.product
    origin = product.origin if product.origin_id is not None else None
    origin_country = origin.country if origin is not None else ""
    return CustomsLine(
        hs_code=product.effective_hs_code,
        country_of_origin=(origin_country or DEFAULT_COUNTRY_OF_ORIGIN).upper(),
    )

"""Customs data of a line: HS code from the product or its type, origin country from the origin village."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provenance.origins.models import Origin
from storefront.catalog.models import Product, ProductType, ProductVariant
from storefront.shipping.customs import customs_line

pytestmark = pytest.mark.django_db


def test_hs_code_and_origin_country_of_a_line():
    weaving = ProductType.objects.create(name="Weaving", slug="weaving", hs_code="6304")
    origin = Origin.objects.create(
        name="Sukarara",
        slug="sukarara",
        village="Sukarara",
        district="Jonggat",
        regency="Lombok Tengah",
        province="NTB",
        latitude=Decimal("-8.6"),
        longitude=Decimal("116.2"),
    )
    own_code = Product.objects.create(
        product_type=weaving, name="Songket", slug="songket", hs_code="6304.91", origin=origin
    )
    type_code = Product.objects.create(product_type=weaving, name="Ikat", slug="ikat")
    ProductVariant.objects.create(product=own_code, sku="s")
    ProductVariant.objects.create(product=type_code, sku="i")
    variants = {
        v.sku: v for v in ProductVariant.objects.select_related("product__product_type", "product__origin")
    }
    with CaptureQueriesContext(connection) as queries:
        songket, ikat = customs_line(variants["s"]), customs_line(variants["i"])
    assert len(queries) == 0
    assert (songket.hs_code, songket.country_of_origin) == ("6304.91", "ID")
    assert (ikat.hs_code, ikat.country_of_origin) == ("6304", "ID")

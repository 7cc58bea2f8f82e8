"""``catalogue_generate``: the synthetic catalogue behind ``make bench``, checked at a small size."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from infra.demo.generate import catalogue_generate
from storefront.catalog.models import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductVariantChannelListing,
)
from storefront.core.money import quantize_amount
from storefront.inventory.models import Stock

pytestmark = pytest.mark.django_db


def test_generates_the_requested_products_priced_in_every_channel() -> None:
    added = catalogue_generate(products=12, seed=7)
    products = Product.objects.filter(slug__startswith="gen7-")
    assert added == 12 and products.count() == 12
    for product in products:
        listings = ProductChannelListing.objects.filter(product=product, is_published=True)
        assert listings.count() == 5
        for listing in listings:
            prices = ProductVariantChannelListing.objects.filter(
                variant__product=product, channel_id=listing.channel_id
            ).values_list("price_amount", flat=True)
            assert prices and listing.discounted_price_amount == min(prices)
            assert all(price == quantize_amount(price, listing.currency) for price in prices)


def test_generated_products_have_search_documents_images_and_stock() -> None:
    catalogue_generate(products=5, seed=8)
    for product in Product.objects.filter(slug__startswith="gen8-"):
        sku = product.variants.first().sku
        assert product.name.lower() in product.search_document
        assert sku.lower() in product.search_document
        assert product.search_index_dirty is False
        media = ProductMedia.objects.get(product=product)
        assert default_storage.exists(media.image.name)
        assert Stock.objects.filter(product_variant__product=product, quantity__gt=0).count() >= 2


def test_a_second_call_tops_up_instead_of_duplicating() -> None:
    catalogue_generate(products=4, seed=9)
    assert catalogue_generate(products=4, seed=9) == 0
    assert catalogue_generate(products=6, seed=9) == 2
    assert Product.objects.filter(slug__startswith="gen9-").count() == 6

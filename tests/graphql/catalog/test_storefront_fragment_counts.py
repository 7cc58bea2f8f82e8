"""The storefront's product listing as ``make bench`` sends it (``ProductsPage`` with its
``ProductCard`` fragment, plus Asal's provenance on each card) costs the same number of SQL
statements for a page of 1 and a page of 100 fully populated products: nothing is loaded per
product."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infra.bench import DOCUMENTS
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    CategoryTranslation,
    Product,
)
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory, WarehouseFactory, full_product

pytestmark = pytest.mark.django_db

# The ceiling, whatever the page size: the channel, the page (with its window count,
# translations, prices, first image and provenance), the thumbnails, the product attributes, the
# variants and the variants' attributes (with their translations).
BUDGET = 6


def _statements(captured: CaptureQueriesContext) -> list[str]:
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")
    return [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(skip)]


def _catalogue() -> Callable[[int], None]:
    """One translated category with a background image and the boolean "bestseller" attribute, and
    a function adding ``count`` full products to it, each with translated variant-selection
    attributes, a thumbnail and a bestseller flag."""
    channel = ChannelFactory()
    warehouse = WarehouseFactory()
    category = CategoryFactory(
        slug="woven", background_image="category-backgrounds/woven.jpg", background_image_alt="Woven"
    )
    CategoryTranslation.objects.create(category=category, language_code="id", name="Anyaman", slug="anyaman")
    bestseller = Attribute.objects.create(
        slug="bestseller", name="Bestseller", input_type=Attribute.InputType.BOOLEAN
    )

    def add(count: int) -> None:
        for _ in range(count):
            product = full_product(channel, warehouse=warehouse, category=category)
            flag = AttributeValue.objects.create(
                attribute=bestseller, name="Yes", slug=f"{product.pk}_bestseller", boolean=product.pk % 2 == 0
            )
            AssignedProductAttributeValue.objects.create(product=product, value=flag)
        size_attribute = Attribute.objects.get(slug="size")
        AttributeTranslation.objects.get_or_create(
            attribute=size_attribute, language_code="id", defaults={"name": "Ukuran"}
        )
        for value in size_attribute.values.exclude(translations__language_code="id"):
            AttributeValueTranslation.objects.create(
                attribute_value=value, language_code="id", name=value.name.replace("Size", "Ukuran")
            )

    return add


def _run(gql, first: int) -> tuple[dict, list[str]]:
    variables = {"first": first, "channel": "intl-usd", "languageCode": "ID"}
    with CaptureQueriesContext(connection) as captured:
        result = gql(DOCUMENTS["listing"].query, variables)
    assert "errors" not in result, result
    return result["data"]["products"], _statements(captured)


def test_storefront_product_list_costs_the_same_for_1_and_100_products(gql):
    add = _catalogue()
    add(1)
    one, one_sql = _run(gql, 1)
    add(99)
    many, many_sql = _run(gql, 100)

    assert len(one["edges"]) == 1
    assert len(many["edges"]) == 100
    assert many["totalCount"] == 100
    node = many["edges"][-1]["node"]
    product = Product.objects.get(slug=node["slug"])
    assert node["translation"] == {"name": f"Keranjang {product.slug}", "slug": f"keranjang-{product.slug}"}
    assert node["category"]["translation"] == {"name": "Anyaman", "slug": "anyaman"}
    assert node["category"]["backgroundImage"]["url"].endswith("category-backgrounds/woven.jpg")
    assert node["category"]["backgroundImage"]["alt"] == "Woven"
    assert node["thumbnail"]["url"].endswith(f"{product.slug}-1024.webp")
    flags = {edge["node"]["bestseller"]["value"] for edge in many["edges"]}
    assert flags == {True, False}
    assert all(edge["node"]["pulseBestseller"] is None for edge in many["edges"])
    assert node["pricing"]["priceRange"]["start"]["gross"] == {"amount": 20.0, "currency": "USD"}
    assert node["pricing"]["priceRange"]["stop"]["gross"] == {"amount": 30.0, "currency": "USD"}
    variants = node["productVariants"]
    assert variants["totalCount"] == 2
    selection = variants["edges"][0]["node"]["selectionAttributes"]
    assert selection[0]["attribute"]["slug"] == "size"
    assert selection[0]["attribute"]["translation"] == {"name": "Ukuran"}
    assert selection[0]["values"][0]["slug"] == "size-0"
    assert selection[0]["values"][0]["translation"] == {"name": "Ukuran 0"}
    provenance = node["provenance"]
    assert provenance["origin"]["village"] == "Banyumulek"
    assert provenance["origin"]["latitude"] == pytest.approx(-8.6123)
    assert [maker["displayName"] for maker in provenance["makers"]] == [
        product.makers.get(consent_to_publish=True).display_name
    ]
    assert provenance["materials"] == [{"name": product.materials.get().name}]
    assert provenance["techniques"] == [{"name": product.techniques.get().name}]

    assert len(one_sql) == len(many_sql), "\n\n".join(many_sql)
    assert len(many_sql) <= BUDGET, "\n\n".join(many_sql)


TOTALS = """
query($first: Int, $last: Int, $after: String, $channel: String!) {
  products(first: $first, last: $last, after: $after, channel: $channel) {
    totalCount
    edges { node { slug } cursor }
  }
}
"""


def test_total_count_counts_every_match_whatever_the_page(gql):
    """``totalCount`` comes from a window over the page's statement: it must still count every
    match after a cursor, on an empty page past the end, on an empty catalogue and for ``last``."""
    channel = ChannelFactory()
    assert gql(TOTALS, {"first": 2, "channel": "intl-usd"})["data"]["products"]["totalCount"] == 0
    warehouse = WarehouseFactory()
    for _ in range(5):
        full_product(channel, warehouse=warehouse)

    first = gql(TOTALS, {"first": 2, "channel": "intl-usd"})["data"]["products"]
    after = first["edges"][-1]["cursor"]
    middle = gql(TOTALS, {"first": 2, "after": after, "channel": "intl-usd"})["data"]["products"]
    end = middle["edges"][-1]["cursor"]
    tail = gql(TOTALS, {"first": 5, "after": end, "channel": "intl-usd"})["data"]["products"]
    past = tail["edges"][-1]["cursor"]
    beyond = gql(TOTALS, {"first": 5, "after": past, "channel": "intl-usd"})["data"]["products"]
    last = gql(TOTALS, {"last": 2, "channel": "intl-usd"})["data"]["products"]

    assert [len(page["edges"]) for page in (first, middle, tail, beyond, last)] == [2, 2, 1, 0, 2]
    assert [page["totalCount"] for page in (first, middle, tail, beyond, last)] == [5, 5, 5, 5, 5]

"""Variants (lookup, list, stock) and attributes (deprecated list and the typed API)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.catalog.models import AssignedProductAttributeValue, Attribute, AttributeValue
from tests.graphql.catalog.factories import ChannelFactory, full_product

pytestmark = pytest.mark.django_db


def test_product_variant_by_sku_and_by_id(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    variant = product.variants.order_by("sort_order").first()
    query = """query($sku: String, $id: ID) {
      bySku: productVariant(sku: $sku, channel: "intl-usd") {
        id sku product { slug } pricing { price { gross { amount } } }
      }
      byId: productVariant(id: $id, channel: "intl-usd") { sku }
    }"""

    data = gql(query, {"sku": variant.sku, "id": to_global_id("ProductVariant", variant.pk)})["data"]

    assert data["bySku"]["id"] == to_global_id("ProductVariant", variant.pk)
    assert data["bySku"]["product"] == {"slug": product.slug}
    assert data["bySku"]["pricing"]["price"]["gross"]["amount"] == 20.0
    assert data["byId"] == {"sku": variant.sku}


def test_product_variants_connection(gql):
    channel = ChannelFactory()
    full_product(channel)
    full_product(channel)
    query = """{ productVariants(first: 3, channel: "intl-usd") {
      totalCount edges { node { sku quantityAvailable } }
    } }"""
    data = gql(query)["data"]["productVariants"]
    assert data["totalCount"] == 4
    assert len(data["edges"]) == 3
    assert data["edges"][0]["node"]["quantityAvailable"] == 4


def test_quantity_available_counts_the_channels_warehouses_and_respects_limits(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    first, second = product.variants.order_by("sort_order")
    first.track_inventory = False
    first.save()
    second.quantity_limit_per_customer = 2
    second.save()
    query = """query($slug: String!) {
      product(slug: $slug, channel: "intl-usd") { variants { quantityAvailable } }
    }"""
    variants = gql(query, {"slug": product.slug})["data"]["product"]["variants"]
    assert [v["quantityAvailable"] for v in variants] == [50, 2]


def test_typed_attributes_of_each_kind(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    kinds = {
        "motif": (
            Attribute.InputType.MULTISELECT,
            [{"name": "Flower", "slug": "flower"}, {"name": "Wave", "slug": "wave"}],
        ),
        "care": (
            Attribute.InputType.PLAIN_TEXT,
            [{"name": "care", "slug": "care", "plain_text": "Keep dry."}],
        ),
        "height": (Attribute.InputType.NUMERIC, [{"name": "30", "slug": "30", "numeric": Decimal("30.5")}]),
        "handmade": (Attribute.InputType.BOOLEAN, [{"name": "yes", "slug": "yes", "boolean": True}]),
    }
    for slug, (input_type, values) in kinds.items():
        attribute = Attribute.objects.create(slug=slug, name=slug.title(), input_type=input_type)
        for fields in values:
            value = AttributeValue.objects.create(attribute=attribute, **fields)
            AssignedProductAttributeValue.objects.create(product=product, value=value)
    query = """query($slug: String!) { product(slug: $slug, channel: "intl-usd") {
      colour: assignedAttribute(slug: "colour") {
        ... on AssignedSingleChoiceAttribute {
          attribute { slug } value { name slug translation(languageCode: ID) }
        }
      }
      missing: assignedAttribute(slug: "nope") { attribute { slug } }
      assignedAttributes(limit: 10) {
        __typename attribute { slug inputType }
        ... on AssignedMultiChoiceAttribute { choices: value { slug } }
        ... on AssignedPlainTextAttribute { text: value }
        ... on AssignedNumericAttribute { number: value }
        ... on AssignedBooleanAttribute { flag: value }
      }
    } }"""

    data = gql(query, {"slug": product.slug})
    assert "errors" not in data, data
    product_data = data["data"]["product"]

    assert product_data["colour"] == {
        "attribute": {"slug": "colour"},
        "value": {"name": "Natural", "slug": "natural", "translation": "Alami"},
    }
    assert product_data["missing"] is None
    by_slug = {item["attribute"]["slug"]: item for item in product_data["assignedAttributes"]}
    assert by_slug["motif"]["__typename"] == "AssignedMultiChoiceAttribute"
    assert by_slug["motif"]["choices"] == [{"slug": "flower"}, {"slug": "wave"}]
    assert by_slug["care"]["text"] == "Keep dry."
    assert by_slug["height"]["number"] == 30.5
    assert by_slug["handmade"]["flag"] is True


def test_attributes_query_with_choices(gql):
    channel = ChannelFactory()
    full_product(channel)
    query = """{ attributes(first: 10, filter: {slugs: ["size"]}) { edges { node {
        slug withChoices
        choices(first: 10, sortBy: {direction: DESC, field: SLUG}) { totalCount edges { node { slug } } }
    } } } }"""
    node = gql(query)["data"]["attributes"]["edges"][0]["node"]
    assert node["slug"] == "size" and node["withChoices"] is True
    assert [e["node"]["slug"] for e in node["choices"]["edges"]] == ["size-1", "size-0"]


def test_asal_fields_of_products_and_variants(gql):
    from storefront.catalog.models import ProductVariantTranslation

    channel = ChannelFactory()
    product = full_product(channel, ingredients="Cocoa beans, cane sugar", allergens="May contain milk.")
    product.product_type.is_food = True
    product.product_type.save()
    variant = product.variants.order_by("sort_order").first()
    variant.length_cm, variant.width_cm, variant.height_cm = Decimal("30.0"), Decimal("20.0"), None
    variant.is_made_to_order, variant.lead_time_days, variant.gtin = True, 14, "8991234567890"
    variant.weight_kg = Decimal("0.250")
    variant.save()
    ProductVariantTranslation.objects.create(product_variant=variant, language_code="id", name="Ukuran kecil")
    query = """query($slug: String!) { product(slug: $slug, channel: "intl-usd") {
      hsCode weight { unit value }
      foodInformation { ingredients allergens }
      defaultVariant {
        gtin isOneOfAKind isMadeToOrder leadTimeDays weight { unit value }
        dimensions { length width height } translation(languageCode: ID) { name language { code } }
      }
    } }"""

    data = gql(query, {"slug": product.slug})["data"]["product"]

    assert data["hsCode"] == "460212"
    assert data["weight"] == {"unit": "KG", "value": 0.4}
    assert data["foodInformation"] == {
        "ingredients": "Cocoa beans, cane sugar",
        "allergens": "May contain milk.",
    }
    assert data["defaultVariant"] == {
        "gtin": "8991234567890",
        "isOneOfAKind": False,
        "isMadeToOrder": True,
        "leadTimeDays": 14,
        "weight": {"unit": "KG", "value": 0.25},
        "dimensions": {"length": 30.0, "width": 20.0, "height": None},
        "translation": {"name": "Ukuran kecil", "language": {"code": "ID"}},
    }

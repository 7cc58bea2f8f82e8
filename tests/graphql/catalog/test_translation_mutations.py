"""Saleor's ``*Translate`` mutations through /graphql/: the translation written, what the storefront
then shows and finds in that language, Saleor's errors, the audit log."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.models import Attribute, AttributeValue, ProductTranslation
from storefront.catalog.services import product_search_document_update
from tests.graphql.catalog.factories import (
    CategoryFactory,
    ChannelFactory,
    ProductFactory,
    VariantFactory,
    price,
    publish,
)
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = pytest.mark.django_db

PRODUCT = """
mutation($id: ID!, $input: TranslationInput!) {
  productTranslate(id: $id, languageCode: ID, input: $input) {
    product { translation(languageCode: ID) { name slug seoTitle } } errors { field code message }
  }
}"""
SEARCH = """
query($search: String!) {
  products(first: 5, search: $search, channel: "intl-usd") { edges { node { slug } } }
}"""


@pytest.fixture
def translator():
    return bearer(staff_user(P.MANAGE_TRANSLATIONS))


@pytest.fixture
def lamp():
    channel = ChannelFactory()
    product = ProductFactory(name="Bamboo lamp", slug="bamboo-lamp")
    publish(product, channel)
    price(VariantFactory(product=product), channel, "30.00")
    product_search_document_update(product=product)
    return product


def test_product_translate_writes_the_translation_and_makes_it_searchable(gql, translator, lamp):
    body = gql(
        PRODUCT,
        {"id": to_global_id("Product", lamp.pk), "input": {"name": "Lampu Bambu", "slug": "lampu-bambu"}},
        headers=translator,
    )

    assert body["data"]["productTranslate"] == {
        "product": {"translation": {"name": "Lampu Bambu", "slug": "lampu-bambu", "seoTitle": None}},
        "errors": [],
    }
    found = gql(SEARCH, {"search": "lampu"})["data"]["products"]["edges"]
    assert [edge["node"]["slug"] for edge in found] == ["bamboo-lamp"]
    entry = AuditLogEntry.objects.get(action="product.translated")
    assert entry.payload["language_code"] == "id" and entry.payload["before"] is None


def test_product_translate_changes_only_the_fields_given(gql, translator, lamp):
    ProductTranslation.objects.create(product=lamp, language_code="id", name="Lampu", seo_title="Lampu bambu")

    gql(
        PRODUCT,
        {"id": to_global_id("Product", lamp.pk), "input": {"name": "Lampu Bambu"}},
        headers=translator,
    )

    translation = ProductTranslation.objects.get(product=lamp)
    assert (translation.name, translation.seo_title) == ("Lampu Bambu", "Lampu bambu")


def test_product_translate_refuses_a_slug_taken_in_that_language(gql, translator, lamp):
    other = ProductFactory()
    ProductTranslation.objects.create(product=other, language_code="id", name="Lain", slug="lampu-bambu")

    body = gql(
        PRODUCT,
        {"id": to_global_id("Product", lamp.pk), "input": {"name": "Lampu", "slug": "lampu-bambu"}},
        headers=translator,
    )

    assert [(e["field"], e["code"]) for e in body["data"]["productTranslate"]["errors"]] == [
        ("slug", "UNIQUE")
    ]
    assert not ProductTranslation.objects.filter(product=lamp).exists()
    assert not AuditLogEntry.objects.exists()


def test_an_overlong_seo_title_is_invalid(gql, translator, lamp):
    body = gql(
        PRODUCT, {"id": to_global_id("Product", lamp.pk), "input": {"seoTitle": "x" * 71}}, headers=translator
    )

    assert [(e["field"], e["code"]) for e in body["data"]["productTranslate"]["errors"]] == [
        ("seoTitle", "INVALID")
    ]


def test_category_variant_attribute_and_value_translations(gql, translator, lamp):
    category = CategoryFactory()
    variant = lamp.variants.get()
    material = Attribute.objects.create(slug="material", name="Material")
    bamboo = AttributeValue.objects.create(attribute=material, slug="bamboo", name="Bamboo")
    calls = [
        ("categoryTranslate", "TranslationInput", "Category", category.pk, "Lampu", "category"),
        (
            "productVariantTranslate",
            "NameTranslationInput",
            "ProductVariant",
            variant.pk,
            "Besar",
            "productVariant",
        ),
        ("attributeTranslate", "NameTranslationInput", "Attribute", material.pk, "Bahan", "attribute"),
        (
            "attributeValueTranslate",
            "AttributeValueTranslationInput",
            "AttributeValue",
            bamboo.pk,
            "Bambu",
            "attributeValue",
        ),
    ]

    for mutation, input_type, kind, pk, name, payload in calls:
        body = gql(
            f"mutation($id: ID!, $input: {input_type}!) {{\n"
            f"  {mutation}(id: $id, languageCode: ID, input: $input) {{\n"
            f"    {payload} {{ translation(languageCode: ID) {{ name }} }} errors {{ code }}\n"
            "  }\n}",
            {"id": to_global_id(kind, pk), "input": {"name": name}},
            headers=translator,
        )
        data = body["data"][mutation]
        assert data["errors"] == [], mutation
        assert data[payload]["translation"]["name"] == name, mutation

    assert AuditLogEntry.objects.count() == 4


def test_translating_needs_manage_translations_not_manage_products(gql, lamp):
    catalogue = bearer(staff_user(P.MANAGE_PRODUCTS))

    body = gql(
        PRODUCT, {"id": to_global_id("Product", lamp.pk), "input": {"name": "Lampu"}}, headers=catalogue
    )

    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert not ProductTranslation.objects.exists()

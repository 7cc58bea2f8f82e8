"""Saleor's attribute mutations through /graphql/: values created with Saleor's slugs, renamed or
removed values leave the search index true, Saleor's errors and permission."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.models import Attribute, AttributeValue
from storefront.catalog.services import product_attributes_assign, product_search_document_update
from tests.graphql.catalog.factories import ProductFactory
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: AttributeCreateInput!) {
  attributeCreate(input: $input) {
    attribute { id slug inputType unit choices(first: 5) { edges { node { name slug } } } }
    errors { field code message }
  }
}"""
UPDATE = """
mutation($id: ID!, $input: AttributeUpdateInput!) {
  attributeUpdate(id: $id, input: $input) {
    attribute { name choices(first: 5) { edges { node { name } } } } errors { field code message }
  }
}"""
DELETE = "mutation($id: ID!) { attributeDelete(id: $id) { attribute { id } errors { code } } }"


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES))


def test_attribute_create_with_values(gql, staff):
    body = gql(
        CREATE,
        {
            "input": {
                "name": "Bahan utama",
                "type": "PRODUCT_TYPE",
                "inputType": "DROPDOWN",
                "values": [{"name": "Bambu"}, {"name": "Ketak"}],
            }
        },
        headers=staff,
    )

    data = body["data"]["attributeCreate"]
    assert data["errors"] == []
    assert data["attribute"]["slug"] == "bahan-utama"
    assert [e["node"] for e in data["attribute"]["choices"]["edges"]] == [
        {"name": "Bambu", "slug": "bambu"},
        {"name": "Ketak", "slug": "ketak"},
    ]
    assert AuditLogEntry.objects.get(action="attribute.created").payload["after"]["slug"] == "bahan-utama"


def test_attribute_create_refuses_repeated_values_an_unsupported_type_and_a_page_attribute(gql, staff):
    repeated = gql(
        CREATE,
        {
            "input": {
                "name": "Motif",
                "type": "PRODUCT_TYPE",
                "values": [{"name": "Bintang"}, {"name": "bintang"}],
            }
        },
        headers=staff,
    )
    unsupported = gql(
        CREATE, {"input": {"name": "Manual", "type": "PRODUCT_TYPE", "inputType": "FILE"}}, headers=staff
    )
    page = gql(CREATE, {"input": {"name": "Author", "type": "PAGE_TYPE"}}, headers=staff)

    assert [(e["field"], e["code"]) for e in repeated["data"]["attributeCreate"]["errors"]] == [
        ("values", "UNIQUE")
    ]
    assert [(e["field"], e["code"]) for e in unsupported["data"]["attributeCreate"]["errors"]] == [
        ("inputType", "INVALID")
    ]
    assert [(e["field"], e["code"]) for e in page["data"]["attributeCreate"]["errors"]] == [
        ("type", "INVALID")
    ]
    assert not Attribute.objects.exists()


def test_removing_a_value_takes_it_out_of_the_products_search_documents(gql, staff):
    material = Attribute.objects.create(slug="material", name="Material")
    rattan = AttributeValue.objects.create(attribute=material, slug="rattan", name="Rattan")
    product = ProductFactory(name="Tray")
    product.product_type.product_attributes.add(material)
    product_attributes_assign(product=product, values=[rattan])
    product_search_document_update(product=product)
    assert "rattan" in product.search_document

    body = gql(
        UPDATE,
        {
            "id": to_global_id("Attribute", material.pk),
            "input": {
                "removeValues": [to_global_id("AttributeValue", rattan.pk)],
                "addValues": [{"name": "Bambu"}],
            },
        },
        headers=staff,
    )

    assert body["data"]["attributeUpdate"]["errors"] == []
    assert [e["node"]["name"] for e in body["data"]["attributeUpdate"]["attribute"]["choices"]["edges"]] == [
        "Bambu"
    ]
    product.refresh_from_db()
    assert "rattan" not in product.search_document


def test_adding_an_existing_value_already_exists(gql, staff):
    material = Attribute.objects.create(slug="material", name="Material")
    AttributeValue.objects.create(attribute=material, slug="rattan", name="Rattan")

    body = gql(
        UPDATE,
        {
            "id": to_global_id("Attribute", material.pk),
            "input": {"name": "Bahan", "addValues": [{"name": "Rattan"}]},
        },
        headers=staff,
    )

    assert [(e["field"], e["code"]) for e in body["data"]["attributeUpdate"]["errors"]] == [
        ("addValues", "ALREADY_EXISTS")
    ]
    material.refresh_from_db()
    assert material.name == "Material"


def test_attribute_delete_refreshes_search_and_is_audited(gql, staff):
    material = Attribute.objects.create(slug="material", name="Material")
    rattan = AttributeValue.objects.create(attribute=material, slug="rattan", name="Rattan")
    product = ProductFactory(name="Tray")
    product.product_type.product_attributes.add(material)
    product_attributes_assign(product=product, values=[rattan])

    body = gql(DELETE, {"id": to_global_id("Attribute", material.pk)}, headers=staff)

    assert body["data"]["attributeDelete"] == {
        "attribute": {"id": to_global_id("Attribute", material.pk)},
        "errors": [],
    }
    product.refresh_from_db()
    assert "rattan" not in product.search_document
    assert (
        AuditLogEntry.objects.get(action="attribute.deleted").payload["before"]["values"][0]["name"]
        == "Rattan"
    )


def test_manage_products_alone_may_not_change_attributes(gql):
    material = Attribute.objects.create(slug="material", name="Material")

    body = gql(
        UPDATE,
        {"id": to_global_id("Attribute", material.pk), "input": {"name": "Bahan"}},
        headers=bearer(staff_user(P.MANAGE_PRODUCTS)),
    )

    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    material.refresh_from_db()
    assert material.name == "Material"

"""The seller of record through /graphql/: ``shop { companyAddress sellerOfRecord }``,
``shopAddressUpdate`` and ``sellerOfRecordUpdate`` (MANAGE_SETTINGS), errors in Saleor's shape."""

from __future__ import annotations

import pytest

from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.orders.models import SellerOfRecord
from storefront.orders.seller import seller_of_record_update
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = pytest.mark.django_db

SELLER = "sellerOfRecord { legalName defaultIncoterm address { companyName city country { code } } }"
REGISTRATIONS = "sellerOfRecord { nib npwp iossNumber }"
UPDATE = f"""
mutation($input: SellerOfRecordInput!) {{
  sellerOfRecordUpdate(input: $input) {{
    {SELLER}
    shop {{ companyAddress {{ postalCode }} }}
    errors {{ field code message }}
  }}
}}"""
ADDRESS_UPDATE = """
mutation($input: AddressInput) {
  shopAddressUpdate(input: $input) {
    shop { companyAddress { streetAddress1 city } }
    errors { field code message }
    shopErrors { code }
  }
}"""
LOYOK = {
    "companyName": "BUMDes Desa Loyok",
    "streetAddress1": "Jl. Raya Loyok No. 1",
    "city": "Lombok Timur",
    "countryArea": "Nusa Tenggara Barat",
    "postalCode": "83662",
    "country": "ID",
}


@pytest.fixture
def settings_manager():
    return staff_user(P.MANAGE_SETTINGS)


def test_anyone_reads_the_legal_name_address_and_incoterm(gql):
    seller_of_record_update(
        actor=Actor.system(),
        legal_name="BUMDes Desa Loyok",
        default_incoterm="DDP",
        address={"company_name": "BUMDes Desa Loyok", "city": "Lombok Timur", "country": "ID"},
        skip_address_validation=True,
    )

    body = gql(f"{{ shop {{ {SELLER} companyAddress {{ city }} }} }}")

    assert "errors" not in body
    shop = body["data"]["shop"]
    assert shop["sellerOfRecord"] == {
        "legalName": "BUMDes Desa Loyok",
        "defaultIncoterm": "DDP",
        "address": {"companyName": "BUMDes Desa Loyok", "city": "Lombok Timur", "country": {"code": "ID"}},
    }
    assert shop["companyAddress"] == {"city": "Lombok Timur"}


def test_the_registrations_are_refused_to_anonymous_callers_and_staff_without_manage_settings(gql):
    seller_of_record_update(actor=Actor.system(), npwp="012345678901000")

    for headers in ({}, bearer(staff_user(P.MANAGE_ORDERS))):
        body = gql(f"{{ shop {{ {REGISTRATIONS} }} }}", headers=headers)

        assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
        assert "012345678901000" not in str(body)


def test_staff_with_manage_settings_updates_the_seller_and_reads_its_registrations(gql, settings_manager):
    body = gql(
        UPDATE,
        {
            "input": {
                "legalName": "BUMDes Desa Loyok",
                "nib": "1234567890123",
                "npwp": "01.234.567.8-901.000",
                "iossNumber": "IM3600012345",
                "defaultIncoterm": "DAP",
                "address": LOYOK,
            }
        },
        headers=bearer(settings_manager),
    )

    payload = body["data"]["sellerOfRecordUpdate"]
    assert payload["errors"] == []
    assert payload["sellerOfRecord"]["legalName"] == "BUMDes Desa Loyok"
    assert payload["shop"]["companyAddress"] == {"postalCode": "83662"}
    read = gql(f"{{ shop {{ {REGISTRATIONS} }} }}", headers=bearer(settings_manager))
    assert read["data"]["shop"]["sellerOfRecord"] == {
        "nib": "1234567890123",
        "npwp": "012345678901000",
        "iossNumber": "IM3600012345",
    }
    entry = AuditLogEntry.objects.get(action="seller_of_record.updated")
    assert entry.actor_user == settings_manager


def test_invalid_settings_answer_saleor_errors_and_write_nothing(gql, settings_manager):
    body = gql(
        UPDATE,
        {"input": {"legalName": " ", "nib": "123", "npwp": "12.345", "iossNumber": "EU123"}},
        headers=bearer(settings_manager),
    )

    payload = body["data"]["sellerOfRecordUpdate"]
    assert payload["sellerOfRecord"] is None
    assert {(error["field"], error["code"]) for error in payload["errors"]} == {
        ("legalName", "REQUIRED"),
        ("nib", "INVALID"),
        ("npwp", "INVALID"),
        ("iossNumber", "INVALID"),
    }
    assert not SellerOfRecord.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_an_unknown_incoterm_is_refused_by_the_schema(gql, settings_manager):
    body = gql(UPDATE, {"input": {"defaultIncoterm": "XYZ"}}, headers=bearer(settings_manager))

    assert body["errors"] and body.get("data") is None
    assert not SellerOfRecord.objects.exists()


def test_the_mutations_are_refused_without_manage_settings(gql):
    for headers in ({}, bearer(staff_user(P.MANAGE_ORDERS))):
        body = gql(UPDATE, {"input": {"legalName": "Someone else"}}, headers=headers)

        assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
        assert body["data"]["sellerOfRecordUpdate"] is None
    assert not SellerOfRecord.objects.exists()


def test_shop_address_update_sets_and_null_removes_the_company_address(gql, settings_manager):
    set_body = gql(ADDRESS_UPDATE, {"input": LOYOK}, headers=bearer(settings_manager))
    removed = gql(ADDRESS_UPDATE, {"input": None}, headers=bearer(settings_manager))

    assert set_body["data"]["shopAddressUpdate"]["errors"] == []
    assert set_body["data"]["shopAddressUpdate"]["shop"]["companyAddress"]["streetAddress1"]
    assert removed["data"]["shopAddressUpdate"] == {
        "shop": {"companyAddress": None},
        "errors": [],
        "shopErrors": [],
    }


def test_shop_address_update_reports_an_invalid_address_field(gql, settings_manager):
    body = gql(
        ADDRESS_UPDATE, {"input": {**LOYOK, "postalCode": "ABCDEFGH"}}, headers=bearer(settings_manager)
    )

    payload = body["data"]["shopAddressUpdate"]
    assert payload["shop"] is None
    assert ("postalCode", "INVALID") in {(error["field"], error["code"]) for error in payload["errors"]}
    assert not SellerOfRecord.objects.exists()

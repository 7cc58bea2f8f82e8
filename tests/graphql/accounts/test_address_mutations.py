"""The buyer's address book through /graphql/: Saleor's account address mutations and `me`."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from storefront.accounts import address_book
from storefront.accounts.address_book import AddressType
from tests.storefront.accounts.factories import UserFactory, bearer
from tests.storefront.accounts.test_address_book import BERLIN, OSAKA

pytestmark = pytest.mark.django_db

ADDRESS = """
fragment Address on Address {
  id firstName lastName streetAddress1 city postalCode countryArea
  country { code } isDefaultShippingAddress isDefaultBillingAddress
}
"""
CREATE = (
    ADDRESS
    + """
mutation AccountAddressCreate($input: AddressInput!, $type: AddressTypeEnum) {
  accountAddressCreate(input: $input, type: $type) {
    address { ...Address } user { defaultShippingAddress { id } } errors { field code message addressType }
  }
}
"""
)
UPDATE = (
    ADDRESS
    + """
mutation AccountAddressUpdate($id: ID!, $input: AddressInput!) {
  accountAddressUpdate(id: $id, input: $input) { address { ...Address } errors { field code } }
}
"""
)
DELETE = """
mutation AccountAddressDelete($id: ID!) {
  accountAddressDelete(id: $id) { address { id } user { addresses { id } } errors { field code } }
}
"""
SET_DEFAULT = """
mutation AccountSetDefaultAddress($id: ID!, $type: AddressTypeEnum!) {
  accountSetDefaultAddress(id: $id, type: $type) {
    user { defaultShippingAddress { id } defaultBillingAddress { id } } errors { field code }
  }
}
"""
ACCOUNT_UPDATE = """
mutation AccountUpdate($input: AccountInput!) {
  accountUpdate(input: $input) {
    user { firstName languageCode defaultBillingAddress { city country { code } } }
    errors { field code addressType }
  }
}
"""
ME = (
    ADDRESS
    + """
{ me { addresses { ...Address } defaultShippingAddress { ...Address } defaultBillingAddress { ...Address } } }
"""
)

BERLIN_INPUT = {
    "firstName": "Anna",
    "lastName": "Schmidt",
    "streetAddress1": "Unter den Linden 1",
    "city": "Berlin",
    "postalCode": "10117",
    "country": "DE",
}


def test_create_an_address_as_the_default_shipping_address(gql):
    user = UserFactory()

    result = gql(CREATE, {"input": BERLIN_INPUT, "type": "SHIPPING"}, headers=bearer(user))["data"][
        "accountAddressCreate"
    ]

    assert result["errors"] == []
    address = result["address"]
    assert (address["city"], address["country"], address["isDefaultShippingAddress"]) == (
        "BERLIN",
        {"code": "DE"},
        True,
    )
    assert address["isDefaultBillingAddress"] is False
    assert result["user"]["defaultShippingAddress"] == {"id": address["id"]}


def test_a_bad_address_gives_required_and_invalid_with_camel_case_fields(gql):
    user = UserFactory()

    result = gql(
        CREATE, {"input": {**BERLIN_INPUT, "postalCode": "ABC", "streetAddress1": ""}}, headers=bearer(user)
    )["data"]["accountAddressCreate"]

    assert result["address"] is None
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("postalCode", "INVALID"),
        ("streetAddress1", "REQUIRED"),
    }
    assert user.addresses.count() == 0


def test_update_and_delete_own_address(gql):
    user = UserFactory()
    address = address_book.address_create(user=user, data=BERLIN)
    address_id = to_global_id("Address", address.pk)

    updated = gql(
        UPDATE, {"id": address_id, "input": {"city": "Berlin", "postalCode": "10178"}}, headers=bearer(user)
    )

    assert updated["data"]["accountAddressUpdate"]["errors"] == []
    assert updated["data"]["accountAddressUpdate"]["address"]["postalCode"] == "10178"
    deleted = gql(DELETE, {"id": address_id}, headers=bearer(user))["data"]["accountAddressDelete"]
    assert deleted == {"address": {"id": address_id}, "user": {"addresses": []}, "errors": []}


def test_another_buyers_address_is_not_found_and_nothing_changes(gql):
    owner, stranger = UserFactory(), UserFactory()
    address = address_book.address_create(user=owner, data=BERLIN, address_type=AddressType.SHIPPING)
    address_id = to_global_id("Address", address.pk)
    not_found = [{"field": "id", "code": "NOT_FOUND"}]

    assert gql(UPDATE, {"id": address_id, "input": {"city": "Hamburg"}}, headers=bearer(stranger))["data"][
        "accountAddressUpdate"
    ] == {"address": None, "errors": not_found}
    assert gql(DELETE, {"id": address_id}, headers=bearer(stranger))["data"]["accountAddressDelete"][
        "errors"
    ] == (not_found)
    assert gql(SET_DEFAULT, {"id": address_id, "type": "BILLING"}, headers=bearer(stranger))["data"][
        "accountSetDefaultAddress"
    ] == {"user": None, "errors": not_found}

    address.refresh_from_db()
    assert (address.city, address.user) == ("BERLIN", owner)
    assert gql(ME, headers=bearer(stranger))["data"]["me"]["addresses"] == []


def test_an_id_of_another_type_is_an_error_in_the_payload(gql):
    user = UserFactory()

    result = gql(DELETE, {"id": to_global_id("User", user.pk)}, headers=bearer(user))["data"][
        "accountAddressDelete"
    ]

    assert result["errors"] == [{"field": "id", "code": "GRAPHQL_ERROR"}]


def test_set_default_addresses(gql):
    user = UserFactory()
    berlin = address_book.address_create(user=user, data=BERLIN)
    osaka = address_book.address_create(user=user, data=OSAKA)

    gql(SET_DEFAULT, {"id": to_global_id("Address", berlin.pk), "type": "BILLING"}, headers=bearer(user))
    result = gql(
        SET_DEFAULT, {"id": to_global_id("Address", osaka.pk), "type": "SHIPPING"}, headers=bearer(user)
    )

    assert result["data"]["accountSetDefaultAddress"] == {
        "user": {
            "defaultShippingAddress": {"id": to_global_id("Address", osaka.pk)},
            "defaultBillingAddress": {"id": to_global_id("Address", berlin.pk)},
        },
        "errors": [],
    }


def test_account_update_names_and_default_billing_address(gql):
    user = UserFactory()

    result = gql(
        ACCOUNT_UPDATE,
        {"input": {"firstName": "Anna", "languageCode": "DE", "defaultBillingAddress": BERLIN_INPUT}},
        headers=bearer(user),
    )["data"]["accountUpdate"]

    assert result == {
        "user": {
            "firstName": "Anna",
            "languageCode": "DE",
            "defaultBillingAddress": {"city": "BERLIN", "country": {"code": "DE"}},
        },
        "errors": [],
    }


def test_account_update_with_a_bad_address_says_which_address(gql):
    result = gql(
        ACCOUNT_UPDATE,
        {"input": {"defaultShippingAddress": {**BERLIN_INPUT, "postalCode": "1"}}},
        headers=bearer(UserFactory()),
    )["data"]["accountUpdate"]

    assert result == {
        "user": None,
        "errors": [{"field": "postalCode", "code": "INVALID", "addressType": "SHIPPING"}],
    }


@pytest.mark.parametrize("count", [1, 5])
def test_me_with_its_address_book_costs_the_same_for_one_or_many_addresses(gql, count):
    user = UserFactory()
    for n in range(count):
        address_book.address_create(
            user=user, data=BERLIN, address_type=AddressType.SHIPPING if n == 0 else AddressType.BILLING
        )
    headers = bearer(user)

    with CaptureQueriesContext(connection) as queries:
        me = gql(ME, headers=headers)["data"]["me"]

    assert len(me["addresses"]) == count
    assert me["defaultShippingAddress"]["isDefaultShippingAddress"] is True
    assert len(queries) <= 4, [q["sql"] for q in queries]

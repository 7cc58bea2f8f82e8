"""A buyer's address book (storefront/accounts/address_book.py): owner-only, validated, with defaults."""

from __future__ import annotations

import pytest

from storefront.accounts import account_services, address_book
from storefront.accounts.address_book import AddressType
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.models import Address
from tests.storefront.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

BERLIN = {
    "first_name": "Anna",
    "last_name": "Schmidt",
    "street_address_1": "Unter den Linden 1",
    "city": "berlin",
    "postal_code": "10117",
    "country": "de",
}
OSAKA = {
    "first_name": "Yuki",
    "last_name": "Tanaka",
    "street_address_1": "1-1 Umeda",
    "city": "Osaka",
    "country_area": "Osaka",
    "postal_code": "530-0001",
    "country": "JP",
}


def test_an_address_is_normalised_and_can_become_a_default():
    user = UserFactory()

    address = address_book.address_create(user=user, data=BERLIN, address_type=AddressType.SHIPPING)

    assert (address.user, address.country, address.city) == (user, "DE", "BERLIN")
    user.refresh_from_db()
    assert user.default_shipping_address == address and user.default_billing_address is None


def test_a_bad_address_reports_every_problem_and_saves_nothing():
    user = UserFactory()

    with pytest.raises(AccountError) as refused:
        address_book.address_create(user=user, data={**BERLIN, "postal_code": "ABC", "city": ""})

    assert {(e.field, e.code) for e in refused.value.errors} == {
        ("postal_code", AccountErrorCode.INVALID),
        ("city", AccountErrorCode.REQUIRED),
    }
    assert not Address.objects.filter(user=user).exists()


def test_an_update_changes_the_given_fields_and_validates_the_whole():
    user = UserFactory()
    address = address_book.address_create(user=user, data=BERLIN)

    updated = address_book.address_update(user=user, pk=address.pk, data={"street_address_2": "Hinterhaus"})

    assert (updated.street_address_1, updated.street_address_2) == ("Unter den Linden 1", "Hinterhaus")
    with pytest.raises(AccountError):
        address_book.address_update(user=user, pk=address.pk, data={"postal_code": "1"})
    address.refresh_from_db()
    assert address.postal_code == "10117"


def test_another_users_address_is_not_found_and_unchanged():
    owner, stranger = UserFactory(), UserFactory()
    address = address_book.address_create(user=owner, data=BERLIN, address_type=AddressType.BILLING)

    for attempt in (
        lambda: address_book.address_update(user=stranger, pk=address.pk, data={"city": "Hamburg"}),
        lambda: address_book.address_delete(user=stranger, pk=address.pk),
        lambda: address_book.address_set_default(
            user=stranger, pk=address.pk, address_type=AddressType.SHIPPING
        ),
    ):
        with pytest.raises(AccountError) as refused:
            attempt()
        assert (refused.value.code, refused.value.field) == (AccountErrorCode.NOT_FOUND, "id")

    address.refresh_from_db()
    stranger.refresh_from_db()
    assert address.city == "BERLIN" and address.user == owner
    assert stranger.default_shipping_address is None


def test_deleting_a_default_address_clears_the_default():
    user = UserFactory()
    address = address_book.address_create(user=user, data=BERLIN, address_type=AddressType.SHIPPING)

    address_book.address_delete(user=user, pk=address.pk)

    user.refresh_from_db()
    assert user.default_shipping_address is None and not Address.objects.filter(user=user).exists()


def test_set_default_picks_one_address_per_type():
    user = UserFactory()
    berlin = address_book.address_create(user=user, data=BERLIN, address_type=AddressType.SHIPPING)
    osaka = address_book.address_create(user=user, data=OSAKA)

    address_book.address_set_default(user=user, pk=osaka.pk, address_type=AddressType.SHIPPING)
    address_book.address_set_default(user=user, pk=berlin.pk, address_type=AddressType.BILLING)

    user.refresh_from_db()
    assert (user.default_shipping_address, user.default_billing_address) == (osaka, berlin)


def test_account_update_rewrites_the_default_in_place_or_adds_one():
    user = UserFactory()
    account_services.account_update(user=user, default_shipping_address=BERLIN, first_name="Anna")
    user.refresh_from_db()
    first = user.default_shipping_address

    account_services.account_update(user=user, default_shipping_address=OSAKA)

    user.refresh_from_db()
    assert user.first_name == "Anna"
    assert user.default_shipping_address == first and user.default_shipping_address.country == "JP"
    assert Address.objects.filter(user=user).count() == 1


def test_account_update_with_a_bad_address_changes_nothing_and_names_the_address_type():
    user = UserFactory()

    with pytest.raises(AccountError) as refused:
        account_services.account_update(
            user=user, first_name="Changed", default_billing_address={**BERLIN, "postal_code": "x"}
        )

    [error] = refused.value.errors
    assert (error.field, error.code, error.details["address_type"]) == (
        "postal_code",
        AccountErrorCode.INVALID,
        AddressType.BILLING,
    )
    user.refresh_from_db()
    assert user.first_name == "Baiq" and user.default_billing_address is None

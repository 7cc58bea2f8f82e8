"""The seller of record's settings: validation of the registrations, the default, the audit entry."""

from __future__ import annotations

import pytest
from django.test import override_settings

from storefront.accounts.actor import Actor
from storefront.accounts.models import Address, AuditLogEntry
from storefront.orders.incoterms import Incoterm
from storefront.orders.models import Order, SellerOfRecord
from storefront.orders.seller import (
    SellerOfRecordError,
    ioss_number_clean,
    nib_clean,
    npwp_clean,
    order_incoterm,
    seller_of_record_get,
    seller_of_record_update,
)

pytestmark = pytest.mark.django_db

LOYOK = {
    "company_name": "BUMDes Desa Loyok",
    "street_address_1": "Jl. Raya Loyok No. 1",
    "city": "Lombok Timur",
    "country_area": "Nusa Tenggara Barat",
    "postal_code": "83662",
    "country": "ID",
}


def _codes(exc: pytest.ExceptionInfo[SellerOfRecordError]) -> dict[str | None, str]:
    return {error.field: error.code for error in exc.value.errors}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("01.234.567.8-901.000", "012345678901000"), ("0123 4567 8901 2345", "0123456789012345"), ("", "")],
)
def test_npwp_keeps_15_or_16_digits_without_formatting(raw, clean):
    assert npwp_clean(raw) == clean


@pytest.mark.parametrize(
    "raw", ["12345678901234", "12345678901234567", "01.234.567.8-901.00X", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥"]
)
def test_npwp_of_another_length_or_with_letters_is_invalid(raw):
    with pytest.raises(SellerOfRecordError) as exc:
        npwp_clean(raw)

    assert _codes(exc) == {"npwp": "INVALID"}


def test_nib_has_13_digits():
    assert nib_clean("1234 5678 90123") == "1234567890123"
    with pytest.raises(SellerOfRecordError) as exc:
        nib_clean("123456789012")

    assert _codes(exc) == {"nib": "INVALID"}


def test_ioss_number_is_im_and_10_digits_upper_cased():
    assert ioss_number_clean("im 3600 012345") == "IM3600012345"
    for bad in ("IM123456789", "XM3600012345", "IM36000123456"):
        with pytest.raises(SellerOfRecordError):
            ioss_number_clean(bad)


@override_settings(SHOP_NAME="Kerajinan Loyok")
def test_before_any_setting_the_shop_name_is_the_legal_name_and_dap_the_incoterm():
    seller = seller_of_record_get()

    assert (seller.legal_name, seller.default_incoterm, seller.address) == ("Kerajinan Loyok", "DAP", None)
    assert not SellerOfRecord.objects.exists()


def test_update_saves_normalised_registrations_address_and_an_audit_entry():
    seller = seller_of_record_update(
        actor=Actor.system(),
        legal_name="  BUMDes Desa Loyok  ",
        nib="1234567890123",
        npwp="01.234.567.8-901.000",
        ioss_number="im3600012345",
        default_incoterm="DDP",
        address=LOYOK,
    )

    stored = SellerOfRecord.objects.select_related("address").get()
    assert stored.pk == seller.pk == 1
    assert (stored.legal_name, stored.nib, stored.npwp, stored.ioss_number, stored.default_incoterm) == (
        "BUMDes Desa Loyok",
        "1234567890123",
        "012345678901000",
        "IM3600012345",
        "DDP",
    )
    assert stored.address is not None and stored.address.city.upper() == "LOMBOK TIMUR"
    entry = AuditLogEntry.objects.get(action="seller_of_record.updated")
    assert entry.payload["after"]["npwp"] == "012345678901000"
    assert entry.payload["before"]["legal_name"] != "BUMDes Desa Loyok"


def test_omitted_settings_are_kept_and_an_empty_registration_clears_it():
    seller_of_record_update(actor=Actor.system(), legal_name="BUMDes Desa Loyok", nib="1234567890123")

    seller = seller_of_record_update(actor=Actor.system(), nib="", default_incoterm="FCA")

    assert (seller.legal_name, seller.nib, seller.default_incoterm) == ("BUMDes Desa Loyok", "", "FCA")


def test_every_problem_is_reported_at_once_and_nothing_is_written():
    with pytest.raises(SellerOfRecordError) as exc:
        seller_of_record_update(
            actor=Actor.system(),
            legal_name="   ",
            nib="12",
            npwp="34",
            ioss_number="IM1",
            default_incoterm="XYZ",
            address={"country": "ID", "postal_code": "not a code"},
        )

    codes = _codes(exc)
    assert {key: codes[key] for key in ("legal_name", "nib", "npwp", "ioss_number", "default_incoterm")} == {
        "legal_name": "REQUIRED",
        "nib": "INVALID",
        "npwp": "INVALID",
        "ioss_number": "INVALID",
        "default_incoterm": "INVALID",
    }
    assert len(codes) > 5  # and the address's own fields
    assert not SellerOfRecord.objects.exists()
    assert not Address.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_a_new_address_replaces_the_old_in_place_and_none_removes_it():
    first = seller_of_record_update(actor=Actor.system(), address=LOYOK).address
    assert first is not None

    second = seller_of_record_update(
        actor=Actor.system(), address={**LOYOK, "street_address_1": "Jl. Baru 2"}
    )
    assert second.address is not None and second.address.pk == first.pk
    assert second.address.street_address_1.upper() == "JL. BARU 2"

    removed = seller_of_record_update(actor=Actor.system(), address=None)
    assert removed.address is None
    assert not Address.objects.exists()


def test_an_order_ships_under_its_own_incoterm_or_the_sellers_default():
    seller = seller_of_record_update(actor=Actor.system(), default_incoterm="DAP")

    assert order_incoterm(order=Order(incoterm=""), seller=seller) is Incoterm.DAP
    assert order_incoterm(order=Order(incoterm="EXW"), seller=seller) is Incoterm.EXW


def test_incoterms_are_the_eleven_of_incoterms_2020():
    assert set(Incoterm.values) == {
        "EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF",
    }  # fmt: skip

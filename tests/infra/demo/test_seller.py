"""The demo's seller of record: BUMDes Desa Loyok with valid-shaped registrations, set once."""

from __future__ import annotations

import pytest

from infra.demo.seller import demo_seller_load
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.orders.models import SellerOfRecord
from storefront.orders.seller import seller_of_record_update

pytestmark = pytest.mark.django_db


def test_the_demo_seller_is_bumdes_desa_loyok_with_its_registrations_and_address():
    demo_seller_load()

    seller = SellerOfRecord.objects.select_related("address").get()
    assert seller.legal_name.startswith("BUMDes Desa Loyok")
    assert (len(seller.nib), len(seller.npwp), seller.ioss_number[:2]) == (13, 16, "IM")
    assert seller.default_incoterm == "DAP"
    assert seller.address is not None and seller.address.country == "ID"


def test_a_second_load_writes_nothing_and_keeps_what_staff_changed():
    demo_seller_load()
    seller_of_record_update(actor=Actor.system(), legal_name="Koperasi Loyok")
    entries = AuditLogEntry.objects.count()

    demo_seller_load()

    assert SellerOfRecord.objects.get().legal_name == "Koperasi Loyok"
    assert AuditLogEntry.objects.count() == entries

"""fulfillment_documents_issue on the local file system: the three papers of real fulfilments.

Orders are placed through checkout and their certified pieces packed by serial
(``fulfilments.py``); the PDFs are read back with pypdf and checked against the order.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.orders.choices import FulfillmentDocumentKind, FulfillmentStatus
from storefront.orders.documents import services
from storefront.orders.documents.services import document_file, fulfillment_documents_issue
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.models import Fulfillment, FulfillmentDocument, FulfillmentLine, InvoiceNumberCounter
from tests.storefront.orders.documents.fulfilments import fulfillment_of, order_of, pdf_text

pytestmark = pytest.mark.django_db

PARCEL = {"length_cm": 40, "width_cm": 30, "height_cm": 20, "weight_kg": "2.5"}


def _papers(documents) -> dict[str, list[str]]:
    return {document.kind: pdf_text(document_file(document).read()) for document in documents}


def _private_files() -> set[str]:
    root = Path(django_settings.STORAGES["private"]["OPTIONS"]["location"]) / "export-documents"
    return {path.name for path in root.glob("*")} if root.exists() else set()


def _number(invoice_number: str) -> tuple[int, int]:
    year, number = invoice_number.split("/")
    return int(year), int(number)


def test_the_commercial_invoice_matches_the_order(shop):
    order = order_of(shop, (2, 1))
    fulfillment = fulfillment_of(order, parcels=[PARCEL])

    documents = fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())

    assert [document.kind for document in documents] == sorted(FulfillmentDocumentKind.values)
    invoice = _papers(documents)[FulfillmentDocumentKind.COMMERCIAL_INVOICE][0]
    fulfillment.refresh_from_db()
    assert re.fullmatch(r"\d{4}/\d{6}", fulfillment.invoice_number)
    assert f"Invoice number {fulfillment.invoice_number}" in invoice
    for line in order.lines.all():
        assert line.hs_code and line.hs_code in invoice
        assert f"{line.hs_code} Indonesia (ID) {line.quantity} {line.unit_price_net_amount:.2f}" in invoice
    assert f"Goods {order.subtotal_net_amount:.2f}" in invoice
    assert f"Shipping {order.shipping_price_net_amount:.2f}" in invoice
    assert f"Total (USD) {order.total_gross_amount:.2f}" in invoice
    assert "DAP (Delivered at Place)" in invoice
    assert "NIB: 1234567890123" in invoice and "NPWP: 012345678901000" in invoice
    assert "IOSS: IM3600000001" in invoice
    assert "Koperasi Tenun Sukarara" in invoice and "Zoë Łukasiewicz" in invoice
    assert "Total net weight 1.550 kg" in invoice and "Total gross weight 2.500 kg" in invoice
    for unit in FulfillmentLine.objects.filter(fulfillment=fulfillment).values_list(
        "units__serial", flat=True
    ):
        assert unit in invoice


def test_an_order_naming_its_own_incoterm_prints_it(shop):
    order = order_of(shop, (1, 0))
    order.incoterm = "DDP"
    order.save(update_fields=["incoterm"])

    documents = fulfillment_documents_issue(fulfillment=fulfillment_of(order), actor=Actor.system())

    assert "DDP (Delivered Duty Paid)" in _papers(documents)[FulfillmentDocumentKind.COMMERCIAL_INVOICE][0]


def test_invoice_numbers_follow_each_other_without_gaps_and_a_reissue_takes_none(shop):
    first = fulfillment_of(order_of(shop, (1, 0)))
    second = fulfillment_of(order_of(shop, (0, 1)))

    fulfillment_documents_issue(fulfillment=first, actor=Actor.system())
    fulfillment_documents_issue(fulfillment=first, actor=Actor.system())
    fulfillment_documents_issue(fulfillment=second, actor=Actor.system())

    first.refresh_from_db()
    second.refresh_from_db()
    year, number = _number(first.invoice_number)
    assert _number(second.invoice_number) == (year, number + 1)
    assert InvoiceNumberCounter.objects.get(year=year).last == number + 1


def test_two_partial_fulfilments_share_the_order_and_its_shipping(shop):
    order = order_of(shop, (2, 1))
    songket, basket = (order.lines.get(variant=variant) for variant in shop.variants)
    first = Fulfillment.objects.create(order=order, fulfillment_order=1)
    FulfillmentLine.objects.create(fulfillment=first, order_line=songket, quantity=2)
    second = Fulfillment.objects.create(order=order, fulfillment_order=2)
    FulfillmentLine.objects.create(fulfillment=second, order_line=basket, quantity=1)

    invoices = [
        _papers(fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system()))[
            FulfillmentDocumentKind.COMMERCIAL_INVOICE
        ][0]
        for fulfillment in (first, second)
    ]

    goods = [Decimal(re.search(r"Goods ([\d.,]+)", text).group(1)) for text in invoices]
    shipping = [Decimal(re.search(r"Shipping ([\d.,]+)", text).group(1)) for text in invoices]
    assert goods == [songket.total_price_net_amount, basket.total_price_net_amount]
    assert sum(shipping) == order.shipping_price_net_amount
    assert "580710" in invoices[0] and "460211" not in invoices[0]
    assert "460211" in invoices[1] and f"Order #{order.number}-2" in invoices[1]


def test_the_packing_list_gives_each_parcel_its_dimensions_and_weight(shop):
    fulfillment = fulfillment_of(
        order_of(shop, (2, 1)),
        parcels=[PARCEL, {"length_cm": "25.5", "width_cm": 20, "height_cm": 10, "weight_kg": 0.75}],
    )

    documents = fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())

    packing = _papers(documents)[FulfillmentDocumentKind.PACKING_LIST][0]
    assert "1 40 30 20 2.500" in packing
    assert "2 25.5 20 10 0.750" in packing
    assert "Total gross weight 3.250 kg" in packing and "Total pieces 3" in packing
    for serial in fulfillment.lines.values_list("units__serial", flat=True):
        assert serial in packing


def test_without_parcels_the_packing_list_has_one_parcel_of_the_net_weight(shop):
    documents = fulfillment_documents_issue(
        fulfillment=fulfillment_of(order_of(shop, (2, 1))), actor=Actor.system()
    )

    packing = _papers(documents)[FulfillmentDocumentKind.PACKING_LIST][0]
    assert "Parcels 1" in packing and "1 - - - 1.550" in packing
    assert "Contents of parcel 1" in packing


def test_certificate_tags_are_one_page_per_unit_with_serial_and_check_code(shop):
    fulfillment = fulfillment_of(order_of(shop, (2, 1)))

    documents = fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())

    pages = _papers(documents)[FulfillmentDocumentKind.CERTIFICATE_TAGS]
    units = sorted(
        (unit for line in fulfillment.lines.all() for unit in line.units.select_related("certificate")),
        key=lambda unit: unit.serial,
    )
    assert len(pages) == len(units) == 3
    for unit, page in zip(units, pages, strict=True):
        assert unit.serial in page and unit.certificate.check_code in page
        assert "Nyoman Sukarara–Ñ" in page and "Loyok" in page


def test_a_fulfilment_without_certified_units_gets_no_tags(shop):
    fulfillment = fulfillment_of(order_of(shop, (1, 0)))
    for line in fulfillment.lines.all():
        line.units.clear()

    documents = fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())

    assert sorted(document.kind for document in documents) == [
        FulfillmentDocumentKind.COMMERCIAL_INVOICE,
        FulfillmentDocumentKind.PACKING_LIST,
    ]


def test_reissuing_replaces_the_files_keeps_the_number_and_date_and_is_audited(
    shop, django_capture_on_commit_callbacks
):
    fulfillment = fulfillment_of(order_of(shop, (1, 1)))
    with django_capture_on_commit_callbacks(execute=True):
        first = {
            d.kind: d for d in fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())
        }
    number = Fulfillment.objects.get(pk=fulfillment.pk).invoice_number

    with django_capture_on_commit_callbacks(execute=True):
        again = {
            d.kind: d for d in fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())
        }

    assert Fulfillment.objects.get(pk=fulfillment.pk).invoice_number == number
    assert FulfillmentDocument.objects.filter(fulfillment=fulfillment).count() == 3
    for kind, document in again.items():
        assert document.pk == first[kind].pk and document.created_at == first[kind].created_at
        assert document.file.name != first[kind].file.name
    assert _private_files() >= {Path(d.file.name).name for d in again.values()}
    assert not _private_files() & {Path(d.file.name).name for d in first.values()}
    entries = AuditLogEntry.objects.filter(
        action="fulfillment.documents_issued", object_id=str(fulfillment.pk)
    )
    assert [entry.payload["invoice_number_issued"] for entry in entries.order_by("pk")] == [True, False]
    assert entries.order_by("pk").last().payload["invoice_number"] == number


def test_a_failure_after_storing_leaves_no_file_no_document_and_no_number(shop, monkeypatch):
    fulfillment = fulfillment_of(order_of(shop, (1, 1)))
    before = _private_files()
    counters = list(InvoiceNumberCounter.objects.values_list("year", "last"))

    def fail(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_log_record", fail)
    with pytest.raises(RuntimeError):
        fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())

    assert _private_files() == before
    assert not FulfillmentDocument.objects.filter(fulfillment=fulfillment).exists()
    assert Fulfillment.objects.get(pk=fulfillment.pk).invoice_number == ""
    assert list(InvoiceNumberCounter.objects.values_list("year", "last")) == counters


def test_a_canceled_fulfilment_is_refused_and_nothing_is_issued(shop):
    fulfillment = fulfillment_of(order_of(shop, (1, 0)))
    Fulfillment.objects.filter(pk=fulfillment.pk).update(status=FulfillmentStatus.CANCELED)

    with pytest.raises(OrderError) as refused:
        fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())

    assert (refused.value.code, refused.value.field) == (OrderErrorCode.INVALID, "id")
    assert not FulfillmentDocument.objects.exists()
    assert Fulfillment.objects.get(pk=fulfillment.pk).invoice_number == ""


@pytest.mark.parametrize(
    "parcels",
    [[{"weight_kg": "-1"}], [{"weight_kg": "NaN"}], [{"length_cm": True}], ["box"], {"weight_kg": 1}],
)
def test_unreadable_parcels_are_invalid_and_nothing_is_issued(shop, parcels):
    fulfillment = fulfillment_of(order_of(shop, (1, 0)))
    Fulfillment.objects.filter(pk=fulfillment.pk).update(parcels=parcels)

    with pytest.raises(OrderError) as refused:
        fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())

    assert (refused.value.code, refused.value.field) == (OrderErrorCode.INVALID, "parcels")
    assert not FulfillmentDocument.objects.exists()

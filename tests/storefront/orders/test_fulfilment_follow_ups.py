"""What every fulfilment brings with it, end to end through ``order_fulfill``: the export papers
(issued by a Celery task after the commit, parsed back here) and the makers' earnings (recorded in
the fulfilment's transaction, reversed by a return or a canceled fulfilment)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import ProductVariantChannelListing
from storefront.orders.choices import FulfillmentDocumentKind, MakerEarningKind
from storefront.orders.documents.services import document_file
from storefront.orders.fulfilment import (
    FulfilLine,
    FulfilStock,
    fulfillment_cancel,
    fulfillment_return_products,
    order_fulfill,
)
from storefront.orders.models import MakerEarning
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.accounts.factories import staff_user
from tests.storefront.orders.documents.fulfilments import pdf_text
from tests.storefront.orders.fulfil_setup import line_of, order_paid, shop_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """The private storage on a folder of this test's own (parallel workers share the var folder)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


def _share(variant, channel, *, percent: str) -> None:
    ProductVariantChannelListing.objects.filter(variant=variant, channel=channel).update(
        maker_share_percent=Decimal(percent)
    )


def _papers(fulfillment) -> dict[str, list[str]]:
    return {doc.kind: pdf_text(document_file(doc).read()) for doc in fulfillment.documents.all()}


def test_two_partial_fulfilments_from_two_warehouses_get_their_papers_and_pay_the_makers(
    signing_key,  # noqa: F811
    origin,  # noqa: F811
    maker,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    shop = shop_create(origin=origin, maker=maker)
    _share(shop.baskets, shop.channel, percent="40")
    _share(shop.weaving, shop.channel, percent="25")
    order = order_paid(shop, [(shop.baskets, 2), (shop.weaving, 1)])
    baskets, weaving = line_of(order, shop.baskets), line_of(order, shop.weaving)
    packer = staff_user(PermissionCode.MANAGE_ORDERS)

    with django_capture_on_commit_callbacks(execute=True):
        (first,) = order_fulfill(
            order=order,
            lines=[FulfilLine(baskets.pk, (FulfilStock(shop.home.pk, 1),))],
            actor=Actor.of(user=packer),
        )
    with django_capture_on_commit_callbacks(execute=True):
        second, third = order_fulfill(
            order=order,
            lines=[
                FulfilLine(baskets.pk, (FulfilStock(shop.home.pk, 1),)),
                FulfilLine(weaving.pk, (FulfilStock(shop.second.pk, 1),)),
            ],
            actor=Actor.of(user=packer),
        )

    numbers = []
    for fulfillment, line in ((first, baskets), (second, baskets), (third, weaving)):
        fulfillment.refresh_from_db()
        papers = _papers(fulfillment)
        assert set(papers) == set(FulfillmentDocumentKind.values)
        invoice = " ".join(papers[FulfillmentDocumentKind.COMMERCIAL_INVOICE])
        assert f"Invoice number {fulfillment.invoice_number}" in invoice
        # The line packed, with its HS code, origin, quantity and unit value; the other line is not.
        assert f"{line.hs_code} Indonesia (ID) 1 {line.unit_price_net_amount:.2f}" in invoice
        serials = list(fulfillment.lines.get().units.values_list("serial", flat=True))
        assert len(papers[FulfillmentDocumentKind.CERTIFICATE_TAGS]) == len(serials) == 1
        assert serials[0] in papers[FulfillmentDocumentKind.CERTIFICATE_TAGS][0]
        assert serials[0] in " ".join(papers[FulfillmentDocumentKind.PACKING_LIST])
        numbers.append(int(fulfillment.invoice_number.split("/")[1]))
        assert fulfillment.documents.get(kind=FulfillmentDocumentKind.COMMERCIAL_INVOICE).fulfillment_id
    assert numbers == list(range(numbers[0], numbers[0] + 3))  # gapless, one per fulfilment
    # The makers earned their share of each unit shipped: 40% of 20.00 twice, 25% of 150.00 once.
    earned = MakerEarning.objects.filter(order_line__order=order, kind=MakerEarningKind.EARNED)
    by_line = {
        line.pk: sum(e.share_amount for e in earned.filter(order_line=line)) for line in (baskets, weaving)
    }
    assert by_line == {baskets.pk: Decimal("16.000"), weaving.pk: Decimal("37.500")}
    assert sum(e.quantity for e in earned) == 3

    # A basket comes back: what its makers earned on it is reversed.
    fulfillment_return_products(
        order=order,
        lines=[(second.lines.get().pk, 1, ())],
        refund=False,
        amount_to_refund=None,
        actor=Actor.of(user=packer),
    )
    # The weaving's parcel is canceled before it left: its earnings are reversed too.
    fulfillment_cancel(fulfillment=third, warehouse_id=None, actor=Actor.of(user=packer))

    ledger = MakerEarning.objects.filter(order_line__order=order)
    returned = ledger.get(kind=MakerEarningKind.RETURNED)
    canceled = ledger.get(kind=MakerEarningKind.CANCELED)
    assert (returned.quantity, returned.share_amount) == (-1, Decimal("-8.000"))
    assert (canceled.quantity, canceled.share_amount) == (-1, Decimal("-37.500"))
    assert sum(e.share_amount for e in ledger) == Decimal("8.000")  # one basket still with its buyer

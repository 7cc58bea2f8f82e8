"""The admin's export papers on the order page and the makers' statements (``MANAGE_ORDERS``)."""

from __future__ import annotations

import csv
import io
import urllib.parse
from decimal import Decimal

import pytest
from django.test import Client

from storefront.accounts.actor import Actor
from storefront.catalog.models import ProductVariantChannelListing
from storefront.orders.fulfilment import FulfilLine, FulfilStock, order_fulfill
from tests.storefront.orders.fulfil_setup import line_of, order_paid, shop_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def shipped(signing_key, origin, maker, django_capture_on_commit_callbacks):
    """An order whose basket was shipped, its makers paid 40% of it."""
    shop = shop_create(origin=origin, maker=maker)
    ProductVariantChannelListing.objects.filter(variant=shop.baskets).update(maker_share_percent=Decimal(40))
    order = order_paid(shop, [(shop.baskets, 1)])
    with django_capture_on_commit_callbacks(execute=True):
        order_fulfill(
            order=order,
            lines=[FulfilLine(line_of(order, shop.baskets).pk, (FulfilStock(shop.home.pk, 1),))],
            actor=Actor.system(),
        )
    return order, maker


def test_the_order_page_links_each_paper_of_each_fulfilment(as_staff, shipped):
    order, _maker = shipped
    client = as_staff("Fulfilment")

    page = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    for label in ("Commercial invoice", "Packing list", "Certificate tags"):
        assert f"{label} #{order.number}-1" in page
    links = [part.split('"')[0] for part in page.split('class="asal-document" href="')[1:]]
    assert len(links) == 3
    served = Client().get(urllib.parse.urlsplit(links[0].replace("&amp;", "&")).path)
    assert served.status_code == 200 and b"".join(served).startswith(b"%PDF")
    indonesian = as_staff("Fulfilment")
    indonesian.post("/admin/language/", {"language": "id", "next": "/admin/"})
    assert (
        f"Faktur komersial #{order.number}-1"
        in indonesian.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    )


def test_a_makers_statement_shows_units_gross_and_share_with_its_csv(as_staff, shipped):
    order, artisan = shipped
    client = as_staff("Fulfilment")
    today = order.created_at.date().isoformat()

    response = client.get(
        "/admin/orders/makerearning/statement/", {"maker": artisan.pk, "gte": today, "lte": today}
    )

    assert response.status_code == 200
    statement = response.context["statement"]
    assert [(row.order_number, row.units, row.gross, row.share) for row in statement.rows] == [
        (order.number, 1, Decimal("20.000"), Decimal("8.000"))
    ]
    page = response.content.decode()
    assert f"#{order.number}" in page and 'id="statement-csv"' in page
    download = client.get(response.context["csv_url"])
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert download.status_code == 200 and any(str(order.number) in row for row in rows)
    ledger = client.get("/admin/orders/makerearning/")
    assert ledger.status_code == 200 and artisan.display_name in ledger.content.decode()


def test_a_backwards_period_is_an_error_on_the_form(as_staff, shipped):
    _order, artisan = shipped
    response = as_staff("Fulfilment").get(
        "/admin/orders/makerearning/statement/",
        {"maker": artisan.pk, "gte": "2026-02-01", "lte": "2026-01-01"},
    )
    assert response.status_code == 400 and response.context["statement"] is None


def test_only_staff_with_manage_orders_see_earnings(as_staff, shipped):
    _order, artisan = shipped
    for group in ("Marketing", "Catalogue"):
        client = as_staff(group)
        assert client.get("/admin/orders/makerearning/statement/", {"maker": artisan.pk}).status_code == 403
        assert client.get("/admin/orders/makerearning/").status_code == 403

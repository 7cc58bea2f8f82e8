"""The statement CSV download: staff with MANAGE_ORDERS only, private, and the same CSV as the API."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from storefront.accounts.permissions import PermissionCode
from storefront.orders.earnings import earnings_record_fulfilled
from tests.storefront.accounts.factories import UserFactory, staff_user
from tests.storefront.orders.earnings_factories import fulfil, lot_of, makers, order_with_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def weaver():
    (maker,) = makers(1)
    order = order_with_share("USD", price="40.00", quantity=2, share_amount="7.50")
    earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, maker, units=2)))
    return maker


def _url(maker, gte=None, lte=None) -> str:
    today = timezone.localdate().isoformat()
    return f"/statement/maker/{maker.pk}.csv?gte={gte or today}&lte={lte or today}"


def test_staff_managing_orders_download_the_statement(client, weaver):
    client.force_login(staff_user(PermissionCode.MANAGE_ORDERS))

    response = client.get(_url(weaver))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith(f'attachment; filename="statement-{weaver.slug}-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["kind"], r["units"], r["share"]) for r in rows] == [
        ("EARNED", "2", "15.00"),
        ("TOTAL", "2", "15.00"),
        ("TOTAL", "", ""),
    ]


@pytest.mark.parametrize("who", ["anonymous", "buyer", "staff without MANAGE_ORDERS"])
def test_others_are_refused(client, weaver, who):
    if who == "buyer":
        client.force_login(UserFactory())
    elif who == "staff without MANAGE_ORDERS":
        client.force_login(staff_user(PermissionCode.MANAGE_PROVENANCE))

    response = client.get(_url(weaver))

    assert response.status_code == 403
    assert b"EARNED" not in response.content


@pytest.mark.parametrize(
    ("gte", "lte"), [("yesterday", "2026-11-30"), ("2026-11-30", "2026-11-01"), ("2024-01-01", "2026-01-01")]
)
def test_bad_periods_are_a_clear_400(client, weaver, gte, lte):
    client.force_login(staff_user(PermissionCode.MANAGE_ORDERS))

    response = client.get(_url(weaver, gte, lte))

    assert response.status_code == 400


def test_an_unknown_maker_is_404(client, weaver):
    client.force_login(staff_user(PermissionCode.MANAGE_ORDERS))
    weaver.pk = 10**9

    assert client.get(_url(weaver)).status_code == 404

"""makerStatement: a maker's earnings for a period through the staff API, and who may read it."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from storefront.orders.choices import MakerEarningKind
from storefront.orders.earnings import earnings_record_fulfilled, earnings_reverse
from tests.graphql.provenance.helpers import denied
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.earnings_factories import fulfil, lot_of, makers, order_with_share, settle

pytestmark = pytest.mark.django_db

STATEMENT = """
query($maker: ID!, $period: MakerStatementPeriodInput!) {
  makerStatement(maker: $maker, period: $period) {
    maker { id displayName }
    start end
    rows {
      kind orderNumber product serials units exchangeRate
      gross { amount currency } share { amount currency } shareInSettlementCurrency { amount currency }
    }
    totals { units gross { amount currency } share { amount currency } }
    shareInSettlementCurrency { amount currency }
    rowsWithoutRate
    csv
  }
}"""


@pytest.fixture
def earned():
    """A maker who earned on two units of a USD sale settled in rupiah, one of them returned."""
    (weaver,) = makers(1)
    order = order_with_share("USD", price="40.00", quantity=2, share_percent="25")
    settle(order, rate="16000")
    units = lot_of(order, weaver, units=2)
    earnings_record_fulfilled(fulfillment=fulfil(order, units))
    earnings_reverse(order_line=order.lines.get(), quantity=1, kind=MakerEarningKind.RETURNED)
    return {"maker": weaver, "order": order, "units": units}


def _variables(maker):
    today = timezone.localdate().isoformat()
    return {"maker": to_global_id("Maker", maker.pk), "period": {"gte": today, "lte": today}}


def test_staff_managing_orders_read_the_statement_with_totals_and_csv(gql, earned):
    staff = staff_user(PermissionCode.MANAGE_ORDERS)

    body = gql(STATEMENT, _variables(earned["maker"]), headers=bearer(staff))

    statement = body["data"]["makerStatement"]
    assert statement["maker"]["displayName"] == earned["maker"].display_name
    assert [(r["kind"], r["units"], r["share"]["amount"]) for r in statement["rows"]] == [
        ("EARNED", 2, 20.0),
        ("RETURNED", -1, -10.0),
    ]
    first = statement["rows"][0]
    assert first["orderNumber"] == str(earned["order"].number)
    assert sorted(first["serials"]) == sorted(unit.serial for unit in earned["units"])
    assert first["gross"] == {"amount": 80.0, "currency": "USD"}
    assert first["shareInSettlementCurrency"] == {"amount": 320000.0, "currency": "IDR"}
    assert statement["totals"] == [
        {
            "units": 1,
            "gross": {"amount": 40.0, "currency": "USD"},
            "share": {"amount": 10.0, "currency": "USD"},
        }
    ]
    assert statement["shareInSettlementCurrency"] == {"amount": 160000.0, "currency": "IDR"}
    assert statement["rowsWithoutRate"] == 0
    parsed = list(csv.DictReader(io.StringIO(statement["csv"])))
    assert [(r["kind"], r["share"], r["share_idr"]) for r in parsed] == [
        ("EARNED", "20.00", "320000.00"),
        ("RETURNED", "-10.00", "-160000.00"),
        ("TOTAL", "10.00", ""),
        ("TOTAL", "", "160000.00"),
    ]


def test_an_app_with_manage_orders_may_read_it(gql, earned):
    _app, token = app_create(name="Payouts", permissions=[PermissionCode.MANAGE_ORDERS])

    body = gql(STATEMENT, _variables(earned["maker"]), headers=bearer(token))

    assert len(body["data"]["makerStatement"]["rows"]) == 2


@pytest.mark.parametrize("caller", ["anonymous", "buyer", "provenance staff", "app without the permission"])
def test_others_are_refused_and_see_nothing(gql, earned, caller):
    headers = {
        "anonymous": lambda: {},
        "buyer": lambda: bearer(UserFactory()),
        "provenance staff": lambda: bearer(staff_user(PermissionCode.MANAGE_PROVENANCE)),
        "app without the permission": lambda: bearer(
            app_create(name="Catalogue", permissions=[PermissionCode.MANAGE_PRODUCTS])[1]
        ),
    }[caller]()

    body = gql(STATEMENT, _variables(earned["maker"]), headers=headers)

    assert denied(body)
    assert (body.get("data") or {}).get("makerStatement") is None


def test_a_period_backwards_or_longer_than_a_year_is_refused_cleanly(gql, earned):
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    maker = to_global_id("Maker", earned["maker"].pk)

    backwards = gql(
        STATEMENT, {"maker": maker, "period": {"gte": "2026-11-30", "lte": "2026-11-01"}}, headers=headers
    )
    too_long = gql(
        STATEMENT, {"maker": maker, "period": {"gte": "2024-01-01", "lte": "2026-01-01"}}, headers=headers
    )

    assert backwards["data"]["makerStatement"] is None
    assert backwards["errors"][0]["message"] == "The period ends before it starts."
    assert too_long["errors"][0]["message"] == "A statement covers at most 366 days."


def test_an_unknown_maker_has_no_statement(gql, earned):
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))

    body = gql(
        STATEMENT, {**_variables(earned["maker"]), "maker": to_global_id("Maker", 10**9)}, headers=headers
    )

    assert body["data"]["makerStatement"] is None and "errors" not in body

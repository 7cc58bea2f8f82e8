"""``unitWriteOff``: a damaged or lost piece leaves stock and its certificate is revoked.

Bad input changes nothing.
"""

from __future__ import annotations

import pytest

from provenance.certificates.models import Unit
from provenance.certificates.verification import certificate_verify
from provenance.vc.results import CheckCode
from storefront.accounts.models import AuditLogEntry
from storefront.inventory.models import Stock
from tests.graphql.provenance.helpers import denied

pytestmark = pytest.mark.django_db

WRITE_OFF = """
mutation WriteOff($serial: String!, $status: UnitWriteOffStatusEnum!, $reason: String!) {
  unitWriteOff(serial: $serial, status: $status, reason: $reason) {
    certificate { serial status }
    errors { field code message }
  }
}
"""


def _stock(unit: Unit) -> int:
    return Stock.objects.get(warehouse=unit.lot.warehouse, product_variant=unit.lot.variant).quantity


def test_damaged_piece_leaves_stock_and_its_certificate_verifies_as_revoked(call, staff, unit):
    before = _stock(unit)
    payload = call(
        WRITE_OFF, {"serial": unit.serial, "status": "DAMAGED", "reason": "Cracked in the kiln"}, user=staff
    )["data"]["unitWriteOff"]
    assert payload["errors"] == []
    assert payload["certificate"]["status"] == "REVOKED"
    unit.refresh_from_db()
    assert unit.status == Unit.Status.DAMAGED
    assert _stock(unit) == before - 1
    assert CheckCode.REVOKED in certificate_verify(unit.certificate.credential).status_codes
    entry = AuditLogEntry.objects.get(action="unit.written_off")
    assert entry.payload["reason"] == "Cracked in the kiln" and entry.actor_user == staff


def test_a_piece_is_written_off_once(call, staff, unit):
    call(WRITE_OFF, {"serial": unit.serial, "status": "LOST", "reason": "Lost at the market"}, user=staff)
    stock = _stock(unit)
    payload = call(WRITE_OFF, {"serial": unit.serial, "status": "LOST", "reason": "again"}, user=staff)[
        "data"
    ]["unitWriteOff"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("serial", "INVALID")]
    assert _stock(unit) == stock


def test_a_piece_allocated_to_an_order_cannot_be_written_off(call, staff, unit):
    Stock.objects.filter(warehouse=unit.lot.warehouse, product_variant=unit.lot.variant).update(
        quantity_allocated=3
    )
    payload = call(WRITE_OFF, {"serial": unit.serial, "status": "DAMAGED", "reason": "x"}, user=staff)[
        "data"
    ]["unitWriteOff"]
    assert payload["errors"][0]["code"] == "INVALID"
    unit.refresh_from_db()
    assert unit.status == Unit.Status.IN_STOCK
    assert unit.certificate.revoked_at is None
    assert not AuditLogEntry.objects.filter(action="unit.written_off").exists()


def test_reason_is_required(call, staff, unit):
    payload = call(WRITE_OFF, {"serial": unit.serial, "status": "DAMAGED", "reason": " "}, user=staff)[
        "data"
    ]["unitWriteOff"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("reason", "REQUIRED")]
    unit.refresh_from_db()
    assert unit.status == Unit.Status.IN_STOCK


def test_unknown_serial_is_not_found(call, staff, db):
    payload = call(WRITE_OFF, {"serial": "NOPE", "status": "LOST", "reason": "x"}, user=staff)["data"][
        "unitWriteOff"
    ]
    assert payload["errors"][0]["code"] == "NOT_FOUND"


def test_buyers_cannot_write_off(call, unit):
    result = call(WRITE_OFF, {"serial": unit.serial, "status": "LOST", "reason": "x"})
    assert denied(result)
    unit.refresh_from_db()
    assert unit.status == Unit.Status.IN_STOCK

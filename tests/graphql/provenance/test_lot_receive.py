"""``productionLotReceive``: staff receive a lot and get its certified units; bad input changes nothing."""

from __future__ import annotations

import base64

import pytest

from graphql_schema.core.relay import to_global_id
from graphql_schema.provenance import lots
from provenance.certificates.models import CustodyEvent, OriginCertificate, ProductionLot, Unit
from provenance.origins.models import Maker, Material, Technique
from storefront.accounts.models import AuditLogEntry
from storefront.inventory.models import Stock
from tests.graphql.provenance.helpers import denied

pytestmark = pytest.mark.django_db

RECEIVE = """
mutation Receive($input: ProductionLotReceiveInput!) {
  productionLotReceive(input: $input) {
    lot {
      id code quantity
      units { serial status certificate { serial status checkCode makers { name role } custody { type } } }
    }
    errors { field code message }
  }
}
"""


@pytest.fixture
def lot_input(signing_key, variant, warehouse, origin, maker) -> dict:
    material = Material.objects.create(
        name="Bamboo", name_id="Bambu", slug="bamboo-api", origin_area="Rinjani"
    )
    technique = Technique.objects.create(name="Plaiting", slug="plaiting-api")
    return {
        "code": "LOT-API-001",
        "variant": to_global_id("ProductVariant", variant.pk),
        "warehouse": to_global_id("Warehouse", warehouse.pk),
        "quantity": 2,
        "origin": to_global_id("Origin", origin.pk),
        "makers": [{"maker": to_global_id("Maker", maker.pk), "role": "weaver"}],
        "unitMakers": [to_global_id("Maker", maker.pk), None],
        "materials": [to_global_id("Material", material.pk)],
        "techniques": [to_global_id("Technique", technique.pk)],
        "motif": "Kembang",
        "workshop": "Loyok weaving hall",
        "productionStartedOn": "2026-10-01",
        "productionFinishedOn": "2026-10-20",
        "notes": "Dry season bamboo",
    }


def _snapshot() -> tuple[int, ...]:
    return (
        ProductionLot.objects.count(),
        Unit.objects.count(),
        OriginCertificate.objects.count(),
        CustodyEvent.objects.count(),
        sum(Stock.objects.values_list("quantity", flat=True)),
        AuditLogEntry.objects.count(),
    )


def test_staff_receive_a_lot_and_get_its_certified_units(call, staff, lot_input, warehouse, variant):
    result = call(RECEIVE, {"input": lot_input}, user=staff)

    payload = result["data"]["productionLotReceive"]
    assert payload["errors"] == []
    lot = ProductionLot.objects.get(code="LOT-API-001")
    assert payload["lot"]["id"] == to_global_id("ProductionLot", lot.pk)
    assert payload["lot"]["quantity"] == 2
    units = payload["lot"]["units"]
    assert [u["serial"] for u in units] == list(lot.units.order_by("pk").values_list("serial", flat=True))
    assert all(u["status"] == "IN_STOCK" and u["certificate"]["status"] == "VALID" for u in units)
    assert units[0]["certificate"]["makers"] == [{"name": "Inaq Sumiati", "role": "weaver"}]
    assert [e["type"] for e in units[1]["certificate"]["custody"]] == ["PRODUCED", "CERTIFIED"]
    assert Stock.objects.get(warehouse=warehouse, product_variant=variant).quantity == 2
    assert lot.units.first().maker_id is not None and lot.units.last().maker_id is None
    assert lot.motif == "Kembang" and lot.materials.get().origin_area == "Rinjani"


def test_receiving_a_lot_records_an_audit_entry(call, staff, lot_input):
    call(RECEIVE, {"input": lot_input}, user=staff)

    entry = AuditLogEntry.objects.get(action="production_lot.received")
    lot = ProductionLot.objects.get(code="LOT-API-001")
    assert entry.actor_user == staff
    assert (entry.object_type, entry.object_id) == ("certificates.ProductionLot", str(lot.pk))
    assert entry.payload["quantity"] == 2
    assert sorted(entry.payload["serials"]) == sorted(lot.units.values_list("serial", flat=True))


def test_manage_provenance_permission_also_receives_lots(call, provenance_staff, lot_input):
    result = call(RECEIVE, {"input": lot_input}, user=provenance_staff)

    assert result["data"]["productionLotReceive"]["errors"] == []
    assert ProductionLot.objects.filter(code="LOT-API-001").exists()


@pytest.mark.parametrize("who", ["anonymous", "product_staff"])
def test_callers_without_a_provenance_permission_are_refused_and_nothing_changes(
    call, request, lot_input, who
):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    before = _snapshot()

    result = call(RECEIVE, {"input": lot_input}, user=user)

    assert denied(result)
    assert result["data"]["productionLotReceive"] is None
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("variant", "not-a-global-id!", "INVALID"),
        ("variant", base64.b64encode(b"ProductVariant:abc").decode(), "INVALID"),
        ("variant", to_global_id("Warehouse", 1), "INVALID"),
        ("variant", to_global_id("ProductVariant", 987654), "NOT_FOUND"),
        ("variant", to_global_id("ProductVariant", 99999999999999999999), "NOT_FOUND"),
        ("warehouse", "%%%", "INVALID"),
        ("warehouse", to_global_id("Warehouse", 987654), "NOT_FOUND"),
        ("origin", to_global_id("Maker", 1), "INVALID"),
        ("origin", to_global_id("Origin", 987654), "NOT_FOUND"),
        ("makers", [{"maker": "garbage", "role": "weaver"}], "INVALID"),
        ("makers", [{"maker": to_global_id("Maker", 987654), "role": "weaver"}], "NOT_FOUND"),
        ("unitMakers", ["garbage", None], "INVALID"),
        ("materials", [to_global_id("Material", 987654)], "NOT_FOUND"),
        ("techniques", ["garbage"], "INVALID"),
    ],
)
def test_a_bad_or_unknown_id_is_an_error_on_its_field_and_changes_nothing(
    call, staff, lot_input, field, value, code
):
    lot_input[field] = value
    before = _snapshot()

    result = call(RECEIVE, {"input": lot_input}, user=staff)

    assert "errors" not in result, result
    payload = result["data"]["productionLotReceive"]
    assert payload["lot"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"quantity": 0}, "quantity", "INVALID"),
        ({"quantity": 1001}, "quantity", "INVALID"),
        ({"makers": []}, "makers", "REQUIRED"),
        ({"unitMakers": [None]}, "unitMakers", "INVALID"),
        ({"productionFinishedOn": "2026-09-01"}, "productionPeriod", "INVALID"),
        ({"code": "  "}, "code", "REQUIRED"),
        ({"code": "L" * 65}, "code", "INVALID"),
        ({"motif": "m" * 256}, "motif", "INVALID"),
        ({"harvestedOn": "2026-10-05", "bestBefore": "2026-10-04"}, "bestBefore", "INVALID"),
    ],
)
def test_invalid_lots_are_refused_with_an_error_and_change_nothing(
    call, staff, lot_input, changes, field, code
):
    lot_input.update(changes)
    before = _snapshot()

    payload = call(RECEIVE, {"input": lot_input}, user=staff)["data"]["productionLotReceive"]

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert _snapshot() == before


def test_a_maker_named_twice_in_one_role_is_refused(call, staff, lot_input):
    lot_input["makers"] = lot_input["makers"] * 2
    before = _snapshot()

    payload = call(RECEIVE, {"input": lot_input}, user=staff)["data"]["productionLotReceive"]

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("makers", "INVALID")]
    assert _snapshot() == before


def test_a_lot_code_is_used_once(call, staff, lot_input):
    call(RECEIVE, {"input": lot_input}, user=staff)
    before = _snapshot()

    payload = call(RECEIVE, {"input": lot_input}, user=staff)["data"]["productionLotReceive"]

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("code", "UNIQUE")]
    assert _snapshot() == before


def test_a_one_of_a_kind_piece_is_a_lot_of_one(call, staff, lot_input, variant):
    variant.is_one_of_a_kind = True
    variant.save(update_fields=["is_one_of_a_kind"])
    lot_input.update(quantity=2)
    before = _snapshot()

    payload = call(RECEIVE, {"input": lot_input}, user=staff)["data"]["productionLotReceive"]

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("quantity", "INVALID")]
    assert _snapshot() == before


def test_without_a_signing_key_the_lot_is_refused(call, staff, lot_input, signing_key, settings):
    settings.ASAL_SIGNING_KEY = ""
    signing_key.delete()
    before = _snapshot()

    payload = call(RECEIVE, {"input": lot_input}, user=staff)["data"]["productionLotReceive"]

    assert [e["code"] for e in payload["errors"]] == ["NO_SIGNING_KEY"]
    assert _snapshot() == before


def test_a_lot_code_taken_by_a_simultaneous_request_is_an_error_not_a_crash(
    call, staff, lot_input, monkeypatch, variant, warehouse, origin
):
    """The other request commits its lot between our check of the code and our insert."""
    checked = lots._arguments

    def check_then_lose_the_race(data):
        arguments = checked(data)
        ProductionLot.objects.create(
            code=arguments["code"],
            variant=variant,
            warehouse=warehouse,
            quantity=1,
            origin=origin,
            production_started_on="2026-10-01",
            production_finished_on="2026-10-02",
        )
        return arguments

    monkeypatch.setattr(lots, "_arguments", check_then_lose_the_race)

    payload = call(RECEIVE, {"input": lot_input}, user=staff)["data"]["productionLotReceive"]

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("code", "UNIQUE")]
    assert Unit.objects.count() == 0 and not AuditLogEntry.objects.exists()


RECEIVE_WITH_DETAILS = """
mutation Receive($input: ProductionLotReceiveInput!) {
  productionLotReceive(input: $input) { lot { id } errors { field code message makers photos } }
}
"""


def test_three_bad_fields_answer_three_errors_with_their_details(call, staff, lot_input, maker, origin):
    stranger = Maker.objects.create(display_name="Amaq Rudi", slug="amaq-rudi", origin=origin)
    lot_input["makers"] = lot_input["makers"] * 2  # the same maker twice as a weaver
    lot_input["unitMakers"] = [to_global_id("Maker", stranger.pk), None]  # not one of the lot's makers
    lot_input["motif"] = "m" * 256
    before = _snapshot()

    result = call(RECEIVE_WITH_DETAILS, {"input": lot_input}, user=staff)

    payload = result["data"]["productionLotReceive"]
    assert payload["lot"] is None
    assert [(e["field"], e["code"], e["makers"]) for e in payload["errors"]] == [
        ("motif", "INVALID", None),
        ("makers", "INVALID", [to_global_id("Maker", maker.pk)]),
        ("unitMakers", "INVALID", [to_global_id("Maker", stranger.pk)]),
    ]
    assert all(e["message"] and e["photos"] is None for e in payload["errors"])
    assert _snapshot() == before


def test_every_bad_id_is_reported_at_once(call, staff, lot_input):
    lot_input.update(
        variant=to_global_id("ProductVariant", 987654),
        warehouse="%%%",
        materials=[to_global_id("Material", 987654)],
    )

    payload = call(RECEIVE, {"input": lot_input}, user=staff)["data"]["productionLotReceive"]

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("variant", "NOT_FOUND"),
        ("warehouse", "INVALID"),
        ("materials", "NOT_FOUND"),
    ]

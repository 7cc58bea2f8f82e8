"""A one-of-a-kind variant shows its very piece's certificate before sale; certified units are
counted; both are batched (a page costs the same for 1 and 10 variants) and free when not asked."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provenance.certificates.models import Unit
from provenance.certificates.services import MakerRole, lot_receive
from provenance.certificates.status_changes import certificate_revoke
from storefront.accounts.actor import Actor
from tests.graphql.catalog.factories import ChannelFactory, ProductFactory, VariantFactory, price, publish

pytestmark = pytest.mark.django_db

VARIANTS = """
query Variants($first: Int!, $channel: String!) {
  productVariants(first: $first, channel: $channel) {
    edges { node {
      id isOneOfAKind certifiedUnitsAvailable
      certificate { serial status makers { name } origin { village } custody { type } }
      product { certifiedUnitsAvailable }
    } }
  }
}
"""
PLAIN_VARIANTS = """
query Variants($first: Int!, $channel: String!) {
  productVariants(first: $first, channel: $channel) { edges { node { id name isOneOfAKind } } }
}
"""


@pytest.fixture
def channel(db):
    return ChannelFactory()


def _piece(channel, warehouse, origin, maker, *, one_of_a_kind: bool = True, quantity: int = 1):
    """A published, priced variant received as a lot (of one, for a one-of-a-kind piece)."""
    product = ProductFactory(origin=origin)  # not a factory origin: its slugs would clash with the fixture's
    publish(product, channel)
    variant = VariantFactory(product=product, is_one_of_a_kind=one_of_a_kind)
    price(variant, channel, "450000.00")
    warehouse.channels.add(channel)
    lot = lot_receive(
        actor=Actor.system(),
        code=f"LOT-{variant.sku}",
        variant=variant,
        warehouse=warehouse,
        quantity=quantity,
        origin=origin,
        makers=[MakerRole(maker=maker, role="potter")],
        production_started_on=datetime.date(2026, 9, 1),
        production_finished_on=datetime.date(2026, 9, 9),
    )
    return variant, lot


def _run(call, document: str, variables: dict) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        result = call(document, variables)
    assert "errors" not in result, result
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")
    return result, [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(skip)]


def _nodes(result: dict) -> list[dict]:
    return [edge["node"] for edge in result["data"]["productVariants"]["edges"]]


def test_a_one_of_a_kind_variant_shows_the_certificate_of_its_piece(
    call, channel, signing_key, warehouse, origin, maker
):
    _, lot = _piece(channel, warehouse, origin, maker)

    node = _nodes(call(VARIANTS, {"first": 10, "channel": channel.slug}))[0]

    assert node["isOneOfAKind"] is True
    assert node["certificate"]["serial"] == lot.units.get().serial
    assert node["certificate"]["status"] == "VALID"
    assert node["certificate"]["makers"] == [{"name": "Inaq Sumiati"}]
    assert node["certificate"]["origin"] == {"village": "Loyok"}
    assert [e["type"] for e in node["certificate"]["custody"]] == ["PRODUCED", "CERTIFIED"]
    assert node["certifiedUnitsAvailable"] == 1
    assert node["product"]["certifiedUnitsAvailable"] == 1


def test_other_variants_have_no_certificate_but_count_their_certified_units(
    call, channel, signing_key, warehouse, origin, maker
):
    _piece(channel, warehouse, origin, maker, one_of_a_kind=False, quantity=3)

    node = _nodes(call(VARIANTS, {"first": 10, "channel": channel.slug}))[0]

    assert node["certificate"] is None
    assert node["certifiedUnitsAvailable"] == 3


def test_a_sold_piece_shows_no_certificate_and_a_revoked_one_is_not_counted(
    call, channel, signing_key, warehouse, origin, maker
):
    _, sold_lot = _piece(channel, warehouse, origin, maker)
    Unit.objects.filter(lot=sold_lot).update(status=Unit.Status.SOLD)
    _, lot = _piece(channel, warehouse, origin, maker, one_of_a_kind=False, quantity=2)
    certificate_revoke(actor=Actor.system(), certificate=lot.units.first().certificate, reason="Damaged")

    nodes = {n["isOneOfAKind"]: n for n in _nodes(call(VARIANTS, {"first": 10, "channel": channel.slug}))}

    assert nodes[True]["certificate"] is None and nodes[True]["certifiedUnitsAvailable"] == 0
    assert nodes[False]["certifiedUnitsAvailable"] == 1


def test_certificates_of_a_page_cost_the_same_for_1_and_10_variants(
    call, channel, signing_key, warehouse, origin, maker
):
    for _ in range(10):
        _piece(channel, warehouse, origin, maker)

    _, one_sql = _run(call, VARIANTS, {"first": 1, "channel": channel.slug})
    many, many_sql = _run(call, VARIANTS, {"first": 10, "channel": channel.slug})

    assert len(_nodes(many)) == 10
    assert all(node["certificate"]["serial"] for node in _nodes(many))
    assert len(one_sql) == len(many_sql), "\n\n".join(many_sql)


def test_the_fields_cost_no_query_when_not_selected(call, channel, signing_key, warehouse, origin, maker):
    _piece(channel, warehouse, origin, maker)

    _, sql = _run(call, PLAIN_VARIANTS, {"first": 10, "channel": channel.slug})

    assert not any("certificates_" in statement for statement in sql), "\n\n".join(sql)


def test_verifying_a_page_of_certificates_resolves_keys_and_status_lists_once(
    call, channel, signing_key, warehouse, origin, maker
):
    for _ in range(5):
        _piece(channel, warehouse, origin, maker)
    document = """query($first: Int!, $channel: String!) { productVariants(first: $first, channel: $channel) {
        edges { node { certificate { verification { verified status } } } } } }"""

    _run(call, document, {"first": 1, "channel": channel.slug})  # signs the status lists (then cached)

    _, one_sql = _run(call, document, {"first": 1, "channel": channel.slug})
    many, many_sql = _run(call, document, {"first": 5, "channel": channel.slug})

    assert [n["certificate"]["verification"] for n in _nodes(many)] == [
        {"verified": True, "status": "VALID"}
    ] * 5
    assert len(one_sql) == len(many_sql), "\n\n".join(many_sql)

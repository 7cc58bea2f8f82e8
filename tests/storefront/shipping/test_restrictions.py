"""Restricted goods: prefix matching on HS digits, per destination, in one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.shipping.models import Restriction
from storefront.shipping.restrictions import hs_digits, restricted_items

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules():
    Restriction.objects.create(
        hs_code_prefix="0409",
        country="AU",
        reason="Honey may not enter Australia.",
        reason_id="Madu dilarang.",
    )
    Restriction.objects.create(
        hs_code_prefix="09",
        country="AU",
        kind=Restriction.Kind.RESTRICTED,
        reason="Coffee, tea and spices need a permit.",
    )
    Restriction.objects.create(hs_code_prefix="090111", country="AU", reason="Unroasted coffee is forbidden.")
    Restriction.objects.create(hs_code_prefix="0409", country="NZ", reason="Honey may not enter New Zealand.")


def test_an_hs_code_matching_a_prefix_of_the_destination_is_a_hit():
    hits = restricted_items("AU", [("honey", "0409.00"), ("ikat", "6304.91"), ("pot", "")])
    assert [(hit.key, hit.restriction.hs_code_prefix) for hit in hits] == [("honey", "0409")]
    assert hits[0].restriction.reason_id == "Madu dilarang."


def test_the_longest_prefix_wins():
    hits = restricted_items("au", [(1, "090111"), (2, "0901.21"), (3, "0905")])
    assert [(hit.key, hit.restriction.hs_code_prefix, hit.restriction.kind) for hit in hits] == [
        (1, "090111", "FORBIDDEN"),
        (2, "09", "RESTRICTED"),
        (3, "09", "RESTRICTED"),
    ]


def test_other_destinations_and_near_misses_are_not_hits():
    assert restricted_items("DE", [("honey", "040900")]) == []
    assert restricted_items("AU", [("not honey", "0410"), ("short", "04")]) == []
    assert [hit.key for hit in restricted_items("NZ", [("honey", "040900")])] == ["honey"]


def test_one_query_for_any_number_of_items_and_none_for_no_codes():
    items = [(index, "0409" if index % 2 else "6304") for index in range(30)]
    with CaptureQueriesContext(connection) as queries:
        hits = restricted_items("AU", items)
    assert len(queries) == 1 and len(hits) == 15
    with CaptureQueriesContext(connection) as none:
        assert restricted_items("AU", [(1, None), (2, "")]) == []
    assert len(none) == 0


def test_hs_codes_compare_by_digits():
    assert hs_digits("0409.00") == hs_digits("0409 00") == "040900"
    assert hs_digits(None) == ""

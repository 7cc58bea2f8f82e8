"""The admin's voucher pages write through the discount services: created and edited with their
rules, dates, limits, countries and catalogue, audited, and refused input changes nothing."""

from __future__ import annotations

import pytest

from storefront.accounts.models import AuditLogEntry
from storefront.catalog.models import Collection
from storefront.discounts.models import Voucher

pytestmark = pytest.mark.django_db


def _form(**fields):
    values = {
        "name": "Jakarta fair",
        "type": "ENTIRE_ORDER",
        "discount_value_type": "PERCENTAGE",
        "usage_limit": "100",
        "countries": "id, de",
        "start_date_0": "2026-12-01",
        "start_date_1": "09:00:00",
        "end_date_0": "2026-12-31",
        "end_date_1": "18:00:00",
    }
    values.update(fields)
    return values


def test_the_marketing_group_creates_and_edits_a_voucher(as_staff):
    rattan = Collection.objects.create(name="Loyok rattan", slug="loyok-rattan")
    client = as_staff("Marketing")
    response = client.post("/admin/discounts/voucher/add/", _form(collections=[rattan.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    voucher = Voucher.objects.get()
    assert (voucher.name, voucher.usage_limit, voucher.countries) == ("Jakarta fair", 100, ["DE", "ID"])
    assert list(voucher.collections.all()) == [rattan]
    assert voucher.codes.count() == 1  # a generated code, as the API gives
    assert AuditLogEntry.objects.filter(action="voucher.created").count() == 1

    edited = client.post(
        f"/admin/discounts/voucher/{voucher.pk}/change/", _form(usage_limit="5", countries="")
    )
    assert edited.status_code == 302
    voucher.refresh_from_db()
    assert (voucher.usage_limit, voucher.countries) == (5, [])
    assert not voucher.collections.exists()  # taken out of the catalogue through the service
    assert AuditLogEntry.objects.filter(action="voucher.catalogues_removed").count() == 1


def test_a_bad_voucher_is_refused_on_the_form_and_nothing_changes(as_staff):
    client = as_staff("Marketing")
    response = client.post("/admin/discounts/voucher/add/", _form(countries="XX", end_date_0="2026-11-01"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "countries" in errors and "end_date" in errors
    assert not Voucher.objects.exists()
    assert not AuditLogEntry.objects.filter(action="voucher.created").exists()

"""The audit log service (storefront/accounts/audit.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from storefront.accounts.audit import audit_log_record
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.services import app_create
from tests.storefront.accounts.factories import staff_user

pytestmark = pytest.mark.django_db


def test_records_who_did_what_to_which_object():
    user = staff_user()
    entry = audit_log_record(
        actor_user=user,
        action="product.updated",
        target_type="catalog.Product",
        target_id=42,
        payload={"name": "Gerabah Banyumulek"},
    )
    stored = AuditLogEntry.objects.get(pk=entry.pk)
    assert (stored.actor_user, stored.actor_app) == (user, None)
    assert (stored.action, stored.object_type, stored.object_id) == (
        "product.updated",
        "catalog.Product",
        "42",
    )
    assert stored.payload == {"name": "Gerabah Banyumulek"}


def test_app_actor_and_money_keep_exact_digits():
    app, _ = app_create(name="Importer", permissions=[])
    entry = audit_log_record(
        actor_app=app,
        action="price.updated",
        target_type="catalog.ProductVariantChannelListing",
        target_id="7",
        payload={"price": Decimal("450000.00"), "currency": "IDR"},
    )
    entry.refresh_from_db()
    assert entry.actor_app == app
    assert entry.payload == {"price": "450000.00", "currency": "IDR"}


def test_anonymous_user_is_recorded_as_no_actor():
    entry = audit_log_record(
        actor_user=AnonymousUser(), action="maker.created", target_type="origins.Maker", target_id=1
    )
    assert entry.actor_user is None and entry.payload == {}


def test_entry_is_rolled_back_with_the_write_it_describes():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_log_record(action="product.deleted", target_type="catalog.Product", target_id=1)
        raise RuntimeError("the write failed")
    assert not AuditLogEntry.objects.exists()


def test_action_and_target_type_are_required():
    with pytest.raises(ValueError):
        audit_log_record(action="", target_type="catalog.Product", target_id=1)

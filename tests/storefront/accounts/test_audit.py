"""The audit log service (storefront/accounts/audit.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.services import app_create
from storefront.channels.models import Channel
from tests.storefront.accounts.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel() -> Channel:
    return Channel.objects.create(name="USD", slug="audit-usd", currency_code="USD", default_country="US")


def test_records_who_did_what_to_which_object(channel):
    user = staff_user()
    entry = audit_log_record(
        actor=Actor(user=user), action="channel.updated", target=channel, payload={"name": "Intl USD"}
    )
    stored = AuditLogEntry.objects.get(pk=entry.pk)
    assert (stored.actor_user, stored.actor_app) == (user, None)
    assert (stored.action, stored.object_type, stored.object_id) == (
        "channel.updated",
        "channels.Channel",
        str(channel.pk),
    )
    assert stored.payload == {"name": "Intl USD"}


def test_app_actor_and_money_keep_exact_digits(channel):
    app, _ = app_create(name="Importer", permissions=[])
    entry = audit_log_record(
        actor=Actor(app=app),
        action="price.updated",
        target=channel,
        payload={"price": Decimal("450000.00"), "currency": "IDR"},
    )
    entry.refresh_from_db()
    assert entry.actor_app == app
    assert entry.payload == {"price": "450000.00", "currency": "IDR"}


def test_the_system_is_recorded_as_no_actor(channel):
    entry = audit_log_record(actor=Actor.system(), action="channel.created", target=channel)
    assert (entry.actor_user, entry.actor_app) == (None, None)
    assert entry.payload == {}


def test_entry_is_rolled_back_with_the_write_it_describes(channel):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_log_record(actor=Actor.system(), action="channel.deleted", target=channel)
        raise RuntimeError("the write failed")
    assert not AuditLogEntry.objects.exists()


def test_action_is_required(channel):
    with pytest.raises(ValueError):
        audit_log_record(actor=Actor.system(), action="", target=channel)


def test_the_target_must_be_saved():
    with pytest.raises(ValueError):
        audit_log_record(
            actor=Actor.system(),
            action="channel.updated",
            target=Channel(name="x", slug="x", currency_code="USD", default_country="US"),
        )

"""The audit log: one ``AuditLogEntry`` per audited write, saying who changed what.

Every service that changes shop data on behalf of staff, an app or the system takes an
``actor`` (``storefront/accounts/actor.py``) and calls :func:`audit_log_record` inside its
own ``transaction.atomic()`` block, so the entry exists exactly when the change does, and
whoever calls the service (the API, a webhook, a task, a management command) gets it.

Example::

    with transaction.atomic():
        product.name = name
        product.save(update_fields=["name", "updated_at"])
        audit_log_record(actor=actor, action="product.updated", target=product, payload={"name": name})
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry


def audit_log_record(
    *, actor: Actor, action: str, target: models.Model, payload: dict[str, Any] | None = None
) -> AuditLogEntry:
    """Record one write. ``action`` is ``<entity>.<verb>`` (``"product.updated"``).

    The target is stored as ``app_label.Model`` and its primary key (as text), so an entry
    outlives the row it names. ``payload`` is the change itself; Decimals, dates and UUIDs
    are stored as strings (Django's JSON encoder), so money keeps its exact digits. An
    anonymous user counts as no actor.
    """
    if not action:
        raise ValueError("An audit entry needs an action.")
    if target.pk is None:
        raise ValueError("An audit entry names a saved object.")
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    clean_payload = json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder))
    return AuditLogEntry.objects.create(
        actor_user=user,
        actor_app=actor.app,
        action=action,
        object_type=f"{target._meta.app_label}.{target._meta.object_name}",
        object_id=str(target.pk),
        payload=clean_payload,
    )

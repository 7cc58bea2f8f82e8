"""The audit log: one ``AuditLogEntry`` per staff write, saying who changed what.

Every service that changes shop data on behalf of staff or an app calls
:func:`audit_log_record` inside the same ``transaction.atomic()`` block as the change,
so the entry exists exactly when the change does. The API layer passes the actor it
authenticated (``graphql_schema.core.auth.audit_actor(info)`` gives both keywords);
management commands and background jobs pass neither, which records a system action.

Example::

    with transaction.atomic():
        product.name = name
        product.save(update_fields=["name", "updated_at"])
        audit_log_record(
            actor_user=user, action="product.updated", target_type="catalog.Product",
            target_id=product.pk, payload={"name": name},
        )
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from storefront.accounts.models import App, AuditLogEntry, User


def audit_log_record(
    *,
    actor_user: User | None = None,
    actor_app: App | None = None,
    action: str,
    target_type: str,
    target_id: Any,
    payload: dict[str, Any] | None = None,
) -> AuditLogEntry:
    """Record one write. ``action`` is ``<entity>.<verb>`` (``"product.updated"``).

    ``target_type`` names the model as ``app_label.Model``; ``target_id`` its primary key
    (any type, stored as text). ``payload`` is the change itself; Decimals, dates and
    UUIDs are stored as strings (Django's JSON encoder), so money keeps its exact digits.
    An anonymous user counts as no actor.
    """
    if not action or not target_type:
        raise ValueError("An audit entry needs an action and a target type.")
    if actor_user is not None and not getattr(actor_user, "is_authenticated", False):
        actor_user = None
    clean_payload = json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder))
    return AuditLogEntry.objects.create(
        actor_user=actor_user,
        actor_app=actor_app,
        action=action,
        object_type=target_type,
        object_id=str(target_id),
        payload=clean_payload,
    )

"""Celery tasks of the inventory: thin wrappers over its services."""

from __future__ import annotations

from storefront.core.tasks import shared_task
from storefront.inventory.reservations import reservations_expired_delete as _expired_delete


@shared_task(ignore_result=True)
def reservations_expired_delete() -> int:
    """Delete checkout reservations past their time (they already count for nothing); run by beat."""
    return _expired_delete()

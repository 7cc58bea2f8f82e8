"""Celery tasks of the discounts: thin wrappers over their services."""

from __future__ import annotations

from storefront.core.tasks import shared_task
from storefront.discounts.promotion_services import promotions_dates_process


@shared_task(ignore_result=True)
def promotions_dates_task() -> int:
    """Reprice the products of catalogue promotions that started or ended (beat, every minute)."""
    return promotions_dates_process()

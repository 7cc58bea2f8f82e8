"""Celery tasks of payments: webhook deliveries, processed with retries and a periodic sweep."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task

from payments import services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def webhook_delivery_process_task(self: object, *, delivery_id: int) -> None:
    """Process one stored webhook delivery; a failure is recorded on it and retried with backoff."""
    services.webhook_delivery_process(delivery_id)


@shared_task(ignore_result=True)
def webhook_deliveries_retry() -> None:
    """The safety net: deliveries still unprocessed five minutes on (a worker died, retries ran
    out during an outage) are processed again, for up to three days."""
    for delivery_id in services.webhook_deliveries_pending(
        older_than=timedelta(minutes=5), younger_than=timedelta(days=3)
    ):
        try:
            services.webhook_delivery_process(delivery_id)
        except Exception:  # recorded on the delivery; the next sweep tries again
            logger.warning("Webhook delivery %s failed again.", delivery_id, exc_info=True)

"""Celery tasks of payments: webhook deliveries, processed with retries and a periodic sweep."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from payments import services
from storefront.core.tasks import shared_task

logger = logging.getLogger(__name__)

MAX_RETRIES = 8


@shared_task(bind=True, ignore_result=True, max_retries=MAX_RETRIES)
def webhook_delivery_process_task(self: Any, *, delivery_id: int) -> None:
    """Process one stored webhook delivery. A failure is recorded on the delivery (by the service)
    and retried with exponential backoff on a worker; run eagerly (the embedded default, tests) it
    is left for the periodic sweep, so the webhook's answer never depends on it."""
    try:
        services.webhook_delivery_process(delivery_id)
    except Exception as exc:
        if self.request.is_eager:
            logger.warning("Webhook delivery %s failed; the sweep retries it.", delivery_id, exc_info=True)
            return
        raise self.retry(exc=exc, countdown=min(600, 5 * 2**self.request.retries)) from exc


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

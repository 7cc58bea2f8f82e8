"""Celery tasks of the checkout: completing paid checkouts the buyer's browser did not complete."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.db import DatabaseError

from storefront.checkout.paid_completion import checkout_paid_complete, checkouts_paid_pending
from storefront.core.tasks import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    ignore_result=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def checkout_paid_complete_task(self: object, *, checkout_token: str) -> None:
    """Complete (or refund) one checkout whose payment just changed; queued on the commit that
    recorded the payment. A database failure is retried; anything left over the sweep finds."""
    checkout_paid_complete(uuid.UUID(checkout_token))


@shared_task(ignore_result=True)
def checkouts_paid_complete() -> None:
    """The safety net: checkouts paid five minutes ago and more (up to a week) and still no order,
    because a worker died, a task was lost or a refund failed, are tried again."""
    for token in checkouts_paid_pending(older_than=timedelta(minutes=5), younger_than=timedelta(days=7)):
        try:
            outcome = checkout_paid_complete(token)
        except Exception:  # one checkout's failure must not stop the others; the next run retries
            logger.exception("Completing paid checkout %s failed.", token)
            continue
        logger.info("Paid checkout %s: %s.", token, outcome)

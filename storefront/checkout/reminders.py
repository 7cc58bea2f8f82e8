"""Abandoned checkout reminders: one e-mail for a cart left with an e-mail address and lines.

Beat runs ``abandoned_checkouts_remind_task`` every few minutes. A checkout is due when it has an
e-mail and at least one line, the buyer last changed it ``settings.ASAL_ABANDONED_CHECKOUT_DELAY``
seconds ago or more (but less than ``ASAL_ABANDONED_CHECKOUT_MAX_AGE``: nobody is reminded of a
month-old cart), and no reminder was sent (``Checkout.reminder_sent_at``). Each due checkout is
taken under ``SELECT … FOR UPDATE SKIP LOCKED`` and marked before the e-mail is sent on commit, so
two workers never send twice, and a checkout a completion holds (locked) is skipped; a completed
checkout no longer exists. An address that unsubscribed (``storefront.marketing.newsletter``) is
marked but not written to. The e-mail is in the checkout's language, links back to the cart
(``STOREFRONT_URL`` + ``STOREFRONT_CART_PATH``) and carries an unsubscribe link.

The e-mail itself is sent by ``checkout_reminder_email_task``, queued on the commit that marked the
checkout. A failed send (the mail server down or refusing: ``OSError``, which ``smtplib``'s errors
are) is retried by Celery with exponential backoff (``REMINDER_RETRY_BACKOFF`` seconds, doubling,
jittered, at most ``REMINDER_RETRY_BACKOFF_MAX``) up to ``REMINDER_MAX_RETRIES`` times, then given
up and logged. Each attempt first checks that the checkout still exists (a completion in between
deletes it: no reminder after completion) and that the address did not unsubscribe; a send that
succeeded is recorded in the cache (``reminder_emailed_key``) for a week, so a task delivered again
(a worker lost after sending) does not send a second e-mail.
"""

from __future__ import annotations

import logging
import uuid
from base64 import b64encode
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from storefront.checkout.models import Checkout, CheckoutLine
from storefront.core.tasks import shared_task
from storefront.marketing.newsletter import email_unsubscribed
from storefront.marketing.newsletter_emails import checkout_reminder_send

logger = logging.getLogger(__name__)
BATCH = 200
REMINDER_MAX_RETRIES = 5
REMINDER_RETRY_BACKOFF = 60
REMINDER_RETRY_BACKOFF_MAX = 3600
REMINDER_EMAILED_SECONDS = 7 * 24 * 3600


def cart_url(checkout: Checkout) -> str:
    checkout_id = b64encode(f"Checkout:{checkout.pk}".encode()).decode()
    path = settings.STOREFRONT_CART_PATH.format(
        channel=checkout.channel.slug, token=checkout.pk, checkout_id=checkout_id
    )
    return settings.STOREFRONT_URL + path


def _due(now: datetime) -> list[uuid.UUID]:
    delay = timedelta(seconds=settings.ASAL_ABANDONED_CHECKOUT_DELAY)
    max_age = timedelta(seconds=settings.ASAL_ABANDONED_CHECKOUT_MAX_AGE)
    return list(
        Checkout.objects.filter(
            reminder_sent_at__isnull=True,
            last_change__lte=now - delay,
            last_change__gt=now - max_age,
            pk__in=CheckoutLine.objects.values("checkout_id"),
        )
        .exclude(email="")
        .order_by("last_change")
        .values_list("pk", flat=True)[:BATCH]
    )


def _remind_one(token: uuid.UUID, now: datetime) -> bool:
    """Mark one due checkout and queue its e-mail on commit; ``False`` when another worker (or a
    completion) holds it or it is no longer due."""
    delay = timedelta(seconds=settings.ASAL_ABANDONED_CHECKOUT_DELAY)
    with transaction.atomic():
        checkout = (
            Checkout.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("channel")
            .filter(pk=token, reminder_sent_at__isnull=True, last_change__lte=now - delay)
            .exclude(email="")
            .first()
        )
        if checkout is None:
            return False
        checkout.reminder_sent_at = now
        checkout.save(update_fields=["reminder_sent_at"])
        if email_unsubscribed(checkout.email):
            return False
        names = [
            f"{line.quantity} × {line.variant.product.name}"
            + (f" ({line.variant.name})" if line.variant.name else "")
            for line in CheckoutLine.objects.filter(checkout=checkout).select_related("variant__product")
        ]
        if not names:
            return False
        email_kwargs = {
            "checkout_token": str(checkout.pk),
            "recipient": checkout.email,
            "language_code": checkout.language_code,
            "cart_link": cart_url(checkout),
            "items": names,
        }
        transaction.on_commit(lambda: checkout_reminder_email_task.delay(**email_kwargs))
    return True


def reminder_emailed_key(checkout_token: str) -> str:
    return f"checkout-reminder-emailed:{checkout_token}"


def checkout_reminder_email(
    *, checkout_token: str, recipient: str, language_code: str, cart_link: str, items: list[str]
) -> bool:
    """Send one checkout's reminder unless it was sent already, the checkout was completed (it no
    longer exists) or the address unsubscribed; ``True`` when sent. A failed send raises."""
    key = reminder_emailed_key(checkout_token)
    if cache.get(key):
        return False
    if not Checkout.objects.filter(pk=checkout_token).exists() or email_unsubscribed(recipient):
        return False
    checkout_reminder_send(recipient=recipient, language_code=language_code, cart_link=cart_link, items=items)
    cache.set(key, True, REMINDER_EMAILED_SECONDS)
    return True


@shared_task(
    bind=True,
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=REMINDER_RETRY_BACKOFF,
    retry_backoff_max=REMINDER_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=REMINDER_MAX_RETRIES,
)
def checkout_reminder_email_task(self: Any, **email: Any) -> bool:
    """Send one reminder (queued on the commit that marked its checkout); a failed send is retried
    with backoff (see the module docstring)."""
    try:
        return checkout_reminder_email(**email)
    except OSError:
        if self.request.retries >= REMINDER_MAX_RETRIES:
            logger.exception("Reminder e-mail for checkout %s given up.", email.get("checkout_token"))
        raise


def abandoned_checkouts_remind(*, now: datetime | None = None) -> int:
    """Send the due reminders (see the module docstring); returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for token in _due(now):
        try:
            sent += _remind_one(token, now)
        except Exception:  # one bad address must not stop the others
            logger.exception("Reminder for checkout %s failed", token)
    return sent


@shared_task(ignore_result=True)
def abandoned_checkouts_remind_task() -> int:
    return abandoned_checkouts_remind()

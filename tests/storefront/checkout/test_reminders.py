"""Abandoned checkout reminders: one e-mail after the delay, in the buyer's language, never twice,
never after completion, never to an unsubscribed address."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends import locmem
from django.test import override_settings
from django.utils import timezone

from infra.celery import app as celery_app
from storefront.accounts.actor import Actor
from storefront.checkout.complete import complete_checkout
from storefront.checkout.models import Checkout
from storefront.checkout.reminders import (
    abandoned_checkouts_remind,
    abandoned_checkouts_remind_task,
    checkout_reminder_email_task,
)
from storefront.marketing.newsletter_models import NewsletterSubscription
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db
HOUR = 3600


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.ASAL_ABANDONED_CHECKOUT_DELAY = 3 * HOUR
    settings.STOREFRONT_URL = "https://store.example"
    settings.STOREFRONT_CART_PATH = "/checkout?checkout={checkout_id}"


@pytest.fixture
def channel():
    return channel_create("remind-usd", "USD")


def _left(
    channel, *, hours_ago: float, email: str = "buyer@example.com", language_code: str = "en"
) -> Checkout:
    checkout = checkout_ready(
        channel, [(product_create(channel, price="10.00"), 2)], email=email, language_code=language_code
    )
    Checkout.objects.filter(pk=checkout.pk).update(last_change=timezone.now() - timedelta(hours=hours_ago))
    checkout.refresh_from_db()
    return checkout


def _run(capture) -> int:
    with capture(execute=True):
        return abandoned_checkouts_remind()


def test_one_reminder_after_the_delay_and_never_a_second(channel, django_capture_on_commit_callbacks):
    checkout = _left(channel, hours_ago=4)
    assert _run(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buyer@example.com"]
    assert "https://store.example/checkout?checkout=" in message.body
    assert "/newsletter/unsubscribe/" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert "2 × Ikat" in message.body
    checkout.refresh_from_db()
    assert checkout.reminder_sent_at is not None

    assert _run(django_capture_on_commit_callbacks) == 0  # the task again
    assert len(mail.outbox) == 1


def test_not_before_the_delay_and_the_delay_is_configurable(
    channel, settings, django_capture_on_commit_callbacks
):
    _left(channel, hours_ago=2)
    assert _run(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox
    settings.ASAL_ABANDONED_CHECKOUT_DELAY = HOUR
    assert _run(django_capture_on_commit_callbacks) == 1


def test_not_without_email_or_lines_nor_for_very_old_carts(channel, django_capture_on_commit_callbacks):
    _left(channel, hours_ago=4, email="")
    empty = _left(channel, hours_ago=4, email="empty@example.com")
    empty.lines.all().delete()
    Checkout.objects.filter(pk=empty.pk).update(last_change=timezone.now() - timedelta(hours=4))
    _left(channel, hours_ago=24 * 30, email="old@example.com")
    assert _run(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox


def test_never_after_completion(channel, django_capture_on_commit_callbacks):
    checkout = _left(channel, hours_ago=4)
    checkout_pay(checkout)
    with django_capture_on_commit_callbacks(execute=True):
        complete_checkout(checkout, actor=Actor.system())
    mail.outbox.clear()
    assert _run(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox


def test_never_to_an_unsubscribed_address(channel, django_capture_on_commit_callbacks):
    checkout = _left(channel, hours_ago=4, email="Gone@Example.com")
    NewsletterSubscription.objects.create(
        email="gone@example.com", source="FOOTER", status="UNSUBSCRIBED", requested_at=timezone.now()
    )
    assert _run(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox
    checkout.refresh_from_db()
    assert checkout.reminder_sent_at is not None  # looked at once, never again


def test_in_the_checkouts_language(channel, django_capture_on_commit_callbacks):
    _left(channel, hours_ago=4, language_code="id")
    _run(django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject.startswith("Keranjang Anda")
    assert "berhenti berlangganan" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_checkout_another_worker_holds_is_skipped(channel, django_capture_on_commit_callbacks):
    """SKIP LOCKED: a row locked elsewhere (another worker, a completion) is left for later."""
    import threading

    from django.db import connection, transaction

    checkout = _left(channel, hours_ago=4)
    locked, release, done = threading.Event(), threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                list(Checkout.objects.select_for_update().filter(pk=checkout.pk))
                locked.set()
                release.wait(10)
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait(10)
    try:
        assert _run(django_capture_on_commit_callbacks) == 0
    finally:
        release.set()
        done.wait(10)
        thread.join()
    assert not mail.outbox


@override_settings()
def test_the_task_is_registered_and_in_the_beat_schedule(channel, django_capture_on_commit_callbacks):
    from django.conf import settings

    name = "storefront.checkout.reminders.abandoned_checkouts_remind_task"
    assert name in [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    celery_app.loader.import_default_modules()
    assert name in celery_app.tasks
    _left(channel, hours_ago=4)
    with django_capture_on_commit_callbacks(execute=True):
        abandoned_checkouts_remind_task.delay()
    assert len(mail.outbox) == 1


class FailingBackend(locmem.EmailBackend):
    """The test outbox, behind a mail server that refuses the next ``failures`` sends."""

    failures = 0
    attempts = 0

    def send_messages(self, messages):
        FailingBackend.attempts += 1
        if FailingBackend.failures > 0:
            FailingBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def failing_mail(settings):
    """The failing server, and eager tasks that retry as a worker would (the test settings make an
    eager task's exception propagate, which an eager retry raises instead of running again)."""
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    FailingBackend.failures, FailingBackend.attempts = 0, 0
    cache.clear()
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield FailingBackend
    celery_app.conf.task_eager_propagates = propagates


def test_a_failed_send_is_retried_and_sent_once(channel, failing_mail, django_capture_on_commit_callbacks):
    checkout = _left(channel, hours_ago=4)
    failing_mail.failures = 1

    assert _run(django_capture_on_commit_callbacks) == 1
    assert failing_mail.attempts == 2  # refused once, then sent by Celery's retry
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["buyer@example.com"]

    # The same task delivered again (a worker lost after sending) sends nothing more.
    checkout_reminder_email_task.delay(
        checkout_token=str(checkout.pk),
        recipient="buyer@example.com",
        language_code="en",
        cart_link="https://store.example/checkout",
        items=["2 × Ikat"],
    )
    assert len(mail.outbox) == 1 and failing_mail.attempts == 2
    assert _run(django_capture_on_commit_callbacks) == 0  # and the beat task never marks it again
    assert len(mail.outbox) == 1


def test_retries_are_bounded_and_use_backoff(channel, failing_mail):
    checkout = _left(channel, hours_ago=4)
    failing_mail.failures = 100
    options = checkout_reminder_email_task
    assert options.autoretry_for == (OSError,)
    assert options.max_retries == 5 and options.retry_backoff and options.retry_jitter

    result = checkout_reminder_email_task.apply(
        kwargs={
            "checkout_token": str(checkout.pk),
            "recipient": "buyer@example.com",
            "language_code": "en",
            "cart_link": "https://store.example/checkout",
            "items": ["2 × Ikat"],
        }
    )
    assert result.state == "FAILURE" and isinstance(result.result, smtplib.SMTPServerDisconnected)
    assert failing_mail.attempts == 1 + 5  # the first try and five retries, then given up
    assert not mail.outbox


def test_a_retry_after_completion_sends_nothing(channel, failing_mail, django_capture_on_commit_callbacks):
    checkout = _left(channel, hours_ago=4)
    email = {
        "checkout_token": str(checkout.pk),
        "recipient": "buyer@example.com",
        "language_code": "en",
        "cart_link": "https://store.example/checkout",
        "items": ["2 × Ikat"],
    }
    checkout_pay(checkout)
    with django_capture_on_commit_callbacks(execute=True):
        complete_checkout(checkout, actor=Actor.system())
    mail.outbox.clear()
    attempts = failing_mail.attempts

    checkout_reminder_email_task.delay(**email)  # the retry of a send refused before the completion
    assert not mail.outbox
    assert failing_mail.attempts == attempts

"""Newsletter consent with double opt-in: subscribe, confirm by link, unsubscribe, export, checkout hook."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.marketing.newsletter import (
    NewsletterError,
    email_unsubscribed,
    newsletter_subscribe,
    unsubscribe_url,
)
from storefront.marketing.newsletter_models import NewsletterSource, NewsletterStatus, NewsletterSubscription
from tests.storefront.accounts.factories import staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsletter"}}

SUBSCRIBE = """
mutation ($email: String!, $channel: String, $lang: String, $source: NewsletterSourceEnum) {
  newsletterSubscribe(email: $email, channel: $channel, languageCode: $lang, source: $source) {
    requiresConfirmation
    errors { field code message }
  }
}
"""


@pytest.fixture(autouse=True)
def _local_cache():
    with override_settings(CACHES=LOCMEM):
        cache.clear()
        yield
        cache.clear()


def _link(body: str, kind: str) -> str:
    found = re.search(rf"https?://\S+/newsletter/{kind}/\S+", body)
    assert found, body
    return found.group(0).split("://", 1)[1].split("/", 1)[1]


def test_subscribe_confirm_and_unsubscribe_by_the_emailed_links(
    gql, client, django_capture_on_commit_callbacks
):
    channel_create("news-usd", "USD")
    with django_capture_on_commit_callbacks(execute=True):
        result = gql(SUBSCRIBE, {"email": " Ana@Example.COM ", "channel": "news-usd", "lang": "id"})
    assert result["data"]["newsletterSubscribe"] == {"requiresConfirmation": True, "errors": []}
    row = NewsletterSubscription.objects.get()
    assert (row.email, row.status, row.source, row.language_code) == (
        "ana@example.com",
        NewsletterStatus.PENDING,
        NewsletterSource.FOOTER,
        "id",
    )
    assert row.channel.slug == "news-usd" and row.requested_at and row.ip_address
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.com"]
    assert "Konfirmasi" in message.subject  # Indonesian
    assert "/newsletter/unsubscribe/" in message.extra_headers["List-Unsubscribe"]

    assert client.get("/" + _link(message.body, "confirm")).status_code == 200
    row.refresh_from_db()
    assert row.status == NewsletterStatus.CONFIRMED and row.confirmed_at is not None

    assert client.get("/" + _link(message.body, "unsubscribe")).status_code == 200
    row.refresh_from_db()
    assert row.status == NewsletterStatus.UNSUBSCRIBED and row.unsubscribed_at is not None
    assert email_unsubscribed("ANA@example.com")
    # The old confirmation link cannot subscribe the address again.
    assert client.get("/" + _link(message.body, "confirm")).status_code == 404
    row.refresh_from_db()
    assert row.status == NewsletterStatus.UNSUBSCRIBED


def test_one_click_unsubscribe_by_post_and_head_changes_nothing(client):
    NewsletterSubscription.objects.create(
        email="bo@example.com", source="FOOTER", status="CONFIRMED", requested_at="2026-01-01T00:00Z"
    )
    path = unsubscribe_url("bo@example.com").split("://", 1)[1].split("/", 1)[1]
    assert client.head("/" + path).status_code == 200
    assert NewsletterSubscription.objects.get().status == "CONFIRMED"
    assert client.post("/" + path).status_code == 200
    assert NewsletterSubscription.objects.get().status == "UNSUBSCRIBED"


@pytest.mark.parametrize("token", ["nope", "x" * 300, "%00", "eyJlIjoiYUBiLmMifQ:1:bad"])
def test_bad_tokens_are_404_and_change_nothing(client, token):
    NewsletterSubscription.objects.create(
        email="c@example.com", source="FOOTER", status="PENDING", requested_at="2026-01-01T00:00Z"
    )
    assert client.get(f"/newsletter/confirm/{token}").status_code == 404
    assert client.get(f"/newsletter/unsubscribe/{token}").status_code == 404
    assert NewsletterSubscription.objects.get().status == "PENDING"


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"email": "not-an-email"}, "email", "INVALID"),
        ({"email": ""}, "email", "REQUIRED"),
        ({"email": "a@example.com", "channel": "nowhere"}, "channel", "NOT_FOUND"),
        ({"email": "a@example.com", "lang": "no language!"}, "languageCode", "INVALID"),
        ({"email": "a" * 250 + "@example.com"}, "email", "INVALID"),
    ],
)
def test_bad_input_gets_errors_and_changes_nothing(gql, variables, field, code):
    result = gql(SUBSCRIBE, variables)
    payload = result["data"]["newsletterSubscribe"]
    assert payload["requiresConfirmation"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert not NewsletterSubscription.objects.exists()
    assert not mail.outbox


def test_a_nul_in_the_email_is_refused_and_changes_nothing(gql):
    result = gql(SUBSCRIBE, {"email": "a\x00@example.com"})
    payload = (result.get("data") or {}).get("newsletterSubscribe")
    assert result.get("errors") or payload["errors"]
    assert not NewsletterSubscription.objects.exists()


def test_a_confirmed_address_stays_confirmed_and_gets_no_mail(gql, django_capture_on_commit_callbacks):
    NewsletterSubscription.objects.create(
        email="d@example.com", source="FOOTER", status="CONFIRMED", requested_at="2026-01-01T00:00Z"
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = gql(SUBSCRIBE, {"email": "d@example.com"})
    assert result["data"]["newsletterSubscribe"] == {"requiresConfirmation": True, "errors": []}
    assert NewsletterSubscription.objects.get().status == "CONFIRMED"
    assert not mail.outbox


def test_subscribe_attempts_are_rate_limited_per_email():
    for _ in range(5):
        newsletter_subscribe(
            email="e@example.com",
            channel_slug=None,
            language_code="en",
            source="FOOTER",
            ip_address="10.0.0.1",
        )
    with pytest.raises(NewsletterError) as refused:
        newsletter_subscribe(
            email="e@example.com",
            channel_slug=None,
            language_code="en",
            source="FOOTER",
            ip_address="10.0.0.2",
        )
    assert refused.value.code == "RATE_LIMITED"


def test_checkout_metadata_newsletter_subscribes_at_completion(django_capture_on_commit_callbacks):
    channel = channel_create("news-co", "USD")
    variant = product_create(channel, price="10.00")
    checkout = checkout_ready(channel, [(variant, 1)], language_code="id")
    checkout_pay(checkout)
    with django_capture_on_commit_callbacks(execute=True):
        order = complete_checkout(checkout, actor=Actor.system(), metadata={"newsletter": "true"})
    row = NewsletterSubscription.objects.get()
    assert row.email == order.user_email.lower()
    assert (row.source, row.status, row.language_code, row.channel) == ("CHECKOUT", "PENDING", "id", channel)
    assert any("/newsletter/confirm/" in message.body for message in mail.outbox)


def test_checkout_without_the_key_subscribes_nobody(django_capture_on_commit_callbacks):
    channel = channel_create("news-co2", "USD")
    checkout = checkout_ready(channel, [(product_create(channel, price="10.00"), 1)])
    checkout_pay(checkout)
    with django_capture_on_commit_callbacks(execute=True):
        complete_checkout(checkout, actor=Actor.system(), metadata={"newsletter": "no"})
    assert not NewsletterSubscription.objects.exists()


def test_export_lists_confirmed_subscribers_for_staff_with_manage_users(client):
    for email, status in (
        ("f@example.com", "CONFIRMED"),
        ("g@example.com", "PENDING"),
        ("=h@x.com", "CONFIRMED"),
    ):
        NewsletterSubscription.objects.create(
            email=email, source="FOOTER", status=status, requested_at="2026-01-01T00:00Z"
        )
    assert client.get("/newsletter/export.csv").status_code == 403
    clerk = staff_user()
    client.force_login(clerk)
    assert client.get("/newsletter/export.csv").status_code == 403
    manager = staff_user(PermissionCode.MANAGE_USERS, email="m@example.com")
    client.force_login(manager)
    response = client.get("/newsletter/export.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["email"] for row in rows] == ["'=h@x.com", "f@example.com"]
    assert client.get("/newsletter/export.csv?channel=nowhere").status_code == 404
    assert User.objects.filter(pk=manager.pk).exists()


REGISTER = """
mutation ($input: AccountRegisterInput!) {
  accountRegister(input: $input) { errors { field code message } }
}
"""


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
@pytest.mark.parametrize(("value", "subscribed"), [("true", True), ("false", False), (None, False)])
def test_registration_metadata_asks_for_the_newsletter(
    gql, django_capture_on_commit_callbacks, value, subscribed
):
    channel_create("news-reg", "USD")
    metadata = [] if value is None else [{"key": "newsletter", "value": value}]
    with django_capture_on_commit_callbacks(execute=True):
        result = gql(
            REGISTER,
            {
                "input": {
                    "email": "reg@example.com",
                    "password": "songket-emas-2026",
                    "languageCode": "ID",
                    "redirectUrl": "http://localhost:3000/account/confirm",
                    "channel": "news-reg",
                    "metadata": metadata,
                }
            },
        )
    assert result["data"]["accountRegister"]["errors"] == []
    rows = list(NewsletterSubscription.objects.all())
    if not subscribed:
        assert rows == []
        return
    [row] = rows
    assert (row.email, row.source, row.status, row.language_code, row.channel.slug) == (
        "reg@example.com",
        "REGISTRATION",
        "PENDING",
        "id",
        "news-reg",
    )
    assert any("/newsletter/confirm/" in message.body for message in mail.outbox)

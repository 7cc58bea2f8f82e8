"""Newsletter consent with double opt-in: subscribe, confirm, unsubscribe, export.

- ``newsletter_subscribe`` records a request (source CHECKOUT, REGISTRATION or FOOTER) as PENDING
  and queues, on commit, a confirmation e-mail in the buyer's language with a signed link
  (``/newsletter/confirm/<token>``). An address already CONFIRMED stays so and gets no e-mail; the
  answer is the same either way, so it tells no stranger who subscribed. Requests are counted per
  e-mail and per client address (``storefront.accounts.throttle.Attempts``).
- Tokens are Django ``signing`` values (salt per purpose, nothing stored). A confirmation token names
  the request it answers (its time), so a link from before an unsubscription cannot subscribe again,
  and expires after ``CONFIRM_MAX_AGE``; an unsubscribe token (in every marketing e-mail) never does.
- ``newsletter_from_registration``: the same for ``accountRegister``'s metadata (source REGISTRATION).
- ``newsletter_from_order`` is the checkout's hook: an order whose metadata says ``newsletter`` =
  ``"true"`` subscribes its e-mail (source CHECKOUT), called by ``checkoutComplete`` beside the
  attribution, inside its transaction.
- ``email_unsubscribed`` answers whether an address withdrew (abandoned-checkout reminders ask it).
- ``newsletter_export_csv``: the CONFIRMED subscribers for the mail tool.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from storefront.accounts.throttle import Attempts
from storefront.channels.models import Channel
from storefront.core.errors import DomainError
from storefront.core.ratelimit import FailureLimit
from storefront.marketing.newsletter_models import NewsletterSource, NewsletterStatus, NewsletterSubscription

CONFIRM_SALT = "storefront.marketing.newsletter.confirm"
UNSUBSCRIBE_SALT = "storefront.marketing.newsletter.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
METADATA_KEY = "newsletter"
_LANGUAGE = re.compile(r"[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8}){0,2}")

# At most 5 requests an hour for one e-mail (a mailbox is not flooded with confirmations) and 30
# from one client address (one client cannot sign up a list of strangers).
SUBSCRIBE_ATTEMPTS = Attempts(
    per_account=FailureLimit(scope="newsletter-email", limit=5, window_seconds=3600),
    per_address=FailureLimit(scope="newsletter-address", limit=30, window_seconds=3600),
    account_with_address=False,
)


class NewsletterErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_FOUND = "NOT_FOUND"
    RATE_LIMITED = "RATE_LIMITED"


class NewsletterError(DomainError):
    """An expected newsletter failure (a bad e-mail, an unknown channel, too many requests)."""


def email_normalize(value: object) -> str:
    """The address as stored (trimmed, lower-cased), or ``NewsletterError``."""
    email = value.strip().lower() if isinstance(value, str) else ""
    if not email:
        raise NewsletterError(NewsletterErrorCode.REQUIRED, "Enter an e-mail address.", field="email")
    try:
        if len(email) > 254 or "\x00" in email:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise NewsletterError(
            NewsletterErrorCode.INVALID, "Enter a valid e-mail address.", field="email"
        ) from None
    return email


def _language(value: str | None) -> str:
    if not value:
        return settings.LANGUAGE_CODE
    if not _LANGUAGE.fullmatch(value):
        raise NewsletterError(NewsletterErrorCode.INVALID, "Unknown language code.", field="languageCode")
    return value.lower().replace("_", "-")


def _channel(slug: str | None) -> Channel | None:
    if not slug:
        return None
    channel = Channel.objects.filter(slug=slug, is_active=True).first() if "\x00" not in slug else None
    if channel is None:
        raise NewsletterError(
            NewsletterErrorCode.NOT_FOUND, f"Channel {slug[:100]!r} not found.", field="channel"
        )
    return channel


def confirm_token_make(subscription: NewsletterSubscription) -> str:
    return signing.dumps(
        {"e": subscription.email, "r": subscription.requested_at.isoformat()}, salt=CONFIRM_SALT
    )


def unsubscribe_token_make(email: str) -> str:
    return signing.dumps({"e": email.strip().lower()}, salt=UNSUBSCRIBE_SALT)


def confirm_url(subscription: NewsletterSubscription) -> str:
    return settings.PUBLIC_URL + reverse(
        "newsletter-confirm", kwargs={"token": confirm_token_make(subscription)}
    )


def unsubscribe_url(email: str) -> str:
    return settings.PUBLIC_URL + reverse(
        "newsletter-unsubscribe", kwargs={"token": unsubscribe_token_make(email)}
    )


def _confirmation_queue(subscription_pk: int) -> None:
    from storefront.marketing.newsletter_tasks import newsletter_confirmation_email

    transaction.on_commit(lambda: newsletter_confirmation_email.delay(subscription_pk=subscription_pk))


@transaction.atomic
def _record(
    *,
    email: str,
    channel: Channel | None,
    language_code: str,
    source: str,
    ip_address: str | None,
    user_agent: str,
    now: datetime,
) -> NewsletterSubscription:
    NewsletterSubscription.objects.bulk_create(
        [
            NewsletterSubscription(
                email=email,
                channel=channel,
                language_code=language_code,
                source=source,
                status=NewsletterStatus.PENDING,
                requested_at=now,
                ip_address=ip_address,
                user_agent=user_agent,
            )
        ],
        ignore_conflicts=True,
    )
    row = NewsletterSubscription.objects.select_for_update().get(email=email)
    if row.status == NewsletterStatus.CONFIRMED:
        return row
    fresh = row.requested_at == now
    if not fresh:
        row.status = NewsletterStatus.PENDING
        row.requested_at = now
        row.channel = channel or row.channel
        row.language_code = language_code
        row.source = source
        row.ip_address = ip_address
        row.user_agent = user_agent
        row.save()
    _confirmation_queue(row.pk)
    return row


def newsletter_subscribe(
    *,
    email: object,
    channel_slug: str | None,
    language_code: str | None,
    source: str,
    ip_address: str | None,
    user_agent: str = "",
    now: datetime | None = None,
) -> NewsletterSubscription:
    """Record a request to receive the newsletter and send its confirmation (see the module doc)."""
    address = email_normalize(email)
    if source not in NewsletterSource.values:
        raise NewsletterError(NewsletterErrorCode.INVALID, "Unknown source.", field="source")
    language = _language(language_code)
    channel = _channel(channel_slug)
    client = ip_address or ""
    if SUBSCRIBE_ATTEMPTS.blocked_seconds(email=address, ip_address=client):
        raise NewsletterError(
            NewsletterErrorCode.RATE_LIMITED, "Too many requests; try again later.", field="email"
        )
    SUBSCRIBE_ATTEMPTS.record(email=address, ip_address=client)
    return _record(
        email=address,
        channel=channel,
        language_code=language,
        source=source,
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:255],
        now=now or timezone.now(),
    )


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "1", "yes"))


def newsletter_from_metadata(
    *,
    metadata: Mapping[str, object] | None,
    email: str,
    channel: Channel | None,
    language_code: str,
    source: str,
) -> NewsletterSubscription | None:
    """Subscribe ``email`` when ``metadata`` says ``newsletter`` = ``"true"``; never raises for bad values."""
    if not metadata or not _truthy(metadata.get(METADATA_KEY)) or not email:
        return None
    try:
        address = email_normalize(email)
        language = _language(language_code)
    except NewsletterError:
        return None
    return _record(
        email=address,
        channel=channel,
        language_code=language,
        source=source,
        ip_address=None,
        user_agent="",
        now=timezone.now(),
    )


def newsletter_from_order(*, order: object) -> NewsletterSubscription | None:
    """The checkout's hook (see the module doc): ``order`` is the ``orders.Order`` just placed."""
    return newsletter_from_metadata(
        metadata=getattr(order, "metadata", None),
        email=str(getattr(order, "user_email", "") or ""),
        channel=getattr(order, "channel", None),
        language_code=str(getattr(order, "language_code", "") or ""),
        source=NewsletterSource.CHECKOUT,
    )


def newsletter_from_registration(
    *, metadata: list[tuple[str, str]] | None, email: str, channel_slug: str | None, language_code: str | None
) -> NewsletterSubscription | None:
    """``accountRegister``'s hook (called by the API layer: accounts sit below marketing): metadata
    ``newsletter`` = ``"true"`` subscribes the new account's e-mail (source REGISTRATION)."""
    slug = channel_slug or ""
    channel = Channel.objects.filter(slug=slug).first() if slug and "\x00" not in slug else None
    return newsletter_from_metadata(
        metadata=dict(metadata or []),
        email=email,
        channel=channel,
        language_code=language_code or settings.LANGUAGE_CODE,
        source=NewsletterSource.REGISTRATION,
    )


def newsletter_confirm(token: str, *, now: datetime | None = None) -> NewsletterSubscription | None:
    """Confirm the request the token was made for; ``None`` for a bad, expired or outdated token."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        email, requested = str(data["e"]), str(data["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    with transaction.atomic():
        row = NewsletterSubscription.objects.select_for_update().filter(email=email).first()
        if row is None or row.requested_at.isoformat() != requested:
            return None
        if row.status == NewsletterStatus.UNSUBSCRIBED:  # withdrawn since: only a new request counts
            return None
        if row.status == NewsletterStatus.PENDING:
            row.status = NewsletterStatus.CONFIRMED
            row.confirmed_at = now or timezone.now()
            row.save(update_fields=["status", "confirmed_at"])
    return row


def newsletter_unsubscribe(token: str, *, now: datetime | None = None) -> str | None:
    """Withdraw the consent of the token's address (also when none was recorded: it then stays
    unsubscribed, so no reminder reaches it); the address, or ``None`` for a bad token."""
    try:
        email = email_normalize(signing.loads(token, salt=UNSUBSCRIBE_SALT)["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, NewsletterError):
        return None
    at = now or timezone.now()
    with transaction.atomic():
        NewsletterSubscription.objects.bulk_create(
            [
                NewsletterSubscription(
                    email=email,
                    source=NewsletterSource.FOOTER,
                    status=NewsletterStatus.UNSUBSCRIBED,
                    requested_at=at,
                    unsubscribed_at=at,
                )
            ],
            ignore_conflicts=True,
        )
        NewsletterSubscription.objects.filter(email=email).exclude(
            status=NewsletterStatus.UNSUBSCRIBED
        ).update(status=NewsletterStatus.UNSUBSCRIBED, unsubscribed_at=at)
    return email


def email_unsubscribed(email: str) -> bool:
    """Whether this address withdrew its consent (marketing e-mails must not reach it)."""
    return NewsletterSubscription.objects.filter(
        email=email.strip().lower(), status=NewsletterStatus.UNSUBSCRIBED
    ).exists()


EXPORT_COLUMNS = ("email", "language", "channel", "source", "requested_at", "confirmed_at")


def newsletter_export_csv(*, channel: Channel | None = None) -> str:
    """The CONFIRMED subscribers (of ``channel`` when given) as CSV for the mail tool."""
    rows = NewsletterSubscription.objects.filter(status=NewsletterStatus.CONFIRMED).select_related("channel")
    if channel is not None:
        rows = rows.filter(channel=channel)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows.order_by("email"):
        writer.writerow(
            [
                # A leading = + - @ would be a formula in a spreadsheet: quote it away.
                ("'" + row.email) if row.email[:1] in "=+-@" else row.email,
                row.language_code,
                row.channel.slug if row.channel is not None else "",
                row.source,
                row.requested_at.isoformat(),
                row.confirmed_at.isoformat() if row.confirmed_at else "",
            ]
        )
    return out.getvalue()

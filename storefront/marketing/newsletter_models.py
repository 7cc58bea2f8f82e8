"""Newsletter consent: one row per e-mail address, with its double opt-in state (imported by ``models``)."""

from __future__ import annotations

from django.db import models

from storefront.channels.models import Channel


class NewsletterSource(models.TextChoices):
    CHECKOUT = "CHECKOUT"
    REGISTRATION = "REGISTRATION"
    FOOTER = "FOOTER"


class NewsletterStatus(models.TextChoices):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    UNSUBSCRIBED = "UNSUBSCRIBED"


class NewsletterSubscription(models.Model):
    """Consent to the newsletter of one e-mail address (lower-cased), as recorded for the GDPR:
    when it was asked for, where (``source``, channel, client address and agent), when the owner
    confirmed it through the e-mailed link, and when they withdrew it."""

    email = models.EmailField(max_length=254, unique=True)
    language_code = models.CharField(max_length=35, default="en")
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="newsletter_subscriptions"
    )
    source = models.CharField(max_length=16, choices=NewsletterSource.choices)
    status = models.CharField(
        max_length=16, choices=NewsletterStatus.choices, default=NewsletterStatus.PENDING, db_index=True
    )
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ("email",)

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"

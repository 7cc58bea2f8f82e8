"""Celery tasks of the newsletter: the confirmation e-mail, queued on commit by ``newsletter``."""

from __future__ import annotations

from storefront.core.tasks import shared_task
from storefront.marketing.newsletter import confirm_url
from storefront.marketing.newsletter_emails import newsletter_confirmation_send
from storefront.marketing.newsletter_models import NewsletterStatus, NewsletterSubscription


@shared_task(ignore_result=True)
def newsletter_confirmation_email(*, subscription_pk: int) -> None:
    """Send the confirmation link of a PENDING subscription (the token is made now, not queued)."""
    row = NewsletterSubscription.objects.filter(pk=subscription_pk, status=NewsletterStatus.PENDING).first()
    if row is None:
        return
    newsletter_confirmation_send(
        recipient=row.email, language_code=row.language_code, confirm_link=confirm_url(row)
    )

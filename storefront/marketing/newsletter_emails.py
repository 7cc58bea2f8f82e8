"""Marketing e-mails in the recipient's language (Django's gettext, Indonesian in ``infra/locale``):
the newsletter's confirmation and the abandoned-checkout reminder. Every marketing e-mail carries
an unsubscribe link (in the text and as ``List-Unsubscribe``, with one-click ``List-Unsubscribe-Post``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import pgettext

from storefront.marketing.newsletter import unsubscribe_url

LANGUAGES = ("en", "id")


def email_language(language_code: str) -> str:
    """``id-ID`` -> ``id``; a language without translations gets English."""
    base = (language_code or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def _send(*, recipient: str, subject: str, body: str, unsubscribe: str) -> None:
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


def newsletter_confirmation_send(*, recipient: str, language_code: str, confirm_link: str) -> None:
    unsubscribe = unsubscribe_url(recipient)
    with translation.override(email_language(language_code)):
        subject = pgettext("newsletter e-mail", "Confirm your subscription to the %(shop)s newsletter") % {
            "shop": settings.SHOP_NAME
        }
        body = pgettext(
            "newsletter e-mail",
            "Someone, hopefully you, asked to receive the newsletter of %(shop)s at this address.\n\n"
            "Open this link to confirm:\n%(link)s\n\n"
            "If you did not ask, ignore this message: without the link nothing is sent to you.\n\n"
            "Never want to hear from us? Unsubscribe:\n%(unsubscribe)s",
        ) % {"shop": settings.SHOP_NAME, "link": confirm_link, "unsubscribe": unsubscribe}
    _send(recipient=recipient, subject=subject, body=body, unsubscribe=unsubscribe)


def checkout_reminder_send(*, recipient: str, language_code: str, cart_link: str, items: list[str]) -> None:
    unsubscribe = unsubscribe_url(recipient)
    with translation.override(email_language(language_code)):
        subject = pgettext("checkout reminder", "Your cart at %(shop)s is waiting") % {
            "shop": settings.SHOP_NAME
        }
        listed = "\n".join(f"- {item}" for item in items)
        body = pgettext(
            "checkout reminder",
            "You left these goods in your cart at %(shop)s:\n%(items)s\n\n"
            "They are not reserved for you, and the makers would be glad to send them. "
            "Continue where you left off:\n%(link)s\n\n"
            "This is the only reminder we send. To receive no more e-mails like this, unsubscribe:\n"
            "%(unsubscribe)s",
        ) % {"shop": settings.SHOP_NAME, "items": listed, "link": cart_link, "unsubscribe": unsubscribe}
    _send(recipient=recipient, subject=subject, body=body, unsubscribe=unsubscribe)

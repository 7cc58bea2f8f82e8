"""The order e-mails, in the buyer's language: the confirmation, built from the order's own
copies, the notice that a payment was returned because the order could not be placed, and the
shipping e-mail of each fulfilment (its tracking number and the page of every piece packed).

``order_confirmation_send`` runs in a Celery task queued when the order's transaction commits
(``storefront.orders.tasks``), so a rolled-back checkout never mails anyone. Each certified
piece links its public page (``/p/<serial>``), where the buyer can see who made it and check
its certificate.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from provenance.certificates.credentials import item_url
from storefront.orders.choices import ImportVatCollection, OrderEmailType
from storefront.orders.email_text import PAYMENT_RETURNED_TEXT, SHIPPED_TEXT, TEXT, email_language, money_text
from storefront.orders.events import order_event_email_sent
from storefront.orders.models import Fulfillment, Order


def _address_text(order: Order) -> str:
    address = order.shipping_address
    if address is None:
        return ""
    parts = [
        f"{address.first_name} {address.last_name}".strip(),
        address.company_name,
        address.street_address_1,
        address.street_address_2,
        f"{address.postal_code} {address.city}".strip(),
        address.country_area,
        address.country,
    ]
    return "\n".join(part for part in parts if part)


def order_confirmation_context(order: Order) -> dict[str, Any]:
    """Everything the templates show, already worded in the order's language."""
    language = email_language(order.language_code)
    words = TEXT[language]
    currency = order.currency

    def money(amount: Any) -> str:
        return money_text(amount, currency, language)

    lines = [
        {
            "name": line.translated_product_name or line.product_name,
            "variant": line.translated_variant_name or line.variant_name,
            "quantity": line.quantity,
            "total": money(line.total_price_gross_amount),
            "serial": line.serial,
            "url": item_url(line.serial) if line.serial else "",
        }
        for line in order.lines.all()
    ]
    import_vat = ""
    if order.import_vat_collection == ImportVatCollection.AT_CHECKOUT and order.import_vat_amount is not None:
        import_vat = words["import_vat_checkout"].format(amount=money(order.import_vat_amount))
    elif order.import_vat_collection == ImportVatCollection.AT_IMPORT:
        import_vat = words["import_vat_import"]
    return {
        "language": language,
        "words": words,
        "subject": words["subject"].format(number=order.number),
        "intro": words["intro"].format(number=order.number),
        "lines": lines,
        "certified": any(line["url"] for line in lines),
        "subtotal": money(order.subtotal_gross_amount),
        "shipping": money(order.shipping_price_gross_amount),
        "total": money(order.total_gross_amount),
        "import_vat": import_vat,
        "is_paid": order.is_paid,
        "address": _address_text(order),
    }


def order_confirmation_send(*, order_id: uuid.UUID) -> bool:
    """Mail the confirmation of an order to its buyer and record ``EMAIL_SENT``; False without an address."""
    order = Order.objects.select_related("shipping_address", "user").filter(pk=order_id).first()
    if order is None or not order.user_email:
        return False
    context = order_confirmation_context(order)
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string("orders/confirmation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.user_email],
    )
    message.attach_alternative(render_to_string("orders/confirmation.html", context), "text/html")
    message.send()
    order_event_email_sent(order=order, email_type=OrderEmailType.ORDER_CONFIRMATION, email=order.user_email)
    return True


def payment_returned_send(
    *, email: str, language_code: str, amount: Decimal, currency: str, items: Sequence[str]
) -> bool:
    """Tell a buyer that what they paid was returned because their order could not be placed
    (what they bought ran out meanwhile). There is no order: everything comes as arguments."""
    if not email:
        return False
    language = email_language(language_code)
    words = PAYMENT_RETURNED_TEXT[language]
    context = {
        "language": language,
        "words": words,
        "items": list(items),
        "returned": words["returned"].format(amount=money_text(amount, currency, language)),
    }
    message = EmailMultiAlternatives(
        subject=words["subject"],
        body=render_to_string("orders/payment_returned.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    message.attach_alternative(render_to_string("orders/payment_returned.html", context), "text/html")
    message.send()
    return True


def fulfillment_email_context(fulfillment: Fulfillment, *, tracking_update: bool = False) -> dict[str, Any]:
    """What the shipping e-mail shows, worded in the order's language: the parcel's lines, its
    tracking number and the page of every certified piece packed in it."""
    order = fulfillment.order
    language = email_language(order.language_code)
    words = SHIPPED_TEXT[language]
    parcel = f"{order.number}-{fulfillment.fulfillment_order}"
    lines = []
    for line in fulfillment.lines.all():
        order_line = line.order_line
        lines.append(
            {
                "name": order_line.translated_product_name or order_line.product_name,
                "variant": order_line.translated_variant_name or order_line.variant_name,
                "quantity": line.quantity,
                "pieces": [
                    {"serial": unit.serial, "url": item_url(unit.serial)}
                    for unit in sorted(line.units.all(), key=lambda unit: unit.serial)
                ],
            }
        )
    subject = words["subject_tracking" if tracking_update else "subject"].format(number=order.number)
    intro = words["intro_tracking" if tracking_update else "intro"].format(number=order.number, parcel=parcel)
    return {
        "language": language,
        "words": words,
        "subject": subject,
        "intro": intro,
        "lines": lines,
        "tracking_number": fulfillment.tracking_number,
        "certified": any(line["pieces"] for line in lines),
        "address": _address_text(order),
    }


def fulfillment_email_send(*, fulfillment_id: uuid.UUID, email_type: OrderEmailType) -> bool:
    """Mail the buyer that a parcel left (``SHIPPING_CONFIRMATION``) or has a new tracking number
    (``TRACKING_UPDATED``), in the order's language; record ``EMAIL_SENT``. False without an address."""
    fulfillment = (
        Fulfillment.objects.select_related("order__shipping_address", "order__user")
        .prefetch_related("lines__order_line", "lines__units")
        .filter(pk=fulfillment_id)
        .first()
    )
    if fulfillment is None or not fulfillment.order.user_email:
        return False
    order = fulfillment.order
    context = fulfillment_email_context(
        fulfillment, tracking_update=email_type == OrderEmailType.TRACKING_UPDATED
    )
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string("orders/shipped.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.user_email],
    )
    message.attach_alternative(render_to_string("orders/shipped.html", context), "text/html")
    message.send()
    order_event_email_sent(order=order, email_type=email_type, email=order.user_email)
    return True

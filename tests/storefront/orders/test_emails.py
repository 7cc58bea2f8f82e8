"""The order confirmation e-mail: in the buyer's language, with each certified piece's page linked."""

from __future__ import annotations

import pytest
from django.core import mail

from storefront.orders.choices import OrderEmailType, OrderEventType
from storefront.orders.emails import order_confirmation_send
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.orders.factories import order_placed, stocked_variant

pytestmark = pytest.mark.django_db


def _certified(order, serial: str = "LYK-TEST-0001") -> None:
    order.lines.update(serial=serial)


def test_the_confirmation_goes_to_the_buyer_in_english_with_the_piece_page(settings):
    settings.PUBLIC_URL = "https://asal.example"
    order = order_placed(quantity=2)
    _certified(order)

    assert order_confirmation_send(order_id=order.pk)

    (message,) = mail.outbox
    assert message.to == [order.user_email]
    assert message.subject == f"Order #{order.number} confirmed"
    assert "https://asal.example/p/LYK-TEST-0001" in message.body
    assert "$40.00" in message.body and "$45.00" in message.body
    html = message.alternatives[0][0]
    assert 'href="https://asal.example/p/LYK-TEST-0001"' in html
    event = order.events.get(type=OrderEventType.EMAIL_SENT)
    assert event.parameters == {"email": order.user_email, "email_type": OrderEmailType.ORDER_CONFIRMATION}


def test_the_confirmation_is_in_bahasa_indonesia_for_an_indonesian_buyer():
    channel = ChannelFactory()
    order = order_placed(channel=channel, variants=[stocked_variant(channel)], language_code="id")

    order_confirmation_send(order_id=order.pk)

    (message,) = mail.outbox
    assert message.subject == f"Pesanan #{order.number} dikonfirmasi"
    assert "Terima kasih atas pesanan Anda." in message.body
    assert "Thank you" not in message.body


def test_an_order_without_an_address_to_write_to_sends_nothing():
    order = order_placed()
    order.user_email = ""
    order.save()

    assert not order_confirmation_send(order_id=order.pk)
    assert mail.outbox == []

"""Refunds and returns from the order page: the same services as ``orderGrantRefundCreate`` +
``transactionRequestRefundForGrantedRefund`` and ``orderFulfillmentReturnProducts``, as the staff
member; refused input shows its error and changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from payments import services
from payments.dummy import DummyGateway
from payments.error_codes import PaymentError
from payments.models import Transaction
from provenance.certificates.custody import custody_chain_verify
from provenance.certificates.models import CustodyEvent, Unit
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import ProductVariantChannelListing
from storefront.orders.choices import (
    FulfillmentStatus,
    GrantedRefundStatus,
    MakerEarningKind,
    OrderEventType,
    OrderStatus,
)
from storefront.orders.fulfilment import FulfilLine, FulfilStock, order_fulfill
from storefront.orders.granted_refunds import GrantLine, granted_refund_create
from storefront.orders.models import FulfillmentLine, MakerEarning, OrderGrantedRefund
from tests.storefront.accounts.factories import staff_user
from tests.storefront.orders.fulfil_setup import line_of, order_paid, shop_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(signing_key, origin, maker):
    """A paid order of two baskets (makers' share 50%) and a weaving, both shipped (two parcels)."""
    shop = shop_create(origin=origin, maker=maker)
    ProductVariantChannelListing.objects.filter(variant=shop.baskets, channel=shop.channel).update(
        maker_share_percent=Decimal("50")
    )
    order = order_paid(shop, [(shop.baskets, 2), (shop.weaving, 1)])
    baskets_parcel, _weaving_parcel = order_fulfill(
        order=order,
        lines=[
            FulfilLine(line_of(order, shop.baskets).pk, (FulfilStock(shop.home.pk, 2),)),
            FulfilLine(line_of(order, shop.weaving).pk, (FulfilStock(shop.second.pk, 1),)),
        ],
        actor=Actor.system(),
        notify_customer=False,
    )
    return shop, order, baskets_parcel


def _refund_data(order, shop, *, baskets=1, **extra) -> dict[str, str]:
    lines = list(order.lines.order_by("sort_order", "pk"))
    data = {
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),
        "transaction": str(Transaction.objects.get(order_id=order.pk).pk),
        "amount": "",
        "reason": "Scratched in transit",
    }
    for index, line in enumerate(lines):
        data[f"lines-{index}-quantity"] = str(baskets if line.variant_id == shop.baskets.pk else 0)
    data.update(extra)
    return data


def _share(order_line) -> Decimal:
    return sum((row.share_amount for row in MakerEarning.objects.filter(order_line=order_line)), Decimal(0))


def test_a_refund_is_granted_and_sent_through_the_gateway(as_staff, staff, shipped):
    shop, order, _parcel = shipped
    client = as_staff("Fulfilment")
    page = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert f"/admin/orders/order/{order.pk}/refund/" in page
    assert client.get(f"/admin/orders/order/{order.pk}/refund/").status_code == 200
    baskets = line_of(order, shop.baskets)
    assert _share(baskets) == Decimal("20.00")  # half of 2 x 20.00

    response = client.post(f"/admin/orders/order/{order.pk}/refund/", _refund_data(order, shop))

    assert response.status_code == 302 and response["Location"].endswith(f"/{order.pk}/change/")
    grant = OrderGrantedRefund.objects.get(order=order)
    assert grant.status == GrantedRefundStatus.SUCCESS and grant.amount_value == Decimal("20.00")
    assert grant.reason == "Scratched in transit" and grant.user == staff["Fulfilment"]
    assert [(line.order_line_id, line.quantity) for line in grant.lines.all()] == [(baskets.pk, 1)]
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == Decimal("20.00")
    # One basket of two came off the makers' earnings.
    assert MakerEarning.objects.filter(order_line=baskets, kind=MakerEarningKind.REFUNDED).exists()
    assert _share(baskets) == Decimal("10.00")
    assert order.events.filter(type=OrderEventType.TRANSACTION_REFUND_REQUESTED).exists()
    for action in ("order.refund_granted", "order.granted_refund_refunded"):
        assert AuditLogEntry.objects.get(action=action).actor_user == staff["Fulfilment"]
    shown = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Scratched in transit" in shown and "Refunded" in shown


def test_without_handle_payments_there_is_no_refund(as_staff, shipped):
    shop, order, _parcel = shipped
    orders_only = Client()
    orders_only.force_login(staff_user(PermissionCode.MANAGE_ORDERS))

    page = orders_only.get(f"/admin/orders/order/{order.pk}/change/")
    assert page.status_code == 200 and f"/{order.pk}/refund/" not in page.content.decode()
    assert orders_only.get(f"/admin/orders/order/{order.pk}/refund/").status_code == 403
    assert (
        orders_only.post(f"/admin/orders/order/{order.pk}/refund/", _refund_data(order, shop)).status_code
        == 403
    )
    marketing = as_staff("Marketing")
    assert (
        marketing.post(f"/admin/orders/order/{order.pk}/refund/", _refund_data(order, shop)).status_code
        == 403
    )

    assert not OrderGrantedRefund.objects.exists()
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == 0


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lines-0-quantity": "9"}, "can still be granted a refund"),
        ({"amount": "100000"}, "can be granted"),
        ({"amount": "1.2345"}, "Ensure that there are no more than 3 decimal places."),
        ({"lines-0-quantity": "0", "lines-1-quantity": "0"}, "Give an amount, lines"),
        ({"reason": ""}, "This field is required."),
    ],
)
def test_bad_refunds_are_shown_and_change_nothing(as_staff, shipped, change, message):
    shop, order, _parcel = shipped

    response = as_staff("Fulfilment").post(
        f"/admin/orders/order/{order.pk}/refund/", _refund_data(order, shop, **change)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OrderGrantedRefund.objects.exists()
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == 0
    assert not MakerEarning.objects.filter(kind=MakerEarningKind.REFUNDED).exists()


class RefusingRefunds(DummyGateway):
    def refund(self, request):  # type: ignore[no-untyped-def]
        raise PaymentError("INVALID", "The card processor refused the refund.")


def test_a_refused_refund_stays_granted_and_is_sent_again(as_staff, shipped, monkeypatch):
    shop, order, _parcel = shipped
    client = as_staff("Fulfilment")
    real = services.gateways()
    gateway = Transaction.objects.get(order_id=order.pk).gateway
    monkeypatch.setattr(services, "gateways", lambda: {**real, gateway: RefusingRefunds()})

    response = client.post(f"/admin/orders/order/{order.pk}/refund/", _refund_data(order, shop), follow=True)

    assert "The card processor refused the refund." in response.content.decode()
    grant = OrderGrantedRefund.objects.get(order=order)
    assert grant.status == GrantedRefundStatus.FAILURE
    assert f"/refund/{grant.pk}/send/" in response.content.decode()
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == 0

    monkeypatch.setattr(services, "gateways", lambda: real)
    client.post(f"/admin/orders/order/{order.pk}/refund/{grant.pk}/send/")

    grant.refresh_from_db()
    assert grant.status == GrantedRefundStatus.SUCCESS
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == Decimal("20.00")


def test_a_grant_made_through_the_api_is_sent_from_the_order_page(as_staff, staff, shipped):
    shop, order, _parcel = shipped
    grant = granted_refund_create(
        order=order,
        transaction_id=Transaction.objects.get(order_id=order.pk).pk,
        lines=[GrantLine(reference="x", order_line_id=line_of(order, shop.baskets).pk, quantity=2)],
        reason="Both broken",
        actor=Actor.system(),
    )
    orders_only = Client()
    orders_only.force_login(staff_user(PermissionCode.MANAGE_ORDERS))
    assert orders_only.post(f"/admin/orders/order/{order.pk}/refund/{grant.pk}/send/").status_code == 403
    grant.refresh_from_db()
    assert grant.status == GrantedRefundStatus.NONE

    as_staff("Fulfilment").post(f"/admin/orders/order/{order.pk}/refund/{grant.pk}/send/")

    grant.refresh_from_db()
    assert grant.status == GrantedRefundStatus.SUCCESS
    assert _share(line_of(order, shop.baskets)) == 0
    assert AuditLogEntry.objects.get(action="order.granted_refund_refunded").actor_user == staff["Fulfilment"]


def _return_data(parcel, quantity=1, serials="", **extra) -> dict[str, str]:
    data = {
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-0-quantity": str(quantity),
        "lines-0-serials": serials,
        "reason": "Wrong colour",
        "amount_to_refund": "",
    }
    data.update(extra)
    return data


def test_a_return_is_taken_from_a_parcel(as_staff, staff, shipped):
    shop, order, parcel = shipped
    client = as_staff("Fulfilment")
    url = f"/admin/orders/order/{order.pk}/fulfilment/{parcel.pk}/return/"
    assert url in client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert client.get(url).status_code == 200
    basket_line = parcel.lines.get()
    serial = sorted(basket_line.units.values_list("serial", flat=True))[1]
    baskets = line_of(order, shop.baskets)

    response = client.post(url, _return_data(parcel, serials=serial, refund="on"))

    assert response.status_code == 302
    unit = Unit.objects.get(serial=serial)
    assert unit.status == Unit.Status.RETURNED
    assert unit.custody_events.order_by("-sequence").first().type == CustodyEvent.Type.RETURNED
    assert custody_chain_verify(unit=unit).ok
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_RETURNED
    assert FulfillmentLine.objects.get(pk=basket_line.pk).quantity == 1
    returned = order.fulfillments.get(status=FulfillmentStatus.REFUNDED_AND_RETURNED)
    assert list(returned.lines.get().units.all()) == [unit]
    assert MakerEarning.objects.filter(order_line=baskets, kind=MakerEarningKind.RETURNED).exists()
    assert _share(baskets) == Decimal("10.00")
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == Decimal("20.00")
    event = order.events.get(type=OrderEventType.FULFILLMENT_RETURNED)
    assert event.user == staff["Fulfilment"] and event.parameters["message"] == "Wrong colour"
    assert AuditLogEntry.objects.get(action="order.products_returned").actor_user == staff["Fulfilment"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lines-0-quantity": "3"}, "At most 2 were sent in this parcel."),
        ({"lines-0-quantity": "0"}, "Enter a quantity for at least one line."),
        ({"lines-0-serials": "NOT-A-SERIAL"}, "NOT-A-SERIAL"),
        ({"refund": "on", "amount_to_refund": "99999"}, "The refund must be more than 0"),
    ],
)
def test_bad_returns_are_shown_and_change_nothing(as_staff, shipped, change, message):
    _shop, order, parcel = shipped

    response = as_staff("Fulfilment").post(
        f"/admin/orders/order/{order.pk}/fulfilment/{parcel.pk}/return/", _return_data(parcel, **change)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED and order.fulfillments.count() == 2
    assert not Unit.objects.filter(status=Unit.Status.RETURNED).exists()
    assert not MakerEarning.objects.filter(kind=MakerEarningKind.RETURNED).exists()
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == 0


def test_staff_without_manage_orders_take_no_return(as_staff, shipped):
    _shop, order, parcel = shipped

    response = as_staff("Marketing").post(
        f"/admin/orders/order/{order.pk}/fulfilment/{parcel.pk}/return/", _return_data(parcel)
    )

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED

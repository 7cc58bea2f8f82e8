"""An order's history names who asked for a capture, refund or cancel; and no payment starts (or is
processed) for a checkout another request is turning into an order right now."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from graphql_schema.core.relay import to_global_id
from payments.models import Transaction
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.checkout.models import Checkout
from storefront.orders.choices import OrderEventType
from storefront.orders.models import OrderEvent
from tests.graphql.payments.conftest import ACTION, INITIALIZE, PROCESS, dummy
from tests.storefront.accounts.factories import bearer, staff_user


@pytest.mark.django_db
def test_a_staff_refund_on_an_order_is_written_into_its_history(gql, checkout, checkout_id):
    paid = gql(INITIALIZE, {"id": checkout_id, "gateway": dummy()})["data"]["transactionInitialize"]
    assert paid["errors"] == []
    order = complete_checkout(checkout, actor=Actor.system())
    handler = staff_user(PermissionCode.HANDLE_PAYMENTS)

    body = gql(
        ACTION, {"id": paid["transaction"]["id"], "type": "REFUND", "amount": "10"}, headers=bearer(handler)
    )

    assert body["data"]["transactionRequestAction"]["errors"] == []
    requested = OrderEvent.objects.get(order=order, type=OrderEventType.TRANSACTION_REFUND_REQUESTED)
    assert requested.user == handler
    assert requested.parameters["amount"] == "10.00"
    assert requested.parameters["transaction_id"] == str(Transaction.objects.get().pk)
    # The gateway's answer follows as a transaction event in the same history.
    outcomes = OrderEvent.objects.filter(order=order, type=OrderEventType.TRANSACTION_EVENT)
    assert "REFUND_SUCCESS" in {event.parameters.get("event_type") for event in outcomes}


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only
@pytest.mark.parametrize("mutation", ["transactionInitialize", "transactionProcess"])
def test_no_payment_moves_while_the_checkout_is_being_completed(gql, checkout, checkout_id, mutation):
    started = None
    if mutation == "transactionProcess":
        started = gql(INITIALIZE, {"id": checkout_id, "gateway": dummy("CHARGE_ACTION_REQUIRED")})["data"]
        started = started["transactionInitialize"]["transaction"]["id"]
    locked, release = threading.Event(), threading.Event()

    def completing() -> None:
        try:
            with transaction.atomic():
                list(Checkout.objects.select_for_update().filter(pk=checkout.pk))
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=completing)
    holder.start()
    try:
        assert locked.wait(10)
        if mutation == "transactionInitialize":
            payload = gql(INITIALIZE, {"id": checkout_id, "gateway": dummy()})["data"][mutation]
        else:
            payload = gql(PROCESS, {"id": started, "data": dummy()["data"]})["data"][mutation]
    finally:
        release.set()
        holder.join()
    assert payload["errors"] == [
        {
            "field": "id",
            "code": "CHECKOUT_COMPLETION_IN_PROGRESS",
            "message": "The checkout is being completed right now; try again in a moment.",
        }
    ]
    assert sum(row.charged_amount for row in Transaction.objects.all()) == 0
    # Once the other request is done, the same call goes through.
    if mutation == "transactionInitialize":
        again = gql(INITIALIZE, {"id": checkout_id, "gateway": dummy()})["data"][mutation]
    else:
        again = gql(PROCESS, {"id": started, "data": dummy()["data"]})["data"][mutation]
    assert again["errors"] == []
    assert to_global_id("Checkout", checkout.pk) == checkout_id

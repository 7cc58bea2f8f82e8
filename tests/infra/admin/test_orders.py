"""The order list and page: filters, notes, cancel and fulfil, each through its service."""

from __future__ import annotations

import pytest

from storefront.accounts.models import AuditLogEntry
from storefront.inventory.models import Stock
from storefront.orders.choices import OrderEventType, OrderStatus
from storefront.orders.models import Allocation, Order

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[int]:
    return [order.number for order in response.context["cl"].result_list]


def test_ready_to_fulfil_lists_unfulfilled_orders_that_may_ship(as_staff, order):
    other = Order.objects.create(number=order.number + 100, channel=order.channel, currency="USD")
    Order.objects.filter(pk=other.pk).update(status=OrderStatus.CANCELED)
    client = as_staff("Fulfilment")

    assert set(_numbers(client.get("/admin/orders/order/"))) == {order.number, other.number}
    assert _numbers(client.get("/admin/orders/order/?ready=yes")) == [order.number]

    order.channel.allow_unpaid_orders = False
    order.channel.save()
    assert _numbers(client.get("/admin/orders/order/?ready=yes")) == []
    Order.objects.filter(pk=order.pk).update(charge_status="FULL")
    assert _numbers(client.get("/admin/orders/order/?ready=yes")) == [order.number]


def test_the_list_filters_by_status_channel_and_shipping_country(as_staff, order):
    client = as_staff("Fulfilment")

    assert _numbers(client.get("/admin/orders/order/?country=DE")) == [order.number]
    assert _numbers(client.get("/admin/orders/order/?country=FR")) == []
    assert _numbers(client.get("/admin/orders/order/?status__exact=UNFULFILLED")) == [order.number]
    assert _numbers(client.get("/admin/orders/order/?status__exact=FULFILLED")) == []
    assert _numbers(client.get(f"/admin/orders/order/?channel__id__exact={order.channel_id}")) == [
        order.number
    ]
    assert _numbers(client.get(f"/admin/orders/order/?q=%23{order.number}")) == [order.number]


def test_the_order_page_shows_lines_allocations_and_the_fulfil_action(as_staff, order):
    response = as_staff("Fulfilment").get(f"/admin/orders/order/{order.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f"/admin/orders/order/{order.pk}/fulfil/" in page
    warehouse = Allocation.objects.filter(order_line__order=order).first().stock.warehouse
    assert f"{warehouse.name}: 2" in page and f"{warehouse.name}: 1" in page
    for line in order.lines.all():
        assert line.product_name in page
    assert 'name="_save"' not in page  # the page edits nothing itself


def test_a_note_is_added_through_the_notes_service(as_staff, staff, order):
    client = as_staff("Fulfilment")

    response = client.post(f"/admin/orders/order/{order.pk}/note/", {"message": "  Wrap in banana leaf  "})

    assert response.status_code == 302
    note = order.events.get(type=OrderEventType.NOTE_ADDED)
    assert note.parameters["message"] == "Wrap in banana leaf" and note.user == staff["Fulfilment"]
    entry = AuditLogEntry.objects.get(action="order.note_added")
    assert entry.actor_user == staff["Fulfilment"]
    assert "Wrap in banana leaf" in client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    client.post(f"/admin/orders/order/{order.pk}/note/", {"message": "   "})
    assert order.events.filter(type=OrderEventType.NOTE_ADDED).count() == 1


def test_cancel_goes_through_the_cancel_service(as_staff, staff, order):
    client = as_staff("Fulfilment")

    response = client.post(f"/admin/orders/order/{order.pk}/cancel/")

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED
    assert not Allocation.objects.filter(order_line__order=order).exists()
    assert set(
        Stock.objects.filter(product_variant__order_lines__order=order).values_list(
            "quantity_allocated", flat=True
        )
    ) == {0}
    assert AuditLogEntry.objects.get(action="order.canceled").actor_user == staff["Fulfilment"]

    again = client.post(f"/admin/orders/order/{order.pk}/cancel/", follow=True)
    assert "can&#x27;t be canceled" in again.content.decode() or "can't be canceled" in again.content.decode()
    assert AuditLogEntry.objects.filter(action="order.canceled").count() == 1


def test_the_cancel_action_of_the_list(as_staff, order):
    as_staff("Fulfilment").post(
        "/admin/orders/order/", {"action": "cancel_selected", "_selected_action": [str(order.pk)]}
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED


def test_the_fulfil_form_is_prefilled_from_allocations_and_suggested_serials(
    as_staff, order, fulfilment_service
):
    response = as_staff("Fulfilment").get(f"/admin/orders/order/{order.pk}/fulfil/")

    assert response.status_code == 200
    forms = response.context["formset"].forms
    lines = list(order.lines.order_by("sort_order", "pk"))
    assert [form.line.pk for form in forms] == [line.pk for line in lines]
    allocation = Allocation.objects.get(order_line=lines[0])
    assert forms[0].initial["warehouse"] == allocation.stock.warehouse_id
    assert forms[0].initial["quantity"] == lines[0].quantity == allocation.quantity_allocated
    assert forms[0].initial["serials"].split() == fulfilment_service.serials_suggest(
        order_line=lines[0], warehouse_id=allocation.stock.warehouse_id, quantity=lines[0].quantity
    )


def _fulfil_data(order, quantities=None, serials=None) -> dict[str, str]:
    """The form as posted; ``quantities`` in the form's order of lines (all that is left by default)."""
    lines = list(order.lines.order_by("sort_order", "pk"))
    quantities = quantities or [line.quantity for line in lines]
    data = {
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),
        "tracking_number": " TRACK-1 ",
        "notify_customer": "on",
    }
    for index, (line, quantity) in enumerate(zip(lines, quantities, strict=True)):
        data[f"lines-{index}-warehouse"] = str(Allocation.objects.get(order_line=line).stock.warehouse_id)
        data[f"lines-{index}-quantity"] = str(quantity)
        data[f"lines-{index}-serials"] = (serials or {}).get(index, "")
    return data


def test_fulfilling_calls_the_service_as_the_staff_member(as_staff, staff, order, fulfilment_service):
    client = as_staff("Fulfilment")

    response = client.post(
        f"/admin/orders/order/{order.pk}/fulfil/",
        _fulfil_data(order),
    )

    assert response.status_code == 302 and response["Location"].endswith(
        f"/admin/orders/order/{order.pk}/change/"
    )
    (call,) = fulfilment_service.CALLS
    assert call["actor"].user == staff["Fulfilment"]
    assert call["tracking"] == "TRACK-1" and call["notify"] is True
    lines = list(order.lines.order_by("sort_order", "pk"))
    # Pieces without certificates: no serials to name.
    assert [(wanted.order_line_id, wanted.serials) for wanted in call["lines"]] == [
        (lines[0].pk, ()),
        (lines[1].pk, ()),
    ]
    assert [stock.quantity for wanted in call["lines"] for stock in wanted.stocks] == [
        line.quantity for line in lines
    ]
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert AuditLogEntry.objects.get(action="order.fulfilled").actor_user == staff["Fulfilment"]
    page = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert f"/admin/orders/order/{order.pk}/fulfil/" not in page  # nothing left to fulfil


def test_a_partial_fulfilment_sends_only_lines_with_a_quantity(as_staff, order, fulfilment_service):
    as_staff("Fulfilment").post(f"/admin/orders/order/{order.pk}/fulfil/", _fulfil_data(order, [1, 0]))

    (call,) = fulfilment_service.CALLS
    assert len(call["lines"]) == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED


def test_the_services_refusal_is_shown_and_nothing_changes(as_staff, order, fulfilment_service, monkeypatch):
    from storefront.orders.error_codes import OrderError, OrderErrorCode

    def refuse(**_kwargs):
        raise OrderError(
            OrderErrorCode.CANNOT_FULFILL_UNPAID_ORDER, "This order is not paid yet.", field="order"
        )

    monkeypatch.setattr(fulfilment_service, "order_fulfill", refuse)

    response = as_staff("Fulfilment").post(f"/admin/orders/order/{order.pk}/fulfil/", _fulfil_data(order))

    assert response.status_code == 400
    assert "This order is not paid yet." in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lines-0-quantity": "5"}, "are left to fulfil."),
        ({"lines-0-quantity": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"lines-0-quantity": "0", "lines-1-quantity": "0"}, "Enter a quantity for at least one line."),
        ({"lines-0-warehouse": "999999"}, "Select a valid choice."),
        ({"lines-TOTAL_FORMS": "x"}, "ManagementForm data is missing or has been tampered with"),
    ],
)
def test_bad_input_is_an_error_on_the_form_and_nothing_is_called(
    as_staff, order, fulfilment_service, change, message
):
    response = as_staff("Fulfilment").post(
        f"/admin/orders/order/{order.pk}/fulfil/", {**_fulfil_data(order), **change}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert fulfilment_service.CALLS == []


def test_staff_without_manage_orders_get_no_fulfil_form(as_staff, order, fulfilment_service):
    for group in ("Marketing", "Catalogue"):
        client = as_staff(group)
        assert client.get(f"/admin/orders/order/{order.pk}/fulfil/").status_code == 403
        assert client.post(f"/admin/orders/order/{order.pk}/fulfil/", _fulfil_data(order)).status_code == 403
        assert client.post(f"/admin/orders/order/{order.pk}/cancel/").status_code == 403
        assert client.post(f"/admin/orders/order/{order.pk}/note/", {"message": "hi"}).status_code == 403
    assert fulfilment_service.CALLS == []
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED and not order.events.filter(type=OrderEventType.NOTE_ADDED)


def test_a_fulfilled_order_has_no_fulfil_form(as_staff, order, fulfilment_service):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.FULFILLED)

    response = as_staff("Fulfilment").get(f"/admin/orders/order/{order.pk}/fulfil/")

    assert response.status_code == 302
    assert (
        as_staff("Fulfilment")
        .get("/admin/orders/order/00000000-0000-4000-8000-000000000000/fulfil/")
        .status_code
        == 404
    )


@pytest.mark.parametrize("term", ["qqq", "#zzz", "%", "12345678901234567890", "' OR 1=1 --"])
def test_any_search_text_is_answered_without_error(as_staff, order, term):
    response = as_staff("Fulfilment").get("/admin/orders/order/", {"q": term})

    assert response.status_code == 200
    assert _numbers(response) == []


def test_a_search_by_serial_or_e_mail_finds_the_order(as_staff, order):
    order.lines.update(serial="LYK-TEST-0001")
    client = as_staff("Fulfilment")

    assert _numbers(client.get("/admin/orders/order/", {"q": "LYK-TEST-0001"})) == [order.number]
    assert _numbers(client.get("/admin/orders/order/", {"q": "buyer@example.com"})) == [order.number]
    assert _numbers(client.get("/admin/orders/order/", {"q": "#"})) == [order.number]  # no term: all


def test_an_order_whose_only_fulfilled_lines_are_gift_cards_shows_cancel_and_takes_them_back(as_staff):
    from django.core.cache import cache

    from storefront.discounts.models import GiftCard
    from tests.storefront.checkout.factories import channel_create
    from tests.storefront.orders.test_gift_cards_taken_back import _paid_order

    cache.clear()
    order, _line, _basket = _paid_order(channel_create())
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED
    client = as_staff("Fulfilment")
    assert (
        f"/admin/orders/order/{order.pk}/cancel/"
        in client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    )

    assert client.post(f"/admin/orders/order/{order.pk}/cancel/").status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED
    assert not GiftCard.objects.filter(bought_in_order_id=order.pk, is_active=True).exists()

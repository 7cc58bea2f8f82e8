"""The admin in a real browser: Debian's chromium driven by Playwright, against a live server.

A fulfilment staff member logs in, switches to Bahasa Indonesia, opens an order ready to
fulfil, opens its fulfilment form (prefilled) and submits it, and the order is fulfilled; a
marketing staff member sees no fulfil action and is refused the form. Every page runs under the
shop's Content-Security-Policy with no complaint. Screenshots of the order page and the form go
to ``<ASAL_VAR_DIR>/screenshots/`` (ignored by git).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from storefront.orders.choices import OrderStatus
from tests.provenance.certificates.browser import running_chromium

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def chromium():
    with running_chromium() as browser:
        yield browser


def _watch(page: Any) -> list[str]:
    """Console complaints (CSP violations, script errors) of the page."""
    complaints: list[str] = []
    page.on(
        "console",
        lambda message: (
            complaints.append(f"{message.text} {message.location.get('url', '')}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: complaints.append(str(error)))
    page.on(
        "response",
        lambda response: (
            complaints.append(f"{response.status} {response.url}") if response.status == 404 else None
        ),
    )
    return complaints


def _log_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_fulfilment_staff_fulfil_an_order_in_indonesian(
    chromium, live_server, staff, order, fulfilment_service
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    order_shot, form_shot = SCREENSHOTS / "admin-order.png", SCREENSHOTS / "admin-fulfil-form.png"
    for shot in (order_shot, form_shot):
        shot.unlink(missing_ok=True)
    base, number = live_server.url, order.number
    # What the form must prefill: the service's suggestion per line, from the line's allocation.
    suggested = [
        "\n".join(
            fulfilment_service.serials_suggest(
                order_line=line,
                warehouse_id=line.allocations.get().stock.warehouse_id,
                quantity=line.quantity,
            )
        )
        for line in order.lines.order_by("sort_order", "pk")
    ]

    def fulfil(browser: Any) -> dict[str, Any]:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        page = context.new_page()
        complaints = _watch(page)
        _log_in(page, base, "fulfilment@asal.example", "pack-and-ship-demo")
        seen: dict[str, Any] = {"english_logout": page.inner_text("#logout-form button")}
        page.select_option("#admin-language", "id")
        page.click("#admin-language-submit")
        page.wait_for_load_state()
        seen["logout"] = page.inner_text("#logout-form button")
        seen["index"] = page.inner_text("#content")
        page.goto(f"{base}/admin/orders/order/?ready=yes")
        seen["filters"] = page.inner_text("#changelist-filter")
        page.click(f"text=#{number}")
        page.wait_for_selector("#order-fulfil")
        seen["fulfil_label"] = page.inner_text("#order-fulfil")
        page.screenshot(path=str(order_shot), full_page=True)
        page.click("#order-fulfil")
        page.wait_for_selector("#fulfil-form")
        seen["serials"] = [area.input_value() for area in page.query_selector_all("textarea[name$=-serials]")]
        seen["quantities"] = [box.input_value() for box in page.query_selector_all("input[name$=-quantity]")]
        page.fill("#id_tracking_number", "JNE-123")
        page.screenshot(path=str(form_shot), full_page=True)
        page.click("#fulfil-submit")
        page.wait_for_selector(".messagelist")
        seen["message"] = page.inner_text(".messagelist")
        seen["after_url"] = page.url
        seen["fulfil_link_after"] = page.query_selector("#order-fulfil") is not None
        seen["complaints"] = [text for text in complaints if "/favicon.ico" not in text]
        context.close()
        return seen

    seen = chromium.run(fulfil)

    assert seen["english_logout"].strip().lower() == "log out"
    assert seen["logout"].strip().lower() == "keluar"  # Django's own Indonesian
    assert "Pesanan" in seen["index"]  # Asal's catalogue: "Orders"
    assert "Siap dikirim" in seen["filters"]
    assert seen["fulfil_label"].strip().lower() == "kirim"
    assert seen["serials"] == suggested
    assert sorted(seen["quantities"]) == ["1", "2"]
    assert f"Pesanan #{number} sudah dikirim." in seen["message"]
    assert seen["after_url"].endswith(f"/admin/orders/order/{order.pk}/change/")
    assert seen["fulfil_link_after"] is False
    assert seen["complaints"] == []
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    (call,) = fulfilment_service.CALLS
    assert call["actor"].user == staff["Fulfilment"] and call["tracking"] == "JNE-123"
    assert staff["Fulfilment"].__class__.objects.get(pk=staff["Fulfilment"].pk).language_code == "id"
    for shot in (order_shot, form_shot):
        assert shot.read_bytes().startswith(PNG) and shot.stat().st_size > 10_000


def test_marketing_staff_see_no_fulfil_action(chromium, live_server, staff, order, fulfilment_service):
    base = live_server.url

    def look(browser: Any) -> dict[str, Any]:
        context = browser.new_context()
        page = context.new_page()
        complaints = _watch(page)
        _log_in(page, base, "marketing@asal.example", "stories-and-sales-demo")
        seen: dict[str, Any] = {"index": page.inner_text("#content")}
        seen["order_page"] = page.goto(f"{base}/admin/orders/order/{order.pk}/change/").status
        seen["fulfil_link"] = page.query_selector("#order-fulfil") is not None
        seen["form"] = page.goto(f"{base}/admin/orders/order/{order.pk}/fulfil/").status
        seen["complaints"] = [text for text in complaints if "403" not in text and "/favicon.ico" not in text]
        context.close()
        return seen

    seen = chromium.run(look)

    assert seen["order_page"] == 403 and seen["form"] == 403
    assert seen["fulfil_link"] is False
    assert "Orders" not in seen["index"]
    assert seen["complaints"] == []
    assert fulfilment_service.CALLS == []

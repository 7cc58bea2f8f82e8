"""The admin's languages: each staff member's stored choice, the switcher, Django's and Asal's
Indonesian strings, and the committed catalogue matching its source."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.test import Client
from django.utils import translation

from infra.admin.labels import EVENT_LABELS, event_label
from storefront.accounts.models import User
from storefront.orders.models import OrderEvent

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[3] / "infra" / "locale" / "id" / "LC_MESSAGES"


def test_the_switcher_stores_the_staff_members_language(as_staff, staff, order):
    client = as_staff("Fulfilment")
    english = client.get("/admin/").content.decode()
    assert "Log out" in english and "Orders" in english and 'lang="en"' in english

    response = client.post("/admin/language/", {"language": "id", "next": "/admin/orders/order/"})

    assert response.status_code == 302 and response["Location"] == "/admin/orders/order/"
    assert User.objects.get(pk=staff["Fulfilment"].pk).language_code == "id"
    page = client.get("/admin/orders/order/").content.decode()
    assert 'lang="id"' in page
    assert "Keluar" in page  # Django's own "Log out"
    assert "Pesanan" in page and "Siap dikirim" in page  # Asal's "Orders", "Ready to fulfil"
    assert "Belum dikirim" in page  # the order's status, "Unfulfilled"


def test_the_stored_language_follows_the_staff_member_to_another_browser(as_staff, staff):
    User.objects.filter(pk=staff["Catalogue"].pk).update(language_code="id")

    page = as_staff("Catalogue").get("/admin/", headers={"accept-language": "en"}).content.decode()

    assert "Keluar" in page and "Katalog" in page and "Asal-usul" in page


def test_an_unknown_language_changes_nothing(as_staff, staff):
    as_staff("Fulfilment").post("/admin/language/", {"language": "xx", "next": "/admin/"})
    assert User.objects.get(pk=staff["Fulfilment"].pk).language_code == "en"
    assert as_staff("Fulfilment").get("/admin/language/").status_code == 405


def test_the_login_page_follows_the_browser(db):
    page = Client().get("/admin/login/", headers={"accept-language": "id-ID,id;q=0.9"}).content.decode()
    assert "Masuk" in page and 'lang="id"' in page
    assert "Log in" in Client().get("/admin/login/").content.decode()


def test_only_admin_pages_change_language(db):
    """The rest of the site chooses its language itself: an Indonesian browser changes nothing there."""
    response = Client().get("/health/", headers={"accept-language": "id"})
    assert "Content-Language" not in response


def test_the_committed_mo_matches_the_po():
    with (CATALOGUE / "django.po").open("rb") as source:
        po = read_po(source, locale="id")
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    translated = {
        (message.context, message.id): message.string for message in po if message.id and message.string
    }
    assert len(translated) == len([message for message in po if message.id]) > 50
    for (context, msgid), msgstr in translated.items():
        assert (mo.pgettext(context, msgid) if context else mo.gettext(msgid)) == msgstr, msgid


def test_order_events_show_in_the_staff_members_language(as_staff, staff, order):
    """Every event type the services write has a label, translated (never the raw enum value)."""
    written = set()
    for source in (Path(__file__).resolve().parents[3] / "storefront").rglob("*.py"):
        written |= set(re.findall(r"OrderEventType\.([A-Z_]+)", source.read_text()))
    assert written and written <= set(EVENT_LABELS), sorted(written - set(EVENT_LABELS))
    with translation.override("en"):
        english = {name: str(label) for name, label in EVENT_LABELS.items()}
    with translation.override("id"):
        indonesian = {name: str(label) for name, label in EVENT_LABELS.items()}
        assert event_label("FULFILLMENT_RETURNED") == "Barang dikembalikan pembeli"
    assert [name for name in EVENT_LABELS if english[name] == indonesian[name]] == []

    OrderEvent.objects.create(order=order, type="FULFILLMENT_RETURNED", parameters={"message": "Rusak"})
    User.objects.filter(pk=staff["Fulfilment"].pk).update(language_code="id")
    page = as_staff("Fulfilment").get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    cells = re.findall(r'class="field-type_">(.*?)</td>', page, re.S)
    assert any("Barang dikembalikan pembeli" in cell for cell in cells), cells
    assert not any("FULFILLMENT_RETURNED" in cell for cell in cells)

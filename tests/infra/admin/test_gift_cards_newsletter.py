"""Issue 12's admin gaps: issuing gift cards (through ``staff_gift_card_create``), the newsletter's
subscribers (read-only, status filter, CSV export for MANAGE_USERS), and a voucher's value and
minimum spend per channel (through ``staff_voucher_channel_listing_update``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from storefront.accounts.models import AuditLogEntry
from storefront.discounts.models import GiftCard, GiftCardEvent, Voucher, VoucherChannelListing
from storefront.marketing.models import NewsletterSubscription
from tests.storefront.checkout.factories import channel_create

pytestmark = pytest.mark.django_db

ADD = "/admin/discounts/giftcard/add/"
NEWSLETTER = "/admin/marketing/newslettersubscription/"


def _card(**fields):
    values = {"amount": "25.00", "currency": "usd", "is_active": "on", "tags": "expo, fair", "note": "Prize"}
    values.update(fields)
    return values


def test_the_marketing_group_issues_a_gift_card_and_sees_its_code_once(as_staff):
    client = as_staff("Marketing")
    assert client.get(ADD).status_code == 200

    response = client.post(ADD, _card(), follow=True)

    assert response.status_code == 200
    card = GiftCard.objects.get()
    assert (card.currency, card.initial_balance_amount, card.current_balance_amount, card.is_active) == (
        "USD",
        Decimal("25.000"),
        Decimal("25.000"),
        True,
    )
    assert card.tags == ["expo", "fair"]
    assert card.created_by_email == "marketing@asal.example"
    assert GiftCardEvent.objects.get(gift_card=card).parameters == {"message": "Prize"}
    assert AuditLogEntry.objects.filter(action="gift_card.created").count() == 1
    assert card.code in response.content.decode()


@pytest.mark.parametrize(
    "fields, field",
    [({"amount": "-5"}, "amount"), ({"currency": "ZZZ"}, "amount"), ({"amount": "1.234"}, "amount")],
)
def test_a_bad_gift_card_is_refused_on_the_form_and_nothing_is_issued(as_staff, fields, field):
    response = as_staff("Marketing").post(ADD, _card(**fields))

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not GiftCard.objects.exists()
    assert not AuditLogEntry.objects.filter(action="gift_card.created").exists()


def test_staff_without_gift_card_permission_cannot_issue(as_staff):
    client = as_staff("Fulfilment")

    assert client.get(ADD).status_code == 403
    assert client.post(ADD, _card()).status_code == 403
    assert client.get("/admin/discounts/giftcard/").status_code == 403
    assert not GiftCard.objects.exists()


def _subscriber(email: str, status: str) -> NewsletterSubscription:
    return NewsletterSubscription.objects.create(
        email=email,
        source="FOOTER",
        status=status,
        requested_at=timezone.now(),
        confirmed_at=timezone.now() if status == "CONFIRMED" else None,
    )


def test_the_newsletter_page_lists_subscribers_by_status_read_only(as_staff):
    _subscriber("ana@example.com", "CONFIRMED")
    _subscriber("budi@example.com", "PENDING")
    _subscriber("citra@example.com", "UNSUBSCRIBED")
    marketing, admin = as_staff("Marketing"), as_staff("Administrators")

    everyone = marketing.get(NEWSLETTER)
    confirmed = marketing.get(NEWSLETTER, {"status__exact": "CONFIRMED"})

    assert everyone.status_code == confirmed.status_code == 200
    assert [row.email for row in everyone.context["cl"].result_list] == [
        "ana@example.com",
        "budi@example.com",
        "citra@example.com",
    ]
    assert [row.email for row in confirmed.context["cl"].result_list] == ["ana@example.com"]
    # The export needs MANAGE_USERS: offered to the administrators, not to marketing.
    assert 'id="newsletter-export"' not in everyone.content.decode()
    listed = admin.get(NEWSLETTER).content.decode()
    assert 'id="newsletter-export" href="/newsletter/export.csv"' in listed
    assert admin.get("/newsletter/export.csv").content.decode().count("@example.com") == 1
    # Read-only: consent is the subscriber's to give and withdraw.
    subscriber = NewsletterSubscription.objects.get(email="budi@example.com")
    assert marketing.get(f"{NEWSLETTER}add/").status_code == 403
    assert marketing.post(f"{NEWSLETTER}{subscriber.pk}/change/", {"status": "CONFIRMED"}).status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == "PENDING"


def test_the_newsletter_page_is_closed_to_other_staff(as_staff):
    _subscriber("ana@example.com", "CONFIRMED")
    assert as_staff("Fulfilment").get(NEWSLETTER).status_code == 403
    assert as_staff("Catalogue").get(NEWSLETTER).status_code == 403


def _voucher_form(**fields):
    values = {
        "name": "Fair",
        "type": "ENTIRE_ORDER",
        "discount_value_type": "PERCENTAGE",
        "start_date_0": "2026-12-01",
        "start_date_1": "09:00:00",
    }
    values.update(fields)
    return values


def test_a_vouchers_value_and_minimum_spend_per_channel_are_edited_through_the_service(as_staff):
    usd, eur = channel_create("intl-usd", "USD"), channel_create("eu-eur", "EUR", warehouse="eu-wh")
    client = as_staff("Marketing")
    created = client.post(
        "/admin/discounts/voucher/add/",
        _voucher_form(
            **{
                f"channel_{usd.pk}_discount_value": "10",
                f"channel_{usd.pk}_min_spent": "50.00",
                f"channel_{eur.pk}_discount_value": "",
                f"channel_{eur.pk}_min_spent": "",
            }
        ),
    )
    assert created.status_code == 302, created.context["adminform"].form.errors if created.context else ""
    voucher = Voucher.objects.get()
    assert list(
        VoucherChannelListing.objects.values_list("channel_id", "discount_value", "min_spent_amount")
    ) == [(usd.pk, Decimal("10.000"), Decimal("50.000"))]
    page = client.get(f"/admin/discounts/voucher/{voucher.pk}/change/")
    assert page.context["adminform"].form.initial[f"channel_{usd.pk}_discount_value"] == Decimal("10.000")

    edited = client.post(
        f"/admin/discounts/voucher/{voucher.pk}/change/",
        _voucher_form(
            **{
                f"channel_{usd.pk}_discount_value": "",
                f"channel_{usd.pk}_min_spent": "",
                f"channel_{eur.pk}_discount_value": "15",
                f"channel_{eur.pk}_min_spent": "",
            }
        ),
    )
    assert edited.status_code == 302
    assert list(
        VoucherChannelListing.objects.values_list("channel_id", "discount_value", "min_spent_amount")
    ) == [(eur.pk, Decimal("15.000"), None)]
    assert AuditLogEntry.objects.filter(action="voucher.channels_updated").count() == 2


def test_a_bad_channel_value_is_refused_on_its_field_and_nothing_changes(as_staff):
    usd = channel_create("intl-usd", "USD")
    client = as_staff("Marketing")
    response = client.post(
        "/admin/discounts/voucher/add/",
        _voucher_form(**{f"channel_{usd.pk}_discount_value": "150", f"channel_{usd.pk}_min_spent": "1.005"}),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert f"channel_{usd.pk}_discount_value" in errors and f"channel_{usd.pk}_min_spent" in errors
    assert not Voucher.objects.exists()
    assert not VoucherChannelListing.objects.exists()

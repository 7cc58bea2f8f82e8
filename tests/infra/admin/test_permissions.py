"""Which admin pages each demo permission group sees: Saleor's permission codes decide."""

from __future__ import annotations

import pytest
from django.test import Client

from storefront.accounts.models import User
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.throttle import MAX_FAILED_ATTEMPTS
from tests.graphql.conftest import unique_address
from tests.storefront.accounts.factories import PASSWORD, staff_user

pytestmark = pytest.mark.django_db

PAGES = {
    "orders": "/admin/orders/order/",
    "products": "/admin/catalog/product/",
    "lots": "/admin/certificates/productionlot/",
    "certificates": "/admin/certificates/origincertificate/",
    "makers": "/admin/origins/maker/",
    "origins": "/admin/origins/origin/",
    "staff": "/admin/accounts/user/",
    "groups": "/admin/auth/group/",
    "earnings": "/admin/orders/makerearning/",
    "statements": "/admin/orders/makerearning/statement/",
    "campaigns": "/admin/marketing/campaign/",
    "vouchers": "/admin/discounts/voucher/",
    "gift_cards": "/admin/discounts/giftcard/",
    "pages": "/admin/content/page/",
    "page_types": "/admin/content/pagetype/",
    "menus": "/admin/content/menu/",
    "menu_items": "/admin/content/menuitem/",
}
VISIBLE = {
    "Fulfilment": {"orders", "earnings", "statements"},
    "Catalogue": {"products", "lots", "certificates", "makers", "origins"},
    "Marketing": {"campaigns", "vouchers", "gift_cards", "pages", "page_types", "menus", "menu_items"},
    "Administrators": set(PAGES),
}


@pytest.mark.parametrize("group", sorted(VISIBLE))
def test_each_group_sees_exactly_its_areas(as_staff, group):
    client = as_staff(group)

    statuses = {name: client.get(url).status_code for name, url in PAGES.items()}

    assert {name for name, status in statuses.items() if status == 200} == VISIBLE[group]
    assert {name for name, status in statuses.items() if status != 200} == set(PAGES) - VISIBLE[group]
    assert all(status in (200, 403) for status in statuses.values())


@pytest.mark.parametrize(
    "group, sections",
    [
        ("Fulfilment", ["Orders", "Makers' earnings"]),
        ("Catalogue", ["Catalogue", "Provenance"]),
        ("Marketing", ["Marketing", "Pages and menus"]),
        (
            "Administrators",
            [
                "Orders",
                "Catalogue",
                "Provenance",
                "Makers' earnings",
                "Marketing",
                "Staff",
                "Pages and menus",
            ],
        ),
    ],
)
def test_the_index_shows_the_sections_of_the_groups_areas(as_staff, group, sections):
    response = as_staff(group).get("/admin/")

    assert response.status_code == 200
    assert [app["name"] for app in response.context["app_list"]] == sections


def test_add_and_delete_follow_the_services_behind_them(as_staff):
    catalogue, fulfilment = as_staff("Catalogue"), as_staff("Fulfilment")

    assert catalogue.get("/admin/catalog/product/add/").status_code == 200
    assert catalogue.get("/admin/certificates/productionlot/add/").status_code == 200
    # No service adds makers or orders here: no add page.
    assert catalogue.get("/admin/origins/maker/add/").status_code == 403
    assert fulfilment.get("/admin/orders/order/add/").status_code == 403


def test_a_buyer_and_an_anonymous_visitor_are_sent_to_the_login(db):
    buyer = User.objects.create_user("buyer@example.com", "pw-buyer-123456")
    client = Client()
    assert client.get("/admin/orders/order/").status_code == 302
    client.force_login(buyer)
    response = client.get("/admin/orders/order/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_log_in_with_their_e_mail(staff):
    client = Client(REMOTE_ADDR=unique_address())
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "fulfilment@asal.example", "password": "pack-and-ship-demo"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/orders/order/").status_code == 200

    refused = Client(REMOTE_ADDR=unique_address()).post(
        "/admin/login/", {"username": "fulfilment@asal.example", "password": "wrong"}
    )
    assert refused.status_code == 200 and not refused.wsgi_request.user.is_authenticated
    assert "Please enter the correct email and password for a staff account" in refused.content.decode()


def test_a_buyer_cannot_log_in_to_the_admin(db):
    User.objects.create_user("shopper@example.com", "pw-shopper-123456")

    response = Client(REMOTE_ADDR=unique_address()).post(
        "/admin/login/", {"username": "shopper@example.com", "password": "pw-shopper-123456"}
    )

    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated


def test_admin_logins_share_the_apis_attempt_limits(db):
    """Five wrong passwords lock the e-mail out from that address, even for the right password next."""
    member = staff_user(PermissionCode.MANAGE_ORDERS)
    client = Client(REMOTE_ADDR=unique_address())
    for _attempt in range(MAX_FAILED_ATTEMPTS):
        client.post("/admin/login/", {"username": member.email, "password": "guess"})

    response = client.post("/admin/login/", {"username": member.email, "password": PASSWORD})

    assert not response.wsgi_request.user.is_authenticated
    assert "Too many failed login attempts" in response.content.decode()
    other = Client(REMOTE_ADDR=unique_address())
    assert other.post("/admin/login/", {"username": member.email, "password": PASSWORD}).status_code == 302


def test_every_page_of_every_area_opens_for_an_administrator(as_staff, staff, order, received):
    from django.contrib.auth.models import Group

    from provenance.certificates.models import OriginCertificate

    certificate = OriginCertificate.objects.filter(unit__lot=received).first()
    pages = [
        f"/admin/orders/order/{order.pk}/change/",
        f"/admin/catalog/product/{received.variant.product_id}/change/",
        f"/admin/certificates/productionlot/{received.pk}/change/",
        f"/admin/certificates/origincertificate/{certificate.pk}/change/",
        f"/admin/certificates/origincertificate/{certificate.pk}/revoke/",
        f"/admin/origins/maker/{received.lot_makers.first().maker_id}/change/",
        f"/admin/origins/origin/{received.origin_id}/change/",
        f"/admin/accounts/user/{staff['Fulfilment'].pk}/change/",
        f"/admin/auth/group/{Group.objects.get(name='Fulfilment').pk}/change/",
        *PAGES.values(),
    ]
    client = as_staff("Administrators")

    assert {page: client.get(page).status_code for page in pages} == dict.fromkeys(pages, 200)

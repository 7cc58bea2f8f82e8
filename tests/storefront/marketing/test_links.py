"""``/c/<code>``: a visit counted once per person (not per crawler), a 302 to the storefront page with
the attribution in its query and a signed cookie, and a plain 404 page for anything else."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import HttpRequest
from django.test import Client, override_settings

from storefront.catalog.models import Collection
from storefront.marketing.links import is_bot
from storefront.marketing.models import CampaignLinkTarget, CampaignVisit
from storefront.marketing.views import ATTRIBUTION_COOKIE, ATTRIBUTION_COOKIE_SALT
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.marketing.factories import campaign_made, link_made

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"


@pytest.mark.parametrize(
    "agent",
    [
        None,
        "",
        "  ",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "WhatsApp/2.23.20.0 A",
        "TelegramBot (like TwitterBot)",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 HeadlessChrome/120.0",
    ],
)
def test_crawlers_previews_and_scripts_are_bots(agent):
    assert is_bot(agent)


@pytest.mark.parametrize(
    "agent", [BROWSER, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"]
)
def test_browsers_are_not_bots(agent):
    assert not is_bot(agent)


def test_a_product_link_redirects_with_the_attribution_and_counts_one_visit():
    channel = channel_create("id-idr", "IDR", countries=["ID"])
    variant = product_create(channel, slug="loyok-basket")
    campaign = campaign_made(utm_source="expo", utm_medium="qr", utm_campaign="expo-26", channels=[channel])
    link = link_made(campaign, target=CampaignLinkTarget.PRODUCT, product=variant.product)
    client = Client()

    response = client.get(f"/c/{link.code}", HTTP_USER_AGENT=BROWSER, HTTP_REFERER="https://t.co/abc?x=1")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc, location.path) == (
        "http",
        "127.0.0.1:8000",
        "/id-idr/products/loyok-basket",
    )
    assert parse_qs(location.query) == {
        "utm_source": ["expo"],
        "utm_medium": ["qr"],
        "utm_campaign": ["expo-26"],
        "campaign_link": [link.code],
    }
    assert response["Cache-Control"] == "no-store"
    cookie = response.cookies[ATTRIBUTION_COOKIE]
    later = HttpRequest()
    later.COOKIES[ATTRIBUTION_COOKIE] = cookie.value
    assert later.get_signed_cookie(ATTRIBUTION_COOKIE, salt=ATTRIBUTION_COOKIE_SALT) == link.code
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    visit = CampaignVisit.objects.get()
    assert (visit.link, visit.referrer, visit.landing_path, visit.country) == (
        link,
        "https://t.co/abc",
        "/id-idr/products/loyok-basket",
        "",
    )


def test_bots_and_head_requests_are_redirected_but_not_counted():
    link = link_made(campaign_made())
    client = Client()
    assert client.get(f"/c/{link.code}", HTTP_USER_AGENT="Googlebot/2.1").status_code == 302
    assert client.get(f"/c/{link.code}").status_code == 302  # no User-Agent at all
    assert client.head(f"/c/{link.code}", HTTP_USER_AGENT=BROWSER).status_code == 302
    assert client.post(f"/c/{link.code}", HTTP_USER_AGENT=BROWSER).status_code == 405
    assert CampaignVisit.objects.count() == 0


@override_settings(
    STOREFRONT_URL="https://shop.example", STOREFRONT_COLLECTION_PATH="/{channel}/c/{slug}?ref=qr"
)
def test_a_collection_link_follows_the_configured_storefront_and_keeps_its_query():
    channel = ChannelFactory(slug="jp-jpy", currency_code="JPY")
    collection = Collection.objects.create(name="Featured", slug="featured")
    link = link_made(
        campaign_made(), target=CampaignLinkTarget.COLLECTION, collection=collection, channel=channel
    )

    location = Client().get(f"/c/{link.code}", HTTP_USER_AGENT=BROWSER)["Location"]

    assert location == f"https://shop.example/jp-jpy/c/featured?ref=qr&campaign_link={link.code}"


def test_a_link_whose_target_was_deleted_opens_the_home_page():
    collection = Collection.objects.create(name="Gone", slug="gone")
    link = link_made(campaign_made(), target=CampaignLinkTarget.COLLECTION, collection=collection)
    collection.delete()

    location = Client().get(f"/c/{link.code}", HTTP_USER_AGENT=BROWSER)["Location"]

    assert location == f"http://127.0.0.1:8000/?campaign_link={link.code}"


@override_settings(CAMPAIGN_COUNTRY_HEADER="CF-IPCountry")
@pytest.mark.parametrize(("sent", "kept"), [("de", "DE"), ("XX", ""), ("T1", ""), ("DEU", ""), ("<b>", "")])
def test_the_country_comes_only_from_the_configured_header(sent, kept):
    link = link_made(campaign_made())
    Client().get(f"/c/{link.code}", HTTP_USER_AGENT=BROWSER, HTTP_CF_IPCOUNTRY=sent)
    assert CampaignVisit.objects.get().country == kept


def test_a_country_header_is_ignored_unless_configured():
    link = link_made(campaign_made())
    Client().get(f"/c/{link.code}", HTTP_USER_AGENT=BROWSER, HTTP_CF_IPCOUNTRY="DE")
    assert CampaignVisit.objects.get().country == ""


@pytest.mark.parametrize(
    "path",
    ["/c/unknowncode12", "/c/ab", "/c/%00", "/c/" + "a" * 150, "/c/abc'%20OR%201=1", "/c/%F0%9F%A7%BA"],
)
def test_anything_but_a_code_is_a_plain_404_page(path):
    link_made(campaign_made())
    with override_settings(DEBUG=True):
        response = Client().get(path, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Link not found" in body
    assert "Traceback" not in body and "urlpatterns" not in body.lower() and "Django" not in body
    assert CampaignVisit.objects.count() == 0


def test_a_code_typed_in_capitals_still_opens():
    link = link_made(campaign_made())
    assert Client().get(f"/c/{link.code.upper()}", HTTP_USER_AGENT=BROWSER).status_code == 302

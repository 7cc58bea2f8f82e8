"""Product feeds: Google Merchant Center XML and Meta CSV per channel and language, served at stable URLs."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from infra.celery import app as celery_app
from storefront.catalog import services as catalog
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.models import ProductMedia, ProductVariant, ProductVariantChannelListing
from storefront.catalog.pricing import variant_listing_pricing
from storefront.catalog.services.structure import category_google_product_category_set, category_upsert
from storefront.catalog.services.translations import product_translation_update
from storefront.inventory import services as inventory
from storefront.marketing.feeds import tasks as feed_tasks
from storefront.marketing.feeds.items import FeedShipping, FeedShippingTable
from storefront.marketing.feeds.storage import feed_generate, feed_name, feeds_forget_all, feeds_generate_all
from storefront.marketing.feeds.tasks import feed_generate_task
from storefront.shipping import quotes as shipping_quotes_module
from storefront.shipping.models import ShippingMethod, ShippingMethodTranslation
from storefront.shipping.parcels import parcel_for
from storefront.shipping.quotes import channel_countries, shipping_method_translation, shipping_quotes
from tests.storefront.checkout.factories import channel_create, list_in, product_create, warehouse_of
from tests.storefront.shipping.factories import make_channel, make_method, make_zone

pytestmark = pytest.mark.django_db
G = "{http://base.google.com/ns/1.0}"
REQUIRED = ("id", "image_link", "availability", "price", "condition", "shipping")


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": "/media/"},
        },
    }
    settings.PUBLIC_URL = "https://shop.example"
    settings.STOREFRONT_URL = "https://store.example"
    settings.STOREFRONT_PRODUCT_PATH = "/{channel}/products/{slug}"
    settings.ASAL_FEED_BRAND = "Asal Lombok"
    storages._storages = {}
    yield
    storages._storages = {}


def _with_image(variant: ProductVariant, n: int = 1) -> ProductVariant:
    for i in range(n):
        ProductMedia.objects.create(product=variant.product, image=f"products/{variant.product.slug}-{i}.jpg")
    return variant


def _items(xml: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(xml)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    ids = [item.findtext(f"{G}id") for item in items]
    assert len(ids) == len(set(ids)), "an item appears twice"
    return {str(item_id): item for item_id, item in zip(ids, items, strict=True)}


def _read(name: str) -> bytes:
    with storages["default"].open(name, "rb") as stored:
        return stored.read()


def _catalogue():
    usd = channel_create("feed-usd", "USD", countries=["US", "DE"], shipping_price="7.00")
    cheap = _with_image(product_create(usd, price="12.50", stock=3), 3)
    sold_out = _with_image(product_create(usd, price="20.00", stock=0))
    on_sale = _with_image(product_create(usd, price="8.00"))
    catalog.variant_channel_listing_update(variant=on_sale, channel=usd, price="8.00", prior_price="10.00")
    hidden = _with_image(product_create(usd, price="5.00", published=False))
    unavailable = _with_image(product_create(usd, price="5.00", available=False))
    unlisted = _with_image(product_create(usd, price="5.00"))
    catalog.product_channel_listing_update(
        product=unlisted.product,
        channel=usd,
        is_published=True,
        visible_in_listings=False,
        available_for_purchase_at=timezone.now() - timedelta(days=1),
    )
    return usd, {"cheap": cheap, "sold_out": sold_out, "on_sale": on_sale}, [hidden, unavailable, unlisted]


def test_google_feed_lists_every_sellable_variant_once_with_price_and_availability():
    usd, shown, absent = _catalogue()
    parent = category_upsert(slug="home", name="Home")
    textiles = category_upsert(slug="textiles", name="Textiles", parent=parent)
    product = shown["cheap"].product
    product.category = textiles
    product.description_plaintext = "Hand-woven ikat."
    product.save()

    assert feed_generate(channel=usd, language_code="en") == 3
    items = _items(_read(feed_name(channel_slug="feed-usd", language_code="en", kind="google.xml")))

    assert set(items) == {variant.sku for variant in shown.values()}
    for variant in absent:
        assert variant.sku not in items
    for item in items.values():
        for name in REQUIRED:
            assert item.find(f"{G}{name}") is not None, name
        for name in ("title", "description", "link"):
            assert (item.findtext(name) or "").strip(), name
        assert item.findtext(f"{G}brand") == "Asal Lombok"
        assert item.findtext(f"{G}identifier_exists") == "no"
        assert item.findtext(f"{G}condition") == "new"
    cheap = items[shown["cheap"].sku]
    assert cheap.findtext(f"{G}price") == "12.50 USD"
    assert cheap.findtext(f"{G}availability") == "in_stock"
    assert cheap.findtext(f"{G}sale_price") is None
    assert cheap.findtext("link") == f"https://store.example/feed-usd/products/{product.slug}"
    assert cheap.findtext(f"{G}image_link") == f"https://shop.example/media/products/{product.slug}-0.jpg"
    assert len(cheap.findall(f"{G}additional_image_link")) == 2
    assert cheap.findtext(f"{G}product_type") == "Home > Textiles"
    assert cheap.findtext("description") == "Hand-woven ikat."
    assert cheap.findtext(f"{G}mpn") == shown["cheap"].sku
    shipping = {
        block.findtext(f"{G}country"): (block.findtext(f"{G}service"), block.findtext(f"{G}price"))
        for block in cheap.findall(f"{G}shipping")
    }
    assert shipping == {"US": ("Post", "7.00 USD"), "DE": ("Post", "7.00 USD")}
    assert items[shown["sold_out"].sku].findtext(f"{G}availability") == "out_of_stock"
    sale = items[shown["on_sale"].sku]
    assert sale.findtext(f"{G}price") == "10.00 USD"
    assert sale.findtext(f"{G}sale_price") == "8.00 USD"


def test_jpy_prices_have_no_decimals_and_variants_share_a_group():
    jpy = channel_create("feed-jpy", "JPY", countries=["JP"], shipping_price="800")
    first = _with_image(product_create(jpy, price="1250", stock=2))
    second = catalog.variant_upsert(product=first.product, sku="JPY-SECOND", name="Large")
    list_in(jpy, second, price="1500")
    inventory.stock_set(warehouse=warehouse_of(jpy), variant=second, quantity=1)
    product_translation_update(product=first.product, language_code="id", name="Tenun ikat")
    feed_generate(channel=jpy, language_code="id")

    items = _items(_read(feed_name(channel_slug="feed-jpy", language_code="id", kind="google.xml")))
    assert items[first.sku].findtext(f"{G}price") == "1250 JPY"
    assert items["JPY-SECOND"].findtext(f"{G}price") == "1500 JPY"
    assert items["JPY-SECOND"].findtext("title") == "Tenun ikat - Large"
    assert items[first.sku].findtext(f"{G}shipping/{G}price") == "800 JPY"
    groups = {item.findtext(f"{G}item_group_id") for item in items.values()}
    assert groups == {first.product.slug}
    assert "?variant=" in (items["JPY-SECOND"].findtext("link") or "")


def test_meta_csv_parses_with_the_same_items():
    usd, shown, _absent = _catalogue()
    feed_generate(channel=usd, language_code="en")
    text = _read(feed_name(channel_slug="feed-usd", language_code="en", kind="meta.csv")).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    by_id = {row["id"]: row for row in rows}
    assert len(rows) == len(by_id) == 3
    assert set(by_id) == {variant.sku for variant in shown.values()}
    assert by_id[shown["cheap"].sku]["price"] == "12.50 USD"
    assert by_id[shown["cheap"].sku]["availability"] == "in stock"
    assert by_id[shown["sold_out"].sku]["availability"] == "out of stock"
    assert by_id[shown["on_sale"].sku]["sale_price"] == "8.00 USD"
    for row in rows:
        for column in ("title", "description", "link", "image_link", "brand", "condition"):
            assert row[column], column


def test_url_serves_the_stored_feed_and_regenerates_a_missing_one(client):
    usd, shown, _absent = _catalogue()
    response = client.get("/feeds/feed-usd/en/google.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert set(_items(b"".join(response.streaming_content))) == {v.sku for v in shown.values()}

    # The stored file is what is served: a new product appears once the feed is generated again.
    extra = _with_image(product_create(usd, price="3.00"))
    body = b"".join(client.get("/feeds/feed-usd/en/google.xml").streaming_content)
    assert extra.sku not in _items(body)
    feed_generate_task.delay(channel_slug="feed-usd", language_code="en")
    body = b"".join(client.get("/feeds/feed-usd/en/google.xml").streaming_content)
    assert extra.sku in _items(body)

    csv_response = client.get("/feeds/feed-usd/en/meta.csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/nowhere/en/google.xml",
        "/feeds/feed-usd/xx/google.xml",
        "/feeds/feed-usd/en/other.xml",
        "/feeds/feed-usd/en/..%2F..%2Fsecret",
        "/feeds/%00/en/meta.csv",
    ],
)
def test_unknown_channel_language_or_kind_is_404(client, path):
    channel_create("feed-usd", "USD")
    assert client.get(path).status_code == 404


def test_inactive_channel_has_no_feed(client):
    usd = channel_create("feed-usd", "USD")
    usd.is_active = False
    usd.save()
    assert client.get("/feeds/feed-usd/en/google.xml").status_code == 404


def test_generate_all_writes_every_channel_and_language():
    channel_create("feed-usd", "USD")
    channel_create("feed-jpy", "JPY")
    assert feeds_generate_all() == 4
    for slug in ("feed-usd", "feed-jpy"):
        for language in ("en", "id"):
            for kind in ("google.xml", "meta.csv"):
                assert storages["default"].exists(
                    feed_name(channel_slug=slug, language_code=language, kind=kind)
                )


def test_forget_all_deletes_the_stored_feeds_and_the_next_request_makes_them_afresh(client):
    usd, shown, _absent = _catalogue()
    channel_create("feed-jpy", "JPY")
    assert feeds_generate_all() == 4
    extra = _with_image(product_create(usd, price="3.00"))
    assert feeds_forget_all() == 8
    for slug in ("feed-usd", "feed-jpy"):
        for language in ("en", "id"):
            for kind in ("google.xml", "meta.csv"):
                name = feed_name(channel_slug=slug, language_code=language, kind=kind)
                assert not storages["default"].exists(name)
    assert feeds_forget_all() == 0  # nothing stored, nothing to delete
    body = b"".join(client.get("/feeds/feed-usd/id/google.xml").streaming_content)
    assert set(_items(body)) == {v.sku for v in shown.values()} | {extra.sku}


@override_settings()
def test_the_task_is_in_the_beat_schedule_and_registered():
    from django.conf import settings

    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "storefront.marketing.feeds.tasks.feeds_generate_all_task" in entries
    celery_app.loader.import_default_modules()
    assert "storefront.marketing.feeds.tasks.feeds_generate_all_task" in celery_app.tasks
    schedule = next(
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "storefront.marketing.feeds.tasks.feeds_generate_all_task"
    )
    assert schedule["schedule"] <= 3600


def test_sale_price_effective_date_comes_from_the_promotion_that_lowers_the_price():
    from tests.storefront.discounts.test_promotions import promotion_create

    usd = channel_create("feed-usd", "USD", countries=["US"])
    ending = _with_image(product_create(usd, price="20.00"))
    open_ended = _with_image(product_create(usd, price="30.00"))
    by_hand = _with_image(product_create(usd, price="8.00"))
    catalog.variant_channel_listing_update(variant=by_hand, channel=usd, price="8.00", prior_price="10.00")
    start = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    end = start + timedelta(days=10)
    promotion_create(usd, products=[ending.product], value="25", start=start, end=end)
    promotion_create(usd, products=[open_ended.product], value="10", start=start, name="Always")
    feed_generate(channel=usd, language_code="en")

    items = _items(_read(feed_name(channel_slug="feed-usd", language_code="en", kind="google.xml")))
    sale = items[ending.sku]
    assert sale.findtext(f"{G}price") == "20.00 USD"
    assert sale.findtext(f"{G}sale_price") == "15.00 USD"
    interval = sale.findtext(f"{G}sale_price_effective_date") or ""
    first, _slash, last = interval.partition("/")
    assert (datetime.fromisoformat(first), datetime.fromisoformat(last)) == (start, end)
    assert items[open_ended.sku].findtext(f"{G}sale_price") == "27.00 USD"
    assert items[open_ended.sku].find(f"{G}sale_price_effective_date") is None
    assert items[by_hand.sku].findtext(f"{G}sale_price") == "8.00 USD"
    assert items[by_hand.sku].find(f"{G}sale_price_effective_date") is None

    rows = {
        row["id"]: row
        for row in csv.DictReader(
            io.StringIO(
                _read(feed_name(channel_slug="feed-usd", language_code="en", kind="meta.csv")).decode()
            )
        )
    }
    assert rows[ending.sku]["sale_price_effective_date"] == interval
    assert rows[open_ended.sku]["sale_price_effective_date"] == ""
    assert rows[by_hand.sku]["sale_price_effective_date"] == ""


def test_google_product_category_is_the_category_s_or_its_nearest_ancestor_s():
    usd = channel_create("feed-usd", "USD", countries=["US"])
    home = category_upsert(slug="home", name="Home")
    decor = category_upsert(slug="decor", name="Decor", parent=home)
    baskets = category_upsert(slug="baskets", name="Baskets", parent=decor)
    textiles = category_upsert(slug="textiles", name="Textiles")
    category_google_product_category_set(category=home, value="536")
    category_google_product_category_set(category=baskets, value="  Home & Garden >  Decor > Baskets ")
    inherited = _with_image(product_create(usd, price="5.00"))
    own = _with_image(product_create(usd, price="6.00"))
    none = _with_image(product_create(usd, price="7.00"))
    for variant, category in ((inherited, decor), (own, baskets), (none, textiles)):
        variant.product.category = category
        variant.product.save()
    feed_generate(channel=usd, language_code="en")

    items = _items(_read(feed_name(channel_slug="feed-usd", language_code="en", kind="google.xml")))
    assert items[inherited.sku].findtext(f"{G}google_product_category") == "536"
    assert items[own.sku].findtext(f"{G}google_product_category") == "Home & Garden > Decor > Baskets"
    assert items[none.sku].find(f"{G}google_product_category") is None
    rows = {
        row["id"]: row
        for row in csv.DictReader(
            io.StringIO(
                _read(feed_name(channel_slug="feed-usd", language_code="en", kind="meta.csv")).decode()
            )
        )
    }
    assert rows[inherited.sku]["google_product_category"] == "536"
    assert rows[none.sku]["google_product_category"] == ""

    with pytest.raises(CatalogError):
        category_google_product_category_set(category=home, value="x" * 251)
    home.refresh_from_db()
    assert home.google_product_category == "536"


def test_links_carry_the_slug_translated_into_the_feed_s_language():
    usd = channel_create("feed-usd", "USD", countries=["US"])
    translated = _with_image(product_create(usd, price="5.00"))
    untranslated_slug = _with_image(product_create(usd, price="6.00"))
    product_translation_update(
        product=translated.product, language_code="id", name="Keranjang", slug="keranjang"
    )
    product_translation_update(product=untranslated_slug.product, language_code="id", name="Tikar")
    for language in ("en", "id"):
        feed_generate(channel=usd, language_code=language)

    english = _items(_read(feed_name(channel_slug="feed-usd", language_code="en", kind="google.xml")))
    indonesian = _items(_read(feed_name(channel_slug="feed-usd", language_code="id", kind="google.xml")))
    base = "https://store.example/feed-usd/products/"
    assert english[translated.sku].findtext("link") == base + translated.product.slug
    assert indonesian[translated.sku].findtext("link") == base + "keranjang"
    assert indonesian[translated.sku].findtext("title") == "Keranjang"
    assert indonesian[untranslated_slug.sku].findtext("link") == base + untranslated_slug.product.slug
    rows = {
        row["id"]: row
        for row in csv.DictReader(
            io.StringIO(
                _read(feed_name(channel_slug="feed-usd", language_code="id", kind="meta.csv")).decode()
            )
        )
    }
    assert rows[translated.sku]["link"] == base + "keranjang"


def quoted_per_country(channel, variant, subtotal, language_code, countries=None) -> list[FeedShipping]:
    """What feeds listed before the shipping table: ``shipping_quotes`` asked for every country
    (or for ``countries`` only, in the channel's order)."""
    if not variant.product.product_type.is_shipping_required:
        return [
            FeedShipping(
                country=channel.default_country, service="Digital", price=subtotal.zero(subtotal.currency)
            )
        ]
    parcel = parcel_for([(variant, 1)])
    found = []
    for country in channel_countries(channel):
        if countries is not None and country not in countries:
            continue
        quotes = shipping_quotes(channel=channel, country=country, parcel=parcel, subtotal=subtotal)
        if quotes:
            translated = shipping_method_translation(quotes[0].method, language_code)
            service = (translated.name if translated is not None else "") or quotes[0].method.name
            found.append(FeedShipping(country=country, service=service, price=quotes[0].price))
    return found


def _shipping_catalogue():
    """Zones that overlap, weight and price bands, a free-shipping threshold, a translated method,
    a zone with no listing in the channel and listings the channel must not see."""
    usd = channel_create(
        "feed-usd", "USD", countries=["US", "DE", "JP", "AU", "GB", "ID"], shipping_price="7.00"
    )
    europe = make_zone("Europe", ["de", "FR", "GB", "IT"], [usd])
    make_method(europe, "Express", channel=usd, price="20.00", max_kg="1")
    make_method(europe, "Freight", channel=usd, price="35.00", min_kg="1", max_kg="30")
    make_method(europe, "Letter", channel=usd, price="3.00", type=ShippingMethod.Type.PRICE, max_order="15")
    asia = make_zone("Asia", ["JP", "ID", "SG"], [usd])
    courier = make_method(asia, "Courier", channel=usd, price="9.00", free_above="50")
    ShippingMethodTranslation.objects.create(shipping_method=courier, language_code="id", name="Kurir")
    eur = make_channel("feed-eur", "EUR", "DE")
    make_method(make_zone("Brazil", ["BR"], [usd]), "Correios", channel=eur, price="4.00")  # none in USD
    make_method(make_zone("Unassigned", ["US", "CA"]), "Nowhere", channel=usd, price="0.50")
    variants = []
    for price, weight in (("2.00", "0.200"), ("12.50", "0.900"), ("60.00", "4.000"), ("80.00", "45.000")):
        variant = _with_image(product_create(usd, price=price))
        variant.weight_kg = Decimal(weight)
        variant.save()
        variants.append(variant)
    variants.append(_with_image(product_create(usd, price="25.00", shipping=False)))
    return usd, variants


@pytest.mark.parametrize("language_code", ["en", "id"])
def test_shipping_per_country_is_what_shipping_quotes_gives_each_country(language_code):
    usd, variants = _shipping_catalogue()
    table = FeedShippingTable(channel=usd, language_code=language_code)
    listings = ProductVariantChannelListing.objects.filter(channel=usd).select_related(
        "variant__product__product_type"
    )
    assert len(listings) == len(variants)
    for listing in listings:
        subtotal = variant_listing_pricing(listing, usd).price.gross
        expected = quoted_per_country(usd, listing.variant, subtotal, language_code)
        assert table.for_variant(listing.variant, subtotal) == expected, listing.variant.sku

    by_sku = {
        listing.variant.sku: {
            line.country: (line.service, line.price.amount)
            for line in table.for_variant(listing.variant, variant_listing_pricing(listing, usd).price.gross)
        }
        for listing in listings
    }
    light, _medium, heavy, too_heavy, digital = (variant.sku for variant in variants)
    courier = "Kurir" if language_code == "id" else "Courier"
    assert by_sku[light]["DE"] == ("Letter", Decimal("3.00"))
    assert by_sku[light]["FR"] == ("Letter", Decimal("3.00"))
    assert by_sku[light]["SG"] == (courier, Decimal("9.00"))
    assert by_sku[heavy]["DE"] == ("Post", Decimal("7.00"))
    assert by_sku[heavy]["FR"] == ("Freight", Decimal("35.00"))
    assert by_sku[heavy]["JP"] == (courier, Decimal("0.00"))
    assert "FR" not in by_sku[too_heavy] and "BR" not in by_sku[light] and "CA" not in by_sku[light]
    assert by_sku[digital] == {"US": ("Digital", Decimal("0.00"))}


def test_a_feed_reads_the_channel_s_shipping_once_and_a_fixed_number_of_queries(monkeypatch):
    usd, _variants = _shipping_catalogue()
    reads = []
    real = shipping_quotes_module.offers_for_channel
    monkeypatch.setattr(
        shipping_quotes_module,
        "offers_for_channel",
        lambda channel_id: reads.append(channel_id) or real(channel_id),
    )
    assert feed_generate(channel=usd, language_code="en") == 5  # the shipping tables cached
    assert reads == [usd.pk]
    with CaptureQueriesContext(connection) as few:
        feed_generate(channel=usd, language_code="en")
    for _ in range(5):
        _with_image(product_create(usd, price="5.00"))
    feed_generate(channel=usd, language_code="en")
    reads.clear()
    with CaptureQueriesContext(connection) as many:
        assert feed_generate(channel=usd, language_code="en") == 10
    assert reads == [usd.pk]
    assert len(many) == len(few)


def test_a_missing_feed_is_enqueued_once_and_answered_503_until_it_is_made(client, monkeypatch):
    _usd, shown, _absent = _catalogue()
    enqueued = []
    monkeypatch.setattr(feed_generate_task, "delay", lambda **kwargs: enqueued.append(kwargs))

    for kind in ("google.xml", "meta.csv", "google.xml"):
        response = client.get(f"/feeds/feed-usd/en/{kind}")
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert response["Cache-Control"] == "no-store"
    assert enqueued == [{"channel_slug": "feed-usd", "language_code": "en"}]  # one run for the lot
    assert not storages["default"].exists(
        feed_name(channel_slug="feed-usd", language_code="en", kind="meta.csv")
    )

    feed_generate_task(**enqueued[0])  # what the worker runs
    response = client.get("/feeds/feed-usd/en/google.xml")
    assert response.status_code == 200
    assert set(_items(b"".join(response.streaming_content))) == {v.sku for v in shown.values()}
    # The run cleared its pending mark: a feed missing again is enqueued again.
    feeds_forget_all()
    assert client.get("/feeds/feed-usd/en/google.xml").status_code == 503
    assert len(enqueued) == 2


def test_a_broker_that_refuses_the_task_gives_503_and_the_next_request_tries_again(client, monkeypatch):
    channel_create("feed-usd", "USD")
    attempts = []

    def refuse(**kwargs):
        attempts.append(kwargs)
        raise ConnectionError("broker down")

    monkeypatch.setattr(feed_generate_task, "delay", refuse)
    assert client.get("/feeds/feed-usd/id/meta.csv").status_code == 503
    assert client.get("/feeds/feed-usd/id/meta.csv").status_code == 503
    assert len(attempts) == 2
    assert cache.get(feed_tasks._pending_key("feed-usd", "id")) is None

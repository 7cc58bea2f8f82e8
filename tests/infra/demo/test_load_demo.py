"""``manage.py load_demo``: the demo shop a newcomer browses after ``make run``.

The catalogue is loaded once for this module, inside a transaction rolled back at the end,
so other tests on the same worker never see it; each test runs in a savepoint within it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models, transaction

from provenance.certificates.models import CustodyEvent, OriginCertificate, ProductionLot, Unit
from provenance.origins.models import Maker, Material, Origin, ProducerGroup, Technique
from storefront.catalog import models as catalog_models
from storefront.catalog.models import (
    Attribute,
    AttributeValueTranslation,
    CategoryTranslation,
    CollectionTranslation,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    Thumbnail,
)
from storefront.channels.models import Channel, ImportVatScheme, TaxRate
from storefront.channels.tax import tax_decision
from storefront.core.money import Money, quantize_amount
from storefront.inventory.models import Stock, Warehouse
from storefront.shipping import models as shipping_models
from storefront.shipping.parcels import parcel_for
from storefront.shipping.quotes import channel_countries, shipping_quotes
from storefront.shipping.restrictions import restricted_items
from tests.infra.test_examples import readme_examples

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-catalogue")]

DEMO_CHANNELS = {"intl-usd": "USD", "eu-eur": "EUR", "au-aud": "AUD", "jp-jpy": "JPY", "id-idr": "IDR"}


@pytest.fixture(scope="module")
def demo_output(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[str]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("load_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_output: str) -> str:
    return demo_output


def _snapshot() -> dict[str, list[dict[str, object]]]:
    """Every column of every row the loader writes, to prove a second run changes nothing."""
    tables: list[type[models.Model]] = [
        Channel, Origin, ProducerGroup, Maker, Material, Technique, Warehouse, Stock,
        ProductionLot, Unit, OriginCertificate, CustodyEvent, TaxRate, ImportVatScheme,
    ]  # fmt: skip
    tables += [
        model
        for model in vars(shipping_models).values()
        if isinstance(model, type)
        and issubclass(model, models.Model)
        and model.__module__ == shipping_models.__name__
    ]
    tables += [
        model
        for model in vars(catalog_models).values()
        if isinstance(model, type)
        and issubclass(model, models.Model)
        and not model._meta.abstract
        and model.__module__ == catalog_models.__name__
    ]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in tables}


def test_loads_at_least_40_products_from_every_craft_village(demo: str) -> None:
    assert Product.objects.count() >= 40
    villages = set(Product.objects.values_list("origin__village", flat=True))
    assert {
        "Loyok",
        "Beleka",
        "Sukarara",
        "Banyumulek",
        "Karang Pule",
        "Sokong",
        "Genggelang",
        "Senaru",
    } <= villages
    assert "[46/46]" in demo  # progress is shown


def test_channels_have_their_currency_countries_and_tax_setting(demo: str) -> None:
    channels = {c.slug: c for c in Channel.objects.filter(slug__in=DEMO_CHANNELS)}
    assert {slug: c.currency_code for slug, c in channels.items()} == DEMO_CHANNELS
    idr = channels["id-idr"]
    assert (idr.default_language, idr.prices_entered_with_tax, idr.flat_tax_rate) == (
        "id",
        True,
        Decimal("0.11"),
    )
    assert channels["intl-usd"].allowed_countries == []
    assert set(channels["au-aud"].allowed_countries) == {"AU", "NZ"}


def test_channels_take_payment_before_the_order_with_the_dummy_gateway_out_of_the_box(demo: str) -> None:
    channels = list(Channel.objects.filter(slug__in=DEMO_CHANNELS))
    assert {
        (c.allow_unpaid_orders, tuple(c.payment_gateways), c.default_transaction_flow_strategy)
        for c in channels
    } == {(False, (), "CHARGE")}
    assert "payments.dummy.DummyGateway" in settings.PAYMENT_GATEWAYS  # no Stripe keys in the tests


def test_every_variant_is_priced_in_every_channel_with_currency_correct_amounts(demo: str) -> None:
    listings = ProductVariantChannelListing.objects.select_related("channel")
    assert listings.count() == ProductVariant.objects.count() * len(DEMO_CHANNELS)
    for listing in listings:
        assert listing.currency == listing.channel.currency_code
        assert listing.price_amount == quantize_amount(listing.price_amount, listing.currency)
        assert listing.price_amount > 0
        if listing.prior_price_amount is not None:
            assert listing.prior_price_amount > listing.price_amount
    assert all(
        amount % 1 == 0 for amount in listings.filter(currency="JPY").values_list("price_amount", flat=True)
    )
    assert listings.filter(currency="IDR").order_by("price_amount").first().price_amount >= 50000
    assert listings.filter(prior_price_amount__isnull=False).exists()  # some are on sale


def test_every_product_is_published_in_every_channel_with_its_cheapest_price(demo: str) -> None:
    for product in Product.objects.all():
        listings = ProductChannelListing.objects.filter(product=product, is_published=True)
        assert {listing.currency for listing in listings} == set(DEMO_CHANNELS.values())
        for listing in listings:
            cheapest = min(  # what a buyer pays: the Ramadan sale's price for the pottery
                min(price, discounted if discounted is not None else price)
                for price, discounted in ProductVariantChannelListing.objects.filter(
                    variant__product=product, currency=listing.currency
                ).values_list("price_amount", "discounted_price_amount")
            )
            assert listing.discounted_price_amount == cheapest


def test_every_product_has_an_image_on_storage(demo: str) -> None:
    for product in Product.objects.all():
        media = list(ProductMedia.objects.filter(product=product))
        assert 1 <= len(media) <= 3, product.slug
        assert all(default_storage.exists(m.image.name) for m in media)
        assert media[0].alt


def test_stock_is_kept_in_two_warehouses(demo: str) -> None:
    holding = Warehouse.objects.filter(stocks__quantity__gt=0).distinct()
    assert holding.count() == 2
    assert all(w.channels.count() == len(DEMO_CHANNELS) for w in holding)
    # The gift card product keeps no stock (it is e-mailed, not shipped).
    for variant in ProductVariant.objects.exclude(product__product_type__kind="GIFT_CARD"):
        assert Stock.objects.filter(product_variant=variant, quantity__gt=0).exists(), variant.sku


def test_stock_on_the_shelves_arrived_as_certified_lots(demo: str) -> None:
    """Every tracked piece in stock has a unit with a signed certificate (issue 3's demo lots)."""
    tracked = Stock.objects.filter(product_variant__is_made_to_order=False)
    assert Unit.objects.count() == sum(tracked.values_list("quantity", flat=True))
    assert OriginCertificate.objects.count() == Unit.objects.count()
    for variant in ProductVariant.objects.filter(is_one_of_a_kind=True):
        assert Unit.objects.filter(lot__variant=variant).count() == 1


def test_makers_are_demo_profiles_that_say_so(demo: str) -> None:
    makers = list(Maker.objects.all())
    assert 8 <= len(makers) <= 12
    for maker in makers:
        assert maker.is_demo_profile
        assert maker.bio.startswith("DEMO PROFILE")
        assert (maker.consent_recorded_at is not None) == maker.consent_to_publish
        # Portraits are public media: stored only for makers who consented.
        assert bool(maker.portrait) == maker.consent_to_publish
        if maker.portrait:
            assert default_storage.exists(maker.portrait.name)
    assert any(not maker.consent_to_publish for maker in makers)  # the consent rule is on show


def test_variants_cover_sizes_one_of_a_kind_and_made_to_order(demo: str) -> None:
    variants = ProductVariant.objects.all()
    assert variants.filter(is_one_of_a_kind=True).exists()
    assert not variants.filter(is_one_of_a_kind=True).exclude(quantity_limit_per_customer=1).exists()
    made_to_order = variants.filter(is_made_to_order=True)
    assert made_to_order.exists() and not made_to_order.filter(lead_time_days__isnull=True).exists()
    assert variants.filter(attribute_values__value__attribute__slug="size").exists()
    assert not variants.filter(sku__isnull=True).exists()
    assert not variants.filter(weight_kg__isnull=True).exists()
    assert not variants.filter(length_cm__isnull=True).exists()


def test_food_products_carry_their_label(demo: str) -> None:
    food = Product.objects.filter(product_type__is_food=True)
    assert food.count() >= 4
    for product in food:
        assert product.ingredients and product.allergens and product.net_content and product.storage_advice
    assert set(food.values_list("product_type__hs_code", flat=True)) >= {"1801", "0901", "0409", "0905"}
    gtins = ProductVariant.objects.filter(product__in=food).exclude(gtin="").values_list("gtin", flat=True)
    assert gtins and all(len(gtin) == 13 and gtin.startswith("20") for gtin in gtins)  # restricted range


def test_typed_attributes_of_every_kind_are_in_use(demo: str) -> None:
    used = set(
        Attribute.objects.filter(values__product_assignments__isnull=False).values_list(
            "input_type", flat=True
        )
    )
    assert {"DROPDOWN", "MULTISELECT", "SWATCH", "PLAIN_TEXT", "NUMERIC", "BOOLEAN"} <= used


def test_products_are_translated_to_indonesian_and_japanese_and_searchable(demo: str) -> None:
    assert ProductTranslation.objects.filter(language_code="id").count() == Product.objects.count()
    assert (
        ProductTranslation.objects.filter(language_code="ja").exclude(name="").count()
        == Product.objects.count()
    )
    for model in (CategoryTranslation, CollectionTranslation, AttributeValueTranslation):
        assert set(model.objects.values_list("language_code", flat=True)) == {"id", "ja"}
    lamp = Product.objects.get(slug="loyok-bamboo-lamp-shade")
    assert lamp.translations.get(language_code="id").slug == "kap-lampu-anyaman-bambu"
    assert "loyok" in lamp.search_document and "amaq rusdi" in lamp.search_document
    assert not Product.objects.filter(search_document="").exists()
    jar = Product.objects.get(slug="banyumulek-kendi-water-jar")
    assert "amaq saprudin" not in jar.search_document  # he has not consented to publication


def test_a_second_run_changes_nothing(demo: str) -> None:
    before = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    after = _snapshot()
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, f"{table} changed on the second run"


def test_the_landing_page_links_a_certified_piece_and_every_link_answers(demo: str, client) -> None:
    html = client.get("/").content.decode()
    piece = re.search(r'href="/p/([A-Z0-9-]+)"', html)
    assert piece is not None
    assert piece.group(1) in demo  # the piece load_demo's last line names
    links = {link.replace("&amp;", "&") for link in re.findall(r'href="(/[^"]*)"', html)}
    assert {f"/p/{piece.group(1)}?format=vc", f"/p/{piece.group(1)}/tag.pdf"} <= links
    for link in sorted(links):
        assert client.get(link, headers={"Accept": "text/html"}).status_code == 200, link


def test_thumbnails_are_left_to_their_first_request(demo: str) -> None:
    """Pre-rendering six thumbnails per image was most of a first load's time; the view renders
    each one once when a page first asks for it."""
    assert ProductMedia.objects.exists()
    assert not Thumbnail.objects.exists()


def test_the_readme_examples_answer_with_demo_data(demo: str, gql) -> None:
    for document in readme_examples():
        result = gql(document)
        assert "errors" not in result, result
        assert all(value for value in result["data"].values()), document


def test_channels_ship_to_the_countries_they_sell_to(demo: str) -> None:
    channels = {c.slug: c for c in Channel.objects.filter(slug__in=DEMO_CHANNELS)}
    for slug in ("eu-eur", "au-aud", "jp-jpy", "id-idr"):
        assert set(channel_countries(channels[slug])) == set(channels[slug].allowed_countries), slug
    worldwide = set(channel_countries(channels["intl-usd"]))
    assert {"DE", "GB", "JP", "AU", "NZ", "US", "BR", "ZA", "ID", "SG"} <= worldwide and len(worldwide) > 200
    assert set(Warehouse.objects.filter(shipping_zones__isnull=False).values_list("slug", flat=True)) == set(
        Warehouse.objects.values_list("slug", flat=True)
    )


def test_a_real_parcel_gets_a_postal_and_a_courier_quote_in_every_channel(demo: str) -> None:
    variants = list(ProductVariant.objects.select_related("product__product_type").order_by("pk")[:3])
    parcel = parcel_for([(variant, 1) for variant in variants])
    assert parcel.chargeable_weight_kg > 0
    for slug, country in {
        "intl-usd": "US",
        "eu-eur": "DE",
        "au-aud": "AU",
        "jp-jpy": "JP",
        "id-idr": "ID",
    }.items():
        channel = Channel.objects.get(slug=slug)
        quotes = shipping_quotes(
            channel=channel, country=country, parcel=parcel, subtotal=Money(Decimal(1), channel.currency_code)
        )
        names = [quote.method.name for quote in quotes]
        assert any(name.startswith("Pos Indonesia") for name in names), (slug, names)
        assert any(name.startswith("Express courier") for name in names), (slug, names)
        postal = next(quote for quote in quotes if quote.method.name.startswith("Pos Indonesia"))
        assert postal.price.amount > 0 and postal.maximum_delivery_days is not None
        assert quotes == sorted(quotes, key=lambda quote: (quote.price.amount, quote.method.name))


def test_postal_shipping_abroad_is_free_above_the_threshold(demo: str) -> None:
    channel = Channel.objects.get(slug="eu-eur")
    light = parcel_for([])
    cheap, large = (Money(Decimal(amount), "EUR") for amount in ("20", "500"))
    postal = [q for q in shipping_quotes(channel=channel, country="FR", parcel=light, subtotal=cheap)]
    free = [q for q in shipping_quotes(channel=channel, country="FR", parcel=light, subtotal=large)]
    assert postal[0].price.amount > 0
    assert free[0].price.amount == 0 and free[0].method.name.startswith("Pos Indonesia")


def test_import_vat_thresholds_are_each_channels_currency(demo: str) -> None:
    eur, usd, aud = (Channel.objects.get(slug=slug) for slug in ("eu-eur", "intl-usd", "au-aud"))
    # eu-eur enters prices with VAT: €178.50 at 19% is €150.00 of goods, IOSS's limit.
    at = tax_decision(channel=eur, country="DE", goods_value=Money(Decimal("178.50"), "EUR"))
    above = tax_decision(channel=eur, country="DE", goods_value=Money(Decimal("178.51"), "EUR"))
    assert (at.collected_at, at.scheme, at.rate) == ("CHECKOUT", "EU_IOSS", Decimal("0.19"))
    assert (above.collected_at, above.import_vat) == ("IMPORT", Money(Decimal("28.50"), "EUR"))
    uk = ImportVatScheme.objects.get(channel=usd, code="UK")
    assert (uk.currency, uk.threshold_amount) == ("USD", Decimal("170.88"))  # £135 / 0.79
    assert ImportVatScheme.objects.get(channel=aud, code="AU_LVG").threshold_amount == Decimal(1000)
    assert not ImportVatScheme.objects.filter(channel__slug="jp-jpy").exists()
    assert tax_decision(channel=usd, country="US", goods_value=Money(Decimal(999), "USD")).rate == 0
    assert tax_decision(channel=usd, country="JP", goods_value=Money(Decimal(999), "USD")).rate == Decimal(
        "0.10"
    )


def test_honey_and_cocoa_beans_cannot_be_sent_to_australia(demo: str) -> None:
    products = Product.objects.select_related("product_type")
    items = [(product.slug, product.effective_hs_code) for product in products]
    refused = {hit.key for hit in restricted_items("AU", items)}
    kinds = {product.slug: product.product_type.slug for product in products}
    assert {kinds[slug] for slug in refused} == {"honey", "cocoa"}
    assert restricted_items("DE", items) == []


def test_the_storefront_promo_code_documents_run_with_the_demo_voucher_and_gift_card(demo: str, gql) -> None:
    """The storefront's checkoutAddPromoCode / checkoutRemovePromoCode (our CheckoutApplyCode and
    CheckoutDropCode) with the demo's EXPO2026 voucher and USD gift card."""
    from django.core.cache import cache

    from graphql_schema.core.relay import to_global_id
    from infra.demo.discounts import GIFT_CARD_CODE, VOUCHER_CODE
    from storefront.discounts.models import GiftCard
    from tests.graphql.compat.storefront import operation_text

    cache.clear()  # promo code attempt limits
    variant = (
        catalog_models.ProductVariant.objects.filter(
            channel_listings__channel__slug="intl-usd",
            stocks__quantity__gt=0,
            product__product_type__is_shipping_required=True,
        )
        .order_by("pk")
        .first()
    )
    assert variant is not None

    def run(name: str, variables: dict) -> dict:
        body = gql(operation_text(name), variables)
        assert "errors" not in body, body.get("errors")
        return body["data"]

    checkout_id = run("CartOpen", {"channel": "intl-usd", "languageCode": "EN"})["checkoutCreate"][
        "checkout"
    ]["id"]
    variant_id = to_global_id("ProductVariant", variant.pk)
    run("CartAddOne", {"id": checkout_id, "productVariantId": variant_id})
    applied = run(
        "CheckoutApplyCode",
        {"checkoutId": checkout_id, "promoCode": VOUCHER_CODE.lower(), "languageCode": "EN"},
    )
    payload = applied["checkoutAddPromoCode"]
    assert payload["errors"] == []
    state = payload["checkout"]
    subtotal = Decimal(str(state["subtotalPrice"]["gross"]["amount"]))
    assert state["voucherCode"] == VOUCHER_CODE
    assert state["discountName"] == "Expo 2026: 10% off"
    assert Decimal(str(state["discount"]["amount"])) > 0
    price = ProductVariantChannelListing.objects.get(variant=variant, channel__slug="intl-usd")
    assert Decimal(str(state["discount"]["amount"])) == quantize_amount(price.price_amount / 10, "USD")
    with_card = run(
        "CheckoutApplyCode", {"checkoutId": checkout_id, "promoCode": GIFT_CARD_CODE, "languageCode": "EN"}
    )
    cards = with_card["checkoutAddPromoCode"]["checkout"]["giftCards"]
    assert [card["displayCode"] for card in cards] == ["XXXX-XXXX-XXXX-2026"]
    total = Decimal(str(with_card["checkoutAddPromoCode"]["checkout"]["totalPrice"]["gross"]["amount"]))
    assert total == max(subtotal - Decimal("25.00"), Decimal(0))
    wrong = run(
        "CheckoutApplyCode", {"checkoutId": checkout_id, "promoCode": "NOT-A-CODE", "languageCode": "EN"}
    )
    assert [error["code"] for error in wrong["checkoutAddPromoCode"]["errors"]] == ["INVALID"]
    dropped = run(
        "CheckoutDropCode",
        {"checkoutId": checkout_id, "promoCode": VOUCHER_CODE, "promoCodeId": None, "languageCode": "EN"},
    )["checkoutRemovePromoCode"]["checkout"]
    assert dropped["voucherCode"] is None
    assert dropped["discount"]["amount"] == 0
    card_id = to_global_id("GiftCard", GiftCard.objects.get(code=GIFT_CARD_CODE).pk)
    emptied = run(
        "CheckoutDropCode",
        {"checkoutId": checkout_id, "promoCode": None, "promoCodeId": card_id, "languageCode": "EN"},
    )["checkoutRemovePromoCode"]["checkout"]
    assert emptied["giftCards"] == []


def test_the_storefronts_featured_collection_menus_and_pages_are_loaded(demo: str) -> None:
    """What Saleor's storefront asks for on its home page and in its layout (issue 12)."""
    from storefront.content.models import Menu, MenuItem, Page

    featured = catalog_models.Collection.objects.get(slug="featured-products")
    assert featured.products.count() == 8
    assert set(featured.channel_listings.values_list("channel__slug", flat=True)) == set(DEMO_CHANNELS)
    assert set(Menu.objects.values_list("slug", flat=True)) == {"navbar", "footer"}
    assert not MenuItem.objects.filter(translations__isnull=True).exists()
    assert (
        Page.objects.filter(is_published=True, translations__language_code="id").count()
        == Page.objects.count()
        == 7
    )


def test_the_ramadan_sale_discounts_the_pottery_in_every_channel(demo: str) -> None:
    pottery = ProductVariantChannelListing.objects.filter(variant__product__category__slug="pottery")
    assert pottery.exists()
    for listing in pottery:
        assert listing.discounted_price_amount is not None
        assert listing.discounted_price_amount < listing.price_amount


def test_the_load_stores_every_feed_of_the_loaded_catalogue(demo: str, client) -> None:
    """The load writes every channel's feeds afresh (none shows the catalogue before it)."""
    import csv

    from storefront.marketing.feeds.storage import feed_name

    for slug in DEMO_CHANNELS:
        for language_code, _name in settings.LANGUAGES:
            for kind in ("google.xml", "meta.csv"):
                name = feed_name(channel_slug=slug, language_code=language_code, kind=kind)
                assert default_storage.exists(name), name
    response = client.get("/feeds/jp-jpy/en/meta.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    sellable = ProductVariant.objects.exclude(product__product_type__kind="GIFT_CARD")
    assert {row["id"] for row in rows} == set(sellable.values_list("sku", flat=True))


def test_feed_shipping_is_what_shipping_quotes_gives_each_country_of_the_demo(demo: str) -> None:
    """Every variant of every channel, for a sample of its countries: every 12th of the channel's
    and the first and last of each of its zones (asking ``shipping_quotes`` for all 250 countries
    of ``intl-usd`` takes long; tests/storefront/marketing/test_feeds.py compares every country of
    a smaller catalogue)."""
    from storefront.catalog.pricing import variant_listing_pricing
    from storefront.marketing.feeds.items import FeedShippingTable
    from tests.storefront.marketing.test_feeds import quoted_per_country

    compared = 0
    for slug in DEMO_CHANNELS:
        channel = Channel.objects.get(slug=slug)
        countries = channel_countries(channel)
        sample = set(countries[::12])
        for zone in shipping_models.ShippingZone.objects.filter(channels=channel):
            codes = sorted(str(code).upper() for code in zone.countries)
            sample.update(codes[:1] + codes[-1:])
        table = FeedShippingTable(channel=channel, language_code="id")
        listings = ProductVariantChannelListing.objects.filter(
            channel=channel, price_amount__isnull=False
        ).select_related("variant__product__product_type")
        for listing in listings:
            subtotal = variant_listing_pricing(listing, channel).price.gross
            expected = quoted_per_country(channel, listing.variant, subtotal, "id", countries=sample)
            got = table.for_variant(listing.variant, subtotal)
            if listing.variant.product.product_type.is_shipping_required:
                got = [line for line in got if line.country in sample]
            assert got == expected, (slug, listing.variant.sku)
            compared += len(expected)
    assert compared > 2000

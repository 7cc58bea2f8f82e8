"""Catalogue write services: read models kept on write, quantized channel prices, change-only updates."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from provenance.origins.models import Maker, Material, Origin, Technique
from storefront.catalog import services
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.models import Attribute, Product, ProductChannelListing, ProductVariantChannelListing
from storefront.channels.models import Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def origin() -> Origin:
    return Origin.objects.create(
        name="Loyok, Lombok Timur",
        slug="loyok",
        village="Loyok",
        district="Sikur",
        regency="Lombok Timur",
        province="Nusa Tenggara Barat",
        latitude=Decimal("-8.612"),
        longitude=Decimal("116.466"),
    )


@pytest.fixture
def channels() -> dict[str, Channel]:
    return {
        code: Channel.objects.create(
            name=code, slug=f"test-{code.lower()}", currency_code=code, default_country=country
        )
        for code, country in (("USD", "US"), ("JPY", "JP"), ("IDR", "ID"))
    }


@pytest.fixture
def colour() -> Attribute:
    return services.attribute_upsert(slug="colour", name="Colour", input_type=Attribute.InputType.SWATCH)


@pytest.fixture
def size() -> Attribute:
    return services.attribute_upsert(slug="size", name="Size", input_type=Attribute.InputType.DROPDOWN)


@pytest.fixture
def product(origin: Origin, colour: Attribute, size: Attribute) -> Product:
    product_type = services.product_type_upsert(
        slug="basketwork",
        name="Basketwork",
        hs_code="4602",
        product_attributes=[colour],
        variant_attributes=[size],
        variant_selection=[size],
    )
    return services.product_create(
        product_type=product_type,
        name="Bamboo Lamp Shade",
        slug="bamboo-lamp-shade",
        origin=origin,
        materials=[Material.objects.create(name="Bamboo", name_id="Bambu", slug="bamboo")],
        techniques=[
            Technique.objects.create(name="Bamboo plaiting", name_id="Anyaman bambu", slug="plaiting")
        ],
        description={
            "time": 1,
            "blocks": [{"type": "paragraph", "data": {"text": "Plaited <b>by hand</b>."}}],
        },
    )


def _listed(product: Product, channels: dict[str, Channel]) -> None:
    for channel in channels.values():
        services.product_channel_listing_update(product=product, channel=channel, is_published=True)


def test_search_document_holds_names_words_origin_materials_techniques_lowercased(product: Product) -> None:
    lines = product.search_document.split("\n")
    assert "bamboo lamp shade" in lines
    assert "plaited by hand ." in lines or "plaited by hand." in lines
    assert {"loyok", "lombok timur", "bamboo", "bambu", "bamboo plaiting", "anyaman bambu"} <= set(lines)
    assert product.search_index_dirty is False


def test_search_document_names_only_consenting_makers(product: Product, origin: Origin) -> None:
    consenting = Maker.objects.create(
        display_name="Inaq Sapiah", slug="sapiah", origin=origin, consent_to_publish=True
    )
    private = Maker.objects.create(display_name="Amaq Private", slug="private", origin=origin)
    services.product_update(product=product, makers=[consenting, private])
    product.refresh_from_db()
    assert "inaq sapiah" in product.search_document
    assert "amaq private" not in product.search_document


def test_search_document_follows_attributes_variant_skus_and_translations(
    product: Product, colour: Attribute, size: Attribute
) -> None:
    honey = services.attribute_value_upsert(attribute=colour, slug="honey", name="Honey Brown")
    large = services.attribute_value_upsert(attribute=size, slug="l", name="Large")
    services.product_attributes_assign(product=product, values=[honey])
    services.variant_upsert(product=product, sku="ASL-T-001-L", name="L", attributes=[large])
    services.product_translation_update(product=product, language_code="id", name="Kap Lampu Bambu")
    product.refresh_from_db()
    lines = set(product.search_document.split("\n"))
    assert {"honey brown", "large", "asl-t-001-l", "kap lampu bambu"} <= lines


def test_variant_price_is_quantized_to_the_channel_currency(
    product: Product, channels: dict[str, Channel]
) -> None:
    _listed(product, channels)
    variant = services.variant_upsert(product=product, sku="ASL-T-002")
    jpy = services.variant_channel_listing_update(
        variant=variant, channel=channels["JPY"], price=Decimal("5900.6")
    )
    usd = services.variant_channel_listing_update(
        variant=variant, channel=channels["USD"], price=Decimal("39.005"), prior_price="49"
    )
    assert (jpy.currency, jpy.price_amount) == ("JPY", Decimal("5901"))
    assert (usd.currency, usd.price_amount, usd.prior_price_amount) == (
        "USD",
        Decimal("39.01"),
        Decimal("49.00"),
    )


def test_discounted_price_is_the_cheapest_variant_price_per_channel(
    product: Product, channels: dict[str, Channel]
) -> None:
    _listed(product, channels)
    small = services.variant_upsert(product=product, sku="ASL-T-S")
    large = services.variant_upsert(product=product, sku="ASL-T-L")
    services.variant_channel_listing_update(variant=large, channel=channels["IDR"], price=795000)
    services.variant_channel_listing_update(variant=small, channel=channels["IDR"], price=470000)
    services.variant_channel_listing_update(variant=small, channel=channels["USD"], price=39)
    listings = {
        listing.currency: listing.discounted_price_amount
        for listing in ProductChannelListing.objects.filter(product=product)
    }
    assert listings == {"IDR": Decimal("470000"), "USD": Decimal("39"), "JPY": None}

    services.variant_channel_listing_update(variant=large, channel=channels["IDR"], price=400000)
    assert (
        ProductChannelListing.objects.get(product=product, currency="IDR").discounted_price_amount == 400000
    )


def test_pricing_a_variant_outside_its_products_channels_is_refused(
    product: Product, channels: dict[str, Channel]
) -> None:
    variant = services.variant_upsert(product=product, sku="ASL-T-003")
    with pytest.raises(CatalogError) as error:
        services.variant_channel_listing_update(variant=variant, channel=channels["USD"], price=10)
    assert error.value.code == ProductErrorCode.PRODUCT_NOT_ASSIGNED_TO_CHANNEL
    assert not ProductVariantChannelListing.objects.exists()


def test_negative_price_is_refused(product: Product, channels: dict[str, Channel]) -> None:
    _listed(product, channels)
    variant = services.variant_upsert(product=product, sku="ASL-T-004")
    with pytest.raises(CatalogError) as error:
        services.variant_channel_listing_update(variant=variant, channel=channels["USD"], price=-1)
    assert error.value.code == ProductErrorCode.INVALID_PRICE


def test_attribute_outside_the_product_type_cannot_be_assigned(product: Product) -> None:
    motif = services.attribute_upsert(slug="motif", name="Motif", input_type=Attribute.InputType.DROPDOWN)
    star = services.attribute_value_upsert(attribute=motif, slug="bintang", name="Bintang")
    with pytest.raises(CatalogError) as error:
        services.product_attributes_assign(product=product, values=[star])
    assert error.value.code == ProductErrorCode.ATTRIBUTE_CANNOT_BE_ASSIGNED
    assert not product.attribute_values.exists()


def test_made_to_order_variant_needs_a_lead_time(product: Product) -> None:
    with pytest.raises(CatalogError) as error:
        services.variant_upsert(product=product, sku="ASL-T-005", is_made_to_order=True)
    assert error.value.code == ProductErrorCode.REQUIRED


def test_updating_with_the_same_data_changes_nothing(product: Product) -> None:
    before = Product.objects.get(pk=product.pk).updated_at
    changed = services.product_update(
        product=product, name="Bamboo Lamp Shade", description=product.description, weight_kg=None
    )
    assert changed is False
    assert Product.objects.get(pk=product.pk).updated_at == before
    assert services.product_update(product=product, name="Bamboo Pendant Shade") is True
    assert Product.objects.get(pk=product.pk).updated_at > before


def test_category_level_follows_its_parent_down_the_tree() -> None:
    home = services.category_upsert(slug="home", name="Home")
    lighting = services.category_upsert(slug="lighting", name="Lighting", parent=home)
    shades = services.category_upsert(slug="shades", name="Shades", parent=lighting)
    assert (home.level, lighting.level, shades.level) == (0, 1, 2)
    services.category_upsert(slug="lighting", name="Lighting")  # moved to the top
    shades.refresh_from_db()
    assert shades.level == 1


def test_typed_attribute_values_are_per_product_for_text_and_numbers(product: Product) -> None:
    height = services.attribute_upsert(slug="height-cm", name="Height", input_type="NUMERIC", unit="CM")
    handmade = services.attribute_upsert(slug="handmade", name="Handmade", input_type="BOOLEAN")
    number = services.attribute_value_for_product(attribute=height, product=product, value=Decimal("22.5"))
    yes = services.attribute_value_for_product(attribute=handmade, product=product, value=True)
    assert (number.numeric, number.name, number.slug) == (
        Decimal("22.5"),
        "22.5",
        f"{product.pk}_{height.pk}",
    )
    assert yes.boolean is True
    assert services.attribute_value_for_product(attribute=handmade, product=product, value=True).pk == yes.pk


def test_collection_products_and_channel_publication(product: Product, channels: dict[str, Channel]) -> None:
    collection = services.collection_upsert(slug="featured", name="Featured", products=[product])
    listing = services.collection_channel_listing_update(
        collection=collection,
        channel=channels["USD"],
        is_published=True,
        published_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    assert list(collection.products.all()) == [product]
    assert listing.is_published is True


def test_description_plaintext_strips_markup_and_entities() -> None:
    document = {
        "blocks": [{"data": {"text": "Songket &amp; <i>ikat</i>"}}, {"data": {"items": ["one", "two"]}}]
    }
    assert services.description_plaintext(document) == "Songket & ikat one two"


def test_renaming_an_attribute_value_refreshes_the_products_using_it(
    product: Product, colour: Attribute
) -> None:
    honey = services.attribute_value_upsert(attribute=colour, slug="honey", name="Honey Brown")
    services.product_attributes_assign(product=product, values=[honey])
    services.attribute_value_upsert(attribute=colour, slug="honey", name="Amber")
    product.refresh_from_db()
    assert "amber" in product.search_document
    assert "honey brown" not in product.search_document


def test_a_maker_withdrawing_consent_leaves_the_search_document(product: Product, origin: Origin) -> None:
    maker = Maker.objects.create(
        display_name="Baiq Nuraini", slug="nuraini", origin=origin, consent_to_publish=True
    )
    services.product_update(product=product, makers=[maker])
    Maker.objects.filter(pk=maker.pk).update(consent_to_publish=False)
    assert services.product_search_documents_update_for_maker(maker=maker) == 1
    product.refresh_from_db()
    assert "baiq nuraini" not in product.search_document


def test_deleting_the_cheapest_variant_raises_the_discounted_price(
    product: Product, channels: dict[str, Channel]
) -> None:
    _listed(product, channels)
    cheap = services.variant_upsert(product=product, sku="ASL-T-CHEAP")
    dear = services.variant_upsert(product=product, sku="ASL-T-DEAR")
    services.variant_channel_listing_update(variant=cheap, channel=channels["USD"], price=10)
    services.variant_channel_listing_update(variant=dear, channel=channels["USD"], price=25)
    services.variant_delete(variant=cheap)
    assert ProductChannelListing.objects.get(product=product, currency="USD").discounted_price_amount == 25
    product.refresh_from_db()
    assert "asl-t-cheap" not in product.search_document


def test_deferred_prices_are_recomputed_once_when_the_block_ends(
    product: Product, channels: dict[str, Channel]
) -> None:
    """``product_prices_deferred`` (the demo load): the price writes in the block only note their
    products; leaving it recomputes them in one pass, and leaving it with an error recomputes nothing."""
    from storefront.catalog.signals import variant_prices_changed

    _listed(product, channels)
    small = services.variant_upsert(product=product, sku="ASL-T-S")
    large = services.variant_upsert(product=product, sku="ASL-T-L")
    sent: list[list[int]] = []

    def receiver(sender: object, *, product_ids: list[int], **kwargs: object) -> None:
        sent.append(list(product_ids))

    def cheapest() -> dict[str, Decimal | None]:
        return {
            listing.currency: listing.discounted_price_amount
            for listing in ProductChannelListing.objects.filter(product=product)
        }

    variant_prices_changed.connect(receiver, dispatch_uid="test-deferred-prices")
    try:
        with services.product_prices_deferred():
            services.variant_channel_listing_update(variant=small, channel=channels["USD"], price=39)
            services.variant_channel_listing_update(variant=large, channel=channels["USD"], price=30)
            with services.product_prices_deferred():  # nested: the outer block recomputes
                services.variant_channel_listing_update(variant=small, channel=channels["IDR"], price=470000)
            assert sent == []
            assert cheapest() == {"USD": None, "IDR": None, "JPY": None}
        assert sent == [[product.pk]]
        assert cheapest() == {"USD": Decimal("30"), "IDR": Decimal("470000"), "JPY": None}

        with pytest.raises(RuntimeError), services.product_prices_deferred():
            services.variant_channel_listing_update(variant=small, channel=channels["USD"], price=20)
            raise RuntimeError("the load failed: its transaction rolls back")
        assert sent == [[product.pk]]
        # No longer deferring: the next write recomputes at once.
        services.variant_channel_listing_update(variant=large, channel=channels["USD"], price=10)
        assert sent == [[product.pk], [product.pk]]
        assert cheapest()["USD"] == Decimal("10")
    finally:
        variant_prices_changed.disconnect(dispatch_uid="test-deferred-prices")


def test_withdrawing_consent_drops_the_name_from_search_and_consent_restores_it(
    product: Product, origin: Origin
) -> None:
    maker = Maker.objects.create(
        display_name="Inaq Sapiah", slug="sapiah", origin=origin, consent_to_publish=True
    )
    services.product_update(product=product, makers=[maker])
    product.refresh_from_db()
    assert "inaq sapiah" in product.search_document

    services.maker_publication_withdraw(maker=maker)
    product.refresh_from_db()
    maker.refresh_from_db()
    assert "inaq sapiah" not in product.search_document
    assert maker.consent_to_publish is False and maker.consent_recorded_at is not None

    services.maker_publication_consent(maker=maker)
    product.refresh_from_db()
    assert "inaq sapiah" in product.search_document

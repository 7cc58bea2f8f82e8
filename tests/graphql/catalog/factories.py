"""Catalogue test data: factories and ``full_product``, which builds a product with everything a
storefront page shows (variants, prices, stock, media, thumbnails, attributes, provenance,
translations), so query-count tests see every relation populated."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from provenance.origins.models import Maker, Material, Origin, ProducerGroup, Technique
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductType,
    ProductTypeVariantAttribute,
    ProductVariant,
    ProductVariantChannelListing,
    Thumbnail,
)
from storefront.channels.models import Channel
from storefront.inventory.models import Stock, Warehouse


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    name = "International"
    slug = "intl-usd"
    currency_code = "USD"
    default_country = "US"
    flat_tax_rate = Decimal(0)
    prices_entered_with_tax = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Baskets {n}")
    slug = factory.Sequence(lambda n: f"baskets-{n}")


class ProductTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductType

    name = factory.Sequence(lambda n: f"Basket type {n}")
    slug = factory.Sequence(lambda n: f"basket-type-{n}")
    hs_code = "460212"


class OriginFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Origin

    name = factory.Sequence(lambda n: f"Banyumulek {n}, West Lombok")
    slug = factory.Sequence(lambda n: f"banyumulek-{n}")
    village = "Banyumulek"
    district = "Kediri"
    regency = "Lombok Barat"
    province = "Nusa Tenggara Barat"
    country = "ID"
    latitude = Decimal("-8.612300")
    longitude = Decimal("116.456700")


class ProducerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducerGroup

    name = factory.Sequence(lambda n: f"Koperasi Bambu {n}")
    slug = factory.Sequence(lambda n: f"koperasi-bambu-{n}")
    kind = ProducerGroup.Kind.COOPERATIVE
    registration_number = "AHU-0001234"
    origin = factory.SubFactory(OriginFactory)


class MakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Maker

    display_name = factory.Sequence(lambda n: f"Inaq Maker {n}")
    slug = factory.Sequence(lambda n: f"maker-{n}")
    bio = "Weaves bamboo since childhood."
    origin = factory.SubFactory(OriginFactory)
    group = factory.SubFactory(ProducerGroupFactory)
    consent_to_publish = True
    portrait = factory.Sequence(lambda n: f"makers/portraits/maker-{n}.jpg")


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    name = factory.Sequence(lambda n: f"Bamboo {n}")
    slug = factory.Sequence(lambda n: f"bamboo-{n}")
    origin_area = "Slopes of Rinjani"


class TechniqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technique

    name = factory.Sequence(lambda n: f"Weaving {n}")
    slug = factory.Sequence(lambda n: f"weaving-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    product_type = factory.SubFactory(ProductTypeFactory)
    name = factory.Sequence(lambda n: f"Bamboo basket {n}")
    slug = factory.Sequence(lambda n: f"bamboo-basket-{n:04d}")
    description = {"blocks": [{"type": "paragraph", "data": {"text": "Made by hand."}}]}
    category = factory.SubFactory(CategoryFactory)
    origin = factory.SubFactory(OriginFactory)
    weight_kg = Decimal("0.400")


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Size {n}")


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    name = factory.Sequence(lambda n: f"Store room {n}")
    slug = factory.Sequence(lambda n: f"store-room-{n}")


def publish(product: Product, channel: Channel, **fields: object) -> ProductChannelListing:
    values: dict[str, object] = {
        "is_published": True,
        "published_at": timezone.now() - timezone.timedelta(days=1),
        "visible_in_listings": True,
        "available_for_purchase_at": timezone.now() - timezone.timedelta(days=1),
        "currency": channel.currency_code,
    }
    values.update(fields)
    return ProductChannelListing.objects.create(product=product, channel=channel, **values)


def price(
    variant: ProductVariant, channel: Channel, amount: str, prior: str | None = None, cost: str | None = None
):
    return ProductVariantChannelListing.objects.create(
        variant=variant,
        channel=channel,
        currency=channel.currency_code,
        price_amount=Decimal(amount),
        prior_price_amount=Decimal(prior) if prior else None,
        cost_price_amount=Decimal(cost) if cost else None,
    )


def full_product(channel: Channel, *, warehouse: Warehouse | None = None, **fields: object) -> Product:
    """A published product with two priced, stocked variants and every relation a page shows."""
    product = ProductFactory(**fields)
    publish(product, channel)
    consenting, withheld = MakerFactory(), MakerFactory(consent_to_publish=False, display_name="Hidden Maker")
    product.makers.set([consenting, withheld])
    product.materials.set([MaterialFactory()])
    product.techniques.set([TechniqueFactory()])
    first_media = ProductMedia.objects.create(
        product=product, image=f"products/{product.slug}-1.jpg", alt="Front"
    )
    ProductMedia.objects.create(
        product=product, image=f"products/{product.slug}-2.jpg", alt="Side", sort_order=1
    )
    Thumbnail.objects.create(
        original_name=first_media.image.name,
        size=1024,
        format="WEBP",
        image=f"thumbnails/{product.slug}-1024.webp",
    )
    colour, _ = Attribute.objects.get_or_create(slug="colour", defaults={"name": "Colour"})
    size, _ = Attribute.objects.get_or_create(slug="size", defaults={"name": "Size"})
    ProductTypeVariantAttribute.objects.get_or_create(
        product_type=product.product_type, attribute=size, defaults={"variant_selection": True}
    )
    natural, _ = AttributeValue.objects.get_or_create(
        attribute=colour, slug="natural", defaults={"name": "Natural"}
    )
    AttributeValueTranslation.objects.get_or_create(
        attribute_value=natural, language_code="id", defaults={"name": "Alami"}
    )
    AssignedProductAttributeValue.objects.create(product=product, value=natural)
    warehouse = warehouse or WarehouseFactory()
    warehouse.channels.add(channel)
    for index, (amount, prior) in enumerate((("20.00", "25.00"), ("30.00", None))):
        variant = VariantFactory(product=product, sort_order=index)
        price(variant, channel, amount, prior)
        Stock.objects.create(
            warehouse=warehouse, product_variant=variant, quantity=5 + index, quantity_allocated=1
        )
        value, _ = AttributeValue.objects.get_or_create(
            attribute=size, slug=f"size-{index}", defaults={"name": f"Size {index}"}
        )
        AssignedVariantAttributeValue.objects.create(variant=variant, value=value)
        variant.media.add(first_media)
    ProductTranslation.objects.create(
        product=product,
        language_code="id",
        name=f"Keranjang {product.slug}",
        slug=f"keranjang-{product.slug}",
    )
    return product

"""The catalogue: categories, collections, product types, attributes, products, variants, media.

Prices live on per-channel listings; translations are rows per language; stock
lives in ``storefront.inventory``; provenance reference data in ``provenance.origins``.
"""

from __future__ import annotations

from django.db import models

from provenance.origins.models import Maker, Material, Origin, Technique
from storefront.channels.models import Channel


class SeoModel(models.Model):
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


GOOGLE_PRODUCT_CATEGORY_MAX_LENGTH = 250


class Category(SeoModel):
    """A node of the category tree (e.g. Home & living > Baskets)."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(null=True, blank=True, help_text="EditorJS document.")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.PositiveSmallIntegerField(default=0, editable=False)
    background_image = models.ImageField(upload_to="category-backgrounds/", blank=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    # Google's product taxonomy (https://www.google.com/basepages/producttype/taxonomy-with-ids.en-US.txt):
    # the category's id (e.g. "4171") or full path; empty: the nearest ancestor's. Product feeds
    # send it as ``g:google_product_category`` (storefront.marketing.feeds).
    google_product_category = models.CharField(
        max_length=GOOGLE_PRODUCT_CATEGORY_MAX_LENGTH,
        blank=True,
        help_text="Google product category id (e.g. 4171) or path; empty: the parent category's.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("level", "name")
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class CategoryTranslation(SeoModel):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=35)
    name = models.CharField(max_length=250, blank=True)
    slug = models.SlugField(max_length=255, blank=True, null=True, allow_unicode=True)
    description = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "language_code"], name="uniq_category_translation")
        ]


class Collection(SeoModel):
    """A curated set of products, published per channel (e.g. 'Featured: Loyok bamboo')."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(null=True, blank=True)
    background_image = models.ImageField(upload_to="collection-backgrounds/", blank=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    products: models.ManyToManyField = models.ManyToManyField(
        "Product", through="CollectionProduct", related_name="collections", blank=True
    )

    class Meta:
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name


class CollectionProduct(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="collection_products")
    product = models.ForeignKey("Product", on_delete=models.CASCADE, related_name="collection_products")
    sort_order = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection", "product"], name="uniq_collection_product")
        ]
        ordering = ("sort_order", "pk")


class CollectionChannelListing(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="collection_listings")
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection", "channel"], name="uniq_collection_channel")
        ]


class CollectionTranslation(SeoModel):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=35)
    name = models.CharField(max_length=250, blank=True)
    slug = models.SlugField(max_length=255, blank=True, null=True, allow_unicode=True)
    description = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "language_code"], name="uniq_collection_translation"
            )
        ]


class Attribute(models.Model):
    """A product or variant property: material, technique, colour, motif, size…"""

    class InputType(models.TextChoices):
        DROPDOWN = "DROPDOWN"
        MULTISELECT = "MULTISELECT"
        PLAIN_TEXT = "PLAIN_TEXT"
        NUMERIC = "NUMERIC"
        BOOLEAN = "BOOLEAN"
        SWATCH = "SWATCH"

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    input_type = models.CharField(max_length=32, choices=InputType.choices, default=InputType.DROPDOWN)
    unit = models.CharField(max_length=32, blank=True, help_text="Saleor MeasurementUnitsEnum value.")
    value_required = models.BooleanField(default=False)
    visible_in_storefront = models.BooleanField(default=True)
    filterable_in_storefront = models.BooleanField(default=True)
    storefront_search_position = models.IntegerField(default=0)

    class Meta:
        ordering = ("storefront_search_position", "slug")

    def __str__(self) -> str:
        return self.name


class AttributeTranslation(models.Model):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=35)
    name = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attribute", "language_code"], name="uniq_attribute_translation")
        ]


class AttributeValue(models.Model):
    """One value of an attribute. Plain-text, numeric and boolean values are per product."""

    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    value = models.CharField(max_length=100, blank=True, help_text="Hex colour for swatches.")
    plain_text = models.TextField(blank=True, null=True)
    boolean = models.BooleanField(null=True, blank=True)
    numeric = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["attribute", "slug"], name="uniq_attribute_value_slug")
        ]

    def __str__(self) -> str:
        return self.name


class AttributeValueTranslation(models.Model):
    attribute_value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=35)
    name = models.CharField(max_length=250)
    plain_text = models.TextField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attribute_value", "language_code"], name="uniq_attribute_value_translation"
            )
        ]


class ProductType(models.Model):
    """A kind of product: which attributes it has, whether it ships, its default weight and HS code."""

    class Kind(models.TextChoices):
        NORMAL = "NORMAL"
        GIFT_CARD = "GIFT_CARD"

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.NORMAL)
    has_variants = models.BooleanField(default=True)
    is_shipping_required = models.BooleanField(default=True)
    is_food = models.BooleanField(default=False)
    weight_kg = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    # The parcel of one unit, unless a variant gives its own (storefront.shipping.parcels).
    length_cm = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    width_cm = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    hs_code = models.CharField(max_length=12, blank=True, help_text="Harmonized System code.")
    product_attributes = models.ManyToManyField(
        Attribute, through="ProductTypeAttribute", related_name="product_types", blank=True
    )
    variant_attributes = models.ManyToManyField(
        Attribute, through="ProductTypeVariantAttribute", related_name="variant_product_types", blank=True
    )

    class Meta:
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name


class ProductTypeAttribute(models.Model):
    product_type = models.ForeignKey(ProductType, on_delete=models.CASCADE, related_name="attribute_links")
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="+")
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["product_type", "attribute"], name="uniq_product_type_attribute")
        ]


class ProductTypeVariantAttribute(models.Model):
    product_type = models.ForeignKey(
        ProductType, on_delete=models.CASCADE, related_name="variant_attribute_links"
    )
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="+")
    variant_selection = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["product_type", "attribute"], name="uniq_product_type_variant_attribute"
            )
        ]


class Product(SeoModel):
    """A thing for sale: its words, its kind, its category, and where and by whom it is made."""

    product_type = models.ForeignKey(ProductType, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(null=True, blank=True, help_text="EditorJS document.")
    description_plaintext = models.TextField(blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    weight_kg = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    hs_code = models.CharField(max_length=12, blank=True)
    rating = models.FloatField(null=True, blank=True)
    search_document = models.TextField(blank=True, default="")
    search_index_dirty = models.BooleanField(default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Provenance reference data (certificates come with the provenance issue).
    origin = models.ForeignKey(
        Origin, null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    makers = models.ManyToManyField(Maker, blank=True, related_name="products")
    materials = models.ManyToManyField(Material, blank=True, related_name="products")
    techniques = models.ManyToManyField(Technique, blank=True, related_name="products")
    # Food (cocoa, coffee, honey, vanilla).
    ingredients = models.TextField(blank=True)
    allergens = models.TextField(blank=True)
    net_content = models.CharField(max_length=64, blank=True, help_text="e.g. '250 g' or '330 ml'.")
    storage_advice = models.TextField(blank=True)

    class Meta:
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name

    @property
    def effective_hs_code(self) -> str:
        return self.hs_code or self.product_type.hs_code


class ProductTranslation(SeoModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=35)
    name = models.CharField(max_length=250, blank=True)
    slug = models.SlugField(max_length=255, blank=True, null=True, allow_unicode=True)
    description = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "language_code"], name="uniq_product_translation"),
            models.UniqueConstraint(fields=["language_code", "slug"], name="uniq_product_translation_slug"),
        ]


class AssignedProductAttributeValue(models.Model):
    """A value of one of the product's attributes (several for multiselect)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="attribute_values")
    value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="product_assignments")
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["product", "value"], name="uniq_product_attribute_value")
        ]


class ProductVariant(models.Model):
    """A purchasable version of a product: its SKU, size, weight and how it is made."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=255, unique=True, null=True, blank=True)
    gtin = models.CharField(max_length=14, blank=True, help_text="GTIN-8/12/13/14 when registered.")
    name = models.CharField(max_length=255, blank=True)
    sort_order = models.IntegerField(default=0)
    weight_kg = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    length_cm = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    width_cm = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    track_inventory = models.BooleanField(default=True)
    is_one_of_a_kind = models.BooleanField(default=False)
    is_made_to_order = models.BooleanField(default=False)
    lead_time_days = models.PositiveSmallIntegerField(null=True, blank=True)
    quantity_limit_per_customer = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    media: models.ManyToManyField = models.ManyToManyField(
        "ProductMedia", blank=True, related_name="variants"
    )

    class Meta:
        ordering = ("sort_order", "pk")

    def __str__(self) -> str:
        return self.name or self.sku or f"variant {self.pk}"


class ProductVariantTranslation(models.Model):
    product_variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=35)
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product_variant", "language_code"], name="uniq_variant_translation"
            )
        ]


class AssignedVariantAttributeValue(models.Model):
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="attribute_values")
    value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="variant_assignments")
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["variant", "value"], name="uniq_variant_attribute_value")
        ]


class ProductChannelListing(models.Model):
    """A product's presence in one channel. ``discounted_price_amount`` is the cheapest variant price,
    kept on write for sorting and price filters."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="product_listings")
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    visible_in_listings = models.BooleanField(default=True)
    available_for_purchase_at = models.DateTimeField(null=True, blank=True)
    currency = models.CharField(max_length=3)
    discounted_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    # The product's name and category, set by triggers on PostgreSQL (migration ``0011``; empty
    # elsewhere), so one index yields the price sort's whole order (price, name, product) in a
    # channel, or in one category of it.
    product_name = models.CharField(max_length=250, blank=True, default="", editable=False)
    product_category_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "channel"], name="uniq_product_channel_listing")
        ]
        indexes = [models.Index(fields=["channel", "is_published", "visible_in_listings"])]


class ProductVariantChannelListing(models.Model):
    """A variant's price in one channel; ``prior_price`` marks it on sale when higher."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="variant_listings")
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(max_digits=20, decimal_places=3)
    prior_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    # What a buyer pays after the best catalogue promotion (Saleor's column), kept on write by
    # ``storefront.discounts.promotion_services``; ``None`` until first computed: the price.
    discounted_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    # EU Omnibus: the lowest price of the 30 days before the running promotion's reduction began
    # (from the discounts' price history); ``None`` while no promotion applies.
    omnibus_prior_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    cost_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    # The makers' share of each unit sold in this channel: a fixed amount in the channel's
    # currency, or a percentage of the unit's gross price; neither set means no share recorded.
    maker_share_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    maker_share_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "channel"], name="uniq_variant_channel_listing"),
            models.CheckConstraint(
                condition=models.Q(maker_share_amount__isnull=True)
                | models.Q(maker_share_percent__isnull=True),
                name="variant_listing_one_maker_share",
            ),
        ]


class ProductMedia(models.Model):
    """An image (or video link) of a product, stored on the configured storage."""

    class MediaType(models.TextChoices):
        IMAGE = "IMAGE"
        VIDEO = "VIDEO"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="media")
    image = models.ImageField(upload_to="products/", blank=True)
    alt = models.CharField(max_length=250, blank=True)
    type = models.CharField(max_length=32, choices=MediaType.choices, default=MediaType.IMAGE)
    external_url = models.URLField(max_length=512, blank=True)
    oembed_data = models.JSONField(default=dict, blank=True)
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ("sort_order", "pk")

    def __str__(self) -> str:
        return self.alt or self.image.name or ""


class Thumbnail(models.Model):
    """A rendered thumbnail of any stored original image, made once per (size, format) and reused."""

    class Format(models.TextChoices):
        ORIGINAL = "ORIGINAL"
        AVIF = "AVIF"
        WEBP = "WEBP"

    original_name = models.CharField(max_length=512, help_text="Storage name of the original image.")
    size = models.PositiveIntegerField()
    format = models.CharField(max_length=16, choices=Format.choices)
    image = models.ImageField(upload_to="thumbnails/", max_length=512)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["original_name", "size", "format"], name="uniq_thumbnail")
        ]

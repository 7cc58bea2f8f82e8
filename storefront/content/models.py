"""Content: page types, pages (EditorJS documents with SEO fields and publication dates), menus.

Saleor's model. A page type names the catalogue's attributes its pages may carry (the same
``Attribute`` and ``AttributeValue`` rows products use, so one attribute editor serves both); a
page's values are rows of ``AssignedPageAttributeValue``. A menu is a tree of items, each linking
to at most one of a category, a collection, a page or a URL (an item linking nothing is a heading,
as the storefront's footer columns are). Translations are rows per language.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from storefront.catalog.models import Attribute, AttributeValue, Category, Collection


class PageType(models.Model):
    """A kind of page (maker story, village page, care guide) and the attributes its pages carry."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    attributes: models.ManyToManyField = models.ManyToManyField(
        Attribute, through="PageTypeAttribute", related_name="page_types", blank=True
    )
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name


class PageTypeAttribute(models.Model):
    page_type = models.ForeignKey(PageType, on_delete=models.CASCADE, related_name="attribute_links")
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="+")
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["page_type", "attribute"], name="uniq_page_type_attribute")
        ]


class Page(models.Model):
    """A published text: ``content`` is an EditorJS document whose HTML was sanitised on write."""

    page_type = models.ForeignKey(PageType, on_delete=models.PROTECT, related_name="pages")
    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    content = models.JSONField(null=True, blank=True, help_text="EditorJS document.")
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("slug",)
        indexes = [models.Index(fields=["is_published", "published_at"], name="page_published_idx")]

    def __str__(self) -> str:
        return self.title


class PageTranslation(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=35)
    title = models.CharField(max_length=250, blank=True)
    slug = models.SlugField(max_length=255, blank=True, null=True, allow_unicode=True)
    content = models.JSONField(null=True, blank=True)
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language_code"], name="uniq_page_translation")
        ]


class AssignedPageAttributeValue(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="attribute_values")
    value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="page_assignments")
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["page", "value"], name="uniq_page_attribute_value")]


class Menu(models.Model):
    """A named tree of links: the storefront asks for ``navbar`` and ``footer``."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.name


class MenuItem(models.Model):
    """One entry of a menu: a heading, or a link to one category, collection, page or URL."""

    menu = models.ForeignKey(Menu, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.IntegerField(default=0)
    name = models.CharField(max_length=128)
    url = models.URLField(max_length=256, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.CASCADE, related_name="menu_items")
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.CheckConstraint(
                name="menu_item_links_at_most_one",
                condition=(
                    Q(category__isnull=True, collection__isnull=True, page__isnull=True)
                    | Q(category__isnull=False, collection__isnull=True, page__isnull=True, url="")
                    | Q(category__isnull=True, collection__isnull=False, page__isnull=True, url="")
                    | Q(category__isnull=True, collection__isnull=True, page__isnull=False, url="")
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class MenuItemTranslation(models.Model):
    menu_item = models.ForeignKey(MenuItem, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=35)
    name = models.CharField(max_length=128)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["menu_item", "language_code"], name="uniq_menu_item_translation")
        ]

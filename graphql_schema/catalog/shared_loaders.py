"""Loaders every kind of the catalogue shares: categories, attributes, translations and images.

The per-kind loaders of products, variants and collections (``graphql_schema.catalog.loaders``)
build on these; see ``graphql_schema.core.dataloaders`` for how peers batch a page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.db.models.base import ModelState
from strawberry.types import Info

from graphql_schema.core.dataloaders import Loader, Scope, foreign_keys, register, register_keys
from storefront.catalog import selectors
from storefront.catalog.media import thumbnails_for
from storefront.catalog.models import (
    Attribute,
    AttributeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
    Collection,
    CollectionTranslation,
    Product,
    ProductTranslation,
    ProductVariant,
    ProductVariantTranslation,
    Thumbnail,
)
from storefront.catalog.sql import json_list

M = TypeVar("M", bound=Model)

IMAGES = "images"
"""Peer marker: storage names of the images on the page (their thumbnails load in one query)."""


def grouped(rows: Iterable[Any], key: Callable[[Any], int]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        found[key(row)].append(row)
    return found


def channel_listings(model: type[Model], owner_field: str, owner: type[Model]) -> Loader[int, list[Any]]:
    """Every channel listing of each owner, by channel slug (a staff-only field)."""

    def batch(_info: Info, _scope: Scope, ids: list[int]) -> dict[int, list[Any]]:
        rows = model._default_manager.filter(**{f"{owner_field}_id__in": ids}).select_related("channel")
        return grouped(rows.order_by("channel__slug"), lambda row: getattr(row, f"{owner_field}_id"))

    return Loader(f"channel-listings:{model.__name__}", batch, default=list, peers=owner, channel_free=True)


# --- categories and attributes ---------------------------------------------------------------


def _categories_by_id(info: Info, _scope: Scope, ids: list[int]) -> dict[int, Category]:
    found = selectors.categories_for(category_ids=ids)
    categories_seen(info, found.values())
    return found


CATEGORIES_BY_ID: Loader[int, Category | None] = Loader(
    "categories-by-id",
    _categories_by_id,
    default=lambda: None,
    peers=foreign_keys((Product, "category_id"), (Category, "parent_id")),
    channel_free=True,
)


def _attributes_by_id(info: Info, _scope: Scope, ids: list[int]) -> dict[int, Attribute]:
    found = Attribute.objects.in_bulk(ids)
    register(info, Attribute, found.values())
    return found


ATTRIBUTES_BY_ID: Loader[int, Attribute | None] = Loader(
    "attributes-by-id",
    _attributes_by_id,
    default=lambda: None,
    peers=foreign_keys((AttributeValue, "attribute_id")),
    channel_free=True,
)


def attribute_of(info: Info, value: AttributeValue) -> Attribute:
    """A value's attribute: joined with the value where it was loaded, else batched."""
    if AttributeValue.attribute.is_cached(value):
        return value.attribute
    found = ATTRIBUTES_BY_ID.load(info, value.attribute_id)
    assert found is not None  # the foreign key guarantees it
    return found


def categories_seen(info: Info, categories: Iterable[Category]) -> None:
    """Categories that entered the graph: their parents, translations and images batch together."""
    categories = list(categories)
    register(info, Category, categories)
    register_images(info, (c.background_image.name for c in categories if c.background_image))


def attribute_rows_seen(info: Info, groups: Iterable[Sequence[Any]]) -> None:
    """Every value and attribute of some assignment rows, so their translations load in one batch.

    The rows came with every translation of their value and attribute (see the selectors): those
    prime the translation loaders, so the page asks no translation query for them at all. A value
    or attribute shared by many rows (every variant's "M") is turned into instances once.
    """
    value_translations = TRANSLATIONS[AttributeValueTranslation]
    attribute_translations = TRANSLATIONS[AttributeTranslation]
    for rows in groups:
        register(info, AttributeValue, (row.value for row in rows))
        register(info, Attribute, (row.value.attribute for row in rows))
        for row in rows:
            value_id = row.value_id
            if hasattr(row, "value_translations") and not value_translations.has(info, value_id):
                value_translations.prime(
                    info, value_id, translations_from_json(AttributeValueTranslation, row.value_translations)
                )
            attribute_id = row.value.attribute_id
            if hasattr(row, "attribute_translations") and not attribute_translations.has(info, attribute_id):
                attribute_translations.prime(
                    info,
                    attribute_id,
                    translations_from_json(AttributeTranslation, row.attribute_translations),
                )


def translations_from_json(model: type[M], value: object) -> list[M]:
    """``selectors.translations_from_json`` without ``Model.__init__`` per row.

    The rows are a translation table's own columns by attribute name, as the database stored them
    (``selectors.translations_json``), so they are set on the instance as Django's ``from_db`` would
    after its constructor; translation models have no signals on init. Primary-key order.
    """
    found = []
    for row in sorted(json_list(value), key=lambda row: row["id"]):
        instance = model.__new__(model)
        instance.__dict__.update(row)
        state = instance._state = ModelState()
        state.adding = False
        state.db = DEFAULT_DB_ALIAS
        found.append(instance)
    return found


# --- translations ---------------------------------------------------------------------------


def _translation_loader(model: type[Model], owner: type[Model], owner_field: str) -> Loader[int, list[Any]]:
    def batch(_info: Info, _scope: Scope, ids: list[int]) -> dict[int, list[Any]]:
        return selectors.translations_all_for(model, owner_field=owner_field, owner_ids=ids)

    return Loader(f"translations:{model.__name__}", batch, default=list, peers=owner, channel_free=True)


TRANSLATIONS: dict[type[Model], Loader[int, list[Any]]] = {
    ProductTranslation: _translation_loader(ProductTranslation, Product, "product"),
    ProductVariantTranslation: _translation_loader(
        ProductVariantTranslation, ProductVariant, "product_variant"
    ),
    CategoryTranslation: _translation_loader(CategoryTranslation, Category, "category"),
    CollectionTranslation: _translation_loader(CollectionTranslation, Collection, "collection"),
    AttributeTranslation: _translation_loader(AttributeTranslation, Attribute, "attribute"),
    AttributeValueTranslation: _translation_loader(
        AttributeValueTranslation, AttributeValue, "attribute_value"
    ),
}


def translation(info: Info, model: type[Model], *, owner_id: int, language_code: str) -> Any:
    """``model``'s translation of one owner into ``language_code`` (else its base language).

    Every language of every owner of the kind loads in one query (or came with the page's own
    query), so a product page's seven hreflang slugs cost no more than one translation.
    """
    rows = TRANSLATIONS[model].load(info, owner_id)
    return selectors.translation_pick(rows, language_code=language_code)


# --- images ---------------------------------------------------------------------------------


def register_images(info: Info, names: Iterable[str | None]) -> None:
    """Storage names of images shown on the page: their thumbnails load in one query."""
    register_keys(info, IMAGES, names)


def _thumbnails(
    _info: Info, _scope: Scope, names: list[str]
) -> dict[str, dict[tuple[str, int, str], Thumbnail]]:
    grouped: dict[str, dict[tuple[str, int, str], Thumbnail]] = defaultdict(dict)
    for key, thumbnail in thumbnails_for(original_names=names).items():
        grouped[key[0]][key] = thumbnail
    return grouped


THUMBNAILS: Loader[str, dict[tuple[str, int, str], Thumbnail]] = Loader(
    "thumbnails", _thumbnails, default=dict, peers=IMAGES, channel_free=True
)

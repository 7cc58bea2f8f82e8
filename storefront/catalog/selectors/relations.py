"""What hangs off a page of products or variants (media, attribute values, translations), one query
per relation for the whole page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import (
    Exists,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import JSONObject

from storefront.catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeTranslation,
    AttributeValueTranslation,
    ProductMedia,
    ProductTypeVariantAttribute,
    Thumbnail,
)
from storefront.catalog.sql import JSONArray, json_list, padded_ids, prepared

M = TypeVar("M", bound=Model)


def product_media_for(*, product_ids: Iterable[int]) -> dict[int, list[ProductMedia]]:
    """Each product's media in display order, each with ``stored_thumbnails``: a JSON list of
    ``{size, format, image}`` of its rendered thumbnails, so showing media needs no second query."""
    thumbnails = (
        Thumbnail.objects.filter(original_name=OuterRef("image"))
        .order_by()
        .values("original_name")
        .annotate(result=JSONArray(JSONObject(size="size", format="format", image="image")))
        .values("result")
    )
    rows = (
        ProductMedia.objects.filter(product_id__in=list(product_ids))
        .annotate(stored_thumbnails=Subquery(thumbnails[:1]))
        .order_by("sort_order", "pk")
    )
    result: dict[int, list[ProductMedia]] = defaultdict(list)
    for media in rows:
        result[media.product_id].append(media)
    return result


def translations_json(model: type[Model], *, owner_field: str, owner: str) -> Subquery:
    """Every translation of the row ``owner`` points at, as one JSON list (every concrete field).

    Annotated on the query that loads the owners, it saves the page one more query per relation;
    ``translations_from_json`` turns the list back into model instances.
    """
    fields = {f.attname: f.attname for f in model._meta.concrete_fields}
    rows = (
        model._default_manager.filter(**{f"{owner_field}_id": OuterRef(owner)})
        .order_by()
        .values(f"{owner_field}_id")
        .annotate(result=JSONArray(JSONObject(**fields)))
        .values("result")
    )
    return Subquery(rows[:1])


def translations_from_json(model: type[M], value: object) -> list[M]:
    """The instances ``translations_json`` aggregated, in primary-key order."""
    rows = json_list(value)
    return [model(**row) for row in sorted(rows, key=lambda row: row["id"])]


def _with_attribute_translations(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.annotate(
        value_translations=translations_json(
            AttributeValueTranslation, owner_field="attribute_value", owner="value_id"
        ),
        attribute_translations=translations_json(
            AttributeTranslation, owner_field="attribute", owner="value__attribute_id"
        ),
    )


def product_attribute_values_for(
    *, product_ids: Iterable[int], attribute_slugs: Iterable[str] | None = None
) -> dict[int, list[AssignedProductAttributeValue]]:
    """Assigned attribute values per product, with value and attribute, in display order, each
    carrying ``value_translations`` and ``attribute_translations`` (JSON, every language).

    With ``attribute_slugs``, only those attributes' values (``assignedAttribute(slug:)``). The
    statement is prepared once per number of products (``sql.padded_ids``) and of slugs
    (``sql.prepared``)."""
    result: dict[int, list[AssignedProductAttributeValue]] = defaultdict(list)
    ids = padded_ids(list(product_ids))
    if attribute_slugs is None:
        rows = prepared(("product-attribute-values", len(ids)), _product_attribute_rows, ids)
    else:
        slugs = list(attribute_slugs)
        key = ("product-attribute-values-named", len(ids), len(slugs))
        rows = prepared(key, _product_attribute_rows, ids, slugs)
    for row in rows:
        result[row.product_id].append(row)
    return result


def _product_attribute_rows(
    product_ids: list[int], attribute_slugs: list[str] | None = None
) -> QuerySet[AssignedProductAttributeValue]:
    assigned = AssignedProductAttributeValue.objects.filter(product_id__in=product_ids)
    if attribute_slugs is not None:
        assigned = assigned.filter(value__attribute__slug__in=attribute_slugs)
    return (
        _with_attribute_translations(assigned)
        .select_related("value__attribute")
        .order_by("product_id", "value__attribute__storefront_search_position", "sort_order", "pk")
    )


def variant_attribute_values_for(
    *, variant_ids: Iterable[int]
) -> dict[int, list[AssignedVariantAttributeValue]]:
    """Assigned values per variant; ``variant_selection`` says whether the attribute picks a variant.

    Rows carry their translations as ``product_attribute_values_for``'s do; the statement is
    prepared once per number of variants (``sql.padded_ids``)."""
    result: dict[int, list[AssignedVariantAttributeValue]] = defaultdict(list)
    ids = padded_ids(list(variant_ids))
    for row in prepared(("variant-attribute-values", len(ids)), _variant_attribute_rows, ids):
        result[row.variant_id].append(row)
    return result


def _variant_attribute_rows(variant_ids: list[int]) -> QuerySet[AssignedVariantAttributeValue]:
    selection = ProductTypeVariantAttribute.objects.filter(
        product_type_id=OuterRef("variant__product__product_type_id"),
        attribute_id=OuterRef("value__attribute_id"),
        variant_selection=True,
    )
    return (
        _with_attribute_translations(AssignedVariantAttributeValue.objects.filter(variant_id__in=variant_ids))
        .select_related("value__attribute")
        .annotate(variant_selection=Exists(selection))
        .order_by("variant_id", "value__attribute__storefront_search_position", "sort_order", "pk")
    )


def translations_for(
    model: type[M], *, owner_field: str, owner_ids: Iterable[int], language_code: str
) -> dict[int, M]:
    """Each owner's translation into ``language_code`` (e.g. ``pt-br``), else its base language (``pt``)."""
    code = language_code.lower()
    base = code.split("-")[0]
    found: dict[int, M] = {}
    rows = model._default_manager.filter(**{f"{owner_field}_id__in": list(owner_ids)}).filter(
        Q(language_code__iexact=code) | Q(language_code__iexact=base)
    )
    for row in rows:
        owner_id = getattr(row, f"{owner_field}_id")
        if owner_id not in found or str(getattr(row, "language_code", "")).lower() == code:
            found[owner_id] = row
    return found


def translations_all_for(model: type[M], *, owner_field: str, owner_ids: Iterable[int]) -> dict[int, list[M]]:
    """Every translation of each owner, whatever the language (pick one with ``translation_pick``).

    For a page that asks for one owner in several languages at once (a product page's hreflang
    slugs): one query instead of one per language.
    """
    found: dict[int, list[M]] = defaultdict(list)
    rows = model._default_manager.filter(**{f"{owner_field}_id__in": list(owner_ids)})
    for row in rows.order_by("pk"):
        found[getattr(row, f"{owner_field}_id")].append(row)
    return found


def translation_pick(rows: Iterable[M], *, language_code: str) -> M | None:
    """The row ``translations_for`` would choose: ``language_code`` itself, else its base language."""
    code = language_code.lower()
    base = code.split("-")[0]
    chosen: M | None = None
    for row in rows:
        language = str(getattr(row, "language_code", "")).lower()
        if language == code:
            return row
        if language == base and chosen is None:
            chosen = row
    return chosen

"""Staff translations of catalogue objects (Saleor's ``*Translate`` mutations, ``MANAGE_TRANSLATIONS``).

One service for every kind: it checks the fields the input gives (lengths, slugs, EditorJS
documents), leaves the others as they are, writes the translation through the catalogue's own
translation writes (a product's translated name is searchable, so its search document follows)
and records an audit entry with the translation before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.error_codes import CatalogError, TranslationErrorCode
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
)
from storefront.catalog.services._common import translation_upsert
from storefront.catalog.services.slugs import slug_is_valid
from storefront.catalog.services.staff_checks import description_problems, has_control_characters
from storefront.catalog.services.translations import product_translation_update

Code = TranslationErrorCode
# Which fields each kind translates, and their lengths (None: a JSON document or unbounded text).
_FIELDS: dict[type[models.Model], dict[str, int | None]] = {
    Product: {"name": 250, "slug": 255, "description": None, "seo_title": 70, "seo_description": 300},
    Category: {"name": 250, "slug": 255, "description": None, "seo_title": 70, "seo_description": 300},
    Collection: {"name": 250, "slug": 255, "description": None, "seo_title": 70, "seo_description": 300},
    ProductVariant: {"name": 255},
    Attribute: {"name": 255},
    AttributeValue: {"name": 250, "plain_text": None},
}
# The translation model and its owner field of each kind other than products (whose writer also
# refreshes the search document).
_ROWS: dict[type[models.Model], tuple[type[models.Model], str]] = {
    Category: (CategoryTranslation, "category"),
    Collection: (CollectionTranslation, "collection"),
    ProductVariant: (ProductVariantTranslation, "product_variant"),
    Attribute: (AttributeTranslation, "attribute"),
    AttributeValue: (AttributeValueTranslation, "attribute_value"),
}
_CAMEL = {"seo_title": "seoTitle", "seo_description": "seoDescription", "plain_text": "plainText"}
# Columns that cannot hold null: a null in the input clears them instead.
_NOT_NULL = {"name", "seo_title", "seo_description"}


def _clean(
    kind: type[models.Model], fields: Mapping[str, Any], problems: list[CatalogError]
) -> dict[str, Any]:
    allowed = _FIELDS[kind]
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        field = _CAMEL.get(name, name)
        if name not in allowed:
            problems.append(CatalogError(Code.INVALID, f"{field} cannot be translated here.", field=field))
            continue
        if name == "description":
            problems += [
                CatalogError(Code.INVALID, error.message, field=field)
                for error in description_problems(value)
            ]
            cleaned[name] = value
            continue
        text = None if value is None else str(value).strip()
        limit = allowed[name]
        if text is not None and ((limit and len(text) > limit) or has_control_characters(text)):
            problems.append(
                CatalogError(Code.INVALID, f"At most {limit} printable characters are allowed.", field=field)
            )
        if name == "slug" and text is not None and text and not slug_is_valid(text):
            problems.append(CatalogError(Code.INVALID, "Enter a valid slug.", field=field))
        if name == "slug" and not text:
            text = None
        cleaned[name] = "" if text is None and name in _NOT_NULL else text
    return cleaned


def _translation_snapshot(obj: models.Model, language_code: str) -> dict[str, Any] | None:
    row = obj.translations.filter(language_code=language_code).first()  # type: ignore[attr-defined]
    if row is None:
        return None
    return {name: getattr(row, name) for name in _FIELDS[type(obj)] if hasattr(row, name)}


@transaction.atomic
def staff_translation_update(
    *, actor: Actor, obj: models.Model, language_code: str, fields: Mapping[str, Any]
) -> models.Model:
    """Translate ``obj`` (a product, variant, category, collection, attribute or value) into
    ``language_code``: the fields given change, the others stay."""
    kind = type(obj)
    problems: list[CatalogError] = []
    cleaned = _clean(kind, fields, problems)
    slug = cleaned.get("slug")
    if (
        kind is Product
        and slug
        and ProductTranslation.objects.filter(language_code=language_code, slug=slug)
        .exclude(product_id=obj.pk)
        .exists()
    ):
        problems.append(CatalogError(Code.UNIQUE, "This slug is taken in this language.", field="slug"))
    if problems:
        raise CatalogError.group(problems)
    before = _translation_snapshot(obj, language_code)
    if isinstance(obj, Product):
        product_translation_update(product=obj, language_code=language_code, **cleaned)
    else:
        model, owner_field = _ROWS[kind]
        translation_upsert(
            model, owner_field=owner_field, owner=obj, language_code=language_code, fields=cleaned
        )
    after = _translation_snapshot(obj, language_code)
    if after != before:
        audit_log_record(
            actor=actor,
            action=f"{kind._meta.model_name}.translated",
            target=obj,
            payload={"language_code": language_code, "before": before, "after": after},
        )
    return obj

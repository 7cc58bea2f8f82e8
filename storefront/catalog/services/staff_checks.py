"""Checks the staff catalogue services share: names, slugs, SEO, descriptions, weights.

Each returns the problems it finds (``CatalogError``s with Saleor's codes and camelCase-able
field names) so a service reports every problem of an input at once and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.services.slugs import slug_is_valid

Code = ProductErrorCode
_MAX_WEIGHT = Decimal("999999.999")


def has_control_characters(text: str) -> bool:
    return any(
        (ord(char) < 32 and char not in "\t\n\r") or ord(char) == 127 or 0xD800 <= ord(char) <= 0xDFFF
        for char in text
    )


def name_problems(name: str | None, *, required: bool, max_length: int = 250) -> list[CatalogError]:
    """``required``: creating (a name is needed) or the input names the field (it may not be blank)."""
    if name is None:
        return [CatalogError(Code.REQUIRED, "This field cannot be blank.", field="name")] if required else []
    text = name.strip()
    if not text:
        return [CatalogError(Code.REQUIRED, "This field cannot be blank.", field="name")]
    if len(text) > max_length:
        return [CatalogError(Code.INVALID, f"At most {max_length} characters are allowed.", field="name")]
    if has_control_characters(text):
        return [CatalogError(Code.INVALID, "Control characters are not allowed.", field="name")]
    return []


def slug_problems(
    model: type[models.Model], slug: str | None, *, exclude_pk: int | None = None, **scope: Any
) -> list[CatalogError]:
    """A given slug must be a valid slug that no other row holds (``None``: not given)."""
    if slug is None:
        return []
    if not slug.strip():
        return [CatalogError(Code.REQUIRED, "Slug value cannot be blank.", field="slug")]
    if not slug_is_valid(slug):
        return [
            CatalogError(
                Code.INVALID,
                "Enter a valid slug consisting of letters, numbers, underscores or hyphens.",
                field="slug",
            )
        ]
    taken = model._default_manager.filter(slug=slug, **scope)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        name = str(model._meta.verbose_name).capitalize()
        return [CatalogError(Code.UNIQUE, f"{name} with this Slug already exists.", field="slug")]
    return []


def seo_problems(title: str | None, description: str | None) -> list[CatalogError]:
    problems = []
    if title is not None and (len(title) > 70 or has_control_characters(title)):
        problems.append(
            CatalogError(Code.INVALID, "An SEO title has at most 70 characters.", field="seoTitle")
        )
    if description is not None and (len(description) > 300 or has_control_characters(description)):
        problems.append(
            CatalogError(
                Code.INVALID, "An SEO description has at most 300 characters.", field="seoDescription"
            )
        )
    return problems


def description_problems(description: Any) -> list[CatalogError]:
    """An EditorJS document: an object whose ``blocks`` (if any) is a list of objects."""
    if description is None:
        return []
    blocks = description.get("blocks", []) if isinstance(description, dict) else None
    if not isinstance(blocks, list) or not all(isinstance(block, dict) for block in blocks):
        return [
            CatalogError(Code.INVALID, "The description must be an EditorJS document.", field="description")
        ]
    return []


def weight_clean(weight: Decimal | None, problems: list[CatalogError]) -> Decimal | None:
    """A weight in kilograms to the gram, or a problem appended."""
    if weight is None:
        return None
    try:
        value = Decimal(weight).quantize(Decimal("0.001"))
    except (InvalidOperation, TypeError, ValueError):
        value = None
    if value is None or not value.is_finite() or value < 0 or value > _MAX_WEIGHT:
        problems.append(CatalogError(Code.INVALID, "Enter a weight from 0 to 999999.999 kg.", field="weight"))
        return None
    return value

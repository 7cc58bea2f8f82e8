"""Staff writes of attributes and their predefined values (Saleor's ``attributeCreate/Update/Delete``).

Checked whole before writing, audited with the attribute (and its values) before and after.
Value names are searchable words of the products that carry them, so renaming, removing or
deleting them refreshes those products' search documents in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.error_codes import AttributeErrorCode, CatalogError
from storefront.catalog.models import Attribute, AttributeValue, Product
from storefront.catalog.services._common import fields_save_changed
from storefront.catalog.services.read_models import product_search_documents_update
from storefront.catalog.services.slugs import slug_from_name, slug_unique
from storefront.catalog.services.staff_checks import has_control_characters, slug_problems
from storefront.catalog.services.staff_products import UNSET

Code = AttributeErrorCode
_SUPPORTED = {choice.value for choice in Attribute.InputType}
_WITH_VALUES = {Attribute.InputType.DROPDOWN, Attribute.InputType.MULTISELECT, Attribute.InputType.SWATCH}


@dataclass(frozen=True)
class NewValue:
    """A predefined value to add: its name and, for a swatch, its colour (``value``)."""

    name: str
    value: str = ""


@dataclass
class AttributeFields:
    """An attribute input as decoded by the API; ``UNSET``: left out."""

    name: Any = UNSET
    slug: Any = UNSET
    unit: Any = UNSET
    value_required: Any = UNSET
    visible_in_storefront: Any = UNSET
    filterable_in_storefront: Any = UNSET
    storefront_search_position: Any = UNSET


def attribute_snapshot(attribute: Attribute) -> dict[str, Any]:
    return {
        "name": attribute.name,
        "slug": attribute.slug,
        "input_type": attribute.input_type,
        "unit": attribute.unit,
        "value_required": attribute.value_required,
        "visible_in_storefront": attribute.visible_in_storefront,
        "filterable_in_storefront": attribute.filterable_in_storefront,
        "storefront_search_position": attribute.storefront_search_position,
        "values": [
            {"id": pk, "name": name, "slug": slug}
            for pk, name, slug in attribute.values.filter(plain_text__isnull=True, numeric__isnull=True)
            .filter(boolean__isnull=True)
            .values_list("pk", "name", "slug")
        ],
    }


def _text_problem(text: str | None, *, field: str, limit: int) -> list[CatalogError]:
    if text is None or not text.strip():
        return [CatalogError(Code.REQUIRED, "This field cannot be blank.", field=field)]
    if len(text.strip()) > limit or has_control_characters(text):
        return [CatalogError(Code.INVALID, f"At most {limit} printable characters are allowed.", field=field)]
    return []


def _changes(
    fields: AttributeFields, *, attribute: Attribute | None, problems: list[CatalogError]
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if fields.name is not UNSET or attribute is None:
        name = None if fields.name is UNSET else fields.name
        problems += _text_problem(name, field="name", limit=255)
        if name and name.strip():
            changes["name"] = name.strip()
    if fields.slug is not UNSET:
        problems += [
            CatalogError(Code(e.code), e.message, field=e.field)
            for e in slug_problems(Attribute, fields.slug, exclude_pk=attribute.pk if attribute else None)
        ]
        if fields.slug:
            changes["slug"] = fields.slug
    if fields.unit is not UNSET:
        changes["unit"] = fields.unit or ""
    for flag in ("value_required", "visible_in_storefront", "filterable_in_storefront"):
        value = getattr(fields, flag)
        if value is not UNSET and value is not None:
            changes[flag] = bool(value)
    position = fields.storefront_search_position
    if position is not UNSET and position is not None:
        if not -(2**31) <= position < 2**31:
            problems.append(CatalogError(Code.INVALID, "Out of range.", field="storefrontSearchPosition"))
        changes["storefront_search_position"] = position
    return changes


def _value_problems(
    attribute_pk: int | None, values: Sequence[NewValue], *, field: str
) -> list[CatalogError]:
    problems: list[CatalogError] = []
    seen: set[str] = set()
    existing = (
        {
            slug
            for slug in AttributeValue.objects.filter(attribute_id=attribute_pk).values_list(
                "slug", flat=True
            )
        }
        if attribute_pk
        else set()
    )
    for value in values:
        problems += _text_problem(value.name, field=field, limit=250)
        slug = slug_from_name(value.name or "", fallback="value")
        if slug in seen:
            problems.append(
                CatalogError(Code.UNIQUE, "Duplicated attribute values are provided.", field=field)
            )
        elif slug in existing:
            problems.append(
                CatalogError(
                    Code.ALREADY_EXISTS,
                    f"Value {value.name!r} already exists in this attribute.",
                    field=field,
                )
            )
        seen.add(slug)
        if len(value.value) > 100:
            problems.append(
                CatalogError(Code.INVALID, "A swatch value has at most 100 characters.", field=field)
            )
    return problems


def _values_add(attribute: Attribute, values: Sequence[NewValue]) -> None:
    last = attribute.values.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    for offset, value in enumerate(values, start=1):
        slug = slug_unique(AttributeValue, value.name.strip(), fallback="value", attribute=attribute)
        AttributeValue.objects.create(
            attribute=attribute,
            slug=slug,
            name=value.name.strip(),
            value=value.value,
            sort_order=last + offset,
        )


def _products_with(values: Any) -> list[Product]:
    return list(
        Product.objects.filter(
            Q(attribute_values__value__in=values) | Q(variants__attribute_values__value__in=values)
        ).distinct()
    )


@transaction.atomic
def staff_attribute_create(
    *, actor: Actor, input_type: str, fields: AttributeFields, values: Sequence[NewValue] = ()
) -> Attribute:
    """Saleor's ``attributeCreate`` (product attributes: Asal has no page or customer types)."""
    problems: list[CatalogError] = []
    changes = _changes(fields, attribute=None, problems=problems)
    if input_type not in _SUPPORTED:
        problems.append(
            CatalogError(Code.INVALID, f"Asal has no {input_type} attributes.", field="inputType")
        )
    elif values and input_type not in _WITH_VALUES:
        problems.append(
            CatalogError(Code.INVALID, f"{input_type} attributes have no predefined values.", field="values")
        )
    problems += _value_problems(None, values, field="values")
    if problems:
        raise CatalogError.group(problems)
    if not changes.get("slug"):
        changes["slug"] = slug_unique(Attribute, changes["name"], fallback="attribute")
    attribute = Attribute.objects.create(input_type=input_type, **changes)
    _values_add(attribute, values)
    audit_log_record(
        actor=actor,
        action="attribute.created",
        target=attribute,
        payload={"before": None, "after": attribute_snapshot(attribute)},
    )
    return attribute


@transaction.atomic
def staff_attribute_update(
    *,
    actor: Actor,
    attribute: Attribute,
    fields: AttributeFields,
    add_values: Sequence[NewValue] = (),
    remove_values: Sequence[AttributeValue] = (),
) -> Attribute:
    """Saleor's ``attributeUpdate``: fields given change; values are added and removed (the
    products that carried a removed value lose it, and their search documents follow)."""
    attribute = Attribute.objects.select_for_update().get(pk=attribute.pk)
    before = attribute_snapshot(attribute)
    problems: list[CatalogError] = []
    changes = _changes(fields, attribute=attribute, problems=problems)
    strangers = [v for v in remove_values if v.attribute_id != attribute.pk]
    if strangers:
        problems.append(
            CatalogError(Code.INVALID, "These values belong to another attribute.", field="removeValues")
        )
    if add_values and attribute.input_type not in _WITH_VALUES:
        problems.append(
            CatalogError(
                Code.INVALID,
                f"{attribute.input_type} attributes have no predefined values.",
                field="addValues",
            )
        )
    problems += _value_problems(attribute.pk, add_values, field="addValues")
    if problems:
        raise CatalogError.group(problems)
    fields_save_changed(attribute, changes)
    if remove_values:
        affected = _products_with(remove_values)
        AttributeValue.objects.filter(pk__in=[v.pk for v in remove_values]).delete()
        product_search_documents_update(products=affected)
    _values_add(attribute, add_values)
    after = attribute_snapshot(attribute)
    if after != before:
        audit_log_record(
            actor=actor,
            action="attribute.updated",
            target=attribute,
            payload={"before": before, "after": after},
        )
    return attribute


@transaction.atomic
def staff_attribute_delete(*, actor: Actor, attribute: Attribute) -> Attribute:
    """Saleor's ``attributeDelete``: its values leave every product and variant, whose search
    documents follow. Returns the attribute as it was, with its ID."""
    attribute = Attribute.objects.select_for_update().get(pk=attribute.pk)
    pk = attribute.pk
    affected = _products_with(attribute.values.all())
    audit_log_record(
        actor=actor,
        action="attribute.deleted",
        target=attribute,
        payload={"before": attribute_snapshot(attribute), "after": None},
    )
    attribute.delete()
    attribute.pk = pk
    product_search_documents_update(products=affected)
    return attribute

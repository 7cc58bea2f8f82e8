"""Turning the attributes a staff member chose into the value rows a product or variant holds.

Saleor's ``AttributeValueInput`` names a value by ID or by name per input type; the API decodes
the IDs into rows (``AttributeChoice``) and this module checks them against the product type,
creates what Saleor creates (a new dropdown value typed by name, the per-object value of a
plain-text, numeric or boolean attribute) and reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.models import Attribute, AttributeValue
from storefront.catalog.services.slugs import slug_unique
from storefront.catalog.services.structure import attribute_value_upsert

Code = ProductErrorCode
_SELECTABLE = {Attribute.InputType.DROPDOWN, Attribute.InputType.SWATCH, Attribute.InputType.MULTISELECT}


@dataclass(frozen=True)
class AttributeChoice:
    """One attribute of a product or variant input: chosen value rows, names, or a typed value."""

    attribute: Attribute
    values: tuple[AttributeValue, ...] = ()
    names: tuple[str, ...] = ()
    plain_text: str | None = None
    numeric: str | None = None
    boolean: bool | None = None

    @property
    def is_empty(self) -> bool:
        return (
            not self.values
            and not any(name.strip() for name in self.names)
            and not (self.plain_text or "").strip()
            and self.numeric is None
            and self.boolean is None
        )


def _problem(code: Code, message: str, attribute: Attribute) -> CatalogError:
    return CatalogError(code, message, field="attributes", attributes=[attribute])


def attribute_choices_check(
    choices: Sequence[AttributeChoice], *, allowed: Sequence[Attribute], creating: bool
) -> list[CatalogError]:
    """Problems of ``choices`` for an object whose type allows ``allowed`` (none: all is well)."""
    problems: list[CatalogError] = []
    allowed_ids = {attribute.pk for attribute in allowed}
    seen: set[int] = set()
    for choice in choices:
        attribute = choice.attribute
        if attribute.pk in seen:
            problems.append(_problem(Code.DUPLICATED_INPUT_ITEM, "The attribute is given twice.", attribute))
            continue
        seen.add(attribute.pk)
        if attribute.pk not in allowed_ids:
            problems.append(
                _problem(
                    Code.ATTRIBUTE_CANNOT_BE_ASSIGNED,
                    f"Attribute {attribute.slug} is not part of this product type.",
                    attribute,
                )
            )
            continue
        if choice.is_empty:
            if attribute.value_required:
                problems.append(
                    _problem(Code.REQUIRED, f"Attribute {attribute.slug} needs a value.", attribute)
                )
            continue
        problems += _choice_problems(choice)
    if creating:
        missing = [a for a in allowed if a.value_required and a.pk not in seen]
        problems += [_problem(Code.REQUIRED, f"Attribute {a.slug} needs a value.", a) for a in missing]
    return problems


def _choice_problems(choice: AttributeChoice) -> list[CatalogError]:
    attribute = choice.attribute
    kind = attribute.input_type
    foreign = [value for value in choice.values if value.attribute_id != attribute.pk]
    if foreign:
        return [
            CatalogError(
                Code.INVALID,
                f"These values do not belong to attribute {attribute.slug}.",
                field="attributes",
                attributes=[attribute],
                values=foreign,
            )
        ]
    if kind in _SELECTABLE:
        count = len(choice.values) + len([name for name in choice.names if name.strip()])
        if kind != Attribute.InputType.MULTISELECT and count > 1:
            return [_problem(Code.INVALID, f"Attribute {attribute.slug} takes one value.", attribute)]
        if any(len(name.strip()) > 250 for name in choice.names):
            return [_problem(Code.INVALID, "A value name has at most 250 characters.", attribute)]
        if choice.plain_text is not None or choice.numeric is not None or choice.boolean is not None:
            return [_problem(Code.INVALID, f"Attribute {attribute.slug} takes predefined values.", attribute)]
        return []
    if kind == Attribute.InputType.NUMERIC:
        try:
            number = Decimal(str(choice.numeric))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= Decimal(10) ** 9:
            return [_problem(Code.INVALID, f"Attribute {attribute.slug} takes a number.", attribute)]
        return []
    if kind == Attribute.InputType.BOOLEAN:
        if choice.boolean is None:
            return [_problem(Code.INVALID, f"Attribute {attribute.slug} takes true or false.", attribute)]
        return []
    if choice.plain_text is None:
        return [_problem(Code.INVALID, f"Attribute {attribute.slug} takes plain text.", attribute)]
    return []


def attribute_values_resolve(choices: Sequence[AttributeChoice], *, owner_key: str) -> list[AttributeValue]:
    """The value rows of checked ``choices`` (creating new ones); ``owner_key`` names the object's
    own values of typed attributes (``"12"`` for product 12, ``"v34"`` for variant 34)."""
    resolved: list[AttributeValue] = []
    for choice in choices:
        if choice.is_empty:
            continue
        attribute = choice.attribute
        kind = attribute.input_type
        if kind in _SELECTABLE:
            resolved += choice.values
            resolved += [_value_by_name(attribute, name.strip()) for name in choice.names if name.strip()]
        elif kind == Attribute.InputType.BOOLEAN:
            flag = bool(choice.boolean)
            label = f"{attribute.name}: {'Yes' if flag else 'No'}"
            slug = f"{attribute.pk}_{str(flag).lower()}"
            resolved.append(attribute_value_upsert(attribute=attribute, slug=slug, name=label, boolean=flag))
        elif kind == Attribute.InputType.NUMERIC:
            number = Decimal(str(choice.numeric))
            resolved.append(
                attribute_value_upsert(
                    attribute=attribute,
                    slug=f"{owner_key}_{attribute.pk}",
                    name=f"{number.normalize():f}",
                    numeric=number,
                )
            )
        else:
            text = str(choice.plain_text)
            resolved.append(
                attribute_value_upsert(
                    attribute=attribute, slug=f"{owner_key}_{attribute.pk}", name=text[:250], plain_text=text
                )
            )
    return list(dict.fromkeys(resolved))


def _value_by_name(attribute: Attribute, name: str) -> AttributeValue:
    """An existing value of that name (any case) or slug, else a new one (Saleor creates it)."""
    found = attribute.values.filter(name__iexact=name).first() or attribute.values.filter(slug=name).first()
    if found is not None:
        return found
    slug = slug_unique(AttributeValue, name, fallback="value", attribute=attribute)
    last = attribute.values.order_by("-sort_order").values_list("sort_order", flat=True).first()
    return AttributeValue.objects.create(
        attribute=attribute, slug=slug, name=name, sort_order=(last or 0) + 1
    )

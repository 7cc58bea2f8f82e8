"""Saleor's typed attribute API (``assignedAttribute(slug)``, ``assignedAttributes(limit)``): the
``AssignedAttribute`` interface and the members Asal's attribute kinds map to.

Built from the same assignment rows as the deprecated ``attributes`` list (one query per page).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.types.attributes import Attribute, File, group_by_attribute, value_translation
from graphql_schema.core.languages import LanguageCodeEnum
from graphql_schema.core.scalars import DEFAULT_LIMIT, PositiveInt
from storefront.catalog import models

if TYPE_CHECKING:
    from graphql_schema.catalog.types.category import Collection

CollectionType = Annotated["Collection", strawberry.lazy("graphql_schema.catalog.types.category")]


@strawberry.interface(description="Represents an attribute assigned to an object.")
class AssignedAttribute:
    attribute: Attribute = strawberry.field(description="Attribute assigned to an object.")


@strawberry.type(description="Represents a single choice value of the attribute.")
class AssignedChoiceAttributeValue:
    _value: strawberry.Private[models.AttributeValue]

    @strawberry.field(description="Name of a value displayed in the interface.")
    def name(self) -> str | None:
        return self._value.name

    @strawberry.field(description="Internal representation of a value (unique per attribute).")
    def slug(self) -> str | None:
        return self._value.slug

    @strawberry.field(description="Translation of the name.")
    def translation(self, info: Info, language_code: LanguageCodeEnum) -> str | None:
        translated = value_translation(info, self._value, language_code)
        return translated.name if translated is not None else None


@strawberry.type(description="Represents a single choice attribute.")
class AssignedSingleChoiceAttribute(AssignedAttribute):
    value: AssignedChoiceAttributeValue | None = strawberry.field(description="The assigned choice value.")


@strawberry.type(description="Represents a multi choice attribute.")
class AssignedMultiChoiceAttribute(AssignedAttribute):
    _values: strawberry.Private[list[models.AttributeValue]]

    @strawberry.field(description="List of assigned choice values.")
    def value(self, limit: PositiveInt | None = DEFAULT_LIMIT) -> list[AssignedChoiceAttributeValue]:
        return [AssignedChoiceAttributeValue(_value=v) for v in self._values[: limit or 100]]


@strawberry.type(description="Represents a swatch attribute value.")
class AssignedSwatchAttributeValue:
    _value: strawberry.Private[models.AttributeValue]

    @strawberry.field(description="Name of the selected swatch value.")
    def name(self) -> str | None:
        return self._value.name

    @strawberry.field(description="Slug of the selected swatch value.")
    def slug(self) -> str | None:
        return self._value.slug

    @strawberry.field(description="Hex color code.")
    def hex_color(self) -> str | None:
        return self._value.value or None

    @strawberry.field(description="Translation of the name.")
    def translation(self, info: Info, language_code: LanguageCodeEnum) -> str | None:
        translated = value_translation(info, self._value, language_code)
        return translated.name if translated is not None else None


@strawberry.type(description="Represents a swatch attribute.")
class AssignedSwatchAttribute(AssignedAttribute):
    value: AssignedSwatchAttributeValue | None = strawberry.field(description="The assigned swatch value.")


@strawberry.type(description="Represents plain text attribute.")
class AssignedPlainTextAttribute(AssignedAttribute):
    _value: strawberry.Private[models.AttributeValue]

    @strawberry.field(description="The assigned plain text content.")
    def value(self) -> str | None:
        return self._value.plain_text

    @strawberry.field(description="Translation of the plain text content in the specified language.")
    def translation(self, info: Info, language_code: LanguageCodeEnum) -> str | None:
        translated = value_translation(info, self._value, language_code)
        return translated.plain_text if translated is not None else None


@strawberry.type(description="Represents a numeric value of an attribute.")
class AssignedNumericAttribute(AssignedAttribute):
    value: float | None = strawberry.field(description="The assigned numeric value.")


@strawberry.type(description="Represents a boolean attribute.")
class AssignedBooleanAttribute(AssignedAttribute):
    value: bool | None = strawberry.field(description="The assigned boolean value.")


# Saleor's file and collection-reference attributes. Asal's attributes are never of these kinds, so no
# object is ever one of them; the types exist so that a storefront's fragments on them validate.
@strawberry.type(description="Represents file attribute.")
class AssignedFileAttribute(AssignedAttribute):
    value: File | None = strawberry.field(default=None, description="The assigned file.")


@strawberry.type(description="Represents single collection reference attribute.")
class AssignedSingleCollectionReferenceAttribute(AssignedAttribute):
    value: CollectionType | None = strawberry.field(
        default=None, description="The assigned collection reference."
    )


ASSIGNED_ATTRIBUTE_TYPES: tuple[type, ...] = (
    AssignedSingleChoiceAttribute,
    AssignedMultiChoiceAttribute,
    AssignedSwatchAttribute,
    AssignedPlainTextAttribute,
    AssignedNumericAttribute,
    AssignedBooleanAttribute,
    AssignedFileAttribute,
    AssignedSingleCollectionReferenceAttribute,
)


def _assigned(attribute: models.Attribute, values: list[models.AttributeValue]) -> AssignedAttribute:
    kind = models.Attribute.InputType
    first = values[0] if values else None
    if attribute.input_type == kind.MULTISELECT:
        return AssignedMultiChoiceAttribute(attribute=attribute, _values=values)  # type: ignore[arg-type]
    if attribute.input_type == kind.SWATCH:
        swatch = AssignedSwatchAttributeValue(_value=first) if first else None
        return AssignedSwatchAttribute(attribute=attribute, value=swatch)  # type: ignore[arg-type]
    if attribute.input_type == kind.PLAIN_TEXT and first is not None:
        return AssignedPlainTextAttribute(attribute=attribute, _value=first)  # type: ignore[arg-type]
    if attribute.input_type == kind.NUMERIC:
        number = float(first.numeric) if first is not None and first.numeric is not None else None
        return AssignedNumericAttribute(attribute=attribute, value=number)  # type: ignore[arg-type]
    if attribute.input_type == kind.BOOLEAN:
        return AssignedBooleanAttribute(attribute=attribute, value=first.boolean if first else None)  # type: ignore[arg-type]
    choice = AssignedChoiceAttributeValue(_value=first) if first else None
    return AssignedSingleChoiceAttribute(attribute=attribute, value=choice)  # type: ignore[arg-type]


def assigned_attributes(
    info: Info, rows: Sequence[Any], *, limit: int | None = None
) -> list[AssignedAttribute]:
    grouped = group_by_attribute(info, rows)
    return [_assigned(a, v) for a, v in grouped[: limit or 100]]


def assigned_attribute(info: Info, rows: Sequence[Any], *, slug: str) -> AssignedAttribute | None:
    for attribute, values in group_by_attribute(info, rows):
        if attribute.slug == slug:
            return _assigned(attribute, values)
    return None

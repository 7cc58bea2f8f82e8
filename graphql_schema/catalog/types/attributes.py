"""Attributes: Saleor's ``Attribute``/``AttributeValue``, the deprecated ``SelectedAttribute`` list,
and the typed ``AssignedAttribute`` family the Saleor storefront reads.

Root values are model instances. An owner's attributes are built from its assignment rows (one
query per page, see ``loaders``); only attributes that have a value are listed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from enum import Enum
from typing import Annotated, Any

import strawberry
from django.db.models import F
from strawberry.types import Info

from graphql_schema.catalog import shared_loaders
from graphql_schema.catalog.inputs import (
    AttributeChoicesSortingInput,
    AttributeValueFilterInput,
    AttributeValueWhereInput,
    apply_common_filter,
    apply_sort,
    where_q,
)
from graphql_schema.core.channel_context import is_product_staff
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.countries import MeasurementUnitsEnum
from graphql_schema.core.dataloaders import UNSCOPED, peers, register
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.languages import LanguageCodeEnum, LanguageDisplay, language_code_from_enum
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.nested_pages import page_for_parent
from graphql_schema.core.relay import Node, Page, model_type_check, node_id, paginate_per_parent
from storefront.catalog import models

_WHERE = "Use `where` filter instead."
_WITH_CHOICES = frozenset({"DROPDOWN", "MULTISELECT", "SWATCH"})
_UNUSED_FLAG = (
    "This flag is not used by Saleor. Keep the logic in the storefront or use `Attribute` metadata instead."
)


@strawberry.enum(description="An enumeration.")
class AttributeInputTypeEnum(Enum):
    DROPDOWN = "DROPDOWN"
    MULTISELECT = "MULTISELECT"
    FILE = "FILE"
    REFERENCE = "REFERENCE"
    SINGLE_REFERENCE = "SINGLE_REFERENCE"
    NUMERIC = "NUMERIC"
    RICH_TEXT = "RICH_TEXT"
    PLAIN_TEXT = "PLAIN_TEXT"
    SWATCH = "SWATCH"
    BOOLEAN = "BOOLEAN"
    DATE = "DATE"
    DATE_TIME = "DATE_TIME"


@strawberry.enum(description="An enumeration.")
class AttributeTypeEnum(Enum):
    PRODUCT_TYPE = "PRODUCT_TYPE"
    PAGE_TYPE = "PAGE_TYPE"
    CUSTOMER_TYPE = "CUSTOMER_TYPE"


@strawberry.enum(description="An enumeration.")
class VariantAttributeScope(Enum):
    ALL = "ALL"
    VARIANT_SELECTION = "VARIANT_SELECTION"
    NOT_VARIANT_SELECTION = "NOT_VARIANT_SELECTION"


def value_translation(info: Info, value: models.AttributeValue, language: Any) -> Any:
    return shared_loaders.translation(
        info,
        models.AttributeValueTranslation,
        owner_id=value.pk,
        language_code=language_code_from_enum(language),
    )


@strawberry.type(description="Represents attribute translations.")
class AttributeTranslation(Node):
    is_type_of = model_type_check(models.AttributeTranslation)

    id: strawberry.ID = node_id("AttributeTranslation")

    @strawberry.field(description="Translation language.")
    def language(self, root: strawberry.Parent[models.AttributeTranslation]) -> LanguageDisplay:
        return LanguageDisplay.from_code(root.language_code)

    name: str = strawberry.field(description="Translated attribute name.")


@strawberry.type(description="Represents attribute value translations.")
class AttributeValueTranslation(Node):
    is_type_of = model_type_check(models.AttributeValueTranslation)

    id: strawberry.ID = node_id("AttributeValueTranslation")

    @strawberry.field(description="Translation language.")
    def language(self, root: strawberry.Parent[models.AttributeValueTranslation]) -> LanguageDisplay:
        return LanguageDisplay.from_code(root.language_code)

    name: str = strawberry.field(description="Translated attribute value name.")
    plain_text: str | None = strawberry.field(description="Attribute plain text value.")


@strawberry.type(description="Represents a file.")
class File:
    url: str = strawberry.field(description="The URL of the file.")
    content_type: str | None = strawberry.field(description="Content type of the file.")


ValueRoot = strawberry.Parent[models.AttributeValue]
AttributeRoot = strawberry.Parent[models.Attribute]


@strawberry.type(description="Represents a value of an attribute.")
class AttributeValue(Node):
    is_type_of = model_type_check(models.AttributeValue)

    id: strawberry.ID = node_id("AttributeValue")

    name: str | None = strawberry.field(description="Name of a value displayed in the interface.")
    slug: str | None = strawberry.field(
        description="Internal representation of a value (unique per attribute)."
    )

    @strawberry.field(description="Represent value of the attribute value (e.g. color values for swatch).")
    def value(self, root: ValueRoot) -> str | None:
        return root.value or None

    @strawberry.field(description="Returns translated attribute value fields for the given language code.")
    def translation(
        self, info: Info, root: ValueRoot, language_code: LanguageCodeEnum
    ) -> AttributeValueTranslation | None:
        return value_translation(info, root, language_code)

    @strawberry.field(description="The input type to use for entering attribute values in the dashboard.")
    def input_type(self, info: Info, root: ValueRoot) -> AttributeInputTypeEnum | None:
        return AttributeInputTypeEnum(shared_loaders.attribute_of(info, root).input_type)

    plain_text: str | None = strawberry.field(
        description="Represents the text of the attribute value, plain text."
    )

    @strawberry.field(description="Represents file URL and content type (if attribute value is a file).")
    def file(self) -> File | None:
        return None  # Asal has no file attributes

    boolean: bool | None = strawberry.field(
        description="Represents the boolean value of the attribute value."
    )

    # Asal has no date attributes; Saleor's storefront selects these on every cart and order line.
    @strawberry.field(description="Represents the date value of the attribute value.")
    def date(self) -> datetime.date | None:
        return None

    @strawberry.field(description="Represents the date/time value of the attribute value.")
    def date_time(self) -> datetime.datetime | None:
        return None


@strawberry.type(description="Custom attribute of a product.")
class Attribute(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Attribute)

    id: strawberry.ID = node_id("Attribute")

    @strawberry.field(description="The input type to use for entering attribute values in the dashboard.")
    def input_type(self, root: AttributeRoot) -> AttributeInputTypeEnum | None:
        return AttributeInputTypeEnum(root.input_type)

    name: str = strawberry.field(description="Name of an attribute displayed in the interface.")
    slug: str = strawberry.field(description="Internal representation of an attribute name.")

    @strawberry.field(description="The attribute type.")
    def type(self) -> AttributeTypeEnum:
        return AttributeTypeEnum.PRODUCT_TYPE

    @strawberry.field(description="The unit of attribute values.")
    def unit(self, root: AttributeRoot) -> MeasurementUnitsEnum | None:
        return MeasurementUnitsEnum.__members__.get(root.unit) if root.unit else None

    value_required: bool = strawberry.field(
        description="Whether the attribute requires values to be passed or not."
    )
    visible_in_storefront: bool = strawberry.field(
        description="Whether the attribute should be visible or not in storefront."
    )
    filterable_in_storefront: bool = strawberry.field(
        description=deprecated(_UNUSED_FLAG, "Whether the attribute can be filtered in storefront."),
    )
    storefront_search_position: int = strawberry.field(
        description=deprecated(
            _UNUSED_FLAG, "The position of the attribute in the storefront navigation (0 by default)."
        ),
    )

    @strawberry.field(description="Returns translated attribute fields for the given language code.")
    def translation(
        self, info: Info, root: AttributeRoot, language_code: LanguageCodeEnum
    ) -> AttributeTranslation | None:
        return shared_loaders.translation(
            info,
            models.AttributeTranslation,
            owner_id=root.pk,
            language_code=language_code_from_enum(language_code),
        )

    @strawberry.field(description="List of attribute's values.")
    def choices(
        self,
        info: Info,
        root: AttributeRoot,
        sort_by: AttributeChoicesSortingInput | None = None,
        filter: Annotated[
            AttributeValueFilterInput | None, strawberry.argument(description=deprecated(_WHERE))
        ] = None,
        where: AttributeValueWhereInput | None = None,
        search: str | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[AttributeValue] | None:
        if root.input_type not in _WITH_CHOICES:
            return None

        def values(attribute_ids: list[int]) -> Any:
            qs = apply_common_filter(
                models.AttributeValue.objects.filter(attribute_id__in=attribute_ids),
                filter,
                type_name="AttributeValue",
            )
            qs = qs.filter(where_q(where, type_name="AttributeValue"))
            if search:
                qs = qs.filter(name__icontains=search)
            if sort_by:
                return apply_sort(qs, sort_by, fields={"NAME": "name", "SLUG": "slug"})
            return qs.order_by("sort_order", "pk")

        def pages_for(attribute_ids: list[int]) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
            pages, totals = paginate_per_parent(
                values(attribute_ids),
                parent=F("attribute_id"),
                first=first,
                last=last,
                after=after,
                before=before,
                connection_name="choices",
            )
            attributes = peers(info, models.Attribute)
            found = [value for page in pages.values() for value in page.nodes]
            for value in found:
                if value.attribute_id in attributes:
                    value.attribute = attributes[value.attribute_id]  # no query for the value's attribute
            register(info, models.AttributeValue, found)
            return pages, totals

        page, count = page_for_parent(
            info,
            kind=models.Attribute,
            scope=UNSCOPED,
            parent_id=root.pk,
            arguments=("choices", repr((sort_by, filter, where, search, before, after, first, last))),
            pages_for=pages_for,
            count_one=lambda: values([root.pk]).count(),
            starts_at_beginning=after is None and before is None,
        )
        return connection(page, count)

    @strawberry.field(description="Flag indicating that attribute has predefined choices.")
    def with_choices(self, root: AttributeRoot) -> bool:
        return root.input_type in _WITH_CHOICES


@strawberry.type(description="Represents a custom attribute.")
class SelectedAttribute:
    attribute: Attribute = strawberry.field(description="Name of an attribute displayed in the interface.")
    values: list[AttributeValue] = strawberry.field(description="Values of an attribute.")


def group_by_attribute(
    info: Info, rows: Sequence[Any]
) -> list[tuple[models.Attribute, list[models.AttributeValue]]]:
    """Assignment rows -> ``[(attribute, [values])]`` in display order, for storefront-visible attributes."""
    grouped: dict[int, tuple[models.Attribute, list[models.AttributeValue]]] = {}
    for row in rows:
        attribute = row.value.attribute
        if not attribute.visible_in_storefront and not is_product_staff(info):
            continue
        grouped.setdefault(attribute.pk, (attribute, []))[1].append(row.value)
    return list(grouped.values())


def selected_attributes(info: Info, rows: Sequence[Any]) -> list[SelectedAttribute]:
    return [SelectedAttribute(attribute=a, values=v) for a, v in group_by_attribute(info, rows)]  # type: ignore[arg-type]

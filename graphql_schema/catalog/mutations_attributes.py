"""Saleor's ``attributeCreate``, ``attributeUpdate`` and ``attributeDelete`` for product attributes
(``MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES``, Saleor's permission for ``PRODUCT_TYPE`` attributes;
Asal has no page or customer types, so those are refused).

Thin: decode, call one service of ``storefront.catalog.services.staff_attributes``, shape the payload.
"""

from __future__ import annotations

from typing import Annotated, Any, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import given, row, rows
from graphql_schema.catalog.mutation_inputs import AttributeErrorCodeEnum
from graphql_schema.catalog.types.attributes import (
    _UNUSED_FLAG,
    Attribute,
    AttributeInputTypeEnum,
    AttributeTypeEnum,
)
from graphql_schema.core.auth import request_actor
from graphql_schema.core.countries import MeasurementUnitsEnum
from graphql_schema.core.dataloaders import register
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from storefront.accounts.permissions import PermissionCode
from storefront.catalog import models
from storefront.catalog.error_codes import AttributeErrorCode, CatalogError
from storefront.catalog.services.staff_attributes import (
    AttributeFields,
    NewValue,
    staff_attribute_create,
    staff_attribute_delete,
    staff_attribute_update,
)

_DEPRECATED_ERRORS = "Use `errors` field instead."
_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


def _attribute_mutation(description: str) -> Any:
    return strawberry.mutation(
        description=description
        + "\n\nRequires one of the following permissions: MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES.",
        extensions=[permission_required(PermissionCode.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES)],
    )


@strawberry.type(description="Represents errors in attribute mutations.")
class AttributeError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: AttributeErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.input(description="A predefined value of an attribute.")
class AttributeValueCreateInput:
    value: str | None = strawberry.field(
        default=None,
        description="Represent value of the attribute value (e.g. color values for swatch attributes).",
    )
    name: str = strawberry.field(description="Name of a value displayed in the interface.")


@strawberry.input(description="A predefined value to add to an attribute.")
class AttributeValueUpdateInput:
    value: str | None = strawberry.field(
        default=None,
        description="Represent value of the attribute value (e.g. color values for swatch attributes).",
    )
    name: str | None = strawberry.field(
        default=None, description="Name of a value displayed in the interface."
    )


@strawberry.input(description="Fields required to create an attribute.")
class AttributeCreateInput:
    input_type: AttributeInputTypeEnum | None = strawberry.field(
        default=None, description="The input type to use for entering attribute values in the dashboard."
    )
    name: str = strawberry.field(description="Name of an attribute displayed in the interface.")
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Internal representation of an attribute name."
    )
    type: AttributeTypeEnum = strawberry.field(description="The attribute type.")
    unit: MeasurementUnitsEnum | None = strawberry.field(
        default=strawberry.UNSET, description="The unit of attribute values."
    )
    values: list[AttributeValueCreateInput] | None = strawberry.field(
        default=None, description="List of attribute's values."
    )
    value_required: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Whether the attribute requires values to be passed or not."
    )
    visible_in_storefront: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Whether the attribute should be visible or not in storefront."
    )
    filterable_in_storefront: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description=deprecated(_UNUSED_FLAG, "Whether the attribute can be filtered in storefront."),
    )
    storefront_search_position: int | None = strawberry.field(
        default=strawberry.UNSET,
        description=deprecated(
            _UNUSED_FLAG, "The position of the attribute in the storefront navigation (0 by default)."
        ),
    )


@strawberry.input(description="Fields required to update an attribute.")
class AttributeUpdateInput:
    name: str | None = strawberry.field(
        default=strawberry.UNSET, description="Name of an attribute displayed in the interface."
    )
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Internal representation of an attribute name."
    )
    unit: MeasurementUnitsEnum | None = strawberry.field(
        default=strawberry.UNSET, description="The unit of attribute values."
    )
    remove_values: list[strawberry.ID] | None = strawberry.field(
        default=None, description="IDs of values to be removed from this attribute."
    )
    add_values: list[AttributeValueUpdateInput] | None = strawberry.field(
        default=None, description="New values to be created for this attribute."
    )
    value_required: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Whether the attribute requires values to be passed or not."
    )
    visible_in_storefront: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Whether the attribute should be visible or not in storefront."
    )
    filterable_in_storefront: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description=deprecated(_UNUSED_FLAG, "Whether the attribute can be filtered in storefront."),
    )
    storefront_search_position: int | None = strawberry.field(
        default=strawberry.UNSET,
        description=deprecated(
            _UNUSED_FLAG, "The position of the attribute in the storefront navigation (0 by default)."
        ),
    )


@strawberry.type
class _AttributePayload:
    attribute: Attribute | None = None
    errors: list[AttributeError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def attribute_errors(self) -> list[AttributeError]:
        return self.errors


@strawberry.type(description="Creates an attribute.")
class AttributeCreate(_AttributePayload):
    pass


@strawberry.type(description="Updates attribute.")
class AttributeUpdate(_AttributePayload):
    pass


@strawberry.type(description="Deletes an attribute.")
class AttributeDelete(_AttributePayload):
    pass


def _fields(input: AttributeCreateInput | AttributeUpdateInput) -> AttributeFields:
    unit = given(input.unit)
    return AttributeFields(
        name=given(input.name),
        slug=given(input.slug),
        unit=unit.value if unit not in (None, AttributeFields.unit) else unit,
        value_required=given(input.value_required),
        visible_in_storefront=given(input.visible_in_storefront),
        filterable_in_storefront=given(input.filterable_in_storefront),
        storefront_search_position=given(input.storefront_search_position),
    )


def _attribute(id: strawberry.ID | None, external_reference: str | None) -> models.Attribute:
    if (id is None) == (external_reference is None):
        raise CatalogError(
            AttributeErrorCode.GRAPHQL_ERROR, "Give exactly one of 'id' and 'externalReference'."
        )
    if id is None:  # Asal attributes carry no external reference
        raise CatalogError(
            AttributeErrorCode.NOT_FOUND,
            "No attribute has this external reference.",
            field="externalReference",
        )
    return row(models.Attribute, id, type_name="Attribute", field="id")


def _root(info: Info, attribute: models.Attribute) -> Attribute:
    register(info, models.Attribute, [attribute])
    return cast(Attribute, attribute)


_ExternalReference = Annotated[str | None, strawberry.argument(description="External ID of an attribute.")]


@strawberry.type
class AttributeMutations:
    @_attribute_mutation("Creates an attribute.")
    @returns_errors(AttributeCreate, AttributeError, CatalogError)
    def attribute_create(
        self,
        info: Info,
        input: Annotated[
            AttributeCreateInput, strawberry.argument(description="Fields required to create an attribute.")
        ],
    ) -> AttributeCreate | None:
        if input.type != AttributeTypeEnum.PRODUCT_TYPE:
            raise CatalogError(AttributeErrorCode.INVALID, "Asal has product attributes only.", field="type")
        input_type = (
            input.input_type.value if input.input_type is not None else models.Attribute.InputType.DROPDOWN
        )
        attribute = staff_attribute_create(
            actor=request_actor(info),
            input_type=str(input_type),
            fields=_fields(input),
            values=[NewValue(name=v.name, value=v.value or "") for v in input.values or ()],
        )
        return AttributeCreate(attribute=_root(info, attribute))

    @_attribute_mutation("Updates attribute.")
    @returns_errors(AttributeUpdate, AttributeError, CatalogError)
    def attribute_update(
        self,
        info: Info,
        input: Annotated[
            AttributeUpdateInput, strawberry.argument(description="Fields required to update an attribute.")
        ],
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of an attribute to update.")
        ] = None,
        external_reference: _ExternalReference = None,
    ) -> AttributeUpdate | None:
        attribute = staff_attribute_update(
            actor=request_actor(info),
            attribute=_attribute(id, external_reference),
            fields=_fields(input),
            add_values=[NewValue(name=v.name or "", value=v.value or "") for v in input.add_values or ()],
            remove_values=rows(
                models.AttributeValue, input.remove_values, type_name="AttributeValue", field="removeValues"
            ),
        )
        return AttributeUpdate(attribute=_root(info, attribute))

    @_attribute_mutation("Deletes an attribute.")
    @returns_errors(AttributeDelete, AttributeError, CatalogError)
    def attribute_delete(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of an attribute to delete.")
        ] = None,
        external_reference: _ExternalReference = None,
    ) -> AttributeDelete | None:
        attribute = staff_attribute_delete(
            actor=request_actor(info), attribute=_attribute(id, external_reference)
        )
        return AttributeDelete(attribute=_root(info, attribute))

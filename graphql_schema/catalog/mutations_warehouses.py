"""Saleor's ``createWarehouse``, ``updateWarehouse`` and ``deleteWarehouse`` (``MANAGE_PRODUCTS``), and
``channelUpdate`` for the warehouses a channel sells from (``MANAGE_CHANNELS``; the input accepts
only ``addWarehouses``/``removeWarehouses`` so far): thin, the rules are in
``storefront.inventory.staff_warehouses``."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import given
from graphql_schema.catalog.mutation_inputs import ChannelErrorCodeEnum, WarehouseErrorCodeEnum
from graphql_schema.catalog.mutations_products import catalogue_mutation
from graphql_schema.catalog.types.variant import Warehouse
from graphql_schema.channels.types import Channel
from graphql_schema.core.address import AddressInput, address_input_data
from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import decode_id
from storefront.accounts.permissions import PermissionCode
from storefront.channels.models import Channel as ChannelModel
from storefront.inventory import models
from storefront.inventory.error_codes import WarehouseError as WarehouseDomainError
from storefront.inventory.error_codes import WarehouseErrorCode
from storefront.inventory.staff_warehouses import (
    WarehouseFields,
    staff_channel_warehouses_update,
    staff_warehouse_create,
    staff_warehouse_delete,
    staff_warehouse_update,
)

_DEPRECATED_ERRORS = "Use `errors` field instead."
_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


@strawberry.type(description="Represents errors in channel mutations.")
class ChannelError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: ChannelErrorCodeEnum = strawberry.field(description="The error code.")
    shipping_zones: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of shipping zones IDs which causes the error."
    )
    warehouses: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of warehouses IDs which causes the error."
    )


@strawberry.input(description="Fields to update a channel (Asal: the warehouses it sells from).")
class ChannelUpdateInput:
    add_warehouses: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of warehouses to assign to the channel."
    )
    remove_warehouses: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of warehouses to unassign from the channel."
    )


@strawberry.type(description="Update a channel.")
class ChannelUpdate:
    errors: list[ChannelError] = strawberry.field(default_factory=list)
    channel: Channel | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def channel_errors(self) -> list[ChannelError]:
        return self.errors


def _warehouses(ids: list[strawberry.ID] | None, *, field: str) -> list[models.Warehouse]:
    if not ids:
        return []
    pks = list(dict.fromkeys(decode_id(id, expected="Warehouse") for id in ids))
    found = models.Warehouse.objects.in_bulk(pks)
    if len(found) != len(pks):
        raise WarehouseDomainError(WarehouseErrorCode.NOT_FOUND, "Some warehouses do not exist.", field=field)
    return [found[pk] for pk in pks]


@strawberry.type(description="Represents errors in warehouse mutations.")
class WarehouseError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: WarehouseErrorCodeEnum = strawberry.field(description="The error code.")
    shipping_zones: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of shipping zones IDs which causes the error."
    )


@strawberry.input(description="Fields required to create a warehouse.")
class WarehouseCreateInput:
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Warehouse slug.")
    email: str | None = strawberry.field(
        default=strawberry.UNSET, description="The email address of the warehouse."
    )
    name: str = strawberry.field(description="Warehouse name.")
    address: AddressInput = strawberry.field(description="Address of the warehouse.")


@strawberry.input(description="Fields required to update a warehouse.")
class WarehouseUpdateInput:
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Warehouse slug.")
    email: str | None = strawberry.field(
        default=strawberry.UNSET, description="The email address of the warehouse."
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Warehouse name.")
    address: AddressInput | None = strawberry.field(default=None, description="Address of the warehouse.")
    is_private: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Visibility of warehouse stocks."
    )


@strawberry.type
class _WarehousePayload:
    errors: list[WarehouseError] = strawberry.field(default_factory=list)
    warehouse: Warehouse | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def warehouse_errors(self) -> list[WarehouseError]:
        return self.errors


@strawberry.type(description="Creates a new warehouse.")
class WarehouseCreate(_WarehousePayload):
    pass


@strawberry.type(description="Updates given warehouse.")
class WarehouseUpdate(_WarehousePayload):
    pass


@strawberry.type(description="Deletes selected warehouse.")
class WarehouseDelete(_WarehousePayload):
    pass


def _address(value: AddressInput | None) -> object:
    if value is None:
        return WarehouseFields.address
    return {**address_input_data(value), "skip_validation": bool(value.skip_validation)}


def _warehouse(id: strawberry.ID | None, external_reference: str | None) -> models.Warehouse:
    if (id is None) == (external_reference is None):
        raise WarehouseDomainError(
            WarehouseErrorCode.GRAPHQL_ERROR, "Give exactly one of 'id' and 'externalReference'."
        )
    if id is None:  # Asal warehouses carry no external reference
        raise WarehouseDomainError(
            WarehouseErrorCode.NOT_FOUND,
            "No warehouse has this external reference.",
            field="externalReference",
        )
    found = models.Warehouse.objects.filter(pk=decode_id(id, expected="Warehouse")).first()
    if found is None:
        raise WarehouseDomainError(
            WarehouseErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {id}", field="id"
        )
    return found


@strawberry.type
class WarehouseMutations:
    @catalogue_mutation("Creates a new warehouse.")
    @returns_errors(WarehouseCreate, WarehouseError, WarehouseDomainError)
    def create_warehouse(
        self,
        info: Info,
        input: Annotated[
            WarehouseCreateInput, strawberry.argument(description="Fields required to create warehouse.")
        ],
    ) -> WarehouseCreate | None:
        fields = WarehouseFields(
            name=input.name, slug=given(input.slug), email=given(input.email), address=_address(input.address)
        )
        warehouse = staff_warehouse_create(actor=request_actor(info), fields=fields)
        return WarehouseCreate(warehouse=cast(Warehouse, warehouse))

    @catalogue_mutation("Updates given warehouse.")
    @returns_errors(WarehouseUpdate, WarehouseError, WarehouseDomainError)
    def update_warehouse(
        self,
        info: Info,
        input: Annotated[
            WarehouseUpdateInput, strawberry.argument(description="Fields required to update warehouse.")
        ],
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of a warehouse to update.")
        ] = None,
        external_reference: Annotated[
            str | None, strawberry.argument(description="External reference of a warehouse.")
        ] = None,
    ) -> WarehouseUpdate | None:
        fields = WarehouseFields(
            name=given(input.name),
            slug=given(input.slug),
            email=given(input.email),
            is_private=given(input.is_private),
            address=_address(input.address),
        )
        warehouse = staff_warehouse_update(
            actor=request_actor(info), warehouse=_warehouse(id, external_reference), fields=fields
        )
        return WarehouseUpdate(warehouse=cast(Warehouse, warehouse))

    @catalogue_mutation("Deletes selected warehouse.")
    @returns_errors(WarehouseDelete, WarehouseError, WarehouseDomainError)
    def delete_warehouse(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a warehouse to delete.")],
    ) -> WarehouseDelete | None:
        warehouse = staff_warehouse_delete(actor=request_actor(info), warehouse=_warehouse(id, None))
        return WarehouseDelete(warehouse=cast(Warehouse, warehouse))

    @strawberry.mutation(
        description="Update a channel.\n\nRequires one of the following permissions: MANAGE_CHANNELS.",
        extensions=[permission_required(PermissionCode.MANAGE_CHANNELS)],
    )
    @returns_errors(ChannelUpdate, ChannelError, WarehouseDomainError)
    def channel_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a channel to update.")],
        input: Annotated[
            ChannelUpdateInput, strawberry.argument(description="Fields required to update a channel.")
        ],
    ) -> ChannelUpdate | None:
        channel = ChannelModel.objects.filter(pk=decode_id(id, expected="Channel")).first()
        if channel is None:
            raise WarehouseDomainError(
                WarehouseErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {id}", field="id"
            )
        channel = staff_channel_warehouses_update(
            actor=request_actor(info),
            channel=channel,
            add=_warehouses(input.add_warehouses, field="addWarehouses"),
            remove=_warehouses(input.remove_warehouses, field="removeWarehouses"),
        )
        return ChannelUpdate(channel=cast(Channel, channel))

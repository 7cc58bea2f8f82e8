"""Writing the seller of record: Saleor's ``shopAddressUpdate`` and Asal's ``sellerOfRecordUpdate``.

Both need ``MANAGE_SETTINGS`` (apps included, as Saleor's ``shopAddressUpdate``), call
``storefront.orders.seller.seller_of_record_update`` with the request's actor (which writes the
audit log) and answer Saleor's ``errors: [ShopError!]!``.
"""

from __future__ import annotations

from typing import Annotated, Any, cast

import strawberry
from strawberry.types import Info

from graphql_schema.core.address import AddressInput, address_input_data
from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.seller_types import IncotermEnum, SellerOfRecord, ShopError
from graphql_schema.shop import Shop
from storefront.accounts.permissions import PermissionCode
from storefront.orders.seller import UNCHANGED, SellerOfRecordError, seller_of_record_update

_REQUIRES = "\n\nRequires one of the following permissions: MANAGE_SETTINGS."
_ADDRESS_UPDATE = (
    "Update the shop's address. If the `null` value is passed, the currently selected address "
    "will be deleted." + _REQUIRES
)


def _settings_only() -> Any:
    return permission_required(PermissionCode.MANAGE_SETTINGS)


@strawberry.type(description=_ADDRESS_UPDATE)
class ShopAddressUpdate:
    shop: Shop | None = strawberry.field(default=None, description="Updated shop.")
    errors: list[ShopError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason="Use `errors` field instead.")
    def shop_errors(self) -> list[ShopError]:
        return self.errors


@strawberry.input(
    description="Fields of the seller of record to change; omitted fields are kept. Added in Asal."
)
class SellerOfRecordInput:
    legal_name: str | None = strawberry.field(default=None, description="Legal name, printed on invoices.")
    address: AddressInput | None = strawberry.field(
        default=None, description="Registered address (omitted: kept; remove it with `shopAddressUpdate`)."
    )
    nib: str | None = strawberry.field(
        default=None, description="NIB, 13 digits (spaces and dots ignored; empty clears it)."
    )
    npwp: str | None = strawberry.field(
        default=None, description="NPWP, 15 or 16 digits (dots, dashes and spaces ignored; empty clears it)."
    )
    ioss_number: str | None = strawberry.field(
        default=None, description="EU IOSS number, IM followed by 10 digits (empty clears it)."
    )
    default_incoterm: IncotermEnum | None = strawberry.field(
        default=None, description="Incoterm of orders that do not name their own."
    )


@strawberry.type(description="Update the seller of record. Added in Asal." + _REQUIRES)
class SellerOfRecordUpdate:
    seller_of_record: SellerOfRecord | None = strawberry.field(default=None, description="Updated seller.")
    shop: Shop | None = strawberry.field(default=None, description="Updated shop.")
    errors: list[ShopError] = strawberry.field(default_factory=list)


@strawberry.type
class SellerOfRecordMutations:
    @strawberry.mutation(
        description=_ADDRESS_UPDATE,
        extensions=[_settings_only()],
    )
    @returns_errors(ShopAddressUpdate, ShopError, SellerOfRecordError)
    def shop_address_update(
        self,
        info: Info,
        input: Annotated[
            AddressInput | None, strawberry.argument(description="Fields required to update shop address.")
        ] = None,
    ) -> ShopAddressUpdate | None:
        seller_of_record_update(
            actor=request_actor(info),
            address=None if input is None else address_input_data(input),
            skip_address_validation=bool(input and input.skip_validation),
        )
        return ShopAddressUpdate(shop=Shop())

    @strawberry.mutation(
        description="Update the seller of record. Added in Asal." + _REQUIRES, extensions=[_settings_only()]
    )
    @returns_errors(SellerOfRecordUpdate, ShopError, SellerOfRecordError)
    def seller_of_record_update(
        self,
        info: Info,
        input: Annotated[SellerOfRecordInput, strawberry.argument(description="Fields to change.")],
    ) -> SellerOfRecordUpdate | None:
        seller = seller_of_record_update(
            actor=request_actor(info),
            legal_name=input.legal_name,
            nib=input.nib,
            npwp=input.npwp,
            ioss_number=input.ioss_number,
            default_incoterm=None if input.default_incoterm is None else input.default_incoterm.value,
            address=UNCHANGED if input.address is None else address_input_data(input.address),
            skip_address_validation=bool(input.address and input.address.skip_validation),
        )
        return SellerOfRecordUpdate(seller_of_record=cast(SellerOfRecord, seller), shop=Shop())

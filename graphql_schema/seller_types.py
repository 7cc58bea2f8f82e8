"""The seller of record as the API shows it (``shop { sellerOfRecord }``), and Saleor's ``ShopError``.

Legal name, address and default incoterm are public: they are printed on every invoice. The
registrations (NIB, NPWP, IOSS number) need ``MANAGE_SETTINGS``.
"""

from __future__ import annotations

from typing import Any, cast

import strawberry

from graphql_schema.core.address import Address
from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.permissions import permission_required
from storefront.accounts.permissions import PermissionCode
from storefront.orders.incoterms import Incoterm
from storefront.orders.models import SellerOfRecord as SellerOfRecordModel
from storefront.orders.seller import ShopErrorCode

ShopErrorCodeEnum = graphql_enum(ShopErrorCode, name="ShopErrorCode")
IncotermEnum = graphql_enum(
    Incoterm,
    name="IncotermEnum",
    description="Incoterms 2020 rule: where risk and costs pass from the seller to the buyer.",
)

_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


@strawberry.type(description="Represents errors in shop mutations.")
class ShopError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: Any = strawberry.field(graphql_type=ShopErrorCodeEnum, description="The error code.")


def _settings_only() -> Any:
    return permission_required(PermissionCode.MANAGE_SETTINGS)


@strawberry.type(
    description=(
        "The seller of record: the legal entity that sells, invoices and exports. "
        "Added in Asal: one deployment is one seller."
    )
)
class SellerOfRecord:
    @strawberry.field(description="Legal name, as printed on invoices.")
    def legal_name(self, root: SellerOfRecordModel) -> str:
        return root.legal_name

    @strawberry.field(description="Registered address, as printed on invoices.")
    def address(self, root: SellerOfRecordModel) -> Address | None:
        return cast(Address | None, root.address)

    @strawberry.field(graphql_type=IncotermEnum, description="Incoterm of orders that do not name their own.")
    def default_incoterm(self, root: SellerOfRecordModel) -> Any:
        return IncotermEnum(root.default_incoterm)

    @strawberry.field(
        description=(
            "NIB (Nomor Induk Berusaha), 13 digits. \n\nRequires one of the following permissions: "
            "MANAGE_SETTINGS."
        ),
        extensions=[_settings_only()],
    )
    def nib(self, root: SellerOfRecordModel) -> str | None:
        return root.nib or None

    @strawberry.field(
        description=(
            "NPWP (tax identification number), 15 or 16 digits without formatting. \n\nRequires one "
            "of the following permissions: MANAGE_SETTINGS."
        ),
        extensions=[_settings_only()],
    )
    def npwp(self, root: SellerOfRecordModel) -> str | None:
        return root.npwp or None

    @strawberry.field(
        description=(
            "EU Import One-Stop Shop identification number (IM + 10 digits). \n\nRequires one of "
            "the following permissions: MANAGE_SETTINGS."
        ),
        extensions=[_settings_only()],
    )
    def ioss_number(self, root: SellerOfRecordModel) -> str | None:
        return root.ioss_number or None

"""Saleor's address-book mutations for the logged-in buyer: create, update, delete, set default.

A buyer only ever reaches their own addresses: another user's address ID answers ``NOT_FOUND``
(``storefront.accounts.address_book``). ``customerId`` is Saleor's argument for apps that
impersonate a customer; apps cannot call these mutations in Asal, so it is refused when given.
"""

from __future__ import annotations

from typing import Annotated, cast

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.accounts.types import AccountError, User, user_root
from graphql_schema.core.address import Address, AddressInput, AddressTypeEnum, address_input_data
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import AuthorizationFilter, permission_required
from graphql_schema.core.relay import decode_id
from storefront.accounts import address_book
from storefront.accounts.error_codes import AccountError as AccountDomainError
from storefront.accounts.error_codes import AccountErrorCode
from storefront.accounts.models import Address as AddressModel

_DEPRECATED_ERRORS = "Use `errors` field instead."
_CUSTOMER_ID = (
    "ID of customer the application is impersonating. The field can be used and is required by apps only. "
    "Requires IMPERSONATE_USER and AUTHENTICATED_APP permission."
)


def address_pk(global_id: str, *, field: str = "id") -> int:
    """The pk of an ``Address`` global ID, or Saleor's ``GRAPHQL_ERROR`` in the payload."""
    try:
        return decode_id(global_id, expected="Address")
    except (GraphQLError, ValueError) as exc:
        raise AccountDomainError(AccountErrorCode.GRAPHQL_ERROR, str(exc), field=field) from None


def _no_impersonation(customer_id: strawberry.ID | None) -> None:
    if customer_id is not None:
        raise AccountDomainError(
            AccountErrorCode.OUT_OF_SCOPE_USER, "Only apps may act for a customer.", field="customerId"
        )


def _address(address: AddressModel | None) -> Address | None:
    return cast(Address | None, address)  # the model is the root value of the GraphQL type


@strawberry.type
class _AccountPayload:
    errors: list[AccountError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def account_errors(self) -> list[AccountError]:
        return self.errors


@strawberry.type(description="Create a new address for the customer.")
class AccountAddressCreate(_AccountPayload):
    user: User | None = strawberry.field(
        default=None, description="A user instance for which the address was created."
    )
    address: Address | None = None


@strawberry.type(description="Updates an address of the logged-in user.")
class AccountAddressUpdate(_AccountPayload):
    user: User | None = strawberry.field(
        default=None, description="A user object for which the address was edited."
    )
    address: Address | None = None


@strawberry.type(description="Delete an address of the logged-in user.")
class AccountAddressDelete(_AccountPayload):
    user: User | None = strawberry.field(
        default=None, description="A user instance for which the address was deleted."
    )
    address: Address | None = None


@strawberry.type(description="Sets a default address for the authenticated user.")
class AccountSetDefaultAddress(_AccountPayload):
    user: User | None = strawberry.field(default=None, description="An updated user instance.")


@strawberry.type
class AddressBookMutations:
    @strawberry.mutation(
        description=(
            "Create a new address for the customer. \n\nRequires one of the following permissions: "
            "AUTHENTICATED_USER."
        ),
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(AccountAddressCreate, AccountError, AccountDomainError)
    def account_address_create(
        self,
        info: Info,
        input: Annotated[AddressInput, strawberry.argument(description="Fields required to create address.")],
        customer_id: Annotated[strawberry.ID | None, strawberry.argument(description=_CUSTOMER_ID)] = None,
        type: Annotated[
            AddressTypeEnum | None,
            strawberry.argument(
                description=(
                    "A type of address. If provided, the new address will be automatically assigned as the "
                    "customer's default address of that type."
                )
            ),
        ] = None,
    ) -> AccountAddressCreate | None:
        _no_impersonation(customer_id)
        user = info.context.user
        address = address_book.address_create(
            user=user,
            data=address_input_data(input),
            address_type=address_book.AddressType(type.value) if type is not None else None,
        )
        return AccountAddressCreate(user=user_root(user), address=_address(address))

    @strawberry.mutation(
        description=(
            "Updates an address of the logged-in user. Requires one of the following permissions: "
            "MANAGE_USERS, IS_OWNER."
        ),
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(AccountAddressUpdate, AccountError, AccountDomainError)
    def account_address_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the address to update.")],
        input: Annotated[
            AddressInput, strawberry.argument(description="Fields required to update the address.")
        ],
    ) -> AccountAddressUpdate | None:
        user = info.context.user
        address = address_book.address_update(user=user, pk=address_pk(id), data=address_input_data(input))
        return AccountAddressUpdate(user=user_root(user), address=_address(address))

    @strawberry.mutation(
        description=(
            "Deletes an address of the logged-in user. Requires one of the following permissions: "
            "MANAGE_USERS, IS_OWNER."
        ),
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(AccountAddressDelete, AccountError, AccountDomainError)
    def account_address_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the address to delete.")],
    ) -> AccountAddressDelete | None:
        user = info.context.user
        address = address_book.address_delete(user=user, pk=address_pk(id))
        return AccountAddressDelete(user=user_root(user), address=_address(address))

    @strawberry.mutation(
        description=(
            "Sets a default address for the authenticated user. \n\nRequires one of the following "
            "permissions: AUTHENTICATED_USER."
        ),
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(AccountSetDefaultAddress, AccountError, AccountDomainError)
    def account_set_default_address(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the address to set as default.")],
        type: Annotated[AddressTypeEnum, strawberry.argument(description="The type of address.")],
    ) -> AccountSetDefaultAddress | None:
        user = address_book.address_set_default(
            user=info.context.user, pk=address_pk(id), address_type=address_book.AddressType(type.value)
        )
        return AccountSetDefaultAddress(user=user_root(user))

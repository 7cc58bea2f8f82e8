"""Saleor's identity types: ``User``, ``UserPermission``, ``PermissionEnum``, ``AccountError``.

Only the parts of Saleor's ``User`` that Asal implements for real are declared: the address book
and the default addresses here; orders and checkouts come with their domains.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
import strawberry_django

from graphql_schema.accounts import loaders, staff_loaders
from graphql_schema.catalog.types.common import Image, ThumbnailFormatEnum
from graphql_schema.checkout.types import Checkout
from graphql_schema.checkout.user_fields import user_checkout_ids, user_checkout_tokens, user_checkouts
from graphql_schema.core.address import Address, AddressTypeEnum
from graphql_schema.core.connections import CountableConnection
from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.languages import LanguageCodeEnum, language_enum_from_code
from graphql_schema.core.metadata import MetadataOwner, ObjectWithMetadata, register_metadata_owner
from graphql_schema.core.relay import Node, model_type_check, to_global_id
from graphql_schema.orders.filters import CustomerOrderWhereInput
from graphql_schema.orders.queries import orders_for_user
from graphql_schema.orders.types import Order
from storefront.accounts import models, selectors
from storefront.accounts.error_codes import AccountErrorCode
from storefront.accounts.permissions import PermissionCode

if TYPE_CHECKING:
    from graphql_schema.accounts.staff_types import Group

AccountErrorCodeEnum = graphql_enum(AccountErrorCode, name="AccountErrorCode")
PermissionEnum = graphql_enum(PermissionCode, name="PermissionEnum")
_AVATAR_SIZE = (
    "Desired longest side the image in pixels. Defaults to 4096. Images are never cropped. Pass 0 to "
    "retrieve the original size (not recommended)."
)
_AVATAR_FORMAT = "The format of the image. When not provided, format of the original image will be used."


@strawberry.type(description="Represents errors in account mutations.")
class AccountError:
    field: str | None = strawberry.field(
        default=None,
        description=(
            "Name of a field that caused the error. A value of `null` indicates that the error isn't "
            "associated with a particular field."
        ),
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: AccountErrorCodeEnum = strawberry.field(description="The error code.")  # type: ignore[valid-type]
    address_type: AddressTypeEnum | None = strawberry.field(
        default=None, description="A type of address that causes the error."
    )


@strawberry.type(description="Represents user's permissions.")
class UserPermission:
    code: PermissionEnum = strawberry.field(description="Internal code for permission.")  # type: ignore[valid-type]
    name: str = strawberry.field(description="Describe action(s) allowed to do by permission.")


@strawberry_django.type(models.User, name="User", description="Represents user data.")
class User(Node, ObjectWithMetadata):
    """Declared from ``accounts.User``; resolvers may return model instances directly."""

    is_type_of = model_type_check(models.User)

    email: str = strawberry_django.field(description="The email address of the user.")
    first_name: str = strawberry_django.field(description="The given name of the address.")
    last_name: str = strawberry_django.field(description="The family name of the address.")
    is_staff: bool = strawberry_django.field(description="Determine if the user is a staff admin.")
    is_active: bool = strawberry_django.field(description="Determine if the user is active.")
    last_login: datetime | None = strawberry_django.field(
        description="The date when the user last time log in to the system."
    )
    date_joined: datetime = strawberry_django.field(description="The data when the user create account.")
    updated_at: datetime = strawberry_django.field(
        description="The data when the user last update the account information."
    )

    is_confirmed: bool = strawberry_django.field(description="Determines if user has confirmed email.")

    id: strawberry.ID = strawberry_django.field(
        # An account not stored (what ``accountRegister`` answers, as Saleor does) has an empty ID.
        resolver=lambda root: strawberry.ID("" if root.pk is None else to_global_id("User", root.pk)),
        description="The ID of the user.",
        only=["id"],
    )

    @strawberry_django.field(description="User language code.", only=["language_code"])
    def language_code(self, root: models.User) -> LanguageCodeEnum:
        # Stored codes come from settings.LANGUAGES; "en" is the shop's default.
        return language_enum_from_code(root.language_code) or language_enum_from_code("en")

    @strawberry_django.field(description="The avatar of the user.", only=["id"])
    def avatar(
        self,
        root: models.User,
        size: Annotated[int | None, strawberry.argument(description=_AVATAR_SIZE)] = None,
        format: Annotated[
            ThumbnailFormatEnum | None, strawberry.argument(description=_AVATAR_FORMAT)
        ] = ThumbnailFormatEnum.ORIGINAL,
    ) -> Image | None:
        # Saleor's storefront asks for it; Asal keeps no avatars, so there is none to give.
        return None

    @strawberry_django.field(description="List of user's permissions.")
    def user_permissions(self, root: models.User) -> list[UserPermission] | None:
        return [
            UserPermission(code=PermissionEnum(permission.codename.upper()), name=permission.name)
            for permission in selectors.user_permission_list(user=root)
        ]

    @strawberry_django.field(description="List of user's permission groups.", only=["id"])
    def permission_groups(
        self, info: strawberry.Info, root: models.User
    ) -> list[Annotated[Group, strawberry.lazy("graphql_schema.accounts.staff_types")]] | None:
        if root.pk is None:
            return []
        return cast(list["Group"], staff_loaders.USER_GROUPS.load(info, root.pk))

    @strawberry_django.field(
        description="List of user's permission groups which user can manage.",
        only=["id", "is_active", "is_staff", "is_superuser"],
    )
    def editable_groups(
        self, info: strawberry.Info, root: models.User
    ) -> list[Annotated[Group, strawberry.lazy("graphql_schema.accounts.staff_types")]] | None:
        # Saleor's rule: the groups whose permissions the user holds all of (every one for a superuser).
        if root.pk is None or not (root.is_active and root.is_staff):
            return []
        held = staff_loaders.USER_CODES.load(info, root.pk)
        editable = [
            group
            for group in staff_loaders.every_group(info)
            if staff_loaders.group_codes(info, group) <= held
        ]
        return cast(list["Group"], editable)

    @strawberry_django.field(description="List of all user's addresses.")
    def addresses(self, info: strawberry.Info, root: models.User) -> list[Address]:
        if root.pk is None:
            return []
        return cast(list[Address], loaders.ADDRESS_BOOKS.load(info, root.pk))

    @strawberry_django.field(description="Default shipping address of the user.")
    def default_shipping_address(self, info: strawberry.Info, root: models.User) -> Address | None:
        return _default_address(info, root, root.default_shipping_address_id)

    @strawberry_django.field(description="Default billing address of the user.")
    def default_billing_address(self, info: strawberry.Info, root: models.User) -> Address | None:
        return _default_address(info, root, root.default_billing_address_id)

    @strawberry_django.field(
        description=("List of user's orders. Requires one of the following permissions: MANAGE_STAFF, OWNER.")
    )
    def orders(
        self,
        info: strawberry.Info,
        root: models.User,
        where: CustomerOrderWhereInput | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Order] | None:
        return orders_for_user(info, root, where=where, first=first, last=last, after=after, before=before)

    @strawberry_django.field(description="Returns checkouts assigned to this user (the owner's own).")
    def checkouts(
        self,
        info: strawberry.Info,
        root: models.User,
        channel: str | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Checkout] | None:
        return user_checkouts(info, root, channel=channel, first=first, last=last, after=after, before=before)

    @strawberry_django.field(description="Returns the checkout ID's assigned to this user.")
    def checkout_ids(
        self, info: strawberry.Info, root: models.User, channel: str | None = None
    ) -> list[strawberry.ID] | None:
        return user_checkout_ids(info, root, channel)

    @strawberry_django.field(
        description="Returns the checkout UUIDs assigned to this user. Deprecated: use `checkoutIds` instead."
    )
    def checkout_tokens(
        self, info: strawberry.Info, root: models.User, channel: str | None = None
    ) -> list[uuid.UUID] | None:
        return user_checkout_tokens(info, root, channel)


def _default_address(info: strawberry.Info, user: models.User, address_id: int | None) -> Address | None:
    if address_id is None:
        return None
    address = loaders.DEFAULT_ADDRESSES.load(info, address_id)
    if address is not None and address.user_id == user.pk:
        address.user = user
    return cast(Address | None, address)


def user_root(user: models.User | None) -> User | None:
    """A user model as the root value of a ``User`` field (strawberry resolves it as the type)."""
    return cast(User | None, user)


def _user_manager(user: models.User) -> tuple[PermissionCode, ...]:
    return (PermissionCode.MANAGE_STAFF,) if user.is_staff else (PermissionCode.MANAGE_USERS,)


# Saleor's rules: a user writes their own public metadata; staff accounts' metadata needs
# MANAGE_STAFF, customers' MANAGE_USERS; private metadata is never the user's own to read or write.
register_metadata_owner(
    MetadataOwner(
        type_name="User",
        model=models.User,
        public_write=lambda info, user: (
            () if info.context.app is None and info.context.user.pk == user.pk else _user_manager(user)
        ),
        private=lambda info, user: _user_manager(user),
    )
)

"""Saleor's metadata in the API: ``ObjectWithMetadata`` and who may read and write which object's.

Types that carry metadata implement the interface by inheriting it (``class Checkout(Node,
ObjectWithMetadata)``); its fields read the root model's ``metadata`` / ``private_metadata`` JSON
(an object whose model has none shows empty metadata). ``metadata_mutations.py`` writes them
through ``storefront.core.metadata``.

The four mutations take any object's global ID (or a checkout's or order's bare token), so they
find the object through a registry in which each API module registers what its type allows:

    register_metadata_owner(MetadataOwner(
        type_name="Checkout", model=models.Checkout, key_field="token", by_token=True,
        public_write=checkout_public_write, private=staff(PermissionCode.MANAGE_CHECKOUTS)))

A *rule* answers, for a caller and an object, the permissions the caller would need, Saleor's way:
``()`` lets anyone who reached the object through, otherwise the caller needs one of them (staff or
an app; Saleor's ``PermissionDenied`` else). ``private`` governs reading and writing private
metadata, ``public_write`` writing public metadata (reading it needs only reaching the object).
Types Asal shows with Saleor's interface but whose models carry no metadata yet (the catalogue's)
are not registered: their metadata is empty and cannot be written, and their private metadata
reads with the permissions ``UNSTORED_PRIVATE_READ`` names, as Saleor's would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from strawberry.types import Info

from graphql_schema.core.channel_context import ChannelContext
from graphql_schema.core.permissions import Requirement, check_permission
from graphql_schema.core.scalars import Metadata
from storefront.accounts.permissions import PermissionCode
from storefront.core.metadata import metadata_of

Rule = Callable[[Info, Any], Sequence[Requirement]]


@strawberry.type(description="Represents a metadata item.")
class MetadataItem:
    key: str = strawberry.field(description="Key of a metadata item.")
    value: str = strawberry.field(description="Value of a metadata item.")


@strawberry.input(description="Represents a metadata item to set.")
class MetadataInput:
    key: str = strawberry.field(description="Key of a metadata item.")
    value: str = strawberry.field(description="Value of a metadata item.")


@strawberry.input
class MetadataFilter:
    key: str = strawberry.field(description="Key of a metadata item.")
    value: str | None = strawberry.field(default=None, description="Value of a metadata item.")


def metadata_filter_q(filters: Sequence[MetadataFilter] | None, *, field: str = "metadata") -> Q:
    """A condition on a JSON metadata column: each filter's key present (with its value, if given)."""
    condition = Q()
    for item in filters or ():
        if item.value is None:
            condition &= Q(**{f"{field}__has_key": item.key})
        else:
            condition &= Q(**{f"{field}__contains": {item.key: item.value}})
    return condition


# --- who may do what -------------------------------------------------------------------------------


def anyone(_info: Info, _instance: Any) -> Sequence[Requirement]:
    """Whoever reached the object (held its token, owns it) may."""
    return ()


def staff(*codes: Requirement) -> Rule:
    """Staff or an app holding one of ``codes``."""

    def rule(_info: Info, _instance: Any) -> Sequence[Requirement]:
        return codes

    return rule


def owner_or(owner_of: Callable[[Any], Any], *codes: Requirement) -> Rule:
    """The user ``owner_of(instance)`` names (by pk); anyone else needs one of ``codes``."""

    def rule(info: Info, instance: Any) -> Sequence[Requirement]:
        user = info.context.user
        owner_pk = owner_of(instance)
        caller_pk = user.pk if getattr(user, "is_authenticated", False) and info.context.app is None else None
        return () if owner_pk is not None and owner_pk == caller_pk else codes

    return rule


def _same(value: Any) -> Any:
    return value


def _visible_to_all(_info: Info, _instance: Any) -> bool:
    return True


@dataclass(frozen=True)
class MetadataOwner:
    """A GraphQL type whose objects' metadata the mutations may change, and its rules."""

    type_name: str  # the GraphQL type, and the type named in its objects' global IDs
    model: type[models.Model]
    public_write: Rule
    private: Rule  # reading and writing private metadata
    key_field: str = "pk"  # the model field the global ID's key is
    by_token: bool = False  # a bare UUID token names an object too (Saleor: checkouts and orders)
    # Whether the caller may know the object exists (else NOT_FOUND, as the type's own lookups say).
    visible: Callable[[Info, Any], bool] = _visible_to_all
    # The model instance of one of the type's root values, and the root value of an instance.
    instance_of: Callable[[Any], Any] = _same
    root_of: Callable[[Info, Any], Any] = lambda _info, instance: instance

    def find(self, key: str) -> models.Model | None:
        name = self.model._meta.pk.name if self.key_field == "pk" else self.key_field
        field = self.model._meta.get_field(name)
        if not isinstance(field, models.Field):
            return None
        try:
            value = field.to_python(key)
        except (ValidationError, ValueError, TypeError):
            return None
        if isinstance(value, int) and not 0 < value < 2**63:
            return None
        return self.model._default_manager.filter(**{self.key_field: value}).first()


_OWNERS: dict[str, MetadataOwner] = {}

# Types shown with Saleor's interface whose models carry no metadata yet: who may read (the empty)
# private metadata, as Saleor asks.
UNSTORED_PRIVATE_READ: dict[str, tuple[Requirement, ...]] = {
    "Product": (PermissionCode.MANAGE_PRODUCTS,),
    "ProductVariant": (PermissionCode.MANAGE_PRODUCTS,),
    "ProductMedia": (PermissionCode.MANAGE_PRODUCTS,),
    "Category": (PermissionCode.MANAGE_PRODUCTS,),
    "Collection": (PermissionCode.MANAGE_PRODUCTS,),
    "Warehouse": (PermissionCode.MANAGE_PRODUCTS,),
    "ProductType": (PermissionCode.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,),
    "Attribute": (PermissionCode.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,),
    "Channel": (PermissionCode.MANAGE_CHANNELS,),
    "Shop": (PermissionCode.MANAGE_SETTINGS,),
    "ShippingMethod": (PermissionCode.MANAGE_SHIPPING,),
    "Fulfillment": (PermissionCode.MANAGE_ORDERS,),
    "GiftCard": (PermissionCode.MANAGE_GIFT_CARD,),
    "Voucher": (PermissionCode.MANAGE_DISCOUNTS,),
    "TransactionItem": (PermissionCode.HANDLE_PAYMENTS,),
    # Pages and menus (issue 12), as Saleor guards them.
    "Page": (PermissionCode.MANAGE_PAGES,),
    "PageType": (PermissionCode.MANAGE_PAGES, PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES),
    "Menu": (PermissionCode.MANAGE_MENUS,),
    "MenuItem": (PermissionCode.MANAGE_MENUS,),
}


def register_metadata_owner(owner: MetadataOwner) -> MetadataOwner:
    """Called once per type, at import of the API module that declares the type."""
    registered = _OWNERS.get(owner.type_name)
    if registered is not None and registered != owner:
        raise ValueError(f"{owner.type_name} is already registered for metadata.")
    _OWNERS[owner.type_name] = owner
    return owner


def metadata_owner(type_name: str) -> MetadataOwner | None:
    return _OWNERS.get(type_name)


def metadata_owners() -> list[MetadataOwner]:
    return sorted(_OWNERS.values(), key=lambda owner: owner.type_name)


def check_metadata_access(info: Info, rule: Rule, instance: Any) -> None:
    """Raise Saleor's ``PermissionDenied`` unless ``rule`` lets the caller at ``instance``."""
    needed = tuple(rule(info, instance))
    if needed:
        check_permission(info, *needed)


# --- the interface ---------------------------------------------------------------------------------


def _node(info: Info, root: Any) -> Any:
    """The model instance behind a root value (a ``ChannelContext``'s node, a type's own wrapper)."""
    if type(root) is ChannelContext:
        return root.node
    owner = _OWNERS.get(info._raw_info.parent_type.name)
    return owner.instance_of(root) if owner is not None else root


def _items(values: dict[str, str], keys: list[str] | None = None) -> dict[str, str]:
    return values if keys is None else {key: value for key, value in values.items() if key in keys}


def _private(info: Info, root: Any) -> dict[str, str]:
    node = _node(info, root)
    type_name = info._raw_info.parent_type.name
    owner = _OWNERS.get(type_name)
    if owner is not None:
        check_metadata_access(info, owner.private, node)
    else:
        check_permission(info, *UNSTORED_PRIVATE_READ.get(type_name, (PermissionCode.MANAGE_SETTINGS,)))
    return metadata_of(node, private=True)


@strawberry.interface(description="An object with public and private metadata.")
class ObjectWithMetadata:
    @strawberry.field(description="List of private metadata items. Requires staff permissions to access.")
    def private_metadata(self, info: Info, root: strawberry.Parent[Any]) -> list[MetadataItem]:
        return [MetadataItem(key=k, value=v) for k, v in _private(info, root).items()]

    @strawberry.field(
        description=(
            "A single key from private metadata. Requires staff permissions to access.\n\n"
            "Tip: Use GraphQL aliases to fetch multiple keys."
        )
    )
    def private_metafield(self, info: Info, root: strawberry.Parent[Any], key: str) -> str | None:
        return _private(info, root).get(key)

    @strawberry.field(
        description=(
            "Private metadata. Requires staff permissions to access. Use `keys` to control which fields "
            "you want to include. The default is to include everything."
        )
    )
    def private_metafields(
        self, info: Info, root: strawberry.Parent[Any], keys: list[str] | None = None
    ) -> Metadata | None:
        return Metadata(_items(_private(info, root), keys))

    @strawberry.field(description="List of public metadata items. Can be accessed without permissions.")
    def metadata(self, info: Info, root: strawberry.Parent[Any]) -> list[MetadataItem]:
        return [MetadataItem(key=k, value=v) for k, v in metadata_of(_node(info, root)).items()]

    @strawberry.field(
        description="A single key from public metadata.\n\nTip: Use GraphQL aliases to fetch multiple keys."
    )
    def metafield(self, info: Info, root: strawberry.Parent[Any], key: str) -> str | None:
        return metadata_of(_node(info, root)).get(key)

    @strawberry.field(
        description=(
            "Public metadata. Use `keys` to control which fields you want to include. The default is to "
            "include everything."
        )
    )
    def metafields(
        self, info: Info, root: strawberry.Parent[Any], keys: list[str] | None = None
    ) -> Metadata | None:
        return Metadata(_items(metadata_of(_node(info, root)), keys))

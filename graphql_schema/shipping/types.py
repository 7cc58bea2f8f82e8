"""Saleor's ``ShippingMethod`` (and its translation) as a checkout offers it: one priced quote.

Root values are ``ShippingMethodRoot``s, made from the domain's ``ShippingQuote``s by
``shipping_method_roots(quotes)``; the checkout returns them from ``Checkout.shippingMethods``,
``availableShippingMethods`` and ``deliveryMethod``. Every field reads the quote (already loaded,
no query) except ``translation``, which reads the cached translation table (at most one query
per request, whatever the number of methods).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.types.common import Weight, weight_kg
from graphql_schema.core.languages import LanguageCodeEnum, LanguageDisplay, language_code_from_enum
from graphql_schema.core.metadata import MetadataItem, ObjectWithMetadata
from graphql_schema.core.money import Money
from graphql_schema.core.permissions import check_permission
from graphql_schema.core.relay import Node, model_type_check, node_id, to_global_id
from graphql_schema.core.scalars import JSONString, Metadata
from storefront.accounts.permissions import PermissionCode
from storefront.core.metadata import metadata_of
from storefront.shipping import models
from storefront.shipping.quotes import ShippingQuote, shipping_method_translation

_DEPRECATED = "No longer supported"


@strawberry.enum(name="ShippingMethodTypeEnum", description="An enumeration.")
class ShippingMethodTypeEnum(Enum):
    PRICE = "PRICE"
    WEIGHT = "WEIGHT"


@dataclass(frozen=True, slots=True)
class ShippingMethodRoot:
    """A quote as the API shows it; ``active``/``message`` say why a method cannot be chosen now."""

    quote: ShippingQuote
    active: bool = True
    message: str | None = None


def shipping_method_roots(quotes: Iterable[ShippingQuote]) -> list[ShippingMethodRoot]:
    return [ShippingMethodRoot(quote) for quote in quotes]


def _shipping_method_id(root: strawberry.Parent[ShippingMethodRoot]) -> strawberry.ID:
    return strawberry.ID(to_global_id("ShippingMethod", root.quote.method.pk))


@strawberry.type(name="ShippingMethodTranslation", description="Represents shipping method translations.")
class ShippingMethodTranslation(Node):
    is_type_of = model_type_check(models.ShippingMethodTranslation)

    id: strawberry.ID = node_id("ShippingMethodTranslation")

    @strawberry.field(description="Translation language.")
    def language(self, root: strawberry.Parent[models.ShippingMethodTranslation]) -> LanguageDisplay:
        return LanguageDisplay.from_code(root.language_code)

    @strawberry.field(description="Translated shipping method name.")
    def name(self, root: strawberry.Parent[models.ShippingMethodTranslation]) -> str | None:
        return root.name or None

    @strawberry.field(description="Translated description of the shipping method.\n\nRich text format.")
    def description(self, root: strawberry.Parent[models.ShippingMethodTranslation]) -> JSONString | None:
        return JSONString(root.description)


@strawberry.type(
    name="ShippingMethod",
    description="Shipping methods that can be used as means of shipping for orders and checkouts.",
)
class ShippingMethod(Node, ObjectWithMetadata):
    """Metadata is the method's own (Saleor's); private metadata needs ``MANAGE_SHIPPING``. The
    interface's resolvers read a model root, so the six fields are answered here from the quote's
    method."""

    @classmethod
    def is_type_of(cls, obj: object, _info: object) -> bool:
        return isinstance(obj, ShippingMethodRoot | cls)

    id: strawberry.ID = strawberry.field(
        resolver=_shipping_method_id, description="Unique ID of ShippingMethod available for Order."
    )

    @strawberry.field(description="Type of the shipping method.", deprecation_reason=_DEPRECATED)
    def type(self, root: strawberry.Parent[ShippingMethodRoot]) -> ShippingMethodTypeEnum | None:
        return ShippingMethodTypeEnum(root.quote.method.type)

    @strawberry.field(description="Shipping method name.")
    def name(self, root: strawberry.Parent[ShippingMethodRoot]) -> str:
        return root.quote.method.name

    @strawberry.field(description="Shipping method description.\n\nRich text format.")
    def description(self, root: strawberry.Parent[ShippingMethodRoot]) -> JSONString | None:
        return JSONString(root.quote.method.description)

    @strawberry.field(description="Maximum delivery days for this shipping method.")
    def maximum_delivery_days(self, root: strawberry.Parent[ShippingMethodRoot]) -> int | None:
        return root.quote.maximum_delivery_days

    @strawberry.field(description="Minimum delivery days for this shipping method.")
    def minimum_delivery_days(self, root: strawberry.Parent[ShippingMethodRoot]) -> int | None:
        return root.quote.minimum_delivery_days

    @strawberry.field(
        description="Maximum order weight for this shipping method.", deprecation_reason=_DEPRECATED
    )
    def maximum_order_weight(self, root: strawberry.Parent[ShippingMethodRoot]) -> Weight | None:
        return weight_kg(root.quote.method.maximum_weight_kg)

    @strawberry.field(
        description="Minimum order weight for this shipping method.", deprecation_reason=_DEPRECATED
    )
    def minimum_order_weight(self, root: strawberry.Parent[ShippingMethodRoot]) -> Weight | None:
        return weight_kg(root.quote.method.minimum_weight_kg)

    @strawberry.field(description="Returns translated shipping method fields for the given language code.")
    def translation(
        self,
        root: strawberry.Parent[ShippingMethodRoot],
        language_code: LanguageCodeEnum,
    ) -> ShippingMethodTranslation | None:
        found = shipping_method_translation(root.quote.method, language_code_from_enum(language_code))
        return found  # type: ignore[return-value]

    @strawberry.field(description="The price of selected shipping method.")
    def price(self, root: strawberry.Parent[ShippingMethodRoot]) -> Money:
        return Money.from_domain(root.quote.price)

    @strawberry.field(
        description="Maximum order price for this shipping method.", deprecation_reason=_DEPRECATED
    )
    def maximum_order_price(self, root: strawberry.Parent[ShippingMethodRoot]) -> Money | None:
        value = root.quote.maximum_order_price
        return None if value is None else Money.from_domain(value)

    @strawberry.field(
        description="Minimal order price for this shipping method.", deprecation_reason=_DEPRECATED
    )
    def minimum_order_price(self, root: strawberry.Parent[ShippingMethodRoot]) -> Money | None:
        value = root.quote.minimum_order_price
        return None if value is None else Money.from_domain(value)

    @strawberry.field(description="List of private metadata items. Requires staff permissions to access.")
    def private_metadata(self, info: Info, root: strawberry.Parent[ShippingMethodRoot]) -> list[MetadataItem]:
        return _items(_private(info, root))

    @strawberry.field(description="A single key from private metadata. Requires staff permissions to access.")
    def private_metafield(
        self, info: Info, root: strawberry.Parent[ShippingMethodRoot], key: str
    ) -> str | None:
        return _private(info, root).get(key)

    @strawberry.field(description="Private metadata. Requires staff permissions to access.")
    def private_metafields(
        self, info: Info, root: strawberry.Parent[ShippingMethodRoot], keys: list[str] | None = None
    ) -> Metadata | None:
        return _picked(_private(info, root), keys)

    @strawberry.field(description="List of public metadata items. Can be accessed without permissions.")
    def metadata(self, root: strawberry.Parent[ShippingMethodRoot]) -> list[MetadataItem]:
        return _items(metadata_of(root.quote.method))

    @strawberry.field(description="A single key from public metadata.")
    def metafield(self, root: strawberry.Parent[ShippingMethodRoot], key: str) -> str | None:
        return metadata_of(root.quote.method).get(key)

    @strawberry.field(description="Public metadata. Use `keys` to control which fields you want to include.")
    def metafields(
        self, root: strawberry.Parent[ShippingMethodRoot], keys: list[str] | None = None
    ) -> Metadata | None:
        return _picked(metadata_of(root.quote.method), keys)

    @strawberry.field(description="Describes if this shipping method is active and can be selected.")
    def active(self, root: strawberry.Parent[ShippingMethodRoot]) -> bool:
        return root.active

    @strawberry.field(description="Message connected to this shipping method.")
    def message(self, root: strawberry.Parent[ShippingMethodRoot]) -> str | None:
        return root.message


def _private(info: Info, root: ShippingMethodRoot) -> dict[str, str]:
    check_permission(info, PermissionCode.MANAGE_SHIPPING)
    return metadata_of(root.quote.method, private=True)


def _items(values: dict[str, str]) -> list[MetadataItem]:
    return [MetadataItem(key=key, value=value) for key, value in values.items()]


def _picked(values: dict[str, str], keys: list[str] | None) -> Metadata:
    return Metadata(values if keys is None else {key: value for key, value in values.items() if key in keys})


SHIPPING_TYPES: tuple[type, ...] = (ShippingMethod, ShippingMethodTranslation, ShippingMethodTypeEnum)

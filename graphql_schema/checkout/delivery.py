"""How a checkout is delivered: Saleor's ``Delivery``, the ``DeliveryMethod`` union and the delivery
problems, built from the shipping app's quotes (``graphql_schema.shipping``).

A ``Delivery``'s ``id`` is its shipping method's global ID, so a client may pass it to
``checkoutDeliveryMethodUpdate(deliveryMethodId:)`` as it is.
"""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from graphql_schema.catalog.types.variant import Warehouse
from graphql_schema.core.relay import to_global_id
from graphql_schema.shipping.types import ShippingMethod, ShippingMethodRoot
from storefront.shipping.quotes import ShippingQuote


@strawberry.type(description="Represents a delivery option for the checkout.")
class Delivery:
    id: strawberry.ID = strawberry.field(description="The ID of the delivery.")
    shipping_method: ShippingMethod | None = strawberry.field(
        description="Shipping method represented by the delivery, if it can still be used."
    )


def delivery_of(method_pk: int, quote: ShippingQuote | None) -> Delivery:
    return Delivery(
        id=strawberry.ID(to_global_id("ShippingMethod", method_pk)),
        shipping_method=cast(ShippingMethod, ShippingMethodRoot(quote)) if quote is not None else None,
    )


@strawberry.type(description="Indicates that the selected delivery method is invalid.")
class CheckoutProblemDeliveryMethodInvalid:
    delivery: Delivery = strawberry.field(description="The delivery method that is invalid.")


@strawberry.type(
    description=(
        "Indicates that the delivery methods are stale. Asal prices delivery from the current lines "
        "and address on every read, so its options are never stale: this problem is never reported."
    )
)
class CheckoutProblemDeliveryMethodStale:
    delivery: Delivery = strawberry.field(description="The delivery method that is stale.")


DeliveryMethod = Annotated[
    Warehouse | ShippingMethod,
    strawberry.union(
        "DeliveryMethod",
        description=(
            "Represents a delivery method chosen for the checkout. `Warehouse` type is used when "
            'checkout is marked as "click and collect" and `ShippingMethod` otherwise.'
        ),
    ),
]

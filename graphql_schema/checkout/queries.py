"""Saleor's ``checkout(id, token)`` query: a guest's token is all they need; a user's cart is theirs only."""

from __future__ import annotations

import uuid
from typing import Annotated, cast

import strawberry
from strawberry.types import Info

from graphql_schema.checkout.lookup import checkout_find
from graphql_schema.checkout.roots import checkout_root
from graphql_schema.checkout.types import Checkout


@strawberry.type
class CheckoutQueries:
    @strawberry.field(description="Look up a checkout by id.")
    def checkout(
        self,
        info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(description="The checkout's ID.")] = None,
        token: Annotated[
            uuid.UUID | None,
            strawberry.argument(description="The checkout's token. Deprecated: use `id` instead."),
        ] = None,
    ) -> Checkout | None:
        checkout = checkout_find(info, id=id, token=token)
        return cast(Checkout, checkout_root(info, checkout)) if checkout is not None else None

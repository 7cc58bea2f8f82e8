"""Saleor's ``checkoutAddPromoCode`` and ``checkoutRemovePromoCode``: thin, the rules are in
``storefront.checkout.promo_codes`` (a voucher code or a gift card code, attempts limited per
checkout and per client address)."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry
from strawberry.types import Info

from graphql_schema.checkout.lookup import checkout_for_mutation
from graphql_schema.checkout.mutations import (
    CheckoutIdArg,
    CheckoutPayloadWithCheckoutErrors,
    IdArg,
    TokenArg,
)
from graphql_schema.checkout.roots import checkout_root
from graphql_schema.checkout.types import Checkout, CheckoutError
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.relay import from_global_id
from storefront.checkout.error_codes import CheckoutError as CheckoutDomainError
from storefront.checkout.error_codes import CheckoutErrorCode
from storefront.checkout.models import Checkout as CheckoutModel
from storefront.checkout.promo_codes import checkout_promo_code_add, checkout_promo_code_remove
from storefront.core.http import client_address

_CHECKOUT_UPDATED = (
    "\n\nTriggers the following webhook events:\n- CHECKOUT_UPDATED (async): A checkout was updated."
)


@strawberry.type(description="Adds a gift card or a voucher to a checkout." + _CHECKOUT_UPDATED)
class CheckoutAddPromoCode(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(description="Remove a gift card or a voucher from a checkout." + _CHECKOUT_UPDATED)
class CheckoutRemovePromoCode(CheckoutPayloadWithCheckoutErrors):
    pass


def _root(info: Info, checkout: CheckoutModel) -> Checkout:
    return cast(Checkout, checkout_root(info, checkout))


def _promo_code_id(value: strawberry.ID) -> tuple[int | None, int | None]:
    """(gift card pk, voucher pk) of a ``promoCodeId``."""
    type_name, pk = from_global_id(value)
    if (
        type_name not in ("GiftCard", "Voucher")
        or not (pk.isascii() and pk.isdigit())
        or not 0 < int(pk) < 2**63
    ):
        raise CheckoutDomainError(
            CheckoutErrorCode.INVALID,
            f"Couldn't resolve to a gift card or voucher: {value}",
            field="promo_code_id",
        )
    return (int(pk), None) if type_name == "GiftCard" else (None, int(pk))


@strawberry.type
class CheckoutPromoCodeMutations:
    @strawberry.mutation(description="Adds a gift card or a voucher to a checkout." + _CHECKOUT_UPDATED)
    @returns_errors(CheckoutAddPromoCode, CheckoutError, CheckoutDomainError)
    def checkout_add_promo_code(
        self,
        info: Info,
        promo_code: Annotated[str, strawberry.argument(description="Gift card code or voucher code.")],
        id: IdArg = None,
        token: TokenArg = None,
        checkout_id: CheckoutIdArg = None,
    ) -> CheckoutAddPromoCode | None:
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        checkout = checkout_promo_code_add(
            checkout=checkout, promo_code=promo_code, ip_address=client_address(info.context.request)
        )
        return CheckoutAddPromoCode(checkout=_root(info, checkout))

    @strawberry.mutation(description="Remove a gift card or a voucher from a checkout." + _CHECKOUT_UPDATED)
    @returns_errors(CheckoutRemovePromoCode, CheckoutError, CheckoutDomainError)
    def checkout_remove_promo_code(
        self,
        info: Info,
        id: IdArg = None,
        token: TokenArg = None,
        checkout_id: CheckoutIdArg = None,
        promo_code: Annotated[
            str | None, strawberry.argument(description="Gift card code or voucher code.")
        ] = None,
        promo_code_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Gift card or voucher ID.")
        ] = None,
    ) -> CheckoutRemovePromoCode | None:
        if (promo_code is None) == (promo_code_id is None):
            raise CheckoutDomainError(
                CheckoutErrorCode.GRAPHQL_ERROR,
                "Specify either 'promoCode' or 'promoCodeId'.",
                field="promo_code",
            )
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        gift_card_id, voucher_id = (
            _promo_code_id(promo_code_id) if promo_code_id is not None else (None, None)
        )
        checkout = checkout_promo_code_remove(
            checkout=checkout, promo_code=promo_code, gift_card_id=gift_card_id, voucher_id=voucher_id
        )
        return CheckoutRemovePromoCode(checkout=_root(info, checkout))

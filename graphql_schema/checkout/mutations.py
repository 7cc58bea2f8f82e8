"""Saleor's checkout mutations (all but ``checkoutComplete``, which is the orders').

Each resolver finds the checkout (``lookup.checkout_for_mutation``: a user's checkout is only
its owner's), decodes IDs, calls one service of ``storefront.checkout.services`` and shapes the
payload; a refusal is ``errors`` (``CheckoutError``) and changes nothing. Saleor's deprecated
``token`` and ``checkoutId`` arguments are accepted and stay visible, their deprecation said in
their descriptions.
"""

from __future__ import annotations

import uuid
from enum import Enum
from typing import Annotated, cast

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.checkout import roots
from graphql_schema.checkout.delivery import Delivery, delivery_of
from graphql_schema.checkout.inputs import (
    CheckoutAddressValidationRules,
    CheckoutCreateInput,
    CheckoutLineInput,
    CheckoutLineUpdateInput,
    skips_validation,
)
from graphql_schema.checkout.lookup import checkout_for_mutation, decode_line_id, decode_variant_id
from graphql_schema.checkout.roots import checkout_root
from graphql_schema.checkout.types import Checkout, CheckoutError
from graphql_schema.core.address import AddressInput, address_input_data
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.permissions import AuthorizationFilter, permission_required
from graphql_schema.core.relay import from_global_id, to_global_id
from storefront.channels.models import Channel
from storefront.checkout import services
from storefront.checkout.error_codes import CheckoutError as CheckoutDomainError
from storefront.checkout.error_codes import CheckoutErrorCode
from storefront.checkout.lines import LineInput
from storefront.checkout.models import Checkout as CheckoutModel
from storefront.checkout.models import CheckoutLine

_ERRORS = "Use `errors` field instead."
_ID = "The checkout's ID."
_TOKEN = "Checkout token. Deprecated: use `id` instead."
_CHECKOUT_ID = "The ID of the checkout. Deprecated: use `id` instead."

IdArg = Annotated[strawberry.ID | None, strawberry.argument(description=_ID)]
TokenArg = Annotated[uuid.UUID | None, strawberry.argument(description=_TOKEN)]
CheckoutIdArg = Annotated[strawberry.ID | None, strawberry.argument(description=_CHECKOUT_ID)]


@strawberry.type
class CheckoutPayload:
    """Saleor's ``{ checkout errors }`` payload shape, shared by the checkout mutations."""

    checkout: Checkout | None = strawberry.field(default=None, description="An updated checkout.")
    errors: list[CheckoutError] = strawberry.field(default_factory=list)


@strawberry.type
class CheckoutPayloadWithCheckoutErrors(CheckoutPayload):
    @strawberry.field(deprecation_reason=_ERRORS)
    def checkout_errors(self) -> list[CheckoutError]:
        return self.errors


@strawberry.type(description="Adds a checkout line to the existing checkout.")
class CheckoutLinesAdd(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(description="Updates checkout line in the existing checkout.")
class CheckoutLinesUpdate(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(description="Deletes checkout lines.")
class CheckoutLinesDelete(CheckoutPayload):
    pass


@strawberry.type(description="Deletes a CheckoutLine. Deprecated: use `checkoutLinesDelete` instead.")
class CheckoutLineDelete(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(description="Updates email address in the existing checkout object.")
class CheckoutEmailUpdate(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(description="Update shipping address in the existing checkout.")
class CheckoutShippingAddressUpdate(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(description="Update billing address in the existing checkout.")
class CheckoutBillingAddressUpdate(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(description="Update language code in the existing checkout.")
class CheckoutLanguageCodeUpdate(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(description="Sets the customer as the owner of the checkout.")
class CheckoutCustomerAttach(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(description="Removes the user assigned as the owner of the checkout.")
class CheckoutCustomerDetach(CheckoutPayloadWithCheckoutErrors):
    pass


@strawberry.type(
    description="Updates the delivery method (shipping method or pick up point) of the checkout."
)
class CheckoutDeliveryMethodUpdate(CheckoutPayload):
    pass


@strawberry.enum(name="DeliveryOptionsCalculateErrorCode", description="An enumeration.")
class DeliveryOptionsCalculateErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"


@strawberry.type
class DeliveryOptionsCalculateError:
    field: str | None = strawberry.field(
        default=None,
        description=(
            "Name of a field that caused the error. A value of `null` indicates that the error isn't "
            "associated with a particular field."
        ),
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: DeliveryOptionsCalculateErrorCode = strawberry.field(description="The error code.")


@strawberry.type(description="Calculates available delivery options for a checkout.")
class DeliveryOptionsCalculate:
    deliveries: list[Delivery] = strawberry.field(description="List of the available deliveries.")
    errors: list[DeliveryOptionsCalculateError] = strawberry.field(default_factory=list)


def _shipping_method_pk(global_id: str | None) -> int | None:
    """The shipping method a ``deliveryMethodId`` names (a ``Delivery`` ID is one); a warehouse
    (click and collect) does not apply: Asal ships every order."""
    if global_id is None:
        return None
    try:
        type_name, pk = from_global_id(global_id)
    except GraphQLError as exc:
        raise CheckoutDomainError(
            CheckoutErrorCode.GRAPHQL_ERROR, exc.message, field="delivery_method_id"
        ) from None
    if type_name == "Warehouse":
        raise CheckoutDomainError(
            CheckoutErrorCode.DELIVERY_METHOD_NOT_APPLICABLE,
            "Collection points are not offered: choose a shipping method.",
            field="delivery_method_id",
        )
    if type_name != "ShippingMethod" or not pk.isdigit():
        raise CheckoutDomainError(
            CheckoutErrorCode.GRAPHQL_ERROR,
            f"Couldn't resolve id: {global_id}.",
            field="delivery_method_id",
        )
    return int(pk)


@strawberry.type(description="Create a new checkout.")
class CheckoutCreate:
    checkout: Checkout | None = strawberry.field(default=None)
    errors: list[CheckoutError] = strawberry.field(default_factory=list)

    @strawberry.field(
        description=(
            "Whether the checkout was created or the current active one was returned. Refer to "
            "checkoutLinesAdd and checkoutLinesUpdate to merge a cart with an active checkout."
        ),
        deprecation_reason="Always returns `true`.",
    )
    def created(self) -> bool | None:
        return True if self.checkout is not None else None

    @strawberry.field(deprecation_reason=_ERRORS)
    def checkout_errors(self) -> list[CheckoutError]:
        return self.errors


def _root(info: Info, checkout: CheckoutModel) -> Checkout:
    return cast(Checkout, checkout_root(info, checkout))


def _channel(slug: str | None) -> Channel:
    if slug is None:
        active = list(Channel.objects.filter(is_active=True)[:2])
        if len(active) == 1:
            return active[0]
        raise CheckoutDomainError(
            CheckoutErrorCode.MISSING_CHANNEL_SLUG,
            "You need to provide channel slug.",
            field="channel",
        )
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None:
        raise CheckoutDomainError(
            CheckoutErrorCode.NOT_FOUND, f"Channel with '{slug}' slug does not exist.", field="channel"
        )
    return channel


def _line_inputs(lines: list[CheckoutLineInput]) -> list[LineInput]:
    return [LineInput(decode_variant_id(line.variant_id), line.quantity) for line in lines]


def _update_inputs(checkout: CheckoutModel, lines: list[CheckoutLineUpdateInput]) -> list[LineInput]:
    """Update lines named by ``lineId`` (or the deprecated ``variantId``) as variant quantities."""
    line_ids = [decode_line_id(line.line_id) for line in lines if line.line_id is not None]
    rows = list(
        CheckoutLine.objects.filter(checkout_id=checkout.pk, id__in=line_ids).values_list(
            "id", "variant_id", "is_gift"
        )
    )
    variants_of_lines = {pk: variant_id for pk, variant_id, _ in rows}
    gifts = [pk for pk, _, is_gift in rows if is_gift]
    if gifts:
        raise CheckoutDomainError(
            CheckoutErrorCode.NON_EDITABLE_GIFT_LINE,
            "A gift line cannot be changed by the buyer.",
            field="line_id",
            lines=[CheckoutLine(id=pk, checkout=checkout) for pk in gifts],
        )
    inputs = []
    for line in lines:
        if line.quantity is None:
            raise CheckoutDomainError(
                CheckoutErrorCode.REQUIRED, "The quantity is required.", field="quantity"
            )
        if line.line_id is not None:
            variant_id = variants_of_lines.get(decode_line_id(line.line_id))
            if variant_id is None:
                raise CheckoutDomainError(
                    CheckoutErrorCode.NOT_FOUND, "Provided line_ids aren't part of checkout.", field="line_id"
                )
        elif line.variant_id is not None:
            variant_id = decode_variant_id(line.variant_id)
        else:
            raise CheckoutDomainError(
                CheckoutErrorCode.REQUIRED, "Provide `lineId` or `variantId`.", field="line_id"
            )
        inputs.append(LineInput(variant_id, line.quantity))
    return inputs


@strawberry.type
class CheckoutMutations:
    @strawberry.mutation(description="Create a new checkout.")
    @returns_errors(CheckoutCreate, CheckoutError, CheckoutDomainError)
    def checkout_create(
        self,
        info: Info,
        input: Annotated[
            CheckoutCreateInput, strawberry.argument(description="Fields required to create checkout.")
        ],
    ) -> CheckoutCreate | None:
        channel = _channel(input.channel)
        user = info.context.user
        user = user if user is not None and getattr(user, "is_authenticated", False) else None
        rules = input.validation_rules
        checkout = services.checkout_create(
            channel=channel,
            user=user,
            email=input.email,
            lines=_line_inputs(input.lines or []),
            shipping_address=address_input_data(input.shipping_address) if input.shipping_address else None,
            billing_address=address_input_data(input.billing_address) if input.billing_address else None,
            language_code=language_code_from_enum(input.language_code) if input.language_code else None,
            skip_shipping_validation=skips_validation(rules.shipping_address if rules else None),
            skip_billing_validation=skips_validation(rules.billing_address if rules else None),
        )
        return CheckoutCreate(checkout=_root(info, checkout))

    @strawberry.mutation(description="Adds a checkout line to the existing checkout.")
    @returns_errors(CheckoutLinesAdd, CheckoutError, CheckoutDomainError)
    def checkout_lines_add(
        self,
        info: Info,
        lines: Annotated[
            list[CheckoutLineInput],
            strawberry.argument(
                description="A list of checkout lines, each containing information about an item."
            ),
        ],
        id: IdArg = None,
        token: TokenArg = None,
        checkout_id: CheckoutIdArg = None,
    ) -> CheckoutLinesAdd | None:
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        services.checkout_lines_add(checkout=checkout, lines=_line_inputs(lines))
        return CheckoutLinesAdd(checkout=_root(info, checkout))

    @strawberry.mutation(description="Updates checkout line in the existing checkout.")
    @returns_errors(CheckoutLinesUpdate, CheckoutError, CheckoutDomainError)
    def checkout_lines_update(
        self,
        info: Info,
        lines: Annotated[
            list[CheckoutLineUpdateInput],
            strawberry.argument(
                description="A list of checkout lines, each containing information about an item."
            ),
        ],
        id: IdArg = None,
        token: TokenArg = None,
        checkout_id: CheckoutIdArg = None,
    ) -> CheckoutLinesUpdate | None:
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        services.checkout_lines_update(checkout=checkout, lines=_update_inputs(checkout, lines))
        return CheckoutLinesUpdate(checkout=_root(info, checkout))

    @strawberry.mutation(description="Deletes checkout lines.")
    @returns_errors(CheckoutLinesDelete, CheckoutError, CheckoutDomainError)
    def checkout_lines_delete(
        self,
        info: Info,
        lines_ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="A list of checkout lines.")
        ],
        id: IdArg = None,
        token: TokenArg = None,
    ) -> CheckoutLinesDelete | None:
        checkout = checkout_for_mutation(info, id=id, token=token)
        line_ids = [decode_line_id(value, field="line_id") for value in lines_ids]
        services.checkout_lines_delete(checkout=checkout, line_ids=line_ids)
        return CheckoutLinesDelete(checkout=_root(info, checkout))

    @strawberry.mutation(
        description=(
            "Deletes a CheckoutLine. Deprecated in Saleor (use `checkoutLinesDelete`), kept because "
            "storefronts still send it."
        )
    )
    @returns_errors(CheckoutLineDelete, CheckoutError, CheckoutDomainError)
    def checkout_line_delete(
        self,
        info: Info,
        id: IdArg = None,
        line_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of the checkout line to delete.")
        ] = None,
        token: TokenArg = None,
        checkout_id: CheckoutIdArg = None,
    ) -> CheckoutLineDelete | None:
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        if line_id is None:
            raise CheckoutDomainError(CheckoutErrorCode.REQUIRED, "A line ID is required.", field="line_id")
        services.checkout_lines_delete(checkout=checkout, line_ids=[decode_line_id(line_id)])
        return CheckoutLineDelete(checkout=_root(info, checkout))

    @strawberry.mutation(description="Updates email address in the existing checkout object.")
    @returns_errors(CheckoutEmailUpdate, CheckoutError, CheckoutDomainError)
    def checkout_email_update(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="email.")],
        id: IdArg = None,
        token: TokenArg = None,
        checkout_id: CheckoutIdArg = None,
    ) -> CheckoutEmailUpdate | None:
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        services.checkout_email_update(checkout=checkout, email=email)
        return CheckoutEmailUpdate(checkout=_root(info, checkout))

    @strawberry.mutation(description="Update shipping address in the existing checkout.")
    @returns_errors(CheckoutShippingAddressUpdate, CheckoutError, CheckoutDomainError)
    def checkout_shipping_address_update(
        self,
        info: Info,
        shipping_address: Annotated[
            AddressInput,
            strawberry.argument(description="The mailing address to where the checkout will be shipped."),
        ],
        id: IdArg = None,
        token: TokenArg = None,
        validation_rules: Annotated[
            CheckoutAddressValidationRules | None,
            strawberry.argument(
                description="The rules for changing validation for received shipping address data."
            ),
        ] = None,
        save_address: Annotated[
            bool | None,
            strawberry.argument(
                description="Whether to save the shipping address to the user's address book."
            ),
        ] = True,
    ) -> CheckoutShippingAddressUpdate | None:
        checkout = checkout_for_mutation(info, id=id, token=token)
        services.checkout_shipping_address_update(
            checkout=checkout,
            address=address_input_data(shipping_address),
            skip_validation=skips_validation(validation_rules),
        )
        return CheckoutShippingAddressUpdate(checkout=_root(info, checkout))

    @strawberry.mutation(description="Update billing address in the existing checkout.")
    @returns_errors(CheckoutBillingAddressUpdate, CheckoutError, CheckoutDomainError)
    def checkout_billing_address_update(
        self,
        info: Info,
        billing_address: Annotated[
            AddressInput, strawberry.argument(description="The billing address of the checkout.")
        ],
        id: IdArg = None,
        token: TokenArg = None,
        validation_rules: Annotated[
            CheckoutAddressValidationRules | None,
            strawberry.argument(
                description="The rules for changing validation for received billing address data."
            ),
        ] = None,
        save_address: Annotated[
            bool | None,
            strawberry.argument(
                description="Whether to save the billing address to the user's address book."
            ),
        ] = True,
    ) -> CheckoutBillingAddressUpdate | None:
        checkout = checkout_for_mutation(info, id=id, token=token)
        services.checkout_billing_address_update(
            checkout=checkout,
            address=address_input_data(billing_address),
            skip_validation=skips_validation(validation_rules),
        )
        return CheckoutBillingAddressUpdate(checkout=_root(info, checkout))

    @strawberry.mutation(description="Update language code in the existing checkout.")
    @returns_errors(CheckoutLanguageCodeUpdate, CheckoutError, CheckoutDomainError)
    def checkout_language_code_update(
        self,
        info: Info,
        language_code: Annotated[LanguageCodeEnum, strawberry.argument(description="New language code.")],
        id: IdArg = None,
        token: TokenArg = None,
        checkout_id: CheckoutIdArg = None,
    ) -> CheckoutLanguageCodeUpdate | None:
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        services.checkout_language_code_update(
            checkout=checkout, language_code=language_code_from_enum(language_code)
        )
        return CheckoutLanguageCodeUpdate(checkout=_root(info, checkout))

    @strawberry.mutation(
        description="Sets the customer as the owner of the checkout (the signed-in user).",
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(CheckoutCustomerAttach, CheckoutError, CheckoutDomainError)
    def checkout_customer_attach(
        self,
        info: Info,
        id: IdArg = None,
        token: TokenArg = None,
        checkout_id: CheckoutIdArg = None,
        customer_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="ID of customer to attach to checkout. Only the signed-in user can be attached."
            ),
        ] = None,
    ) -> CheckoutCustomerAttach | None:
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        user = info.context.user
        if customer_id is not None and customer_id != to_global_id("User", user.pk):
            raise CheckoutDomainError(
                CheckoutErrorCode.INVALID, "Only the signed-in customer can be attached.", field="customer_id"
            )
        services.checkout_customer_attach(checkout=checkout, user=user)
        return CheckoutCustomerAttach(checkout=_root(info, checkout))

    @strawberry.mutation(
        description="Removes the user assigned as the owner of the checkout.",
        extensions=[permission_required(AuthorizationFilter.AUTHENTICATED_USER)],
    )
    @returns_errors(CheckoutCustomerDetach, CheckoutError, CheckoutDomainError)
    def checkout_customer_detach(
        self,
        info: Info,
        id: IdArg = None,
        token: TokenArg = None,
        checkout_id: CheckoutIdArg = None,
    ) -> CheckoutCustomerDetach | None:
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        if checkout.user_id != info.context.user.pk:
            raise CheckoutDomainError(
                CheckoutErrorCode.INVALID, "The checkout does not belong to you.", field="id"
            )
        services.checkout_customer_detach(checkout=checkout)
        return CheckoutCustomerDetach(checkout=_root(info, checkout))

    @strawberry.mutation(description="Updates the delivery method (a shipping method) of the checkout.")
    @returns_errors(CheckoutDeliveryMethodUpdate, CheckoutError, CheckoutDomainError)
    def checkout_delivery_method_update(
        self,
        info: Info,
        delivery_method_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Delivery Method ID (`Warehouse` ID or `ShippingMethod` ID)."),
        ] = None,
        id: IdArg = None,
        token: TokenArg = None,
    ) -> CheckoutDeliveryMethodUpdate | None:
        checkout = checkout_for_mutation(info, id=id, token=token)
        services.checkout_delivery_method_update(
            checkout=checkout, shipping_method_id=_shipping_method_pk(delivery_method_id)
        )
        return CheckoutDeliveryMethodUpdate(checkout=_root(info, checkout))

    @strawberry.mutation(description="Calculates available delivery options for a checkout.")
    def delivery_options_calculate(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The ID of the checkout.")],
    ) -> DeliveryOptionsCalculate | None:
        try:
            checkout = checkout_for_mutation(info, id=id)
        except CheckoutDomainError as exc:
            code = DeliveryOptionsCalculateErrorCode.NOT_FOUND
            if exc.code == CheckoutErrorCode.GRAPHQL_ERROR:
                code = DeliveryOptionsCalculateErrorCode.GRAPHQL_ERROR
            return DeliveryOptionsCalculate(
                deliveries=[],
                errors=[DeliveryOptionsCalculateError(field="id", message=exc.message, code=code)],
            )
        quotes = roots.shipping_quotes(info, roots.state(info, checkout_root(info, checkout)))
        return DeliveryOptionsCalculate(deliveries=[delivery_of(quote.method.pk, quote) for quote in quotes])

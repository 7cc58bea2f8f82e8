"""Saleor's promotion staff mutations (``MANAGE_DISCOUNTS``): thin, the rules, the repricing and the
audit entries are in ``storefront.discounts.promotion_services``.

Predicates: a catalogue predicate names objects by ``ids`` (``productPredicate``,
``variantPredicate``, ``categoryPredicate``, ``collectionPredicate``, and ``OR`` lists of those:
their union); an order predicate is a subtotal range (``discountedObjectPredicate:
{baseSubtotalPrice: {range: {gte, lte}}}`` or ``eq``). Anything else is refused with ``INVALID``.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.catalog.decode import aware, given
from graphql_schema.catalog.filter_inputs import DecimalFilterInput, ProductWhereInput
from graphql_schema.catalog.inputs import CategoryWhereInput, CollectionWhereInput, ProductVariantWhereInput
from graphql_schema.catalog.mutation_inputs import PositiveDecimalType
from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import from_global_id
from graphql_schema.discounts.mutations import _rows
from graphql_schema.discounts.promotion_enums import PromotionTypeEnum, RewardTypeEnum, RewardValueTypeEnum
from graphql_schema.discounts.promotion_types import (
    Promotion,
    PromotionCreateError,
    PromotionDeleteError,
    PromotionRule,
    PromotionRuleCreateError,
    PromotionRuleDeleteError,
    PromotionRuleUpdateError,
    PromotionUpdateError,
)
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import Category, Collection, Product, ProductVariant
from storefront.channels.models import Channel
from storefront.discounts import models
from storefront.discounts import promotion_services as services
from storefront.discounts.error_codes import DiscountError as DiscountDomainError
from storefront.discounts.error_codes import DiscountErrorCode

_MANAGE_DISCOUNTS = "\n\nRequires one of the following permissions: MANAGE_DISCOUNTS."
UNSET = services.UNSET


def _mutation(description: str) -> Any:
    return strawberry.mutation(
        description=description + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )


@strawberry.input(name="CataloguePredicateInput")
class CataloguePredicateInput:
    variant_predicate: ProductVariantWhereInput | None = strawberry.field(
        default=None, description="Defines the product variant conditions to be met."
    )
    product_predicate: ProductWhereInput | None = strawberry.field(
        default=None, description="Defines the product conditions to be met."
    )
    category_predicate: CategoryWhereInput | None = strawberry.field(
        default=None, description="Defines the category conditions to be met."
    )
    collection_predicate: CollectionWhereInput | None = strawberry.field(
        default=None, description="Defines the collection conditions to be met."
    )
    AND: list[CataloguePredicateInput] | None = strawberry.field(
        default=None, name="AND", description="List of conditions that must be met."
    )
    OR: list[CataloguePredicateInput] | None = strawberry.field(
        default=None, name="OR", description="A list of conditions of which at least one must be met."
    )


@strawberry.input(name="DiscountedObjectWhereInput")
class DiscountedObjectWhereInput:
    base_subtotal_price: DecimalFilterInput | None = strawberry.field(
        default=None, description="Filter by the base subtotal price."
    )
    base_total_price: DecimalFilterInput | None = strawberry.field(
        default=None, description="Filter by the base total price."
    )
    AND: list[DiscountedObjectWhereInput] | None = strawberry.field(
        default=None, name="AND", description="List of conditions that must be met."
    )
    OR: list[DiscountedObjectWhereInput] | None = strawberry.field(
        default=None, name="OR", description="A list of conditions of which at least one must be met."
    )


@strawberry.input(name="OrderPredicateInput")
class OrderPredicateInput:
    discounted_object_predicate: DiscountedObjectWhereInput | None = strawberry.field(
        default=None, description="Defines the conditions related to checkout and order objects."
    )
    AND: list[OrderPredicateInput] | None = strawberry.field(
        default=None, name="AND", description="List of conditions that must be met."
    )
    OR: list[OrderPredicateInput] | None = strawberry.field(
        default=None, name="OR", description="A list of conditions of which at least one must be met."
    )


@strawberry.input(name="PromotionRuleInput")
class PromotionRuleInput:
    name: str | None = strawberry.field(default=None, description="Promotion rule name.")
    description: JSON | None = strawberry.field(default=None, description="Promotion rule description.")
    catalogue_predicate: CataloguePredicateInput | None = strawberry.field(
        default=None,
        description=(
            "Defines the conditions on the catalogue level that must be met for the reward to be applied."
        ),
    )
    order_predicate: OrderPredicateInput | None = strawberry.field(
        default=None,
        description=(
            "Defines the conditions on the checkout/draft order level that must be met for the reward "
            "to be applied."
        ),
    )
    reward_value_type: RewardValueTypeEnum | None = strawberry.field(
        default=None,
        description=(
            "Defines the promotion rule reward value type. Must be provided together with reward value."
        ),
    )
    reward_value: PositiveDecimalType | None = strawberry.field(
        default=None, description="Defines the discount value. Required when catalogue predicate is provided."
    )
    reward_type: RewardTypeEnum | None = strawberry.field(
        default=None, description="Defines the reward type of the promotion rule."
    )
    channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channel ids to which the rule should apply to."
    )
    gifts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Product variant IDs available as a gift to choose."
    )


@strawberry.input(name="PromotionRuleCreateInput")
class PromotionRuleCreateInput(PromotionRuleInput):
    promotion: strawberry.ID = strawberry.field(description="The ID of the promotion that rule belongs to.")


@strawberry.input(name="PromotionRuleUpdateInput")
class PromotionRuleUpdateInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Promotion rule name.")
    description: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="Promotion rule description."
    )
    catalogue_predicate: CataloguePredicateInput | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Defines the conditions on the catalogue level that must be met for the reward to be applied."
        ),
    )
    order_predicate: OrderPredicateInput | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Defines the conditions on the checkout/draft order level that must be met for the reward "
            "to be applied."
        ),
    )
    reward_value_type: RewardValueTypeEnum | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Defines the promotion rule reward value type. Must be provided together with reward value."
        ),
    )
    reward_value: PositiveDecimalType | None = strawberry.field(
        default=strawberry.UNSET,
        description="Defines the discount value. Required when catalogue predicate is provided.",
    )
    reward_type: RewardTypeEnum | None = strawberry.field(
        default=strawberry.UNSET, description="Defines the reward type of the promotion rule."
    )
    add_channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channel ids to add."
    )
    remove_channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channel ids to remove."
    )
    add_gifts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of variant IDs available as a gift to add."
    )
    remove_gifts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of variant IDs available as a gift to remove."
    )


@strawberry.input(name="PromotionCreateInput")
class PromotionCreateInput:
    description: JSON | None = strawberry.field(default=None, description="Promotion description.")
    start_date: datetime | None = strawberry.field(
        default=None, description="The start date of the promotion in ISO 8601 format."
    )
    end_date: datetime | None = strawberry.field(
        default=None, description="The end date of the promotion in ISO 8601 format."
    )
    name: str = strawberry.field(description="Promotion name.")
    type: PromotionTypeEnum = strawberry.field(
        description=(
            "Defines the promotion type. Implicate the required promotion rules predicate type and "
            "whether the promotion rules will give the catalogue or order discount."
        )
    )
    rules: list[PromotionRuleInput] | None = strawberry.field(
        default=None, description="List of promotion rules."
    )


@strawberry.input(name="PromotionUpdateInput")
class PromotionUpdateInput:
    description: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="Promotion description."
    )
    start_date: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="The start date of the promotion in ISO 8601 format."
    )
    end_date: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="The end date of the promotion in ISO 8601 format."
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Promotion name.")


@strawberry.type(name="PromotionCreate", description="Creates a new promotion.")
class PromotionCreate:
    errors: list[PromotionCreateError] = strawberry.field(default_factory=list)
    promotion: Promotion | None = None


@strawberry.type(name="PromotionUpdate", description="Updates an existing promotion.")
class PromotionUpdate:
    errors: list[PromotionUpdateError] = strawberry.field(default_factory=list)
    promotion: Promotion | None = None


@strawberry.type(name="PromotionDelete", description="Deletes a promotion.")
class PromotionDelete:
    errors: list[PromotionDeleteError] = strawberry.field(default_factory=list)
    promotion: Promotion | None = None


@strawberry.type(name="PromotionRuleCreate", description="Creates a new promotion rule.")
class PromotionRuleCreate:
    errors: list[PromotionRuleCreateError] = strawberry.field(default_factory=list)
    promotion_rule: PromotionRule | None = None


@strawberry.type(name="PromotionRuleUpdate", description="Updates an existing promotion rule.")
class PromotionRuleUpdate:
    errors: list[PromotionRuleUpdateError] = strawberry.field(default_factory=list)
    promotion_rule: PromotionRule | None = None


@strawberry.type(name="PromotionRuleDelete", description="Deletes a promotion rule.")
class PromotionRuleDelete:
    errors: list[PromotionRuleDeleteError] = strawberry.field(default_factory=list)
    promotion_rule: PromotionRule | None = None


# --- decoding -----------------------------------------------------------------------------------


def _invalid(message: str, field: str) -> DiscountDomainError:
    return DiscountDomainError(DiscountErrorCode.INVALID, message, field=field)


def _only_ids(predicate: Any, field: str) -> list[strawberry.ID]:
    """The ``ids`` of a where-input that sets nothing else (``OR`` lists of the same: their union)."""
    ids = list(predicate.ids or [])
    for item in dataclasses.fields(predicate):
        value = getattr(predicate, item.name)
        if item.name == "ids" or value in (None, strawberry.UNSET):
            continue
        if item.name.rstrip("_").upper() == "OR":
            for nested in value:
                ids += _only_ids(nested, field)
            continue
        raise _invalid("Only `ids` (and `OR` of them) are supported in a catalogue predicate.", field)
    return ids


def _catalogue(predicate: CataloguePredicateInput | None) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {"products": [], "variants": [], "categories": [], "collections": []}
    if predicate is None:
        return found
    field = "catalogue_predicate"
    if predicate.AND:
        raise _invalid("`AND` is not supported in a catalogue predicate; use `OR`.", field)
    for item in predicate.OR or []:
        for key, rows in _catalogue(item).items():
            found[key] += rows
    for key, value, model, type_name in (
        ("products", predicate.product_predicate, Product, "Product"),
        ("variants", predicate.variant_predicate, ProductVariant, "ProductVariant"),
        ("categories", predicate.category_predicate, Category, "Category"),
        ("collections", predicate.collection_predicate, Collection, "Collection"),
    ):
        if value is not None:
            found[key] += _rows(model, _only_ids(value, field), type_name=type_name, field=field)
    return {key: list(dict.fromkeys(rows)) for key, rows in found.items()}


def _order(predicate: OrderPredicateInput | None) -> dict[str, Any]:
    field = "order_predicate"
    if predicate is None:
        return {}
    if predicate.AND or predicate.OR:
        raise _invalid("`AND`/`OR` are not supported in an order predicate.", field)
    inner = predicate.discounted_object_predicate
    if inner is None:
        return {}
    if inner.AND or inner.OR or inner.base_total_price is not None:
        raise _invalid("Only `baseSubtotalPrice` is supported in an order predicate.", field)
    price = inner.base_subtotal_price
    if price is None:
        return {}
    if price.one_of is not None:
        raise _invalid("`oneOf` is not supported for `baseSubtotalPrice`.", field)
    low: Decimal | None
    high: Decimal | None
    if price.eq is not None:
        low = high = price.eq
    elif price.range is not None:
        low, high = price.range.gte, price.range.lte
    else:
        raise _invalid("`baseSubtotalPrice` needs `range` or `eq`.", field)
    bounds = {key: str(value) for key, value in (("gte", low), ("lte", high)) if value is not None}
    return {"discountedObjectPredicate": {"baseSubtotalPrice": {"range": bounds}}}


def _enum(value: Any) -> Any:
    value = given(value)
    return value.value if value not in (UNSET, None) else value


def _gift_rows(ids: list[strawberry.ID] | None, *, field: str) -> list[ProductVariant]:
    """The gift variants of ``ids``; an ID of another type is Saleor's ``INVALID_GIFT_TYPE``."""
    for value in ids or []:
        found, _ = from_global_id(value)
        if found and found != "ProductVariant":
            raise DiscountDomainError(
                services.PromotionRuleErrorCode.INVALID_GIFT_TYPE,
                "Gifts must be product variants.",
                field=field,
            )
    return _rows(ProductVariant, ids, type_name="ProductVariant", field=field)


def _rule_fields(input: PromotionRuleInput) -> services.RuleFields:
    fields = services.RuleFields(
        name=input.name if input.name is not None else "",
        description=input.description,
        reward_value_type=_enum(input.reward_value_type),
        reward_value=input.reward_value,
        reward_type=_enum(input.reward_type),
        channels=_rows(Channel, input.channels, type_name="Channel", field="channels"),
        gifts=_gift_rows(input.gifts, field="gifts"),
    )
    if input.catalogue_predicate is not None:
        for key, rows in _catalogue(input.catalogue_predicate).items():
            setattr(fields, key, rows)
    if input.order_predicate is not None:
        fields.order_predicate = _order(input.order_predicate)
    return fields


def _promotion(id: strawberry.ID) -> models.Promotion:
    return _rows(models.Promotion, [id], type_name="Promotion", field="id")[0]


def _rule(id: strawberry.ID) -> models.PromotionRule:
    return _rows(models.PromotionRule, [id], type_name="PromotionRule", field="id")[0]


def _date(value: Any) -> Any:
    value = given(value)
    return aware(value) if value not in (UNSET, None) else value


@strawberry.type
class PromotionMutations:
    @_mutation("Creates a new promotion.")
    @returns_errors(PromotionCreate, PromotionCreateError, DiscountDomainError)
    def promotion_create(
        self,
        info: Info,
        input: Annotated[
            PromotionCreateInput, strawberry.argument(description="Fields requires to create a promotion.")
        ],
    ) -> PromotionCreate | None:
        promotion = services.staff_promotion_create(
            actor=request_actor(info),
            fields=services.PromotionFields(
                name=input.name,
                type=input.type.value,
                description=input.description,
                start_date=_date(input.start_date) if input.start_date is not None else UNSET,
                end_date=_date(input.end_date),
            ),
            rules=[_rule_fields(rule) for rule in input.rules or []],
        )
        return PromotionCreate(promotion=cast(Promotion, promotion))

    @_mutation("Updates an existing promotion.")
    @returns_errors(PromotionUpdate, PromotionUpdateError, DiscountDomainError)
    def promotion_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the promotion to update.")],
        input: Annotated[
            PromotionUpdateInput, strawberry.argument(description="Fields required to update a promotion.")
        ],
    ) -> PromotionUpdate | None:
        promotion = services.staff_promotion_update(
            actor=request_actor(info),
            promotion=_promotion(id),
            fields=services.PromotionFields(
                name=given(input.name),
                description=given(input.description),
                start_date=_date(input.start_date),
                end_date=_date(input.end_date),
            ),
        )
        return PromotionUpdate(promotion=cast(Promotion, promotion))

    @_mutation("Deletes a promotion.")
    @returns_errors(PromotionDelete, PromotionDeleteError, DiscountDomainError)
    def promotion_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The ID of the promotion to remove.")],
    ) -> PromotionDelete | None:
        promotion = services.staff_promotion_delete(actor=request_actor(info), promotion=_promotion(id))
        return PromotionDelete(promotion=cast(Promotion, promotion))

    @_mutation("Creates a new promotion rule.")
    @returns_errors(PromotionRuleCreate, PromotionRuleCreateError, DiscountDomainError)
    def promotion_rule_create(
        self,
        info: Info,
        input: Annotated[
            PromotionRuleCreateInput,
            strawberry.argument(description="Fields required to create a promotion rule."),
        ],
    ) -> PromotionRuleCreate | None:
        promotion = _rows(models.Promotion, [input.promotion], type_name="Promotion", field="promotion")[0]
        rule = services.staff_promotion_rule_create(
            actor=request_actor(info), promotion=promotion, fields=_rule_fields(input)
        )
        return PromotionRuleCreate(promotion_rule=cast(PromotionRule, rule))

    @_mutation("Updates an existing promotion rule.")
    @returns_errors(PromotionRuleUpdate, PromotionRuleUpdateError, DiscountDomainError)
    def promotion_rule_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the promotion rule to update.")],
        input: Annotated[
            PromotionRuleUpdateInput,
            strawberry.argument(description="Fields required to create a promotion rule."),
        ],
    ) -> PromotionRuleUpdate | None:
        rule = _rule(id)
        fields = services.RuleFields(
            name=given(input.name),
            description=given(input.description),
            reward_value_type=_enum(input.reward_value_type),
            reward_value=given(input.reward_value),
            reward_type=_enum(input.reward_type),
        )
        if input.add_channels or input.remove_channels:
            add = _rows(Channel, input.add_channels, type_name="Channel", field="add_channels")
            remove = {
                row.pk
                for row in _rows(Channel, input.remove_channels, type_name="Channel", field="remove_channels")
            }
            current = [channel for channel in rule.channels.all() if channel.pk not in remove]
            fields.channels = list(dict.fromkeys([*current, *add]))
        if input.add_gifts or input.remove_gifts:
            add_gifts = _gift_rows(input.add_gifts, field="add_gifts")
            drop = {row.pk for row in _gift_rows(input.remove_gifts, field="remove_gifts")}
            kept = [variant for variant in rule.gifts.all() if variant.pk not in drop]
            fields.gifts = list(dict.fromkeys([*kept, *add_gifts]))
        predicate = given(input.catalogue_predicate)
        if predicate is not UNSET:
            for key, rows in _catalogue(predicate).items():
                setattr(fields, key, rows)
        order = given(input.order_predicate)
        if order is not UNSET:
            fields.order_predicate = _order(order)
        rule = services.staff_promotion_rule_update(actor=request_actor(info), rule=rule, fields=fields)
        return PromotionRuleUpdate(promotion_rule=cast(PromotionRule, rule))

    @_mutation("Deletes a promotion rule.")
    @returns_errors(PromotionRuleDelete, PromotionRuleDeleteError, DiscountDomainError)
    def promotion_rule_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The ID of the promotion to remove.")],
    ) -> PromotionRuleDelete | None:
        rule = services.staff_promotion_rule_delete(actor=request_actor(info), rule=_rule(id))
        return PromotionRuleDelete(promotion_rule=cast(PromotionRule, rule))

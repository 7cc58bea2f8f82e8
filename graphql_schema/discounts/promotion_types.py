"""Saleor's ``Promotion`` and ``PromotionRule`` types and the promotion mutations' error types.

Root values are the models. A promotion's rules (with their channels and predicates) load for
every promotion of the response at once (``PROMOTION_RULES``: the queries register the promotions
as peers). A rule's ``cataloguePredicate`` is Saleor's JSON: ``{"OR": [{"productPredicate":
{"ids": [...]}}, ...]}`` with one entry per kind of object it names.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.catalog.mutation_inputs import PositiveDecimalType
from graphql_schema.channels.types import Channel
from graphql_schema.core.dataloaders import Loader, Scope, register
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.relay import Node, model_type_check, node_id, to_global_id
from graphql_schema.discounts.promotion_enums import (
    PromotionCreateErrorCode,
    PromotionDeleteErrorCode,
    PromotionRuleCreateErrorCode,
    PromotionRuleDeleteErrorCode,
    PromotionRuleUpdateErrorCode,
    PromotionTypeEnum,
    PromotionUpdateErrorCode,
    RewardTypeEnum,
    RewardValueTypeEnum,
)
from storefront.discounts import models
from storefront.discounts.promotion_services import GIFTS_LIMIT_PER_RULE

_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


def _rules_batch(_info: Info, _scope: Scope, keys: list[int]) -> dict[int, list[models.PromotionRule]]:
    found: dict[int, list[models.PromotionRule]] = defaultdict(list)
    rows = (
        models.PromotionRule.objects.filter(promotion_id__in=keys)
        .select_related("promotion")
        .prefetch_related("channels", "products", "variants", "categories", "collections", "gifts")
        .order_by("pk")
    )
    for row in rows:
        found[row.promotion_id].append(row)
    return found


PROMOTION_RULES: Loader[int, list[models.PromotionRule]] = Loader(
    "promotion rules", _rules_batch, default=list, peers=models.Promotion, channel_free=True
)


def catalogue_predicate_json(rule: models.PromotionRule) -> dict[str, Any]:
    """Saleor's JSON for the rule's catalogue predicate (empty for an order rule)."""
    if rule.promotion.type != models.PromotionType.CATALOGUE:
        return {}
    parts = []
    for key, relation, type_name in (
        ("productPredicate", rule.products, "Product"),
        ("variantPredicate", rule.variants, "ProductVariant"),
        ("categoryPredicate", rule.categories, "Category"),
        ("collectionPredicate", rule.collections, "Collection"),
    ):
        ids = [to_global_id(type_name, row.pk) for row in relation.all()]
        if ids:
            parts.append({key: {"ids": ids}})
    return {"OR": parts} if parts else {}


@strawberry.type(
    name="PromotionRule",
    description=(
        "Represents the promotion rule that specifies the conditions that must be met to apply the "
        "promotion discount."
    ),
)
class PromotionRule(Node):
    is_type_of = model_type_check(models.PromotionRule)

    id: strawberry.ID = node_id("PromotionRule")
    description: JSON | None = strawberry.field(description="Description of the promotion rule.")

    @strawberry.field(description="Name of the promotion rule.")
    def name(self, root: strawberry.Parent[models.PromotionRule]) -> str | None:
        return root.name or None

    @strawberry.field(description="Promotion to which the rule belongs.")
    def promotion(self, root: strawberry.Parent[models.PromotionRule]) -> Promotion | None:
        return cast(Promotion, root.promotion)

    @strawberry.field(description="List of channels where the rule applies.")
    def channels(self, root: strawberry.Parent[models.PromotionRule]) -> list[Channel] | None:
        return cast(list[Channel], sorted(root.channels.all(), key=lambda channel: channel.pk))

    @strawberry.field(
        description=(
            "The reward value of the promotion rule. Defines the discount value applied when the rule "
            "conditions are met."
        )
    )
    def reward_value(self, root: strawberry.Parent[models.PromotionRule]) -> PositiveDecimalType | None:
        value = root.reward_value
        if value is not None:
            value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        return cast(PositiveDecimalType | None, value)

    @strawberry.field(description="The type of reward value of the promotion rule.")
    def reward_value_type(self, root: strawberry.Parent[models.PromotionRule]) -> RewardValueTypeEnum | None:
        return RewardValueTypeEnum(root.reward_value_type) if root.reward_value_type else None

    @strawberry.field(description="The type of the predicate that must be met to apply the reward.")
    def predicate_type(self, root: strawberry.Parent[models.PromotionRule]) -> PromotionTypeEnum | None:
        return PromotionTypeEnum(root.promotion.type)

    @strawberry.field(description="The catalogue predicate that must be met to apply the rule reward.")
    def catalogue_predicate(self, root: strawberry.Parent[models.PromotionRule]) -> JSON | None:
        return cast(JSON, catalogue_predicate_json(root))

    @strawberry.field(description="The checkout/order predicate that must be met to apply the rule reward.")
    def order_predicate(self, root: strawberry.Parent[models.PromotionRule]) -> JSON | None:
        return cast(JSON, root.order_predicate or {})

    @strawberry.field(description="The reward type of the promotion rule.")
    def reward_type(self, root: strawberry.Parent[models.PromotionRule]) -> RewardTypeEnum | None:
        return RewardTypeEnum(root.reward_type) if root.reward_type else None

    @strawberry.field(description="Product variant IDs available as a gift to choose.")
    def gift_ids(self, root: strawberry.Parent[models.PromotionRule]) -> list[strawberry.ID] | None:
        return [strawberry.ID(to_global_id("ProductVariant", row.pk)) for row in root.gifts.all()]

    @strawberry.field(description="Defines the maximum number of gifts to choose from the gifts list.")
    def gifts_limit(self) -> int | None:
        return GIFTS_LIMIT_PER_RULE


@strawberry.type(
    name="Promotion",
    description=(
        "Represents the promotion that allow creating discounts based on given conditions, and is "
        "visible to all the customers."
    ),
)
class Promotion(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Promotion)

    id: strawberry.ID = node_id("Promotion")
    name: str = strawberry.field(description="Name of the promotion.")
    description: JSON | None = strawberry.field(description="Description of the promotion.")
    start_date: datetime = strawberry.field(description="Start date of the promotion.")
    end_date: datetime | None = strawberry.field(description="End date of the promotion.")
    created_at: datetime = strawberry.field(description="Date time of promotion creation.")
    updated_at: datetime = strawberry.field(description="Date time of last update of promotion.")

    @strawberry.field(
        description=(
            "The type of the promotion. Implicate if the discount is applied on catalogue or order level."
        )
    )
    def type(self, root: strawberry.Parent[models.Promotion]) -> PromotionTypeEnum | None:
        return PromotionTypeEnum(root.type)

    @strawberry.field(description="The list of promotion rules.")
    def rules(self, info: Info, root: strawberry.Parent[models.Promotion]) -> list[PromotionRule] | None:
        return cast(list[PromotionRule], PROMOTION_RULES.load(info, root.pk))


def promotions_register(info: Info, promotions: list[Any]) -> list[Promotion]:
    register(info, models.Promotion, promotions)
    return cast(list[Promotion], promotions)


@strawberry.type(name="PromotionCreateError")
class PromotionCreateError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: PromotionCreateErrorCode = strawberry.field(description="The error code.")
    index: int | None = strawberry.field(
        default=None, description="Index of an input list item that caused the error."
    )


@strawberry.type(name="PromotionUpdateError")
class PromotionUpdateError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: PromotionUpdateErrorCode = strawberry.field(description="The error code.")


@strawberry.type(name="PromotionDeleteError")
class PromotionDeleteError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: PromotionDeleteErrorCode = strawberry.field(description="The error code.")


@strawberry.type(name="PromotionRuleCreateError")
class PromotionRuleCreateError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: PromotionRuleCreateErrorCode = strawberry.field(description="The error code.")


@strawberry.type(name="PromotionRuleUpdateError")
class PromotionRuleUpdateError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: PromotionRuleUpdateErrorCode = strawberry.field(description="The error code.")


@strawberry.type(name="PromotionRuleDeleteError")
class PromotionRuleDeleteError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: PromotionRuleDeleteErrorCode = strawberry.field(description="The error code.")

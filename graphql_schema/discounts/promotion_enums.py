"""Saleor's promotion enums (their own module: the type-ignore ratchet)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(name="PromotionTypeEnum", description="An enumeration.")
class PromotionTypeEnum(Enum):
    CATALOGUE = "CATALOGUE"
    ORDER = "ORDER"


@strawberry.enum(name="RewardValueTypeEnum", description="An enumeration.")
class RewardValueTypeEnum(Enum):
    FIXED = "FIXED"
    PERCENTAGE = "PERCENTAGE"


@strawberry.enum(name="RewardTypeEnum", description="An enumeration.")
class RewardTypeEnum(Enum):
    SUBTOTAL_DISCOUNT = "SUBTOTAL_DISCOUNT"
    GIFT = "GIFT"


@strawberry.enum(name="PromotionSortField", description="An enumeration.")
class PromotionSortField(Enum):
    NAME = "name"
    START_DATE = "start_date"
    END_DATE = "end_date"
    CREATED_AT = "created_at"


@strawberry.enum(name="PromotionCreateErrorCode", description="An enumeration.")
class PromotionCreateErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    MULTIPLE_CURRENCIES_NOT_ALLOWED = "MULTIPLE_CURRENCIES_NOT_ALLOWED"
    INVALID_PRECISION = "INVALID_PRECISION"
    MISSING_CHANNELS = "MISSING_CHANNELS"
    RULES_NUMBER_LIMIT = "RULES_NUMBER_LIMIT"
    GIFTS_NUMBER_LIMIT = "GIFTS_NUMBER_LIMIT"
    INVALID_GIFT_TYPE = "INVALID_GIFT_TYPE"


@strawberry.enum(name="PromotionUpdateErrorCode", description="An enumeration.")
class PromotionUpdateErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"


@strawberry.enum(name="PromotionDeleteErrorCode", description="An enumeration.")
class PromotionDeleteErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"


@strawberry.enum(name="PromotionRuleCreateErrorCode", description="An enumeration.")
class PromotionRuleCreateErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    MULTIPLE_CURRENCIES_NOT_ALLOWED = "MULTIPLE_CURRENCIES_NOT_ALLOWED"
    INVALID_PRECISION = "INVALID_PRECISION"
    MISSING_CHANNELS = "MISSING_CHANNELS"
    RULES_NUMBER_LIMIT = "RULES_NUMBER_LIMIT"
    GIFTS_NUMBER_LIMIT = "GIFTS_NUMBER_LIMIT"
    INVALID_GIFT_TYPE = "INVALID_GIFT_TYPE"


@strawberry.enum(name="PromotionRuleUpdateErrorCode", description="An enumeration.")
class PromotionRuleUpdateErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    DUPLICATED_INPUT_ITEM = "DUPLICATED_INPUT_ITEM"
    MISSING_CHANNELS = "MISSING_CHANNELS"
    MULTIPLE_CURRENCIES_NOT_ALLOWED = "MULTIPLE_CURRENCIES_NOT_ALLOWED"
    INVALID_PRECISION = "INVALID_PRECISION"
    INVALID_GIFT_TYPE = "INVALID_GIFT_TYPE"
    GIFTS_NUMBER_LIMIT = "GIFTS_NUMBER_LIMIT"


@strawberry.enum(name="PromotionRuleDeleteErrorCode", description="An enumeration.")
class PromotionRuleDeleteErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"

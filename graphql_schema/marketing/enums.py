"""The campaign API's enums: its error codes mirrored from the domain, and link targets."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from graphql_schema.core.errors import graphql_enum
from storefront.marketing.error_codes import CampaignErrorCode

CampaignErrorCodeEnum = graphql_enum(CampaignErrorCode, name="CampaignErrorCode")


@strawberry.enum(name="CampaignLinkTargetEnum", description="What a campaign link opens. Added in Asal.")
class CampaignLinkTargetEnum(StrEnum):
    PRODUCT = "PRODUCT"
    COLLECTION = "COLLECTION"
    CATEGORY = "CATEGORY"
    HOME = "HOME"

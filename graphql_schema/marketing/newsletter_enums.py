"""The newsletter API's enums, mirrored from the domain (``storefront.marketing.newsletter``)."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from graphql_schema.core.errors import graphql_enum
from storefront.marketing.newsletter import NewsletterErrorCode

NewsletterErrorCodeEnum = graphql_enum(NewsletterErrorCode, name="NewsletterErrorCode")


@strawberry.enum(
    name="NewsletterSourceEnum", description="Where a newsletter subscription was asked for. Added in Asal."
)
class NewsletterSourceEnum(StrEnum):
    CHECKOUT = "CHECKOUT"
    REGISTRATION = "REGISTRATION"
    FOOTER = "FOOTER"

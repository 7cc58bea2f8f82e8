"""``newsletterSubscribe`` (anyone): ask for the newsletter; a confirmation link is e-mailed
(double opt-in). The answer is the same whether or not the address already subscribed."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_schema.core.errors import returns_errors
from graphql_schema.marketing.newsletter_enums import NewsletterErrorCodeEnum, NewsletterSourceEnum
from storefront.core.http import client_address
from storefront.marketing.newsletter import NewsletterError as NewsletterDomainError
from storefront.marketing.newsletter import newsletter_subscribe

_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


@strawberry.type(description="Represents errors in newsletter mutations. Added in Asal.")
class NewsletterError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: NewsletterErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.type(description="Asks for the newsletter; a confirmation link is e-mailed. Added in Asal.")
class NewsletterSubscribe:
    requires_confirmation: bool | None = strawberry.field(
        default=None,
        description="Whether the subscriber must open the e-mailed link (always, when no errors).",
    )
    errors: list[NewsletterError] = strawberry.field(default_factory=list)


@strawberry.type
class NewsletterMutations:
    @strawberry.mutation(
        description=(
            "Subscribe an e-mail address to the newsletter with double opt-in: a confirmation link is "
            "e-mailed in the given language. Rate-limited per e-mail and client address. Added in Asal."
        )
    )
    @returns_errors(NewsletterSubscribe, NewsletterError, NewsletterDomainError)
    def newsletter_subscribe(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="The subscriber's e-mail address.")],
        channel: Annotated[
            str | None, strawberry.argument(description="Slug of the channel the subscriber buys in.")
        ] = None,
        language_code: Annotated[
            str | None,
            strawberry.argument(
                description='Language of the e-mails, e.g. "en" or "id" (default: the shop\'s).'
            ),
        ] = None,
        subscription_source: Annotated[
            NewsletterSourceEnum,
            strawberry.argument(name="source", description="Where the subscriber asked."),
        ] = NewsletterSourceEnum.FOOTER,
    ) -> NewsletterSubscribe | None:
        request = info.context.request
        newsletter_subscribe(
            email=email,
            channel_slug=channel,
            language_code=language_code,
            source=subscription_source.value,
            ip_address=client_address(request),
            user_agent=str(request.META.get("HTTP_USER_AGENT", "")),
        )
        return NewsletterSubscribe(requires_confirmation=True)

"""Saleor's ``Channel`` type: the fields Asal can back (id, name, slug, activity, currency, countries).

``countries`` are the countries of the channel's shipping zones, as Saleor's are.

Root values are ``storefront.channels.models.Channel`` instances.
"""

from __future__ import annotations

import strawberry

from graphql_schema.core.countries import CountryDisplay
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import Node, model_type_check, node_id
from storefront.accounts.permissions import PermissionCode
from storefront.channels import models
from storefront.shipping.quotes import channel_countries


@strawberry.type(description="Represents the channel-specific order settings.")
class OrderSettings:
    automatically_confirm_all_new_orders: bool = strawberry.field(
        description=(
            "When disabled, all new orders from checkout will be marked as unconfirmed. When enabled orders "
            "from checkout will become unfulfilled immediately."
        )
    )
    automatically_fulfill_non_shippable_gift_card: bool = strawberry.field(
        description="When enabled, all non-shippable gift card orders will be fulfilled automatically."
    )
    allow_unpaid_orders: bool = strawberry.field(
        description=(
            "Determine if it is possible to place unpaid order by calling `checkoutComplete` mutation."
        )
    )
    include_draft_order_in_voucher_usage: bool = strawberry.field(
        description="Determine if voucher applied on draft order should be count toward voucher usage."
    )


@strawberry.type(name="Channel", description="Represents channel.")
class Channel(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Channel)

    id: strawberry.ID = node_id("Channel")

    slug: str = strawberry.field(description="Slug of the channel.")
    name: str = strawberry.field(description="Name of the channel.")
    is_active: bool = strawberry.field(description="Whether the channel is active.")
    currency_code: str = strawberry.field(description="A currency that is assigned to the channel.")

    @strawberry.field(description="Default country for the channel.")
    def default_country(self) -> CountryDisplay:
        return CountryDisplay.from_code(self.default_country)

    @strawberry.field(description="List of shippable countries for the channel: those of its shipping zones.")
    def countries(self, root: strawberry.Parent[models.Channel]) -> list[CountryDisplay] | None:
        # Every channel's countries come from one cached table: no query per channel.
        return [CountryDisplay.from_code(code) for code in channel_countries(root)]

    @strawberry.field(
        description=(
            "Channel-specific order settings.\n\nRequires one of the following permissions: "
            "MANAGE_CHANNELS, MANAGE_ORDERS."
        ),
        extensions=[permission_required(PermissionCode.MANAGE_CHANNELS, PermissionCode.MANAGE_ORDERS)],
    )
    def order_settings(self, root: strawberry.Parent[models.Channel]) -> OrderSettings:
        channel = root
        return OrderSettings(
            automatically_confirm_all_new_orders=channel.automatically_confirm_all_new_orders,
            automatically_fulfill_non_shippable_gift_card=False,
            allow_unpaid_orders=channel.allow_unpaid_orders,
            include_draft_order_in_voucher_usage=False,
        )

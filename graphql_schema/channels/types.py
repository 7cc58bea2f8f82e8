"""Saleor's ``Channel`` type: the fields Asal can back (id, name, slug, activity, currency, countries).

Root values are ``storefront.channels.models.Channel`` instances.
"""

from __future__ import annotations

import strawberry

from graphql_schema.core.countries import CountryDisplay
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.relay import Node, model_type_check, node_id
from storefront.channels import models


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

    @strawberry.field(description="List of shippable countries for the channel (empty: worldwide).")
    def countries(self) -> list[CountryDisplay] | None:
        return [CountryDisplay.from_code(code) for code in self.allowed_countries]  # type: ignore[attr-defined]

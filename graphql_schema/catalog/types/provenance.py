"""Asal's ``provenance`` of a product: where it is made, by whom, from what, and how.

Only makers who consented to publish are ever read from the database (see
``storefront.catalog.selectors.product_annotate_provenance``). The lists arrive as JSON on the
product's own row (or in one query for every product of the page, ``loaders.PRODUCT_PROVENANCE``),
so a page of products costs no query per relation. Portraits were registered as the page's images
when the lists were loaded, so their thumbnails load together.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from graphql_schema.catalog import loaders
from graphql_schema.catalog.loaders import ProvenanceLists
from graphql_schema.catalog.types.common import Image, ThumbnailFormatEnum, image_url
from graphql_schema.core.channel_context import ChannelContext, scope_for
from graphql_schema.core.relay import to_global_id
from provenance.origins import models as origins
from storefront.catalog.models import Product


@strawberry.type(description="A village where products are made, with village-level coordinates.")
class Origin:
    _origin: strawberry.Private[origins.Origin]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Origin", self._origin.pk))

    @strawberry.field(description="Display name, e.g. 'Loyok, East Lombok'.")
    def name(self) -> str:
        return self._origin.name

    @strawberry.field(description="Village (desa).")
    def village(self) -> str:
        return self._origin.village

    @strawberry.field(description="District (kecamatan).")
    def district(self) -> str:
        return self._origin.district

    @strawberry.field(description="Regency (kabupaten) or city (kota).")
    def regency(self) -> str:
        return self._origin.regency

    @strawberry.field(description="Province.")
    def province(self) -> str:
        return self._origin.province

    @strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    def country(self) -> str:
        return self._origin.country

    @strawberry.field(description="Latitude of the village (never of a home).")
    def latitude(self) -> float:
        return float(self._origin.latitude)

    @strawberry.field(description="Longitude of the village (never of a home).")
    def longitude(self) -> float:
        return float(self._origin.longitude)


@strawberry.type(description="A cooperative, BUMDes or small-industry group makers belong to.")
class ProducerGroup:
    name: str
    kind: str = strawberry.field(description="COOPERATIVE, BUMDES or IKM.")
    registration_number: str | None


@strawberry.type(description="An artisan who consented to be shown.")
class Maker:
    _data: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Maker", self._data["id"]))

    @strawberry.field(description="Public display name.")
    def display_name(self) -> str:
        return self._data["display_name"]

    @strawberry.field
    def slug(self) -> str:
        return self._data["slug"]

    @strawberry.field
    def bio(self) -> str:
        return self._data["bio"] or ""

    @strawberry.field(description="True for a fictional profile loaded with the demo catalogue.")
    def is_demo_profile(self) -> bool:
        return bool(self._data["is_demo_profile"])

    @strawberry.field(description="The maker's portrait.")
    def portrait(
        self,
        info: Info,
        size: int | None = None,
        format: ThumbnailFormatEnum | None = ThumbnailFormatEnum.ORIGINAL,
    ) -> Image | None:
        name = self._data.get("portrait")
        if not name:
            return None
        alt = self._data.get("portrait_alt") or self.display_name()
        return Image(url=image_url(info, original_name=name, size=size, format=format), alt=alt)

    @strawberry.field(description="The producer group the maker belongs to.")
    def group(self) -> ProducerGroup | None:
        if not self._data.get("group_name"):
            return None
        return ProducerGroup(
            name=self._data["group_name"],
            kind=self._data["group_kind"],
            registration_number=self._data.get("group_registration_number") or None,
        )


@strawberry.type(description="A raw material and the area it comes from.")
class Material:
    _data: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Material", self._data["id"]))

    @strawberry.field
    def name(self) -> str:
        return self._data["name"]

    @strawberry.field(description="Indonesian name.")
    def name_id(self) -> str | None:
        return self._data.get("name_id") or None

    @strawberry.field
    def slug(self) -> str:
        return self._data["slug"]

    @strawberry.field(description="Where the material comes from, e.g. 'slopes of Rinjani'.")
    def origin_area(self) -> str | None:
        return self._data.get("origin_area") or None


@strawberry.type(description="A craft technique.")
class Technique:
    _data: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Technique", self._data["id"]))

    @strawberry.field
    def name(self) -> str:
        return self._data["name"]

    @strawberry.field(description="Indonesian name.")
    def name_id(self) -> str | None:
        return self._data.get("name_id") or None

    @strawberry.field
    def slug(self) -> str:
        return self._data["slug"]


def _sorted(items: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: (str(item.get(key) or ""), item.get("id") or 0))


@strawberry.type(description="Where, by whom, from what and how a product is made.")
class Provenance:
    _product: strawberry.Private[ChannelContext[Product]]

    def _lists(self, info: Info) -> ProvenanceLists:
        return loaders.PRODUCT_PROVENANCE.load(
            info, self._product.node.pk, scope_for(info, self._product.channel)
        )

    @strawberry.field(description="The village the product comes from.")
    def origin(self) -> Origin | None:
        origin = self._product.node.origin  # joined with the product wherever products are loaded
        return Origin(_origin=origin) if origin is not None else None

    @strawberry.field(description="Makers of the product who consented to be shown.")
    def makers(self, info: Info) -> list[Maker]:
        items = self._lists(info).makers
        return [Maker(_data=item) for item in _sorted(items, "display_name")]

    @strawberry.field(description="Materials the product is made from.")
    def materials(self, info: Info) -> list[Material]:
        items = self._lists(info).materials
        return [Material(_data=item) for item in _sorted(items, "name")]

    @strawberry.field(description="Techniques used to make the product.")
    def techniques(self, info: Info) -> list[Technique]:
        items = self._lists(info).techniques
        return [Technique(_data=item) for item in _sorted(items, "name")]

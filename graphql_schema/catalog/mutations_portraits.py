"""``makerPortraitUpdate``: a maker's portrait as a GraphQL multipart ``Upload`` (Asal's; Saleor has
no makers). ``MANAGE_PROVENANCE``, like the other writes of makers.

Thin: decode the maker's ID, call ``storefront.catalog.media.maker_portrait_update`` with the
request's actor and shape the payload. The file gets the product photos' checks and re-encoding,
so its errors are the catalogue's (``ProductError``: ``INVALID_FILE_TYPE``,
``UNSUPPORTED_MIME_TYPE``, ``FILE_SIZE_LIMIT_EXCEEDED`` on ``image``); ``image: null`` removes
the portrait. ``alt`` (as Saleor's ``productMediaUpdate``'s) is the portrait's alt text; given
without ``image``, only the alt text changes. It lives with the catalogue's API because the
``Maker`` type it returns does (``types/provenance.py``), and ``graphql_schema.catalog`` already
imports ``graphql_schema.provenance``.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import row
from graphql_schema.catalog.mutation_inputs import ProductError
from graphql_schema.catalog.types.provenance import Maker
from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.scalars import Upload
from provenance.origins.models import Maker as MakerModel
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.media import maker_portrait_update
from storefront.catalog.media.portraits import KEEP


@strawberry.type(description="Replaces or removes a maker's portrait.")
class MakerPortraitUpdate:
    errors: list[ProductError] = strawberry.field(default_factory=list)
    maker: Maker | None = None


def _maker_type(maker: MakerModel) -> Maker:
    group = maker.group
    return Maker(
        _data={
            "id": maker.pk,
            "display_name": maker.display_name,
            "slug": maker.slug,
            "bio": maker.bio,
            "is_demo_profile": maker.is_demo_profile,
            "portrait": maker.portrait.name or "",
            "portrait_alt": maker.portrait_alt,
            "group_name": group.name if group else None,
            "group_kind": group.kind if group else None,
            "group_registration_number": group.registration_number if group else None,
        }
    )


@strawberry.type
class MakerPortraitMutations:
    @strawberry.mutation(
        description=(
            "Replaces a maker's portrait with an uploaded JPEG, PNG, WEBP or AVIF image (EXIF and GPS "
            "data removed), or removes it when `image` is null. Must be sent as a `multipart` request "
            "to upload. `alt` sets the portrait's alternative text; given alone, only it changes."
            "\n\nRequires one of the following permissions: MANAGE_PROVENANCE."
        ),
        extensions=[permission_required(PermissionCode.MANAGE_PROVENANCE)],
    )
    @returns_errors(MakerPortraitUpdate, ProductError, CatalogError)
    def maker_portrait_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the maker.")],
        image: Annotated[
            Upload | None, strawberry.argument(description="The portrait; null removes it.")
        ] = strawberry.UNSET,
        alt: Annotated[
            str | None, strawberry.argument(description="Alt text for the portrait (what it shows).")
        ] = None,
    ) -> MakerPortraitUpdate | None:
        if image is strawberry.UNSET and alt is None:  # leaving it out must not remove the portrait
            raise CatalogError(
                ProductErrorCode.REQUIRED,
                "Give `image`: a file, or null to remove the portrait (or `alt` alone).",
                field="image",
            )
        maker = row(MakerModel, id, type_name="Maker", field="id")
        maker = maker_portrait_update(
            actor=request_actor(info),
            maker=maker,
            file=KEEP if image is strawberry.UNSET else image,
            alt=alt,
        )
        return MakerPortraitUpdate(maker=_maker_type(maker))

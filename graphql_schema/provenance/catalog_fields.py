"""Provenance fields on the catalogue's ``Product`` and ``ProductVariant`` types.

A buyer sees a one-of-a-kind piece's own certificate before buying it. The catalogue types
call these functions from their resolvers, so the fields cost nothing unless selected, and a
page of variants or products costs one query per field (see ``graphql_schema.provenance.loaders``).
"""

from __future__ import annotations

from strawberry.types import Info

from graphql_schema.core.channel_context import scope_for
from graphql_schema.provenance import loaders
from graphql_schema.provenance.types import OriginCertificate
from provenance.certificates.models import OriginCertificate as CertificateModel
from storefront.catalog.models import Product, ProductVariant
from storefront.channels.models import Channel


def variant_certificate(info: Info, variant: ProductVariant) -> OriginCertificate | None:
    """The certificate of the piece in stock, for a one-of-a-kind variant; else None (no query)."""
    if not variant.is_one_of_a_kind:
        return None
    found: CertificateModel | None = loaders.variant_certificate(info, variant.pk)
    return OriginCertificate(_certificate=found) if found is not None else None


def variant_certified_units_available(info: Info, variant: ProductVariant, channel: Channel | None) -> int:
    return loaders.variant_certified_units(info, variant.pk, scope_for(info, channel))


def product_certified_units_available(info: Info, product: Product, channel: Channel | None) -> int:
    return loaders.product_certified_units(info, product.pk, scope_for(info, channel))

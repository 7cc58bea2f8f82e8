"""A maker's consent to publication, as the shop applies it: provenance record plus search index.

``provenance.origins`` imports no other domain, so it cannot refresh the catalogue's search
documents; interfaces (the back office, a management command) call these instead, which do both
in one transaction. Without this, a withdrawn maker's name would still find their products.
"""

from __future__ import annotations

from django.db import transaction

from provenance.origins.models import Maker
from provenance.origins.services import maker_consent_record, maker_consent_withdraw
from storefront.catalog.services.read_models import product_search_documents_update_for_maker


@transaction.atomic
def maker_publication_consent(*, maker: Maker) -> Maker:
    """Record consent and make the maker's name findable in the products they made."""
    maker = maker_consent_record(maker=maker)
    product_search_documents_update_for_maker(maker=maker)
    return maker


@transaction.atomic
def maker_publication_withdraw(*, maker: Maker) -> Maker:
    """Withdraw consent: hide the portrait and profile, and drop the name from the search index."""
    maker = maker_consent_withdraw(maker=maker)
    product_search_documents_update_for_maker(maker=maker)
    return maker

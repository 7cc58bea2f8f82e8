"""A maker's consent to publication, as the shop applies it: provenance record plus search index.

``provenance.origins`` imports no other domain, so it cannot refresh the catalogue's search
documents; interfaces (the back office, a management command) call these instead, which do both
in one transaction, and record who did it in the audit log. Without this, a withdrawn maker's
name would still find their products.
"""

from __future__ import annotations

from django.db import transaction

from provenance.origins.models import Maker
from provenance.origins.services import maker_consent_record, maker_consent_withdraw
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.services.read_models import product_search_documents_update_for_maker


def _consent(maker: Maker) -> dict[str, object]:
    return {"consent_to_publish": maker.consent_to_publish, "consent_recorded_at": maker.consent_recorded_at}


@transaction.atomic
def maker_publication_consent(*, maker: Maker, actor: Actor | None = None) -> Maker:
    """Record consent and make the maker's name findable in the products they made."""
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    before = _consent(maker)
    maker = maker_consent_record(maker=maker)
    product_search_documents_update_for_maker(maker=maker)
    audit_log_record(
        actor=actor or Actor.system(),
        action="maker.consent_recorded",
        target=maker,
        payload={"before": before, "after": _consent(maker)},
    )
    return maker


@transaction.atomic
def maker_publication_withdraw(*, maker: Maker, actor: Actor | None = None) -> Maker:
    """Withdraw consent: hide the portrait and profile, and drop the name from the search index."""
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    before = {**_consent(maker), "portrait": maker.portrait.name or ""}
    maker = maker_consent_withdraw(maker=maker)
    product_search_documents_update_for_maker(maker=maker)
    audit_log_record(
        actor=actor or Actor.system(),
        action="maker.consent_withdrawn",
        target=maker,
        payload={"before": before, "after": {**_consent(maker), "portrait": ""}},
    )
    return maker

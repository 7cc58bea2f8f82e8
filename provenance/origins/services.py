"""Writes of provenance reference data: makers' consent to publish their name and portrait."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from provenance.origins.models import Maker


@transaction.atomic
def maker_consent_record(*, maker: Maker) -> Maker:
    """The maker agrees that their display name and portrait may be published and signed."""
    maker.consent_to_publish = True
    maker.consent_recorded_at = timezone.now()
    maker.save(update_fields=["consent_to_publish", "consent_recorded_at", "updated_at"])
    return maker


@transaction.atomic
def maker_consent_withdraw(*, maker: Maker) -> Maker:
    """Hide the maker's public profile and take their portrait off public storage.

    Certificates already signed keep the name consented to then (they cannot change); a
    verifier fetching the withdrawn portrait gets nothing and reports it "unavailable".
    """
    portrait_name = maker.portrait.name if maker.portrait else ""
    maker.consent_to_publish = False
    maker.consent_recorded_at = timezone.now()
    maker.portrait = ""
    maker.save(update_fields=["consent_to_publish", "consent_recorded_at", "portrait", "updated_at"])
    if portrait_name:
        storage = Maker._meta.get_field("portrait").storage
        transaction.on_commit(lambda: storage.delete(portrait_name))
    return maker

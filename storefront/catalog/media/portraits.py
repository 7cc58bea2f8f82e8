"""Maker portraits: the one write of a ``Maker`` that stores a file (``makerPortraitUpdate``).

The portrait goes through the same checks and re-encoding as product photos (a phone portrait
taken at home carries the home's GPS position). A portrait is public only while the maker's
consent to publish is recorded; that rule belongs to the readers (the API, certificates), not to
storing the file. A replaced or removed portrait and its thumbnails are deleted after the commit:
certificates signed earlier then show that image as unavailable, which does not change their
verdict (a withdrawn image, see ARCHITECTURE.md). The portrait's alt text (``portrait_alt``, what
it shows, for screen readers) is written with it, or alone when no file is given (``KEEP``).
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import storages

from provenance.origins.models import Maker
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.media.storing import (
    media_content_prepare,
    media_content_store,
    media_files_release,
    thumbnails_prerender_on_commit,
)
from storefront.catalog.services.staff_checks import has_control_characters
from storefront.core.stored_files import atomic_with_stored_files

#: ``file`` left out: the portrait stays as it is (only its alt text may change).
KEEP: Any = object()
ALT_LIMIT = 250


def _alt_clean(alt: str | None) -> str | None:
    if alt is None:
        return None
    alt = alt.strip()
    if len(alt) > ALT_LIMIT or has_control_characters(alt):
        raise CatalogError(
            ProductErrorCode.INVALID,
            f"The alt text has at most {ALT_LIMIT} printable characters.",
            field="alt",
        )
    return alt


def maker_portrait_update(
    *, actor: Actor, maker: Maker, file: Any | None = KEEP, alt: str | None = None
) -> Maker:
    """Store ``file`` as ``maker``'s portrait (``None`` removes it, ``KEEP`` keeps it) and ``alt``
    as its alt text (``None`` keeps it); ``CatalogError`` on ``image`` or ``alt``."""
    alt = _alt_clean(alt)
    content = media_content_prepare(file=file) if file is not None and file is not KEEP else None
    with atomic_with_stored_files() as stored:
        maker = Maker.objects.select_for_update().get(pk=maker.pk)
        old, old_alt = maker.portrait.name or "", maker.portrait_alt
        new_alt = old_alt if alt is None else alt
        if content is None and (file is KEEP or not old) and new_alt == old_alt:
            return maker
        if content is not None:
            media_content_store(stored=stored, field_file=maker.portrait, content=content)
        elif file is not KEEP:
            maker.portrait = ""  # type: ignore[assignment]  # Django stores "" for no file
        maker.portrait_alt = new_alt
        maker.save(update_fields=["portrait", "portrait_alt", "updated_at"])
        new = maker.portrait.name or ""
        audit_log_record(
            actor=actor,
            action="maker.portrait_updated",
            target=maker,
            payload={
                "before": {"portrait": old, "alt": old_alt},
                "after": {"portrait": new, "alt": new_alt},
            },
        )
        if old == new:
            return maker
        if old:
            media_files_release(storage=storages["default"], names=[old])
        if new:
            thumbnails_prerender_on_commit(new)
    return maker

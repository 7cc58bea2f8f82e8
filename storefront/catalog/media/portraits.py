"""Maker portraits: the one write of a ``Maker`` that stores a file (``makerPortraitUpdate``).

The portrait goes through the same checks and re-encoding as product photos (a phone portrait
taken at home carries the home's GPS position). A portrait is public only while the maker's
consent to publish is recorded; that rule belongs to the readers (the API, certificates), not to
storing the file. A replaced or removed portrait and its thumbnails are deleted after the commit:
certificates signed earlier then show that image as unavailable, which does not change their
verdict (a withdrawn image, see ARCHITECTURE.md).
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import storages

from provenance.origins.models import Maker
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.media.storing import (
    media_content_prepare,
    media_content_store,
    media_files_release,
    thumbnails_prerender_on_commit,
)
from storefront.core.stored_files import atomic_with_stored_files


def maker_portrait_update(*, actor: Actor, maker: Maker, file: Any | None) -> Maker:
    """Store ``file`` as ``maker``'s portrait (``None`` removes it); ``CatalogError`` on ``image``."""
    content = media_content_prepare(file=file) if file is not None else None
    with atomic_with_stored_files() as stored:
        maker = Maker.objects.select_for_update().get(pk=maker.pk)
        old = maker.portrait.name or ""
        if content is None and not old:
            return maker
        if content is not None:
            media_content_store(stored=stored, field_file=maker.portrait, content=content)
        else:
            maker.portrait = ""  # type: ignore[assignment]  # Django stores "" for no file
        maker.save(update_fields=["portrait", "updated_at"])
        new = maker.portrait.name or ""
        audit_log_record(
            actor=actor,
            action="maker.portrait_updated",
            target=maker,
            payload={"before": {"portrait": old}, "after": {"portrait": new}},
        )
        if old:
            media_files_release(storage=storages["default"], names=[old])
        if new:
            thumbnails_prerender_on_commit(new)
    return maker

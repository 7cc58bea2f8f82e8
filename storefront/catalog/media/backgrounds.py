"""Background images of categories and collections (Saleor's ``backgroundImage: Upload`` of
``categoryCreate/Update`` and ``collectionCreate/Update``).

Each function wraps the structure service that writes the other fields
(``storefront.catalog.services.staff_structure``) in one transaction with the image, so a refused
field stores no image and a refused image changes no field: the upload is checked before anything
is written, and a failure after the file was stored deletes it again. ``UNSET`` leaves the image
as it is, ``None`` removes it; a replaced or removed image and its thumbnails are deleted after
the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.media.storing import (
    media_content_prepare,
    media_content_store,
    media_files_release,
    thumbnails_prerender_on_commit,
)
from storefront.catalog.models import Category, Collection, Product
from storefront.catalog.services.staff_products import UNSET
from storefront.catalog.services.staff_structure import (
    StructureFields,
    staff_category_create,
    staff_category_update,
    staff_collection_create,
    staff_collection_update,
)
from storefront.core.stored_files import atomic_with_stored_files

S = TypeVar("S", Category, Collection)
FIELD = "backgroundImage"


def category_create_with_background(
    *, actor: Actor, fields: StructureFields, parent: Category | None = None, background_image: Any = UNSET
) -> Category:
    return _with_background(
        actor, background_image, lambda: staff_category_create(actor=actor, fields=fields, parent=parent)
    )


def category_update_with_background(
    *, actor: Actor, category: Category, fields: StructureFields, background_image: Any = UNSET
) -> Category:
    return _with_background(
        actor, background_image, lambda: staff_category_update(actor=actor, category=category, fields=fields)
    )


def collection_create_with_background(
    *, actor: Actor, fields: StructureFields, products: Sequence[Product] = (), background_image: Any = UNSET
) -> Collection:
    return _with_background(
        actor,
        background_image,
        lambda: staff_collection_create(actor=actor, fields=fields, products=products),
    )


def collection_update_with_background(
    *, actor: Actor, collection: Collection, fields: StructureFields, background_image: Any = UNSET
) -> Collection:
    return _with_background(
        actor,
        background_image,
        lambda: staff_collection_update(actor=actor, collection=collection, fields=fields),
    )


def _with_background(actor: Actor, file: Any, write: Callable[[], S]) -> S:
    if file is UNSET:
        return write()
    content = _prepared(file) if file is not None else None
    with atomic_with_stored_files() as stored:
        written = write()
        instance = type(written).objects.select_for_update().get(pk=written.pk)
        old = instance.background_image.name or ""
        if content is None and not old:
            return written
        if content is not None:
            media_content_store(stored=stored, field_file=instance.background_image, content=content)
        else:
            instance.background_image = ""  # type: ignore[assignment]  # Django stores "" for no file
        touched: list[str] = (
            ["updated_at"] if isinstance(instance, Category) else []
        )  # collections keep no time
        instance.save(update_fields=["background_image", *touched])
        new = instance.background_image.name or ""
        kind = "category" if isinstance(instance, Category) else "collection"
        audit_log_record(
            actor=actor,
            action=f"{kind}.background_image_updated",
            target=instance,
            payload={"before": {"background_image": old}, "after": {"background_image": new}},
        )
        if old:
            media_files_release(storage=storages["default"], names=[old])
        if new:
            thumbnails_prerender_on_commit(new)
    return instance


def _prepared(file: Any) -> ContentFile[bytes]:
    try:
        return media_content_prepare(file=file)
    except CatalogError as refused:
        raise CatalogError(refused.code, refused.message, field=FIELD) from refused

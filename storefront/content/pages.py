"""Staff writes of page types and pages (Saleor's ``pageType*``, ``page*`` and ``pageTranslate``).

Each service checks its whole input first and reports every problem at once, writes in one
transaction, and records an audit entry with the object before and after. Content is stored as
``editorjs_clean`` returns it (known blocks, sanitised inline HTML). A page's attribute values use
the catalogue's attribute rules (``storefront.catalog.services.attribute_input``) against its
page type's attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.models import Attribute
from storefront.catalog.services._common import fields_save_changed, translation_upsert
from storefront.catalog.services.attribute_input import (
    AttributeChoice,
    attribute_choices_check,
    attribute_values_resolve,
)
from storefront.catalog.services.slugs import slug_unique
from storefront.catalog.services.staff_products import UNSET
from storefront.content._checks import seo_problems, slug_problems, text_problems
from storefront.content.editorjs import editorjs_clean
from storefront.content.error_codes import ContentError, PageErrorCode
from storefront.content.models import (
    AssignedPageAttributeValue,
    Page,
    PageTranslation,
    PageType,
    PageTypeAttribute,
)

Code = PageErrorCode
MAX_BULK = 100


def _audit(actor: Actor, action: str, target: Any, before: Any, after: Any) -> None:
    if before != after:
        audit_log_record(
            actor=actor, action=action, target=target, payload={"before": before, "after": after}
        )


# --- page types -------------------------------------------------------------------------------------


def _page_type_snapshot(page_type: PageType) -> dict[str, Any]:
    return {
        "name": page_type.name,
        "slug": page_type.slug,
        "attributes": list(page_type.attribute_links.values_list("attribute_id", flat=True)),
    }


def _page_type_changes(
    *, name: Any, slug: Any, instance: PageType | None, problems: list[ContentError]
) -> dict[str, Any]:
    creating = instance is None
    changes: dict[str, Any] = {}
    given_name = None if name is UNSET else name
    problems += text_problems(
        given_name, field="name", required=creating or name is not UNSET, max_length=250
    )
    if given_name and given_name.strip():
        changes["name"] = given_name.strip()
    if slug is not UNSET and slug is not None:
        problems += slug_problems(PageType, slug, exclude_pk=instance.pk if instance else None)
        changes["slug"] = slug
    return changes


def _attributes_add(page_type: PageType, attributes: Sequence[Attribute]) -> None:
    last = page_type.attribute_links.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    for offset, attribute in enumerate(attributes, start=1):
        PageTypeAttribute.objects.get_or_create(
            page_type=page_type, attribute=attribute, defaults={"sort_order": last + offset}
        )


def _duplicates(attributes: Sequence[Attribute], field: str) -> list[ContentError]:
    if len({a.pk for a in attributes}) != len(attributes):
        return [ContentError(Code.DUPLICATED_INPUT_ITEM, "An attribute is given twice.", field=field)]
    return []


@transaction.atomic
def page_type_create(
    *, actor: Actor, name: Any, slug: Any = UNSET, add_attributes: Sequence[Attribute] = ()
) -> PageType:
    """Saleor's ``pageTypeCreate``: the slug is made from the name when not given."""
    problems: list[ContentError] = []
    changes = _page_type_changes(name=name, slug=slug, instance=None, problems=problems)
    problems += _duplicates(add_attributes, "addAttributes")
    if problems:
        raise ContentError.group(problems)
    changes.setdefault("slug", slug_unique(PageType, changes["name"], fallback="page-type"))
    page_type = PageType.objects.create(**changes)
    _attributes_add(page_type, add_attributes)
    _audit(actor, "page_type.created", page_type, None, _page_type_snapshot(page_type))
    return page_type


@transaction.atomic
def page_type_update(
    *,
    actor: Actor,
    page_type: PageType,
    name: Any = UNSET,
    slug: Any = UNSET,
    add_attributes: Sequence[Attribute] = (),
    remove_attributes: Sequence[Attribute] = (),
) -> PageType:
    """Saleor's ``pageTypeUpdate``; removing an attribute removes its values from the type's pages."""
    page_type = PageType.objects.select_for_update().get(pk=page_type.pk)
    before = _page_type_snapshot(page_type)
    problems: list[ContentError] = []
    changes = _page_type_changes(name=name, slug=slug, instance=page_type, problems=problems)
    problems += _duplicates(add_attributes, "addAttributes") + _duplicates(
        remove_attributes, "removeAttributes"
    )
    if {a.pk for a in add_attributes} & {a.pk for a in remove_attributes}:
        problems.append(
            ContentError(
                Code.DUPLICATED_INPUT_ITEM, "An attribute is both added and removed.", field="addAttributes"
            )
        )
    if problems:
        raise ContentError.group(problems)
    fields_save_changed(page_type, changes)
    _attributes_add(page_type, add_attributes)
    if remove_attributes:
        removed = [a.pk for a in remove_attributes]
        page_type.attribute_links.filter(attribute_id__in=removed).delete()
        AssignedPageAttributeValue.objects.filter(
            page__page_type=page_type, value__attribute_id__in=removed
        ).delete()
    _audit(actor, "page_type.updated", page_type, before, _page_type_snapshot(page_type))
    return page_type


@transaction.atomic
def page_type_delete(*, actor: Actor, page_type: PageType) -> PageType:
    """Saleor's ``pageTypeDelete``: its pages go with it (and leave the menus that named them)."""
    before = _page_type_snapshot(page_type)
    before["pages"] = list(page_type.pages.values_list("slug", flat=True))
    pk = page_type.pk
    page_type.pages.all().delete()
    page_type.delete()
    page_type.pk = pk
    audit_log_record(actor=actor, action="page_type.deleted", target=page_type, payload={"before": before})
    return page_type


# --- pages ------------------------------------------------------------------------------------------


@dataclass
class PageFields:
    """A page input as decoded by the API; ``UNSET``: left out of the input."""

    title: Any = UNSET
    slug: Any = UNSET
    content: Any = UNSET
    seo_title: Any = UNSET
    seo_description: Any = UNSET
    is_published: Any = UNSET
    published_at: Any = UNSET
    attributes: Any = UNSET  # a list of AttributeChoice


def _page_snapshot(page: Page) -> dict[str, Any]:
    return {
        "page_type": page.page_type_id,
        "title": page.title,
        "slug": page.slug,
        "content": page.content,
        "seo_title": page.seo_title,
        "seo_description": page.seo_description,
        "is_published": page.is_published,
        "published_at": page.published_at.isoformat() if page.published_at else None,
        "attribute_values": list(page.attribute_values.values_list("value_id", flat=True)),
    }


def _page_changes(
    fields: PageFields, *, page_type: PageType, instance: Page | None, problems: list[ContentError]
) -> dict[str, Any]:
    creating = instance is None
    changes: dict[str, Any] = {}
    title = None if fields.title is UNSET else fields.title
    problems += text_problems(
        title, field="title", required=creating or fields.title is not UNSET, max_length=250
    )
    if title and title.strip():
        changes["title"] = title.strip()
    if fields.slug is not UNSET and fields.slug is not None:
        problems += slug_problems(Page, fields.slug, exclude_pk=instance.pk if instance else None)
        changes["slug"] = fields.slug
    if fields.content is not UNSET:
        try:
            changes["content"] = editorjs_clean(fields.content)
        except ContentError as error:
            problems.append(error)
    seo_title = None if fields.seo_title is UNSET else fields.seo_title
    seo_description = None if fields.seo_description is UNSET else fields.seo_description
    problems += seo_problems(seo_title, seo_description)
    if fields.seo_title is not UNSET:
        changes["seo_title"] = (seo_title or "").strip()
    if fields.seo_description is not UNSET:
        changes["seo_description"] = (seo_description or "").strip()
    if fields.is_published is not UNSET and fields.is_published is not None:
        changes["is_published"] = bool(fields.is_published)
    if fields.published_at is not UNSET:
        published_at: datetime | None = fields.published_at
        changes["published_at"] = published_at
    if (
        changes.get("is_published")
        and "published_at" not in changes
        and (instance is None or not instance.published_at)
    ):
        changes["published_at"] = timezone.now()
    if fields.attributes is not UNSET and fields.attributes is not None:
        allowed = list(Attribute.objects.filter(page_types=page_type))
        for problem in attribute_choices_check(fields.attributes, allowed=allowed, creating=creating):
            problems.append(
                ContentError(
                    problem.code if problem.code in Code.__members__ else Code.INVALID,
                    problem.message.replace("product type", "page type"),
                    field=problem.field,
                    **problem.details,
                )
            )
    elif creating:
        required = Attribute.objects.filter(page_types=page_type, value_required=True)
        problems += [
            ContentError(
                Code.REQUIRED, f"Attribute {a.slug} needs a value.", field="attributes", attributes=[a]
            )
            for a in required
        ]
    return changes


def _attributes_write(page: Page, choices: Sequence[AttributeChoice]) -> None:
    try:
        values = attribute_values_resolve(choices, owner_key=f"page{page.pk}")
    except CatalogError as error:  # a race made a checked value invalid: report it as the page's
        raise ContentError(Code.INVALID, error.message, field="attributes") from error
    given = {choice.attribute.pk for choice in choices}
    page.attribute_values.filter(value__attribute_id__in=given).exclude(value__in=values).delete()
    for order, value in enumerate(values):
        AssignedPageAttributeValue.objects.update_or_create(
            page=page, value=value, defaults={"sort_order": order}
        )


@transaction.atomic
def page_create(*, actor: Actor, page_type: PageType, fields: PageFields) -> Page:
    """Saleor's ``pageCreate``: a slug made from the title when not given; unpublished by default."""
    problems: list[ContentError] = []
    changes = _page_changes(fields, page_type=page_type, instance=None, problems=problems)
    if problems:
        raise ContentError.group(problems)
    changes.setdefault("slug", slug_unique(Page, changes["title"], fallback="page"))
    page = Page.objects.create(page_type=page_type, **changes)
    if fields.attributes is not UNSET and fields.attributes:
        _attributes_write(page, fields.attributes)
    _audit(actor, "page.created", page, None, _page_snapshot(page))
    return page


@transaction.atomic
def page_update(*, actor: Actor, page: Page, fields: PageFields) -> Page:
    """Saleor's ``pageUpdate``: the fields given change, the others stay."""
    page = Page.objects.select_for_update().select_related("page_type").get(pk=page.pk)
    before = _page_snapshot(page)
    problems: list[ContentError] = []
    changes = _page_changes(fields, page_type=page.page_type, instance=page, problems=problems)
    if problems:
        raise ContentError.group(problems)
    fields_save_changed(page, changes)
    if fields.attributes is not UNSET and fields.attributes:
        _attributes_write(page, fields.attributes)
    _audit(actor, "page.updated", page, before, _page_snapshot(page))
    return page


@transaction.atomic
def page_delete(*, actor: Actor, page: Page) -> Page:
    """Saleor's ``pageDelete``: menu items linking the page go with it, as in Saleor."""
    before = _page_snapshot(page)
    pk = page.pk
    page.delete()
    page.pk = pk
    audit_log_record(actor=actor, action="page.deleted", target=page, payload={"before": before})
    return page


def _bulk_check(pages: Sequence[Page]) -> None:
    if len(pages) > MAX_BULK:
        raise ContentError(Code.INVALID, f"At most {MAX_BULK} pages at once.", field="ids")


@transaction.atomic
def page_bulk_delete(*, actor: Actor, pages: Sequence[Page]) -> int:
    """Saleor's ``pageBulkDelete``: one audit entry per page deleted."""
    _bulk_check(pages)
    for page in pages:
        page_delete(actor=actor, page=page)
    return len(pages)


@transaction.atomic
def page_bulk_publish(*, actor: Actor, pages: Sequence[Page], is_published: bool) -> int:
    """Saleor's ``pageBulkPublish``: publishing a page without a date publishes it now."""
    _bulk_check(pages)
    for page in pages:
        page_update(actor=actor, page=page, fields=PageFields(is_published=is_published))
    return len(pages)


# --- translations -----------------------------------------------------------------------------------


def _translation_snapshot(page: Page, language_code: str) -> dict[str, Any] | None:
    row = PageTranslation.objects.filter(page=page, language_code=language_code).first()
    if row is None:
        return None
    return {
        "title": row.title,
        "slug": row.slug,
        "content": row.content,
        "seo_title": row.seo_title,
        "seo_description": row.seo_description,
    }


@transaction.atomic
def page_translate(*, actor: Actor, page: Page, language_code: str, fields: PageFields) -> Page:
    """Saleor's ``pageTranslate``: the fields given change in ``language_code``, the others stay."""
    problems: list[ContentError] = []
    cleaned: dict[str, Any] = {}
    if fields.title is not UNSET:
        problems += text_problems(fields.title, field="title", required=False, max_length=250)
        cleaned["title"] = (fields.title or "").strip()
    if fields.slug is not UNSET:
        slug = fields.slug or None
        if slug is not None:
            problems += [p for p in slug_problems(PageTranslation, slug) if p.code != Code.UNIQUE]
            if (
                PageTranslation.objects.filter(language_code=language_code, slug=slug)
                .exclude(page=page)
                .exists()
            ):
                problems.append(
                    ContentError(Code.UNIQUE, "This slug is taken in this language.", field="slug")
                )
        cleaned["slug"] = slug
    if fields.content is not UNSET:
        try:
            cleaned["content"] = editorjs_clean(fields.content)
        except ContentError as error:
            problems.append(error)
    seo_title = None if fields.seo_title is UNSET else fields.seo_title
    seo_description = None if fields.seo_description is UNSET else fields.seo_description
    problems += seo_problems(seo_title, seo_description)
    if fields.seo_title is not UNSET:
        cleaned["seo_title"] = (seo_title or "").strip()
    if fields.seo_description is not UNSET:
        cleaned["seo_description"] = (seo_description or "").strip()
    if problems:
        raise ContentError.group(problems)
    before = _translation_snapshot(page, language_code)
    translation_upsert(
        PageTranslation, owner_field="page", owner=page, language_code=language_code, fields=cleaned
    )
    after = _translation_snapshot(page, language_code)
    if after != before:
        audit_log_record(
            actor=actor,
            action="page.translated",
            target=page,
            payload={"language_code": language_code, "before": before, "after": after},
        )
    return page

"""Saleor's staff mutations of pages and page types, and ``pageTranslate``.

Thin: decode IDs, call one service of ``storefront.content.pages`` with the request's actor (the
service checks the input, writes, and records the audit entry), shape Saleor's payload.
``MANAGE_PAGES`` for pages, ``MANAGE_PAGE_TYPES_AND_ATTRIBUTES`` for page types,
``MANAGE_TRANSLATIONS`` for translations, as in Saleor.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import attribute_choices, aware, given, row, rows
from graphql_schema.catalog.mutation_inputs import AttributeValueInput, SeoInput
from graphql_schema.catalog.mutations_translations import TranslationError
from graphql_schema.content import loaders
from graphql_schema.content.enums import PageErrorCodeEnum
from graphql_schema.content.types import Page, PageTranslatableContent, PageType
from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.scalars import JSONString
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.models import Attribute
from storefront.content import models
from storefront.content.error_codes import ContentError, PageErrorCode
from storefront.content.pages import (
    PageFields,
    page_bulk_delete,
    page_bulk_publish,
    page_create,
    page_delete,
    page_translate,
    page_type_create,
    page_type_delete,
    page_type_update,
    page_update,
)

_DEPRECATED_ERRORS = "Use `errors` field instead."
_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)
_RICH_TEXT = "Rich text format. For reference see https://editorjs.io/"


def _mutation(description: str, permission: PermissionCode) -> Any:
    return strawberry.mutation(
        description=f"{description}\n\nRequires one of the following permissions: {permission.value}.",
        extensions=[permission_required(permission)],
    )


@strawberry.type
class PageError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: PageErrorCodeEnum = strawberry.field(description="The error code.")
    attributes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attributes IDs which causes the error."
    )
    values: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attribute values IDs which causes the error."
    )


@strawberry.input(description="Fields of a page to update.")
class PageInput:
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Page internal name.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="Page title.")
    content: JSONString | None = strawberry.field(
        default=strawberry.UNSET, description=f"Page content.\n\n{_RICH_TEXT}"
    )
    attributes: list[AttributeValueInput] | None = strawberry.field(
        default=strawberry.UNSET, description="List of attributes."
    )
    is_published: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Determines if page is visible in the storefront."
    )
    published_at: datetime.datetime | None = strawberry.field(
        default=strawberry.UNSET, description="Publication date time. ISO 8601 standard."
    )
    seo: SeoInput | None = strawberry.field(default=None, description="Search engine optimization fields.")


@strawberry.input(description="Fields of a page to create.")
class PageCreateInput(PageInput):
    page_type: strawberry.ID = strawberry.field(description="ID of the page type that page belongs to.")


@strawberry.input(description="Fields of a page type to create.")
class PageTypeCreateInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Name of the page type.")
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Page type slug.")
    add_attributes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attribute IDs to be assigned to the page type."
    )


@strawberry.input(description="Fields of a page type to update.")
class PageTypeUpdateInput(PageTypeCreateInput):
    remove_attributes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attribute IDs to be removed from the page type."
    )


@strawberry.input(description="A page's fields in one language.")
class PageTranslationInput:
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Translated page slug.")
    seo_title: str | None = strawberry.field(default=strawberry.UNSET, description="Translated SEO title.")
    seo_description: str | None = strawberry.field(
        default=strawberry.UNSET, description="Translated SEO description."
    )
    title: str | None = strawberry.field(default=strawberry.UNSET, description="Translated page title.")
    content: JSONString | None = strawberry.field(
        default=strawberry.UNSET, description=f"Translated page content.\n\n{_RICH_TEXT}"
    )


@strawberry.type
class _PagePayload:
    errors: list[PageError] = strawberry.field(default_factory=list)
    page: Page | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def page_errors(self) -> list[PageError]:
        return self.errors


@strawberry.type(description="Creates a new page.")
class PageCreate(_PagePayload):
    pass


@strawberry.type(description="Updates an existing page.")
class PageUpdate(_PagePayload):
    pass


@strawberry.type(description="Deletes a page.")
class PageDelete(_PagePayload):
    pass


@strawberry.type
class _CountPayload:
    count: int = 0
    errors: list[PageError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def page_errors(self) -> list[PageError]:
        return self.errors


@strawberry.type(description="Deletes pages.")
class PageBulkDelete(_CountPayload):
    pass


@strawberry.type(description="Publish pages.")
class PageBulkPublish(_CountPayload):
    pass


@strawberry.type
class _PageTypePayload:
    errors: list[PageError] = strawberry.field(default_factory=list)
    page_type: PageType | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def page_errors(self) -> list[PageError]:
        return self.errors


@strawberry.type(description="Create a new page type.")
class PageTypeCreate(_PageTypePayload):
    pass


@strawberry.type(description="Update page type.")
class PageTypeUpdate(_PageTypePayload):
    pass


@strawberry.type(description="Delete a page type.")
class PageTypeDelete(_PageTypePayload):
    pass


@strawberry.type(description="Creates/updates translations for a page.")
class PageTranslate:
    errors: list[TranslationError] = strawberry.field(default_factory=list)
    page: PageTranslatableContent | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def translation_errors(self) -> list[TranslationError]:
        return self.errors


def _fields(input: PageInput) -> PageFields:
    seo = input.seo
    published_at = given(input.published_at)
    attributes = given(input.attributes)
    return PageFields(
        title=given(input.title),
        slug=given(input.slug),
        content=given(input.content),
        seo_title=given(seo.title) if seo else PageFields.seo_title,
        seo_description=given(seo.description) if seo else PageFields.seo_description,
        is_published=given(input.is_published),
        published_at=aware(published_at) if isinstance(published_at, datetime.datetime) else published_at,
        attributes=attribute_choices(attributes) if isinstance(attributes, list) else attributes,
    )


def _page(info: Info, page: models.Page) -> Page:
    page = models.Page.objects.select_related("page_type").get(pk=page.pk)
    loaders.pages_seen(info, [page])
    return cast(Page, page)


def _page_rows(ids: list[strawberry.ID]) -> list[models.Page]:
    return rows(models.Page, ids, type_name="Page", field="ids")


def _attributes(ids: list[strawberry.ID] | None, field: str) -> list[Attribute]:
    return rows(Attribute, ids, type_name="Attribute", field=field)


_Id = Annotated[strawberry.ID, strawberry.argument(description="ID of the object.")]


@strawberry.type
class PageMutations:
    @_mutation("Creates a new page.", PermissionCode.MANAGE_PAGES)
    @returns_errors(PageCreate, PageError, ContentError, CatalogError)
    def page_create(self, info: Info, input: PageCreateInput) -> PageCreate | None:
        page_type = row(models.PageType, input.page_type, type_name="PageType", field="pageType")
        page = page_create(actor=request_actor(info), page_type=page_type, fields=_fields(input))
        return PageCreate(page=_page(info, page))

    @_mutation("Updates an existing page.", PermissionCode.MANAGE_PAGES)
    @returns_errors(PageUpdate, PageError, ContentError, CatalogError)
    def page_update(self, info: Info, id: _Id, input: PageInput) -> PageUpdate | None:
        page = row(models.Page, id, type_name="Page", field="id")
        page = page_update(actor=request_actor(info), page=page, fields=_fields(input))
        return PageUpdate(page=_page(info, page))

    @_mutation("Deletes a page.", PermissionCode.MANAGE_PAGES)
    @returns_errors(PageDelete, PageError, ContentError, CatalogError)
    def page_delete(self, info: Info, id: _Id) -> PageDelete | None:
        page = (
            models.Page.objects.select_related("page_type")
            .filter(pk=row(models.Page, id, type_name="Page", field="id").pk)
            .get()
        )
        page = page_delete(actor=request_actor(info), page=page)
        return PageDelete(page=cast(Page, page))

    @_mutation("Deletes pages.", PermissionCode.MANAGE_PAGES)
    @returns_errors(PageBulkDelete, PageError, ContentError, CatalogError)
    def page_bulk_delete(self, info: Info, ids: list[strawberry.ID]) -> PageBulkDelete | None:
        count = page_bulk_delete(actor=request_actor(info), pages=_page_rows(ids))
        return PageBulkDelete(count=count)

    @_mutation("Publish pages.", PermissionCode.MANAGE_PAGES)
    @returns_errors(PageBulkPublish, PageError, ContentError, CatalogError)
    def page_bulk_publish(
        self, info: Info, ids: list[strawberry.ID], is_published: bool
    ) -> PageBulkPublish | None:
        count = page_bulk_publish(actor=request_actor(info), pages=_page_rows(ids), is_published=is_published)
        return PageBulkPublish(count=count)

    @_mutation("Create a new page type.", PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES)
    @returns_errors(PageTypeCreate, PageError, ContentError, CatalogError)
    def page_type_create(self, info: Info, input: PageTypeCreateInput) -> PageTypeCreate | None:
        page_type = page_type_create(
            actor=request_actor(info),
            name=given(input.name),
            slug=given(input.slug),
            add_attributes=_attributes(input.add_attributes, "addAttributes"),
        )
        return PageTypeCreate(page_type=cast(PageType, page_type))

    @_mutation("Update page type.", PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES)
    @returns_errors(PageTypeUpdate, PageError, ContentError, CatalogError)
    def page_type_update(
        self, info: Info, input: PageTypeUpdateInput, id: strawberry.ID | None = None
    ) -> PageTypeUpdate | None:
        if id is None:
            raise ContentError(PageErrorCode.REQUIRED, "Give the page type's ID.", field="id")
        page_type = row(models.PageType, id, type_name="PageType", field="id")
        page_type = page_type_update(
            actor=request_actor(info),
            page_type=page_type,
            name=given(input.name),
            slug=given(input.slug),
            add_attributes=_attributes(input.add_attributes, "addAttributes"),
            remove_attributes=_attributes(input.remove_attributes, "removeAttributes"),
        )
        return PageTypeUpdate(page_type=cast(PageType, page_type))

    @_mutation("Delete a page type.", PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES)
    @returns_errors(PageTypeDelete, PageError, ContentError, CatalogError)
    def page_type_delete(self, info: Info, id: _Id) -> PageTypeDelete | None:
        page_type = row(models.PageType, id, type_name="PageType", field="id")
        page_type = page_type_delete(actor=request_actor(info), page_type=page_type)
        return PageTypeDelete(page_type=cast(PageType, page_type))

    @_mutation("Creates/updates translations for a page.", PermissionCode.MANAGE_TRANSLATIONS)
    @returns_errors(PageTranslate, TranslationError, ContentError, CatalogError)
    def page_translate(
        self, info: Info, id: _Id, input: PageTranslationInput, language_code: LanguageCodeEnum
    ) -> PageTranslate | None:
        page = row(models.Page, id, type_name="Page", field="id")
        fields = PageFields(
            title=given(input.title),
            slug=given(input.slug),
            content=given(input.content),
            seo_title=given(input.seo_title),
            seo_description=given(input.seo_description),
        )
        page = page_translate(
            actor=request_actor(info),
            page=page,
            language_code=language_code_from_enum(language_code),
            fields=fields,
        )
        loaders.pages_seen(info, [page])
        return PageTranslate(page=PageTranslatableContent.of(page))

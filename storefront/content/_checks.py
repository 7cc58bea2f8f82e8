"""Checks the content services share: names, slugs, SEO fields, each returning its problems."""

from __future__ import annotations

from django.db import models

from storefront.catalog.services.slugs import slug_is_valid
from storefront.catalog.services.staff_checks import has_control_characters
from storefront.content.error_codes import ContentError, MenuErrorCode, PageErrorCode

Code = PageErrorCode | MenuErrorCode


def text_problems(
    value: str | None, *, field: str, required: bool, max_length: int, codes: type[Code] = PageErrorCode
) -> list[ContentError]:
    if value is None or not value.strip():
        return [ContentError(codes.REQUIRED, "This field cannot be blank.", field=field)] if required else []
    if len(value.strip()) > max_length:
        return [ContentError(codes.INVALID, f"At most {max_length} characters are allowed.", field=field)]
    if has_control_characters(value):
        return [ContentError(codes.INVALID, "Control characters are not allowed.", field=field)]
    return []


def slug_problems(
    model: type[models.Model],
    slug: str | None,
    *,
    exclude_pk: int | None = None,
    codes: type[Code] = PageErrorCode,
) -> list[ContentError]:
    """A given slug must be a valid slug no other row of ``model`` holds (``None``: not given)."""
    if slug is None:
        return []
    if not slug.strip():
        return [ContentError(codes.REQUIRED, "Slug value cannot be blank.", field="slug")]
    if not slug_is_valid(slug):
        return [
            ContentError(
                codes.INVALID,
                "Enter a valid slug consisting of letters, numbers, underscores or hyphens.",
                field="slug",
            )
        ]
    taken = model._default_manager.filter(slug=slug)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        name = str(model._meta.verbose_name).capitalize()
        return [ContentError(codes.UNIQUE, f"{name} with this Slug already exists.", field="slug")]
    return []


def seo_problems(title: str | None, description: str | None) -> list[ContentError]:
    problems = []
    if title is not None and (len(title) > 70 or has_control_characters(title)):
        problems.append(
            ContentError(PageErrorCode.INVALID, "An SEO title has at most 70 characters.", field="seoTitle")
        )
    if description is not None and (len(description) > 300 or has_control_characters(description)):
        problems.append(
            ContentError(
                PageErrorCode.INVALID,
                "An SEO description has at most 300 characters.",
                field="seoDescription",
            )
        )
    return problems

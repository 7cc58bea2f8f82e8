"""Slugs as Saleor makes them: ASCII from the name, unique by a ``-2``, ``-3``… suffix.

Saleor transliterates with ``unidecode``; Asal's names are Indonesian and English in Latin script,
so dropping accents after Unicode decomposition gives the same slug ("Kain Tenun Sukarara" ->
``kain-tenun-sukarara``, "Café" -> ``cafe``). A name with no Latin letters keeps its own letters
(Django's Unicode slugs), and a name with none at all falls back to the model's name.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import models
from django.utils.text import slugify

SLUG_MAX = 255


def slug_from_name(name: str, *, fallback: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = slugify(ascii_name) or slugify(name, allow_unicode=True) or fallback
    return slug[: SLUG_MAX - 8].strip("-") or fallback


def slug_unique(
    model: type[models.Model], name: str, *, fallback: str, exclude_pk: int | None = None, **scope: object
) -> str:
    """A slug for ``name`` that no other row of ``model`` (within ``scope``) holds."""
    base = slug_from_name(name, fallback=fallback)
    taken_rows = model._default_manager.filter(slug__startswith=base, **scope)
    if exclude_pk is not None:
        taken_rows = taken_rows.exclude(pk=exclude_pk)
    taken = set(taken_rows.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def slug_is_valid(slug: str) -> bool:
    """Letters (any script), digits, hyphens and underscores, at most 255 characters."""
    if not slug or len(slug) > SLUG_MAX:
        return False
    try:
        validate_unicode_slug(slug)
    except ValidationError:
        return False
    return True

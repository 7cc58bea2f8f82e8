"""Saleor's metadata: free key-value strings that apps and storefronts attach to an object.

Any model with ``metadata = models.JSONField(default=dict, blank=True)`` and ``private_metadata``
likewise carries them; these services are the only writers. Public metadata is readable by anyone
who can see the object (a storefront keeps a buyer's marketing consent on the checkout in it);
private metadata only by staff and apps (who may write which is the API's to decide, per type).

Keys and values are checked before anything is written, every problem at once: a key is 1 to
``MAX_KEY_LENGTH`` characters without control characters; a value at most ``MAX_VALUE_LENGTH``
characters, without control characters other than tab and line breaks (values often hold JSON or
text); an object holds at most ``MAX_ITEMS`` keys in each of its two stores. A write locks the
object's row and merges into what it holds then, so two concurrent writers of different keys both
land.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction

from storefront.core.error_codes import MetadataError, MetadataErrorCode

MAX_KEY_LENGTH = 256
MAX_VALUE_LENGTH = 8_192
MAX_ITEMS = 100
_ALLOWED_IN_VALUES = {"\t", "\n", "\r"}


def _control_characters(text: str, allowed: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    return any(unicodedata.category(char) == "Cc" and char not in allowed for char in text)


def metadata_items_validate(items: Sequence[tuple[str, str]], *, field: str = "input") -> dict[str, str]:
    """The items as a dict (a later duplicate key wins, as Saleor's does), or every problem raised."""
    problems: list[MetadataError] = []
    for key, value in items:
        if not key.strip():
            problems.append(
                MetadataError(MetadataErrorCode.REQUIRED, "A metadata key cannot be empty.", field=field)
            )
        elif len(key) > MAX_KEY_LENGTH:
            problems.append(
                MetadataError(
                    MetadataErrorCode.INVALID,
                    f"A metadata key has at most {MAX_KEY_LENGTH} characters.",
                    field=field,
                )
            )
        elif _control_characters(key):
            problems.append(
                MetadataError(
                    MetadataErrorCode.INVALID, "A metadata key cannot hold control characters.", field=field
                )
            )
        if len(value) > MAX_VALUE_LENGTH:
            problems.append(
                MetadataError(
                    MetadataErrorCode.INVALID,
                    f"A metadata value has at most {MAX_VALUE_LENGTH} characters (key {key[:40]!r}).",
                    field=field,
                )
            )
        elif _control_characters(value, _ALLOWED_IN_VALUES):
            problems.append(
                MetadataError(
                    MetadataErrorCode.INVALID,
                    f"A metadata value cannot hold control characters (key {key[:40]!r}).",
                    field=field,
                )
            )
    if problems:
        raise MetadataError.group(problems)
    return dict(items)


def _store(private: bool) -> str:
    return "private_metadata" if private else "metadata"


def metadata_update(
    *, instance: models.Model, items: Sequence[tuple[str, str]], private: bool = False
) -> Any:
    """Add or replace ``items`` in the object's public (or private) metadata; return the object."""
    values = metadata_items_validate(items)
    store = _store(private)
    with transaction.atomic():
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        current = dict(getattr(locked, store) or {})
        current.update(values)
        if len(current) > MAX_ITEMS:
            raise MetadataError(
                MetadataErrorCode.INVALID,
                f"An object holds at most {MAX_ITEMS} metadata keys.",
                field="input",
            )
        setattr(locked, store, current)
        locked.save(update_fields=[store])
    setattr(instance, store, current)
    return instance


def metadata_delete(*, instance: models.Model, keys: Iterable[str], private: bool = False) -> Any:
    """Remove ``keys`` (those it holds; others are ignored) from the object's metadata; return it."""
    wanted = set(keys)
    store = _store(private)
    with transaction.atomic():
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        current = dict(getattr(locked, store) or {})
        remaining = {key: value for key, value in current.items() if key not in wanted}
        if remaining != current:
            setattr(locked, store, remaining)
            locked.save(update_fields=[store])
    setattr(instance, store, remaining)
    return instance


def metadata_of(instance: Any, *, private: bool = False) -> dict[str, str]:
    """The object's metadata (an empty dict for an object whose model carries none)."""
    if not isinstance(instance, models.Model):
        return {}
    value = getattr(instance, _store(private), None)
    return dict(value) if isinstance(value, dict) else {}

"""Helpers the catalogue services share: change-only saves, m2m sets, translation upserts."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)

_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


# --- small helpers ------------------------------------------------------------------


def fields_save_changed(instance: M, fields: Mapping[str, Any]) -> bool:
    """Set the fields that differ and save only those; return whether anything changed."""
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(instance, name, fields[name])
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        changed.append("updated_at")
    instance.save(update_fields=changed)
    return True


def m2m_set(manager: Any, wanted: Iterable[models.Model]) -> bool:
    """Make a many-to-many relation equal ``wanted``, touching nothing when it already is."""
    wanted_ids = {obj.pk for obj in wanted}
    current_ids = set(manager.values_list("pk", flat=True))
    if wanted_ids == current_ids:
        return False
    manager.set(list(wanted_ids))
    return True


def translation_upsert(
    model: type[M], *, owner_field: str, owner: models.Model, language_code: str, fields: Mapping[str, Any]
) -> M:
    instance = model._default_manager.filter(**{owner_field: owner, "language_code": language_code}).first()
    if instance is None:
        return model._default_manager.create(**{owner_field: owner, "language_code": language_code}, **fields)
    fields_save_changed(instance, fields)
    return instance


def description_plaintext(description: Mapping[str, Any] | None) -> str:
    """The words of an EditorJS document without markup: for search and for feeds."""
    if not description:
        return ""
    texts: list[str] = []
    for block in description.get("blocks", []):
        data = block.get("data", {})
        if "text" in data:
            texts.append(str(data["text"]))
        texts.extend(str(item) for item in data.get("items", []) if isinstance(item, str))
    return _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub(" ", " ".join(texts)))).strip()

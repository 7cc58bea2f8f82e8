"""What a query asked for below the current field, so a resolver fetches only what is needed.

Used by list resolvers to decide which per-row subqueries (prices, first image, provenance) to
add to the one SQL statement that loads a page, instead of paying for them on every request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment


def selected_names(info: Info) -> set[str]:
    """Every field name (GraphQL spelling) selected anywhere below the current field."""
    names: set[str] = set()

    def walk(selections: Iterable[Any]) -> None:
        for selection in selections:
            if not isinstance(selection, FragmentSpread | InlineFragment):
                names.add(selection.name)
            walk(selection.selections)

    for field in info.selected_fields:
        walk(field.selections)
    return names

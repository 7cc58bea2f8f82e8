"""The shape of one demo product record; the records live in ``crafts`` and ``pantry``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Food:
    ingredients: str
    allergens: str
    net_content: str
    storage_advice: str


@dataclass(frozen=True)
class DemoProduct:
    """One product of the demo shop, in words a buyer reads (EN) and the Indonesian translation.

    ``variants``: ``"one"`` (one stocked variant), ``"ooak"`` (one of a kind), ``"mto:<days>"``
    (made to order), or comma-separated size slugs (``"s,m,l"``), each a variant.
    """

    slug: str
    name: str
    name_id: str
    type: str
    category: str
    origin: str
    makers: tuple[str, ...]
    materials: tuple[str, ...]
    techniques: tuple[str, ...]
    usd: str
    text: str
    text_id: str
    sku: str
    image: str
    variants: str = "one"
    material_values: tuple[str, ...] = ()
    technique_value: str = ""
    colour: str = "natural"
    motif: str = "plain"
    height_cm: str | None = None
    care: str = ""
    natural_dyes: bool | None = None
    single_origin: bool | None = None
    prior: bool = False
    hs: str = ""
    dims: tuple[int, int, int] = (20, 20, 10)
    weight: str = "0.400"
    collections: tuple[str, ...] = ()
    food: Food | None = None
    extra: dict[str, str] = field(default_factory=dict)


def p(slug: str, name: str, name_id: str, base: Mapping[str, object], **overrides: object) -> DemoProduct:
    """Shorthand for the data modules: a family's shared fields, then this product's own.

    Space-separated strings become tuples for the relations.
    """
    kwargs = {**base, **overrides}
    for key in ("makers", "materials", "techniques", "material_values", "collections"):
        value = kwargs.get(key)
        if isinstance(value, str):
            kwargs[key] = tuple(value.split())
    return DemoProduct(slug, name, name_id, **kwargs)  # type: ignore[arg-type]

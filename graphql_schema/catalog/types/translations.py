"""Saleor's ``*Translation`` types of products, variants, categories and collections.

Root values are the translation rows; ``translation(languageCode)`` fields load every language
of every owner of a kind at once (``shared_loaders.translation``), falling back to the base language.
The three translations with SEO fields share one definition (``seo_translation``) and differ only
in their owner's name in the descriptions, as in Saleor.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

from graphql_schema.core.languages import LanguageDisplay
from graphql_schema.core.relay import Node, model_type_check, node_id, to_global_id
from graphql_schema.core.scalars import JSONString
from storefront.catalog import models

T = TypeVar("T", bound=type)
_DESCRIPTION_JSON = "Use the `description` field instead."


def _id(type_name: str) -> Any:
    def resolve(root: strawberry.Parent[Any]) -> strawberry.ID:
        return strawberry.ID(to_global_id(type_name, root.pk))

    return strawberry.field(resolver=resolve)


def _language(root: strawberry.Parent[Any]) -> LanguageDisplay:
    return LanguageDisplay.from_code(root.language_code)


def _optional_text(name: str) -> Callable[..., str | None]:
    def resolve(root: strawberry.Parent[Any]) -> str | None:
        return getattr(root, name) or None

    return resolve


def _description_json(root: strawberry.Parent[Any]) -> JSONString | None:
    return root.description


def seo_translation(*, owner: str, model: type, description: str) -> Callable[[T], T]:
    """Make ``cls`` Saleor's translation type of ``owner`` (product, category, collection).

    Saleor's SEO translations share their fields; only the owner's name in the descriptions
    differs. The decorator adds the fields in Saleor's order, then declares the strawberry type.
    """

    def decorate(cls: T) -> T:
        # Plain fields are annotations; fields with resolvers follow them in the SDL, in this order.
        annotations = dict(inspect.get_annotations(cls))
        annotations["slug"] = str | None
        annotations["description"] = JSONString | None
        cls.__annotations__ = annotations
        fields: dict[str, Any] = {
            "id": _id(cls.__name__),
            "language": strawberry.field(resolver=_language, description="Translation language."),
            "seo_title": strawberry.field(
                resolver=_optional_text("seo_title"), description="Translated SEO title."
            ),
            "seo_description": strawberry.field(
                resolver=_optional_text("seo_description"), description="Translated SEO description."
            ),
            "slug": strawberry.field(description=f"Translated {owner} slug."),
            "name": strawberry.field(
                resolver=_optional_text("name"), description=f"Translated {owner} name."
            ),
            "description": strawberry.field(description=f"Translated description of the {owner}."),
            "description_json": strawberry.field(
                resolver=_description_json,
                description=f"Translated description of the {owner}.",
                deprecation_reason=_DESCRIPTION_JSON,
            ),
        }
        for name, field in fields.items():
            setattr(cls, name, field)
        cls.is_type_of = model_type_check(model)  # type: ignore[attr-defined]
        return strawberry.type(cls, description=description)

    return decorate


@seo_translation(
    owner="product", model=models.ProductTranslation, description="Represents product translations."
)
class ProductTranslation(Node):
    pass


@seo_translation(
    owner="category", model=models.CategoryTranslation, description="Represents category translations."
)
class CategoryTranslation(Node):
    pass


@seo_translation(
    owner="collection", model=models.CollectionTranslation, description="Represents collection translations."
)
class CollectionTranslation(Node):
    pass


@strawberry.type(description="Represents product variant translations.")
class ProductVariantTranslation(Node):
    is_type_of = model_type_check(models.ProductVariantTranslation)

    id: strawberry.ID = node_id("ProductVariantTranslation")

    @strawberry.field(description="Translation language.")
    def language(self, root: strawberry.Parent[models.ProductVariantTranslation]) -> LanguageDisplay:
        return LanguageDisplay.from_code(root.language_code)

    name: str = strawberry.field(description="Translated product variant name.")

"""Catalogue queries with Saleor's names and arguments: products, variants, categories,
collections and attributes. Resolvers decode IDs, ask the selectors, and register what they
fetched so nested fields load per page (see ``loaders``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.catalog import loaders, shared_loaders
from graphql_schema.catalog.filter_inputs import ProductFilterInput, ProductOrder, ProductWhereInput
from graphql_schema.catalog.inputs import (
    AttributeFilterInput,
    AttributeSortingInput,
    AttributeWhereInput,
    CategoryFilterInput,
    CategorySortingInput,
    CategoryWhereInput,
    CollectionFilterInput,
    CollectionSortingInput,
    CollectionWhereInput,
    ProductVariantFilterInput,
    ProductVariantSortingInput,
    ProductVariantWhereInput,
    apply_common_filter,
    apply_sort,
    where_q,
)
from graphql_schema.catalog.nodes import collection_nodes, product_node, variant_node, variant_nodes
from graphql_schema.catalog.resolvers import (
    ProductListArguments,
    annotate_for_selection,
    resolve_products,
    visible_products,
)
from graphql_schema.catalog.types.assigned_attributes import ASSIGNED_ATTRIBUTE_TYPES
from graphql_schema.catalog.types.attributes import Attribute
from graphql_schema.catalog.types.category import Category, Collection
from graphql_schema.catalog.types.product import Product
from graphql_schema.catalog.types.variant import ProductVariant
from graphql_schema.core.channel_context import channel_for_request, is_product_staff, scope_for
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.dataloaders import register
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.relay import decode_id, decode_ids, paginate
from graphql_schema.core.selection import selected_names
from storefront.catalog import models, selectors
from storefront.catalog.sql import prepared
from storefront.channels.models import Channel
from storefront.inventory.selectors import variant_annotate_stock

_WHERE = "Use `where` filter instead."


def _one_of(**arguments: object) -> None:
    given = [name for name, value in arguments.items() if value is not None]
    if len(given) != 1:
        names = ", ".join(f"'{name}'" for name in arguments)
        raise GraphQLError(
            f"Argument {names} cannot be combined."
            if given
            else f"At least one of arguments is required: {names}.",
            extensions={"code": "GRAPHQL_ERROR"},
        )


def _buyers_product_by_slug(
    info: Info,
    channel: Channel,
    names: set[str],
    slug: str,
    slug_language_code: LanguageCodeEnum | None,
) -> models.Product | None:
    """A buyer's product page: its statement prepared once per channel and selection
    (``storefront.catalog.sql.prepared``), run with the request's instant and slug."""
    language = language_code_from_enum(slug_language_code) if slug_language_code else None

    def build(now: datetime, given_slug: str, *given_language: str) -> QuerySet[models.Product]:
        qs = annotate_for_selection(
            visible_products(info, channel, listed_only=False, now=now), names=names, channel=channel
        )
        found = selectors.products_with_slug(
            qs, slug=given_slug, language_code=given_language[0] if given_language else None
        )
        return (found if found.ordered else found.order_by("pk"))[:1]  # as ``first()``

    key = ("product-by-slug", channel.pk, frozenset(names), language is not None)
    rows = prepared(key, build, timezone.now(), slug, *([language] if language else []))
    return rows[0] if rows else None


@strawberry.type
class CatalogQueries:
    @strawberry.field(description="List of the shop's products. Requires a channel for buyers.")
    def products(
        self,
        info: Info,
        filter: Annotated[
            ProductFilterInput | None, strawberry.argument(description=deprecated(_WHERE))
        ] = None,
        where: ProductWhereInput | None = None,
        sort_by: ProductOrder | None = None,
        search: str | None = None,
        channel: str | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Product] | None:
        arguments = ProductListArguments(
            first=first,
            last=last,
            after=after,
            before=before,
            filter=filter,
            where=where,
            search=search,
            sort_by=sort_by,
        )
        return resolve_products(info, channel_slug=channel, arguments=arguments)

    @strawberry.field(description="Look up a product by ID or slug. Requires a channel for buyers.")
    def product(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        slug: str | None = None,
        slug_language_code: LanguageCodeEnum | None = None,
        external_reference: str | None = None,
        channel: str | None = None,
    ) -> Product | None:
        _one_of(id=id, slug=slug, external_reference=external_reference)
        pk = decode_id(id, expected="Product") if id is not None else None
        resolved = channel_for_request(info, channel)
        if external_reference is not None:
            return None  # Asal products carry no external reference
        names = selected_names(info)
        loaders.remember_selection(info, names)
        if pk is None and resolved is not None and not is_product_staff(info):
            product = _buyers_product_by_slug(info, resolved, names, str(slug), slug_language_code)
        else:
            qs = annotate_for_selection(
                visible_products(info, resolved, listed_only=False), names=names, channel=resolved
            )
            if pk is not None:
                product = qs.filter(pk=pk).first()
            else:
                language = language_code_from_enum(slug_language_code) if slug_language_code else None
                product = selectors.product_get_by_slug(qs, slug=str(slug), language_code=language)
        if product is None:
            return None
        return product_node(info, product, resolved)  # type: ignore[return-value]

    @strawberry.field(description="Look up a product variant by ID or SKU. Requires a channel for buyers.")
    def product_variant(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        sku: str | None = None,
        external_reference: str | None = None,
        channel: str | None = None,
    ) -> ProductVariant | None:
        _one_of(id=id, sku=sku, external_reference=external_reference)
        pk = decode_id(id, expected="ProductVariant") if id is not None else None
        resolved = channel_for_request(info, channel)
        if external_reference is not None:
            return None
        products = visible_products(info, resolved, listed_only=False)
        lookup = {"pk": pk} if pk is not None else {"sku": sku}
        variants = models.ProductVariant.objects.filter(product__in=products.values("pk"), **lookup)
        product_id = variants.values_list("product_id", flat=True).first()
        if product_id is None:
            return None
        names = selected_names(info)
        product = (
            annotate_for_selection(products, names=names, channel=resolved).filter(pk=product_id).first()
        )
        if product is None:
            return None
        product_node(info, product, resolved)
        loaded = loaders.PRODUCT_VARIANTS.load(info, product.pk, scope_for(info, resolved))
        wanted = [v for v in loaded if (v.pk == pk if pk is not None else v.sku == sku)]
        return variant_node(info, wanted[0], resolved) if wanted else None  # type: ignore[return-value]

    @strawberry.field(description="List of product variants. Requires a channel for buyers.")
    def product_variants(
        self,
        info: Info,
        ids: list[strawberry.ID] | None = None,
        channel: str | None = None,
        filter: Annotated[
            ProductVariantFilterInput | None, strawberry.argument(description=deprecated(_WHERE))
        ] = None,
        where: ProductVariantWhereInput | None = None,
        search: str | None = None,
        sort_by: ProductVariantSortingInput | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[ProductVariant] | None:
        resolved = channel_for_request(info, channel)
        products = visible_products(info, resolved, listed_only=False)
        qs = selectors.variant_list_for_channel(
            products=products, channel=resolved, include_unpriced=is_product_staff(info)
        )
        if ids:
            qs = qs.filter(pk__in=decode_ids(ids, expected="ProductVariant"))
        text = search or (filter.search if filter is not None else None)
        if text:
            qs = qs.filter(Q(name__icontains=text) | Q(sku__icontains=text))
        if filter is not None and filter.sku:
            qs = qs.filter(sku__in=filter.sku)
        qs = qs.filter(where_q(where, type_name="ProductVariant"))
        if sort_by is not None:
            qs = apply_sort(qs, sort_by, fields={"LAST_MODIFIED_AT": "updated_at"})
        if resolved is not None:
            qs = variant_annotate_stock(qs, channel=resolved)
        loaders.remember_selection(info, selected_names(info))
        page = paginate(
            qs, first=first, last=last, after=after, before=before, connection_name="productVariants"
        )
        return connection(page, qs.count, variant_nodes(info, page.nodes, resolved))

    @strawberry.field(description="List of the shop's categories.")
    def categories(
        self,
        info: Info,
        filter: CategoryFilterInput | None = None,
        where: CategoryWhereInput | None = None,
        sort_by: CategorySortingInput | None = None,
        level: int | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Category] | None:
        qs = apply_common_filter(selectors.category_list(level=level), filter, type_name="Category")
        qs = qs.filter(where_q(where, type_name="Category"))
        fields = {
            "NAME": "name",
            "PRODUCT_COUNT": Count("products", distinct=True),
            "SUBCATEGORY_COUNT": Count("children", distinct=True),
        }
        qs = apply_sort(qs, sort_by, fields=fields)
        page = paginate(qs, first=first, last=last, after=after, before=before, connection_name="categories")
        shared_loaders.categories_seen(info, page.nodes)
        return connection(page, qs.count)

    @strawberry.field(description="Look up a category by ID or slug.")
    def category(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        slug: str | None = None,
        slug_language_code: LanguageCodeEnum | None = None,
    ) -> Category | None:
        _one_of(id=id, slug=slug)
        if id is not None:
            found = models.Category.objects.filter(pk=decode_id(id, expected="Category")).first()
        else:
            language = language_code_from_enum(slug_language_code) if slug_language_code else None
            found = selectors.category_get_by_slug(slug=str(slug), language_code=language)
        if found is not None:
            shared_loaders.categories_seen(info, [found])
        return found  # type: ignore[return-value]

    @strawberry.field(description="List of the shop's collections. Requires a channel for buyers.")
    def collections(
        self,
        info: Info,
        filter: CollectionFilterInput | None = None,
        where: CollectionWhereInput | None = None,
        sort_by: CollectionSortingInput | None = None,
        channel: str | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Collection] | None:
        resolved = channel_for_request(info, channel)
        qs = selectors.collection_list_for_channel(
            channel=resolved, include_unpublished=is_product_staff(info)
        )
        qs = apply_common_filter(qs, filter, type_name="Collection").filter(
            where_q(where, type_name="Collection")
        )
        published = F("listing__published_at") if resolved is not None else F("pk")
        available = F("listing__is_published") if resolved is not None else F("pk")
        fields = {
            "NAME": "name",
            "PRODUCT_COUNT": Count("collection_products"),
            "PUBLISHED_AT": published,
            "PUBLICATION_DATE": published,
            "AVAILABILITY": available,
        }
        qs = apply_sort(qs, sort_by, fields=fields)
        page = paginate(qs, first=first, last=last, after=after, before=before, connection_name="collections")
        return connection(page, qs.count, collection_nodes(info, page.nodes, resolved))

    @strawberry.field(description="Look up a collection by ID or slug. Requires a channel for buyers.")
    def collection(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        slug: str | None = None,
        slug_language_code: LanguageCodeEnum | None = None,
        channel: str | None = None,
    ) -> Collection | None:
        _one_of(id=id, slug=slug)
        pk = decode_id(id, expected="Collection") if id is not None else None
        resolved = channel_for_request(info, channel)
        qs = selectors.collection_list_for_channel(
            channel=resolved, include_unpublished=is_product_staff(info)
        )
        if pk is not None:
            found = qs.filter(pk=pk).first()
        else:
            language = language_code_from_enum(slug_language_code) if slug_language_code else None
            found = selectors.collection_get_by_slug(qs, slug=str(slug), language_code=language)
        if found is None:
            return None
        return collection_nodes(info, [found], resolved)[0]  # type: ignore[return-value]

    @strawberry.field(description="List of the shop's attributes.")
    def attributes(
        self,
        info: Info,
        filter: Annotated[
            AttributeFilterInput | None, strawberry.argument(description=deprecated(_WHERE))
        ] = None,
        where: AttributeWhereInput | None = None,
        search: str | None = None,
        sort_by: AttributeSortingInput | None = None,
        channel: str | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Attribute] | None:
        qs = selectors.attribute_list(include_hidden=is_product_staff(info))
        qs = apply_common_filter(qs, filter, type_name="Attribute").filter(
            where_q(where, type_name="Attribute")
        )
        if filter is not None and filter.visible_in_storefront is not None:
            qs = qs.filter(visible_in_storefront=filter.visible_in_storefront)
        if filter is not None and filter.value_required is not None:
            qs = qs.filter(value_required=filter.value_required)
        if search:
            qs = qs.filter(Q(name__icontains=search) | Q(slug__icontains=search))
        fields = {
            "NAME": "name",
            "SLUG": "slug",
            "VALUE_REQUIRED": "value_required",
            "VISIBLE_IN_STOREFRONT": "visible_in_storefront",
            "IS_VARIANT_ONLY": "pk",
            "FILTERABLE_IN_STOREFRONT": "filterable_in_storefront",
            "FILTERABLE_IN_DASHBOARD": "filterable_in_storefront",
            "STOREFRONT_SEARCH_POSITION": "storefront_search_position",
            "AVAILABLE_IN_GRID": "pk",
        }
        qs = apply_sort(qs, sort_by, fields=fields)
        page = paginate(qs, first=first, last=last, after=after, before=before, connection_name="attributes")
        register(info, models.Attribute, page.nodes)
        return connection(page, qs.count)

    @strawberry.field(description="Look up an attribute by ID or slug.")
    def attribute(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        slug: str | None = None,
        external_reference: str | None = None,
    ) -> Attribute | None:
        _one_of(id=id, slug=slug, external_reference=external_reference)
        if external_reference is not None:
            return None
        qs = selectors.attribute_list(include_hidden=is_product_staff(info))
        found = qs.filter(pk=decode_id(id, expected="Attribute")) if id is not None else qs.filter(slug=slug)
        attribute = found.first()
        if attribute is not None:
            register(info, models.Attribute, [attribute])
        return attribute  # type: ignore[return-value]


# The typed attribute API's members are reached only through the ``AssignedAttribute`` interface,
# so the schema must be told about them explicitly.
CATALOG_TYPES: tuple[type, ...] = ASSIGNED_ATTRIBUTE_TYPES

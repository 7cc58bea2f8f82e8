"""Product filtering, search and sorting (``graphql_schema.catalog.filters``) on a small real catalogue.

The functions are called as the ``products`` resolvers call them, with Saleor's input objects,
on PostgreSQL, so the full-text search, the EXISTS subqueries and the ordering are the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql import GraphQLError

from graphql_schema.catalog.filter_inputs import (
    AssignedAttributeValueInput,
    AttributeInput,
    DecimalFilterInput,
    DecimalRangeInput,
    GlobalIDFilterInput,
    IntRangeInput,
    OrderDirection,
    PriceRangeInput,
    ProductFilterInput,
    ProductOrder,
    ProductOrderField,
    ProductWhereInput,
    StockAvailability,
    StringFilterInput,
)
from graphql_schema.catalog.filters import collection_position, product_queryset_filter, product_queryset_sort
from graphql_schema.core.relay import to_global_id
from provenance.origins.models import Maker, Origin
from storefront.catalog import services
from storefront.catalog.models import Category, Collection, Product
from storefront.channels.models import Channel
from storefront.inventory.services import stock_set, warehouse_upsert

pytestmark = pytest.mark.django_db


@dataclass
class Shop:
    usd: Channel
    eur: Channel
    home: Category
    baskets: Category
    pottery: Category
    featured: Collection
    loyok: Origin
    banyumulek: Origin
    sahnun: Maker
    rumini: Maker
    basket: Product
    tray: Product
    jar: Product


def _origin(slug: str, village: str) -> Origin:
    return Origin.objects.create(
        name=village,
        slug=slug,
        village=village,
        district="-",
        regency="Lombok Timur",
        province="NTB",
        latitude=Decimal("-8.6"),
        longitude=Decimal("116.5"),
    )


@pytest.fixture
def shop() -> Shop:
    usd = Channel.objects.create(
        name="International", slug="intl-usd", currency_code="USD", default_country="US"
    )
    eur = Channel.objects.create(name="Europe", slug="eu-eur", currency_code="EUR", default_country="DE")
    warehouse = warehouse_upsert(slug="loyok-store", name="Loyok store room", channels=[usd])
    loyok, banyumulek = _origin("loyok", "Loyok"), _origin("banyumulek", "Banyumulek")
    sahnun = Maker.objects.create(
        display_name="Inaq Sahnun", slug="inaq-sahnun", origin=loyok, consent_to_publish=True
    )
    rumini = Maker.objects.create(display_name="Rumini", slug="rumini", origin=loyok, consent_to_publish=True)
    home = services.category_upsert(slug="home", name="Home & living")
    baskets = services.category_upsert(slug="baskets", name="Baskets", parent=home)
    pottery = services.category_upsert(slug="pottery", name="Pottery")
    material = services.attribute_upsert(slug="material", name="Material", input_type="DROPDOWN")
    width = services.attribute_upsert(slug="width-cm", name="Width", input_type="NUMERIC")
    values = {
        slug: services.attribute_value_upsert(attribute=material, slug=slug, name=slug.title(), sort_order=i)
        for i, slug in enumerate(["bamboo", "rattan", "clay"])
    }
    kind = services.product_type_upsert(slug="craft", name="Craft", product_attributes=[material, width])

    def product(name, slug, *, category, origin, makers, value, cm, price, stock, untracked=False):
        item = services.product_create(
            product_type=kind,
            name=name,
            slug=slug,
            category=category,
            origin=origin,
            makers=makers,
            description={"blocks": [{"type": "paragraph", "data": {"text": f"Handmade {name.lower()}."}}]},
        )
        attributes = [values[value]]
        if cm is not None:
            attributes.append(services.attribute_value_for_product(attribute=width, product=item, value=cm))
        services.product_attributes_assign(product=item, values=attributes)
        variant = services.variant_upsert(product=item, sku=f"{slug}-1", track_inventory=not untracked)
        services.product_channel_listing_update(
            product=item, channel=usd, is_published=True, available_for_purchase_at=timezone.now()
        )
        services.variant_channel_listing_update(variant=variant, channel=usd, price=price)
        stock_set(warehouse=warehouse, variant=variant, quantity=stock)
        return item

    basket = product(
        "Bamboo basket",
        "bamboo-basket",
        category=baskets,
        origin=loyok,
        makers=[sahnun],
        value="bamboo",
        cm=30,
        price="20.00",
        stock=5,
    )
    tray = product(
        "Rattan tray",
        "rattan-tray",
        category=home,
        origin=loyok,
        makers=[rumini],
        value="rattan",
        cm=45,
        price="35.00",
        stock=0,
    )
    jar = product(
        "Clay water jar",
        "clay-water-jar",
        category=pottery,
        origin=banyumulek,
        makers=[],
        value="clay",
        cm=None,
        price="50.00",
        stock=0,
        untracked=True,
    )
    services.product_channel_listing_update(product=tray, channel=eur, is_published=False)
    featured = services.collection_upsert(slug="featured", name="Featured", products=[jar, basket])
    return Shop(
        usd, eur, home, baskets, pottery, featured, loyok, banyumulek, sahnun, rumini, basket, tray, jar
    )


def slugs(qs) -> list[str]:
    return list(qs.values_list("slug", flat=True))


def filtered(shop, *, filter=None, where=None, search=None, channel="usd", sort_by=None):
    chosen = getattr(shop, channel) if channel else None
    qs = product_queryset_filter(
        Product.objects.all(), channel=chosen, filter=filter, where=where, search=search, info=None
    )
    return product_queryset_sort(qs, sort_by=sort_by, channel=chosen)


def gid(type_name: str, obj) -> str:
    return to_global_id(type_name, obj.pk)


# --- filter ---------------------------------------------------------------------------------


def test_categories_filter_includes_subcategories(shop):
    result = filtered(shop, filter=ProductFilterInput(categories=[gid("Category", shop.home)]))

    assert sorted(slugs(result)) == ["bamboo-basket", "rattan-tray"]


def test_categories_filter_reaches_grandchildren_in_one_statement(shop):
    small = services.category_upsert(slug="small-baskets", name="Small baskets", parent=shop.baskets)
    services.product_update(product=shop.basket, category=small)
    qs = filtered(shop, filter=ProductFilterInput(categories=[gid("Category", shop.home)]))

    with CaptureQueriesContext(connection) as queries:
        result = slugs(qs)

    assert sorted(result) == ["bamboo-basket", "rattan-tray"]
    assert len(queries) == 1


def test_where_category_matches_the_category_itself(shop):
    result = filtered(
        shop, where=ProductWhereInput(category=GlobalIDFilterInput(eq=gid("Category", shop.home)))
    )

    assert slugs(result) == ["rattan-tray"]


def test_collections_filter(shop):
    result = filtered(shop, filter=ProductFilterInput(collections=[gid("Collection", shop.featured)]))

    assert sorted(slugs(result)) == ["bamboo-basket", "clay-water-jar"]


def test_attribute_value_slugs_deprecated_form(shop):
    result = filtered(
        shop, filter=ProductFilterInput(attributes=[AttributeInput(slug="material", values=["bamboo"])])
    )

    assert slugs(result) == ["bamboo-basket"]


def test_attribute_value_slug_one_of(shop):
    value = AssignedAttributeValueInput(slug=StringFilterInput(one_of=["bamboo", "clay"]))
    result = filtered(
        shop, where=ProductWhereInput(attributes=[AttributeInput(slug="material", value=value)])
    )

    assert slugs(result) == ["bamboo-basket", "clay-water-jar"]


def test_attribute_numeric_range(shop):
    numeric = AssignedAttributeValueInput(
        numeric=DecimalFilterInput(range=DecimalRangeInput(gte=Decimal(40)))
    )
    new_style = filtered(
        shop, filter=ProductFilterInput(attributes=[AttributeInput(slug="width-cm", value=numeric)])
    )
    old_style = filtered(
        shop,
        filter=ProductFilterInput(
            attributes=[AttributeInput(slug="width-cm", values_range=IntRangeInput(lte=40))]
        ),
    )

    assert slugs(new_style) == ["rattan-tray"]
    assert slugs(old_style) == ["bamboo-basket"]


def test_attribute_slug_alone_means_having_the_attribute(shop):
    result = filtered(shop, filter=ProductFilterInput(attributes=[AttributeInput(slug="width-cm")]))

    assert slugs(result) == ["bamboo-basket", "rattan-tray"]


def test_two_attribute_conditions_must_both_hold(shop):
    attributes = [
        AttributeInput(slug="material", values=["bamboo", "rattan"]),
        AttributeInput(slug="width-cm", values_range=IntRangeInput(gte=40)),
    ]

    assert slugs(filtered(shop, filter=ProductFilterInput(attributes=attributes))) == ["rattan-tray"]


def test_attribute_value_with_two_value_fields_is_an_error(shop):
    value = AssignedAttributeValueInput(slug=StringFilterInput(eq="bamboo"), boolean=True)

    with pytest.raises(GraphQLError, match="Only one value input field is allowed"):
        filtered(shop, filter=ProductFilterInput(attributes=[AttributeInput(slug="material", value=value)]))


def test_price_range_uses_the_channel_price(shop):
    result = filtered(shop, filter=ProductFilterInput(price=PriceRangeInput(gte=30.0, lte=40.0)))
    minimal = filtered(shop, filter=ProductFilterInput(minimal_price=PriceRangeInput(lte=20.0)))
    where = filtered(
        shop,
        where=ProductWhereInput(minimal_price=DecimalFilterInput(range=DecimalRangeInput(gte=Decimal("35")))),
    )

    assert slugs(result) == ["rattan-tray"]
    assert slugs(minimal) == ["bamboo-basket"]
    assert slugs(where) == ["clay-water-jar", "rattan-tray"]


def test_price_in_another_channel_does_not_count(shop):
    """The EUR channel has no prices, so no product there falls in any price range."""
    result = filtered(shop, channel="eur", filter=ProductFilterInput(price=PriceRangeInput(gte=0.0)))

    assert slugs(result) == []


def test_stock_availability(shop):
    in_stock = filtered(shop, filter=ProductFilterInput(stock_availability=StockAvailability.IN_STOCK))
    out_of_stock = filtered(shop, where=ProductWhereInput(stock_availability=StockAvailability.OUT_OF_STOCK))

    # The jar tracks no inventory (made to order), so it is always available.
    assert slugs(in_stock) == ["bamboo-basket", "clay-water-jar"]
    assert slugs(out_of_stock) == ["rattan-tray"]


def test_is_published_is_per_channel(shop):
    unpublished_in_eur = filtered(shop, channel="eur", filter=ProductFilterInput(is_published=False))
    published_in_usd = filtered(shop, filter=ProductFilterInput(is_published=True))

    assert slugs(unpublished_in_eur) == ["rattan-tray"]
    assert len(slugs(published_in_usd)) == 3


def test_ids_and_slugs(shop):
    by_id = filtered(shop, filter=ProductFilterInput(ids=[gid("Product", shop.jar)]))
    by_slug = filtered(shop, where=ProductWhereInput(slug=StringFilterInput(eq="rattan-tray")))

    assert slugs(by_id) == ["clay-water-jar"]
    assert slugs(by_slug) == ["rattan-tray"]


def test_a_malformed_id_is_a_graphql_error(shop):
    with pytest.raises(GraphQLError):
        filtered(shop, filter=ProductFilterInput(categories=["not-an-id"]))


def test_makers_filter(shop):
    result = filtered(shop, filter=ProductFilterInput(makers=[gid("Maker", shop.sahnun)]))
    where = filtered(
        shop, where=ProductWhereInput(makers=GlobalIDFilterInput(one_of=[gid("Maker", shop.rumini)]))
    )

    assert slugs(result) == ["bamboo-basket"]
    assert slugs(where) == ["rattan-tray"]


def test_villages_by_slug_or_origin_id(shop):
    by_slug = filtered(shop, filter=ProductFilterInput(villages=["banyumulek"]))
    by_id = filtered(shop, where=ProductWhereInput(villages=StringFilterInput(eq=gid("Origin", shop.loyok))))
    unknown = filtered(shop, filter=ProductFilterInput(villages=["atlantis"]))

    assert slugs(by_slug) == ["clay-water-jar"]
    assert slugs(by_id) == ["bamboo-basket", "rattan-tray"]
    assert slugs(unknown) == []


def test_where_and_or(shop):
    either = ProductWhereInput(
        or_=[
            ProductWhereInput(name=StringFilterInput(eq="Clay water jar")),
            ProductWhereInput(makers=GlobalIDFilterInput(eq=gid("Maker", shop.sahnun))),
        ]
    )
    both = ProductWhereInput(
        and_=[either, ProductWhereInput(stock_availability=StockAvailability.IN_STOCK)],
        has_category=True,
    )

    assert slugs(filtered(shop, where=either)) == ["bamboo-basket", "clay-water-jar"]
    assert slugs(filtered(shop, where=both)) == ["bamboo-basket", "clay-water-jar"]


def test_an_empty_where_operator_matches_nothing_as_in_saleor(shop):
    assert slugs(filtered(shop, where=ProductWhereInput(name=StringFilterInput()))) == []
    assert slugs(filtered(shop, where=ProductWhereInput(category=GlobalIDFilterInput()))) == []


def test_where_nesting_is_bounded(shop):
    where = ProductWhereInput(has_category=True)
    for _ in range(12):
        where = ProductWhereInput(and_=[where])

    with pytest.raises(GraphQLError, match="nested at most 10 levels"):
        filtered(shop, where=where)


def test_filter_and_where_together_are_refused(shop):
    with pytest.raises(GraphQLError, match="Only one filtering argument"):
        filtered(shop, filter=ProductFilterInput(), where=ProductWhereInput())


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bamboo", ["bamboo-basket"]),  # name
        ("handmade jar", ["clay-water-jar"]),  # description words
        ("rattan", ["rattan-tray"]),  # attribute value
        ("sahnun", ["bamboo-basket"]),  # maker's name
        ("banyumulek", ["clay-water-jar"]),  # village
        ("bask", ["bamboo-basket"]),  # a prefix while typing
    ],
)
def test_search_covers_names_descriptions_attributes_makers_and_villages(shop, query, expected):
    assert sorted(slugs(filtered(shop, search=query))) == expected


@pytest.mark.postgres_only
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("basket OR tray", ["bamboo-basket", "rattan-tray"]),
        ("handmade -clay", ["bamboo-basket", "rattan-tray"]),
        ('"water jar"', ["clay-water-jar"]),
    ],
)
def test_search_understands_web_search_syntax(shop, query, expected):
    assert sorted(slugs(filtered(shop, search=query))) == expected


def test_filter_search_is_the_same_as_the_search_argument(shop):
    assert slugs(filtered(shop, filter=ProductFilterInput(search="sahnun"))) == ["bamboo-basket"]


@pytest.mark.postgres_only
def test_search_sorts_by_rank_by_default(shop):
    """The product whose document mentions 'rattan' most ranks first."""
    services.product_update(product=shop.tray, name="Rattan tray, rattan handles")
    result = filtered(shop, search="rattan OR bamboo")

    assert slugs(result)[0] == "rattan-tray"
    assert all(product.search_rank > 0 for product in result)


def test_blank_search_matches_everything(shop):
    assert len(slugs(filtered(shop, search="  "))) == 3


# --- sorting --------------------------------------------------------------------------------


def order(field, direction=OrderDirection.ASC):
    return ProductOrder(field=field, direction=direction)


def test_sort_by_price_both_ways(shop):
    ascending = filtered(shop, sort_by=order(ProductOrderField.PRICE))
    descending = filtered(shop, sort_by=order(ProductOrderField.MINIMAL_PRICE, OrderDirection.DESC))

    assert slugs(ascending) == ["bamboo-basket", "rattan-tray", "clay-water-jar"]
    assert slugs(descending) == ["clay-water-jar", "rattan-tray", "bamboo-basket"]


def test_sort_by_name_and_created_at(shop):
    assert slugs(filtered(shop, sort_by=order(ProductOrderField.NAME))) == [
        "bamboo-basket",
        "clay-water-jar",
        "rattan-tray",
    ]
    assert (
        slugs(filtered(shop, sort_by=order(ProductOrderField.CREATED_AT, OrderDirection.DESC)))[0]
        == "clay-water-jar"
    )


def test_sort_by_collection_position(shop):
    qs = product_queryset_filter(
        Product.objects.filter(collections=shop.featured),
        channel=shop.usd,
        filter=None,
        where=None,
        search=None,
    )
    result = product_queryset_sort(
        qs,
        sort_by=order(ProductOrderField.COLLECTION),
        channel=shop.usd,
        position=collection_position(shop.featured),
    )

    assert slugs(result) == ["clay-water-jar", "bamboo-basket"]


def test_a_collection_without_sort_keeps_its_curated_order(shop):
    qs = Product.objects.filter(collections=shop.featured)

    result = product_queryset_sort(
        qs, sort_by=None, channel=shop.usd, position=collection_position(shop.featured)
    )

    assert slugs(result) == ["clay-water-jar", "bamboo-basket"]


def test_sort_by_attribute_follows_the_values_order(shop):
    material = shop.basket.attribute_values.first().value.attribute
    sort_by = ProductOrder(attribute_id=to_global_id("Attribute", material.pk), direction=OrderDirection.DESC)

    assert slugs(filtered(shop, sort_by=sort_by)) == ["clay-water-jar", "rattan-tray", "bamboo-basket"]


def test_sort_ties_break_on_primary_key_so_pages_are_stable(shop):
    for product in (shop.basket, shop.tray, shop.jar):
        services.product_update(product=product, name="Same name")
    # All three are published under the same name: only the primary key tells them apart.
    ascending = filtered(shop, sort_by=order(ProductOrderField.PUBLISHED))
    descending = filtered(shop, sort_by=order(ProductOrderField.PUBLISHED, OrderDirection.DESC))

    pks = sorted(p.pk for p in (shop.basket, shop.tray, shop.jar))
    assert list(ascending.values_list("pk", flat=True)) == pks
    assert list(descending.values_list("pk", flat=True)) == pks[::-1]


def test_rank_without_search_is_refused_with_saleors_message(shop):
    with pytest.raises(GraphQLError, match="Sorting by RANK is available only when using a search filter"):
        filtered(shop, sort_by=order(ProductOrderField.RANK))


def test_price_sort_needs_a_channel(shop):
    with pytest.raises(GraphQLError, match="requires a channel"):
        filtered(shop, channel=None, sort_by=order(ProductOrderField.PRICE))


def test_field_or_attribute_is_required_to_sort(shop):
    with pytest.raises(GraphQLError, match="either `field` or `attributeId`"):
        filtered(shop, sort_by=ProductOrder(direction=OrderDirection.ASC))


# --- through the API --------------------------------------------------------------------------

PRODUCTS = """
query Products(
  $channel: String, $filter: ProductFilterInput, $where: ProductWhereInput
  $sortBy: ProductOrder, $search: String
) {
  products(first: 10, channel: $channel, filter: $filter, where: $where, sortBy: $sortBy, search: $search) {
    totalCount
    edges { node { slug } }
  }
}
"""


def api_slugs(gql, **variables) -> list[str]:
    body = gql(PRODUCTS, {"channel": "intl-usd", **variables})
    assert "errors" not in body, body["errors"]
    return [edge["node"]["slug"] for edge in body["data"]["products"]["edges"]]


def test_api_where_makers_and_sort_by_price(gql, shop):
    where = {"OR": [{"makers": {"eq": gid("Maker", shop.sahnun)}}, {"villages": {"eq": "banyumulek"}}]}

    result = api_slugs(gql, where=where, sortBy={"field": "PRICE", "direction": "DESC"})

    assert result == ["clay-water-jar", "bamboo-basket"]


def test_api_filter_by_attribute_and_search(gql, shop):
    attributes = [{"slug": "material", "value": {"slug": {"oneOf": ["rattan", "clay"]}}}]

    assert api_slugs(gql, filter={"attributes": attributes}, search="tray") == ["rattan-tray"]


def test_api_bad_filter_input_is_a_graphql_error_not_a_500(gql, shop):
    body = gql(PRODUCTS, {"channel": "intl-usd", "filter": {"categories": ["bm90LWEtY2F0ZWdvcnk="]}})

    assert body["errors"]
    assert body["data"] is None or body["data"]["products"] is None


@pytest.mark.postgres_only
def test_search_can_use_the_gin_index(shop):
    """The searched expression matches the migration's index, so PostgreSQL can answer from it."""
    qs = product_queryset_filter(
        Product.objects.all(), channel=None, filter=None, where=None, search="bamboo"
    )
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        # On a handful of rows any plan is cheap; rule out the alternatives to see that this one exists.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "catalog_product_search_vector_idx" in plan, plan


def test_api_pages_through_ties_without_skipping_or_repeating(gql, shop):
    """Equal prices and names: only the primary key orders them, so every page is stable."""
    for product in (shop.basket, shop.tray, shop.jar):
        services.product_update(product=product, name="Same name")
        variant = product.variants.get()
        services.variant_channel_listing_update(variant=variant, channel=shop.usd, price="10.00")
    query = """
    query Page($after: String) {
      products(first: 1, after: $after, channel: "intl-usd", sortBy: {field: PRICE, direction: ASC}) {
        edges { node { slug } }
        pageInfo { endCursor hasNextPage }
      }
    }
    """
    seen, after = [], None
    for _ in range(3):
        page = gql(query, {"after": after})["data"]["products"]
        seen += [edge["node"]["slug"] for edge in page["edges"]]
        after = page["pageInfo"]["endCursor"]

    by_pk = sorted((shop.basket, shop.tray, shop.jar), key=lambda product: product.pk)
    assert seen == [product.slug for product in by_pk]
    assert page["pageInfo"]["hasNextPage"] is False

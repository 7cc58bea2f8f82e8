"""The product lists behind ``products``, ``category.products`` and ``collection.products``.

One SQL statement loads a page: visibility in the channel, the caller's filters and order, and,
only when the query selects them, each product's price extremes, first image, provenance and the
translations of the product and its category as correlated subqueries, evaluated for the page's
rows only. On every page (``first`` or ``last``, any cursor) ``totalCount`` rides along as an
uncorrelated count subquery (evaluated once; for a buyer's unfiltered listing it reads a counter
kept per channel; for a filtered one the count kept per catalogue generation), not as a
window count, which would compute every listed product before the ``LIMIT`` (35 ms of
PostgreSQL time per request at 10,000 products, see the README); otherwise it is a second
statement, run only when selected. The channel lookup is the other. Everything below the
products then loads per kind (``loaders``), and the products enter the graph through ``nodes.product_nodes``.

Under a list of categories or collections, the first parent's ``products`` computes the pages of
every parent on the page in one windowed statement (``graphql_schema.core.nested_pages``). A
category's or collection's own page (one parent, no peers) is read as ``products`` is
(``_page_alone``): by the sort's index, its count kept per catalogue generation, instead of a
window numbering every product of the parent on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment

from graphql_schema.catalog.filter_conditions import categories_or_below
from graphql_schema.catalog.filter_inputs import OrderDirection, ProductOrderField
from graphql_schema.catalog.filters import (
    LiftedFilter,
    collection_position,
    filter_lifted,
    product_queryset_filter,
    product_queryset_sort,
)
from graphql_schema.catalog.loaders import products_seen, remember_selection
from graphql_schema.catalog.nodes import product_nodes
from graphql_schema.core.channel_context import channel_for_request, is_product_staff, scope_for
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.dataloaders import UNSCOPED
from graphql_schema.core.nested_pages import page_for_parent
from graphql_schema.core.relay import (
    Page,
    decode_ids,
    kept_order,
    paginate,
    paginate_kept,
    paginate_per_parent,
    paginate_prepared,
)
from graphql_schema.core.selection import selected_names
from storefront.catalog import selectors
from storefront.catalog.models import Category, CategoryTranslation, Collection, Product, ProductTranslation
from storefront.catalog.search import product_search_terms, search_words
from storefront.catalog.sql import CountOf, counts_kept, kept_count, kept_count_for, padded_ids, prepared
from storefront.channels.models import Channel

_PRICE_FIELDS = {"pricing", "isAvailable"}
_THUMBNAIL_FIELDS = {"thumbnail"}
_PROVENANCE_FIELDS = {"provenance"}
_LISTING_PRICE_SORTS = {ProductOrderField.PRICE, ProductOrderField.MINIMAL_PRICE}


@dataclass(frozen=True)
class ProductListArguments:
    """The arguments every product list takes (a field's own, beside the parent)."""

    first: int | None
    last: int | None
    after: str | None
    before: str | None
    filter: Any = None
    where: Any = None
    search: str | None = None
    sort_by: Any = None

    def key(self) -> str:
        """A cache key for the arguments (input objects are dataclasses with a stable ``repr``)."""
        return repr(self)

    @property
    def from_start(self) -> bool:
        return self.after is None and self.before is None


def annotate_for_selection(
    qs: QuerySet[Product], *, names: set[str], channel: Channel | None
) -> QuerySet[Product]:
    """Add the per-row subqueries the selection needs, so nested fields cost no extra query."""
    if channel is not None and names & _PRICE_FIELDS:
        qs = selectors.product_annotate_prices(qs, channel=channel)
    if names & _THUMBNAIL_FIELDS:
        qs = selectors.product_annotate_thumbnail(qs)
    if names & _PROVENANCE_FIELDS:
        qs = selectors.product_annotate_provenance(qs)
    if "translation" in names:
        # Every language, so any ``translation(languageCode)`` (aliases included) is answered.
        qs = qs.annotate(
            asal_translations=selectors.translations_json(
                ProductTranslation, owner_field="product", owner="pk"
            )
        )
    if "category" in names:
        qs = qs.annotate(
            asal_category_translations=selectors.translations_json(
                CategoryTranslation, owner_field="category", owner="category_id"
            )
        )
    return qs


def visible_products(
    info: Info, channel: Channel | None, *, listed_only: bool, now: datetime | None = None
) -> QuerySet[Product]:
    return selectors.product_list_for_channel(
        channel=channel, include_unpublished=is_product_staff(info), listed_only=listed_only, now=now
    )


def _unfiltered(arguments: ProductListArguments) -> bool:
    return arguments.filter is None and arguments.where is None and not arguments.search


def _listed(
    info: Info,
    channel: Channel | None,
    arguments: ProductListArguments,
    *,
    narrow: Any = None,
    position: Any = None,
    now: datetime | None = None,
    search_prefix: str | None = None,
    lifted: LiftedFilter | None = None,
) -> QuerySet[Product]:
    """The filtered, sorted products of a list; ``narrow`` limits them first (a Q). ``lifted``
    stands for ``arguments.filter`` (``filter_lifted``: the same condition, its values given)."""
    qs = visible_products(info, channel, listed_only=True, now=now)
    if narrow is not None:
        qs = qs.filter(narrow)
    if lifted is not None:
        qs = qs.filter(lifted.condition(channel))
        arguments = replace(arguments, filter=None)
    qs = product_queryset_filter(
        qs,
        channel=channel,
        filter=arguments.filter,
        where=arguments.where,
        search=arguments.search,
        info=info,
        search_prefix=search_prefix,
    )
    qs = product_queryset_sort(qs, sort_by=arguments.sort_by, channel=channel, position=position)
    sort_by = arguments.sort_by
    if channel is not None and sort_by is not None and sort_by.field in _LISTING_PRICE_SORTS:
        # The same order as ``product_queryset_sort``'s (price, name, pk), read from the channel's
        # listing already joined rather than a subquery per product, so the index on
        # (channel, price, name, product) yields the page without computing every product's price
        # first, nor sorting every product that shares a price by name. On PostgreSQL the name is
        # the listing's copy of it, kept by triggers (migration ``catalog.0011``): the same values.
        descending = sort_by.direction == OrderDirection.DESC
        copies = connections[qs.db].vendor == "postgresql"
        name = "listing__product_name" if copies else "name"
        keys = [F("listing__discounted_price_amount"), F(name)]
        found = None
        if lifted is not None:
            found = lifted.categories
        elif arguments.filter is not None and arguments.filter.categories is not None:
            found = categories_or_below(decode_ids(arguments.filter.categories, expected="Category"))
        if copies and found is not None:
            # The same categories, read from the listing's copy of its product's: one category's
            # listings come in the sort's order from ``catalog_pcl_category_price_idx`` instead of
            # walking every cheaper listing of the channel. Through an annotation of the joined
            # listing (a second ``filter`` on ``listing__`` would join it again).
            same = qs
            qs = qs.alias(asal_listing_category=F("listing__product_category_id")).filter(
                asal_listing_category__in=found
            )
            # The same list: counted as every other order of it is (one kept count, see ``_total``).
            setattr(qs.query, COUNTED_AS, same)
        ordering = [key.desc(nulls_last=True) if descending else key.asc(nulls_last=True) for key in keys]
        qs = qs.order_by(*ordering, F("pk").desc() if descending else F("pk").asc())
    return qs


# The attribute of a list's query holding the queryset its count is taken from, when the list adds
# conditions only to read its order through an index (``_listed``).
COUNTED_AS = "asal_counted_as"


def _counted(listed: QuerySet[Product]) -> QuerySet[Product]:
    """The queryset ``listed``'s count is taken from: ``listed`` itself, or the same list before
    ``_listed`` added conditions that only let an index yield its order."""
    return getattr(listed.query, COUNTED_AS, listed)


def resolve_products(
    info: Info, *, channel_slug: str | None, arguments: ProductListArguments
) -> CountableConnection[Any]:
    """A page of products visible to the caller in the channel, as Saleor's connection.

    The page's statement reads only the page's rows (through the sort's index) and computes the
    per-row subqueries for them alone. ``totalCount``, when selected, rides along as an
    uncorrelated subquery (``_total``), evaluated once, never as a window over every listed
    product, on ``first`` and ``last`` pages alike; only an empty page past a cursor (or an old
    offset cursor's ``last`` page) counts in a statement of its own, kept per catalogue generation.
    """
    channel = channel_for_request(info, channel_slug)
    names = selected_names(info)
    remember_selection(info, names)
    along = _selects_total(info)
    totals: dict[str, int] = {}
    arguments = search_lifted(arguments)
    staff = is_product_staff(info)
    lifted = None
    if channel is not None and arguments.filter is not None and arguments.where is None and not staff:
        # A buyer's filter of only the storefront's common fields: its values lifted out of it.
        lifted = None if arguments.search is not None else filter_lifted(arguments.filter)
    if (
        channel is not None
        and (arguments.filter is None or lifted is not None)
        and arguments.where is None
        and not staff
    ):
        # A buyer's unfiltered, searched or filtered list: the page's statement is prepared once per
        # shape (channel, order, selection, page size, whether searched, the filter's shape) and run
        # with the request's instant, search terms and filter values (``paginate_prepared``).
        search = arguments.search
        searched = search is not None
        # A search's or filter's count, when counts are kept, is asked for apart (``kept_count``): a
        # kept number must not sit in a statement prepared once per shape, and counting every match
        # in the page's statement on every request is what made search grow with the catalogue.
        rode = along and not ((searched or lifted is not None) and counts_kept())
        terms: tuple[str, ...] = ()
        if search is not None:
            text, prefix = product_search_terms(search)
            terms = (text,) if prefix is None else (text, prefix)

        def build(now: datetime, *given: Any) -> QuerySet[Product]:
            if lifted is not None:
                listed = _listed(info, channel, arguments, now=now, lifted=lifted.with_values(given))
            elif searched:
                listed = _listed(
                    info,
                    channel,
                    replace(arguments, search=given[0]),
                    now=now,
                    search_prefix=given[1] if len(given) > 1 else None,
                )
            else:
                listed = _listed(info, channel, arguments, now=now)
            qs = annotate_for_selection(listed, names=names, channel=channel)
            if rode and (searched or lifted is not None):
                qs = qs.annotate(asal_total=CountOf(_counted(listed).order_by().values("pk")))
            elif rode:
                qs = qs.annotate(asal_total=selectors.listed_product_total(channel=channel, now=now))
            return qs

        def count_alone() -> int:
            if lifted is not None:
                # Under the unprepared path's kept count's key, learnt once per filter's values: the
                # list is built for its count only when the catalogue changed (``kept_count_for``).
                of = ("products-count", channel.pk, repr(arguments.sort_by), lifted.key())
                return kept_count_for(of, lambda: _counted(_listed(info, channel, arguments)))
            if searched:
                return kept_count(_listed(info, channel, arguments))
            return selectors.listed_product_count(channel=channel)

        worded = searched and bool(search_words(terms[0]))
        now = timezone.now()
        page = None
        if worded and counts_kept():
            # A buyer's search, its first matches kept per catalogue generation: a page within them
            # reads its own rows by id (``_kept_search_page``); otherwise as below.
            found = _kept_search_page(info, channel, arguments, names, terms, now)
            if found is not None:
                page, totals["total"] = found
        key = (
            "products",
            channel.pk,
            repr(arguments.sort_by),
            frozenset(names),
            along,
            rode,
            searched,
            worded,
            len(terms),
            None if lifted is None else lifted.shape,
        )
        if page is None:
            page = paginate_prepared(
                key,
                build,
                (now, *terms, *(lifted.values if lifted is not None else ())),
                first=arguments.first,
                last=arguments.last,
                after=arguments.after,
                before=arguments.before,
                connection_name="products",
                count=lambda: count(),
                # A filtered page is planned for its values: a generic plan cannot know how many
                # products a category or price range holds (at 10,000 products it read 4x longer).
                on_server=lifted is None,
            )
    else:
        qs = _listed(info, channel, arguments)
        total, count_alone = _total(info, channel, arguments, qs)
        qs = annotate_for_selection(qs, names=names, channel=channel)
        rode = along
        if along:
            qs = qs.annotate(asal_total=total)
        page = paginate(
            qs,
            first=arguments.first,
            last=arguments.last,
            after=arguments.after,
            before=arguments.before,
            connection_name="products",
            count=lambda: count(),
        )

    def count() -> int:
        if "total" not in totals:
            totals["total"] = count_alone()
        return totals["total"]

    if rode and page.nodes:
        totals["total"] = page.nodes[0].asal_total
    elif along and not page.nodes and arguments.from_start and (arguments.first or arguments.last):
        totals["total"] = 0  # the first page is empty: nothing matches
    return connection(page, count, product_nodes(info, page.nodes, channel))


def _kept_search_page(
    info: Info,
    channel: Channel,
    arguments: ProductListArguments,
    names: set[str],
    terms: tuple[str, ...],
    now: datetime,
) -> tuple[Page[Any] | None, int] | None:
    """A buyer's searched page read through the search's first ``SEARCH_KEPT_MATCHES`` matches,
    kept for the catalogue's generation (``relay.kept_order``): the page's rows by id in one
    statement prepared once per selection and number of ids (``sql.padded_ids``), and the list's
    total (counted with the kept matches). None when nothing is kept; no page when it reaches past
    the kept matches (``paginate_kept``): the caller reads it as before, with the same answer.

    The kept order is the list's: this channel's buyer-visible listed products matching the terms,
    in ``sortBy``'s order; nothing else shapes it (no filter, no ``where``: ``resolve_products``),
    so the key is the channel, the order and the terms. Every catalogue write bumps the generation,
    and a scheduled publication coming due reads it afresh (``sql.kept_until_publication``).
    """
    limit = int(getattr(settings, "SEARCH_KEPT_MATCHES", 0) or 0)
    key = repr(("products-searched", channel.pk, repr(arguments.sort_by), terms))
    kept = kept_order(
        key,
        lambda: _listed(info, channel, arguments, now=now),
        limit=limit,
        now=now,
        using=Product.objects.db,
    )
    if kept is None:
        return None

    def by_ids(at: datetime, ids: list[int]) -> QuerySet[Product]:
        # The ids on the listing too (through an alias of the joined listing, not a second join):
        # its scan then reads the page's listings by ``product_id`` whatever the plan, where a
        # generic plan would hash-join every listing of the channel.
        shown = (
            visible_products(info, channel, listed_only=True, now=at)
            .alias(asal_listing_product=F("listing__product_id"))
            .filter(pk__in=ids, asal_listing_product__in=ids)
        )
        return annotate_for_selection(shown, names=names, channel=channel).order_by()

    def load(ids: list[int]) -> dict[int, Product]:
        padded = padded_ids(ids)
        key = ("products-kept-search", channel.pk, frozenset(names), len(padded))
        return {row.pk: row for row in prepared(key, by_ids, now, padded)}

    page = paginate_kept(
        kept,
        load,
        first=arguments.first,
        last=arguments.last,
        after=arguments.after,
        before=arguments.before,
        connection_name="products",
    )
    return page, kept.total


def search_lifted(arguments: ProductListArguments) -> ProductListArguments:
    """``filter: {search: $text}`` (the storefront's search) as the ``search`` argument.

    A filter setting nothing but ``search`` narrows nothing besides the search, which
    ``product_queryset_filter`` applies alike from either place (the argument first, when both are
    given): the same rows, ranks and order. Lifted out of the input object, the text reaches the
    prepared page statement of a searched list (``resolve_products``) as a value of its own.
    """
    given = arguments.filter
    if given is None or arguments.where is not None or given.search is None:
        return arguments
    if any(getattr(given, field.name) is not None for field in fields(given) if field.name != "search"):
        return arguments
    search = given.search if arguments.search is None else arguments.search
    return replace(arguments, filter=None, search=search)


def _total(
    info: Info, channel: Channel | None, arguments: ProductListArguments, listed: QuerySet[Product]
) -> tuple[Any, Callable[[], int]]:
    """``totalCount`` as an expression for the page's statement and as a statement of its own.

    A buyer's unfiltered listing reads the channel's maintained counter (constant cost, see
    ``selectors.listed_product_total``); a filtered list counts its filtered products without
    order or annotations, through the indexes of its filters.
    """
    unfiltered = _unfiltered(arguments)
    if channel is not None and unfiltered and not is_product_staff(info):
        return (
            selectors.listed_product_total(channel=channel),
            lambda: selectors.listed_product_count(channel=channel),
        )
    counted = _counted(listed).order_by()
    # Built per request (never prepared): kept for the catalogue's generation, responses cached or not.
    return CountOf(counted.values("pk"), uncached=True), lambda: kept_count(counted)


def resolve_category_products(
    info: Info, category: Category, *, channel_slug: str | None, arguments: ProductListArguments
) -> CountableConnection[Any]:
    """``Category.products``: the products of the category and every category below it."""
    channel = channel_for_request(info, channel_slug)
    names = selected_names(info)
    remember_selection(info, names)

    def pages_for(parent_ids: list[int]) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
        below = selectors.category_descendant_ids_for(category_ids=parent_ids)
        if _alone(info, parent_ids, arguments):
            (pk,) = parent_ids
            return _page_alone(info, channel, arguments, names, pk, narrow={"category_id__in": below[pk]})
        pages: dict[Any, Page[Any]] = {}
        totals: dict[Any, int] = {}
        # A product under two categories of the page (a parent and its child) belongs to both
        # pages: each group holds categories whose subtrees do not overlap, one statement each.
        for group in _disjoint_groups(parent_ids, below):
            parent = Case(
                *(When(category_id__in=below[pk], then=Value(pk)) for pk in group),
                output_field=IntegerField(),
            )
            every = [pk for parent_id in group for pk in below[parent_id]]
            found, counts = _pages(
                info, channel, arguments, names, narrow={"category_id__in": every}, parent=parent
            )
            pages.update(found)
            totals.update(counts)
        return pages, totals

    def count_one() -> int:
        below = selectors.category_descendant_ids_for(category_ids=[category.pk])[category.pk]
        if channel is not None and _unfiltered(arguments) and not is_product_staff(info):
            return selectors.category_listed_count(channel=channel, category_ids=list(below))
        return kept_count(_counted(_listed(info, channel, arguments, narrow=Q(category_id__in=below))))

    page, count = page_for_parent(
        info,
        kind=Category,
        scope=UNSCOPED,
        parent_id=category.pk,
        arguments=("category-products", channel.pk if channel else None, arguments.key()),
        pages_for=pages_for,
        count_one=count_one,
        starts_at_beginning=arguments.from_start,
    )
    return connection(page, count, product_nodes(info, page.nodes, channel))


def resolve_collection_products(
    info: Info, collection: Collection, channel: Channel | None, *, arguments: ProductListArguments
) -> CountableConnection[Any]:
    """``Collection.products`` in the channel the collection was reached in, in its curator's order."""
    names = selected_names(info)
    remember_selection(info, names)
    scope = scope_for(info, channel)

    def pages_for(parent_ids: list[int]) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
        if _alone(info, parent_ids, arguments):
            (pk,) = parent_ids
            return _page_alone(
                info,
                channel,
                arguments,
                names,
                pk,
                narrow={"collection_products__collection_id": pk},
                position=F("collection_products__sort_order"),
            )
        # Filtering and numbering through the same join gives one row per (collection, product).
        return _pages(
            info,
            channel,
            arguments,
            names,
            narrow={"collection_products__collection_id__in": parent_ids},
            parent=F("collection_products__collection_id"),
            position=F("collection_products__sort_order"),
        )

    def count_one() -> int:
        narrow = Q(collection_products__collection=collection)
        return kept_count(
            _listed(info, channel, arguments, narrow=narrow, position=collection_position(collection))
        )

    page, count = page_for_parent(
        info,
        kind=Collection,
        scope=scope,
        parent_id=collection.pk,
        arguments=("collection-products", arguments.key()),
        pages_for=pages_for,
        count_one=count_one,
        starts_at_beginning=arguments.from_start,
    )
    return connection(page, count, product_nodes(info, page.nodes, channel))


def _alone(info: Info, parent_ids: list[int], arguments: ProductListArguments) -> bool:
    """Whether one parent's page (a category's or collection's own page, no peers) is read as a
    top-level list is: by ``paginate``, its rows through the sort's index and ``totalCount``
    riding along as a count kept per catalogue generation, instead of a window numbering and
    counting every product of the parent on every request. A first page that does not select
    ``totalCount`` stays windowed: its total must be known for another alias of the same page."""
    return len(parent_ids) == 1 and (_selects_total(info) or not arguments.from_start)


def _page_alone(
    info: Info,
    channel: Channel | None,
    arguments: ProductListArguments,
    names: set[str],
    parent_id: int,
    *,
    narrow: dict[str, Any],
    position: Any = None,
) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
    along = _selects_total(info)
    ((lookup, value),) = narrow.items()
    buyer = channel is not None and _unfiltered(arguments) and not is_product_staff(info)
    # A buyer's unfiltered category page: its total from the categories' counters (constant cost).
    counters = channel if buyer and lookup == "category_id__in" else None

    def build(now: datetime | None, parent: Any) -> QuerySet[Product]:
        listed = _listed(info, channel, arguments, narrow=Q(**{lookup: parent}), position=position, now=now)
        qs = annotate_for_selection(listed, names=names, channel=channel)
        if along and counters is not None:
            total = selectors.category_listed_total(channel=counters, category_ids=list(parent), now=now)
            qs = qs.annotate(asal_total=total)
        elif along:
            qs = qs.annotate(asal_total=CountOf(listed.order_by().values("pk")))
        return qs

    if buyer and channel is not None:
        # A buyer's unfiltered page of one category or collection: prepared as ``products`` is.
        shape = len(value) if isinstance(value, list) else None
        key = ("page-alone", channel.pk, lookup, shape, repr(position), repr(arguments.sort_by))
        page = paginate_prepared(
            (*key, frozenset(names), along),
            build,
            (timezone.now(), value),
            first=arguments.first,
            last=arguments.last,
            after=arguments.after,
            before=arguments.before,
            connection_name="products",
        )
    else:
        page = paginate(
            build(None, value),
            first=arguments.first,
            last=arguments.last,
            after=arguments.after,
            before=arguments.before,
            connection_name="products",
        )
    products_seen(info, page.nodes, scope_for(info, channel))
    totals: dict[Any, int] = {}
    if along and page.nodes:
        totals[parent_id] = page.nodes[0].asal_total
    # Otherwise unknown here: an empty first page means none (``page_for_parent``), and past a
    # cursor ``count_one`` counts, kept per generation as this count is.
    return {parent_id: page}, totals


def _pages(
    info: Info,
    channel: Channel | None,
    arguments: ProductListArguments,
    names: set[str],
    *,
    narrow: dict[str, Any],
    parent: Any,
    position: Any = None,
) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
    qs = annotate_for_selection(
        _listed(info, channel, arguments, narrow=Q(**narrow), position=position), names=names, channel=channel
    )
    pages, totals = paginate_per_parent(
        qs,
        parent=parent,
        first=arguments.first,
        last=arguments.last,
        after=arguments.after,
        before=arguments.before,
        connection_name="products",
    )
    products_seen(info, (p for page in pages.values() for p in page.nodes), scope_for(info, channel))
    return pages, totals


def _disjoint_groups(parent_ids: list[int], below: dict[int, list[int]]) -> list[list[int]]:
    groups: list[tuple[list[int], set[int]]] = []
    for pk in parent_ids:
        subtree = set(below[pk])
        for members, covered in groups:
            if not covered & subtree:
                members.append(pk)
                covered |= subtree
                break
        else:
            groups.append(([pk], subtree))
    return [members for members, _ in groups]


def _selects_total(info: Info) -> bool:
    """Whether the connection itself (not something nested below it) selects ``totalCount``."""

    def walk(selections: list[Any]) -> bool:
        for selection in selections:
            if isinstance(selection, FragmentSpread | InlineFragment):
                if walk(selection.selections):
                    return True
            elif selection.name == "totalCount":
                return True
        return False

    return any(walk(field.selections) for field in info.selected_fields)

"""Product search over the search document that the catalogue services keep on write.

``Product.search_document`` already holds every word a buyer may type to find a product (names,
descriptions, attribute values, consenting makers' names, village, materials, techniques, SKUs),
so a search reads one column instead of joining five tables per request.

On PostgreSQL the document is matched with full-text search: its vector, ``to_tsvector('simple',
document)``, kept in the column ``search_vector`` (computed by PostgreSQL on write, migration
``0009``), against ``websearch_to_tsquery`` (quotes, ``OR`` and ``-word`` work as buyers expect from web
search engines) or a prefix query, so "bamb" finds bamboo while the buyer is still typing. The
``simple`` configuration does no stemming: names are Sasak and Indonesian as often as English,
and an English stemmer would mangle them. The match reads the GIN index
``catalog_product_search_vector_idx`` on the column, and ``ts_rank`` ranks each match from the
kept vector instead of parsing its document again. Other databases (the SQLite demo) fall back to
a case-insensitive substring match on every word.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import Expression, FloatField, Q, QuerySet, Value
from django.db.models.expressions import Col

from storefront.catalog.models import Product

SEARCH_CONFIG = "simple"
SEARCH_RANK_ANNOTATION = "search_rank"
MAX_QUERY_LENGTH = 200

# Letters and digits of any script; everything else separates words.
_WORD_RE = re.compile(r"\w+", re.UNICODE)
# Web-search syntax (a phrase, OR, an excluded -word): the buyer means it exactly, no prefixes.
_OPERATOR_RE = re.compile(r'"|(^|\s)-\w|\sor\s', re.IGNORECASE)


# ``catalog_product.search_vector``: not a model field (PostgreSQL computes it, SQLite lacks it),
# so the column is named by a field that belongs to no model's ``_meta``.
_SEARCH_VECTOR_COLUMN = SearchVectorField()
_SEARCH_VECTOR_COLUMN.set_attributes_from_name("search_vector")
_SEARCH_VECTOR_COLUMN.model = Product


class _StoredSearchVector(Expression):
    """``to_tsvector('simple', COALESCE(search_document, ''))`` as kept in the product's
    ``search_vector`` column, read from the query's product table (whatever its alias)."""

    output_field = SearchVectorField()

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> Any:
        return Col(query.get_initial_alias(), _SEARCH_VECTOR_COLUMN, output_field=SearchVectorField())


def product_search_vector() -> Expression:
    """The product's search vector (PostgreSQL only), indexed by ``catalog_product_search_vector_idx``."""
    return _StoredSearchVector()


def search_words(query: str) -> list[str]:
    """The words of a buyer's query, lowercased, without operators or punctuation."""
    return [word.lower() for word in _WORD_RE.findall(query[:MAX_QUERY_LENGTH])]


def _prefix_tsquery(words: list[str]) -> str:
    # Only \w characters reach to_tsquery, so the raw query cannot carry operators.
    return " & ".join(f"{word}:*" for word in words)


def product_search_terms(query: str) -> tuple[str, str | None]:
    """What ``product_search`` matches ``query`` with: its text (cut to ``MAX_QUERY_LENGTH``) and
    the prefix ``tsquery`` of its words (None when it has none, or uses web-search operators)."""
    text = query[:MAX_QUERY_LENGTH]
    words = search_words(query or "")
    if not words or _OPERATOR_RE.search(text):
        return text, None
    return text, _prefix_tsquery(words)


def product_search(
    *, queryset: QuerySet[Product], query: str, prefix: str | None = None
) -> QuerySet[Product]:
    """Keep the products of ``queryset`` matching ``query``, annotated with ``search_rank``.

    A higher ``search_rank`` is a better match; sorting by ``RANK`` reads it. A blank query
    matches everything (rank 0), as Saleor does, so an emptied search box shows the listing.
    """
    words = search_words(query or "")
    if not words:
        return queryset.annotate(**{SEARCH_RANK_ANNOTATION: Value(0.0, output_field=FloatField())})
    if connections[queryset.db].vendor != "postgresql":
        condition = Q()
        for word in words:
            condition &= Q(search_document__icontains=word) | Q(name__icontains=word)
        return queryset.filter(condition).annotate(
            **{SEARCH_RANK_ANNOTATION: Value(0.0, output_field=FloatField())}
        )
    text = query[:MAX_QUERY_LENGTH]
    tsquery = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    if not _OPERATOR_RE.search(text):
        # ``prefix``: ``product_search_terms``'s, computed by a caller that prepares the statement.
        prefix = _prefix_tsquery(words) if prefix is None else prefix
        tsquery = tsquery | SearchQuery(prefix, search_type="raw", config=SEARCH_CONFIG)
    vector = product_search_vector()
    return (
        queryset.alias(_search_vector=vector)
        .filter(_search_vector=tsquery)
        .annotate(**{SEARCH_RANK_ANNOTATION: SearchRank(vector, tsquery)})
    )

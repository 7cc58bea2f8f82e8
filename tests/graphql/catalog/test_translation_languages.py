"""Several languages of one translated object cost no query of their own, not one per language.

The storefront's product page asks for the product in the shopper's language and for its slug in
seven more (``ProductLocaleSlugTranslations``, for hreflang links). The statement that loads the
product carries every language of it (a JSON subquery), and that answers them all, each with the
same fallback rule as a single language (``pt-br`` falls back to ``pt``).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.catalog.models import ProductTranslation
from tests.graphql.catalog.factories import ChannelFactory, full_product
from tests.graphql.compat.storefront import operation_text

pytestmark = pytest.mark.django_db

PAGE = """
query Page($slug: String!, $channel: String!) {
  product(slug: $slug, channel: $channel) {
    shopper: translation(languageCode: ID) { name }
    en: translation(languageCode: EN) { slug }
    pt: translation(languageCode: PT) { name }
    ptBr: translation(languageCode: PT_BR) { name }
    de: translation(languageCode: DE) { name }
    again: translation(languageCode: ID) { slug }
  }
}
"""


def _translation_statements(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if 'FROM "catalog_producttranslation"' in q["sql"]]


@pytest.fixture
def product():
    channel = ChannelFactory()
    product = full_product(channel)  # with its Indonesian ("id") translation
    ProductTranslation.objects.create(product=product, language_code="en", name="Basket", slug="basket-en")
    ProductTranslation.objects.create(product=product, language_code="pt", name="Cesto", slug="cesto")
    return product


def test_each_language_gets_its_own_translation_or_its_base_language(gql, product):
    variables = {"slug": product.slug, "channel": "intl-usd"}

    with CaptureQueriesContext(connection) as captured:
        result = gql(PAGE, variables)

    assert "errors" not in result, result
    page = result["data"]["product"]
    assert page["shopper"] == {"name": f"Keranjang {product.slug}"}
    assert page["again"] == {"slug": f"keranjang-{product.slug}"}
    assert page["en"] == {"slug": "basket-en"}
    assert page["pt"] == {"name": "Cesto"}
    assert page["ptBr"] == {"name": "Cesto"}  # no pt-br row: the base language answers
    assert page["de"] is None
    translations = _translation_statements(captured)
    assert len(translations) == 1, "\n\n".join(translations)
    assert translations[0].startswith('SELECT "catalog_product"."id"')  # the product's own statement


def test_an_exact_regional_translation_wins_over_its_base_language(gql, product):
    ProductTranslation.objects.create(product=product, language_code="pt-br", name="Cesta", slug="cesta")

    page = gql(PAGE, {"slug": product.slug, "channel": "intl-usd"})["data"]["product"]

    assert page["ptBr"] == {"name": "Cesta"}
    assert page["pt"] == {"name": "Cesto"}


def test_the_storefront_product_page_with_hreflang_slugs_costs_at_most_10_queries(gql, product):
    variables = {"slug": product.slug, "channel": "intl-usd", "languageCode": "ID"}

    with CaptureQueriesContext(connection) as captured:
        result = gql(operation_text("ProductDetails"), variables)

    assert "errors" not in result, result
    page = result["data"]["product"]
    assert page["slugEN"] == {"slug": "basket-en"}
    assert page["slugPL"] is None
    assert page["translation"]["name"] == f"Keranjang {product.slug}"
    statements = [
        q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    translations = _translation_statements(captured)
    assert len(translations) == 1, "\n\n".join(translations)
    assert translations[0].startswith('SELECT "catalog_product"."id"')
    assert len(statements) <= 10, "\n\n".join(statements)

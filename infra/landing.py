"""The page at ``/``: what this server offers, with links a newcomer can follow after ``make run``.

Outside production it also points at a sample piece of the demo (its certificate page, credential,
tag) and at example queries that open in GraphiQL ready to run.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from provenance.certificates.models import StatusList

EXAMPLE_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "Search the catalogue, with prices in a channel's currency",
        '{\n  products(first: 5, channel: "intl-usd", search: "bamboo") {\n    totalCount\n'
        "    edges { node { name slug pricing { priceRange { start { gross { amount currency } } } } } }\n"
        "  }\n}\n",
    ),
    (
        "One product in Japanese yen, with its translation, stock and provenance",
        '{\n  product(slug: "loyok-bamboo-rice-basket", channel: "jp-jpy") {\n    name\n'
        "    translation(languageCode: ID) { name }\n"
        "    productVariants(first: 10) {\n"
        "      edges { node { sku quantityAvailable pricing { price { gross { amount currency } } } } }\n"
        "    }\n"
        "    provenance { origin { village regency latitude longitude } makers { displayName } }\n"
        "  }\n}\n",
    ),
    (
        "The category tree",
        "{\n  categories(first: 10, level: 0) {\n"
        "    edges { node { name slug children(first: 10) { edges { node { name } } } } }\n  }\n}\n",
    ),
)


def landing_page(request: HttpRequest) -> HttpResponse:
    graphql_url = reverse("graphql")
    examples = [(title, f"{graphql_url}?{urlencode({'q': query})}") for title, query in EXAMPLE_QUERIES]
    status_list = StatusList.objects.order_by("purpose", "number").first()
    sample = None
    if not settings.IS_PRODUCTION:
        # Imported here: the demo's loaders and data (shipping tables, Pillow's drawing) are never
        # needed in production, and would otherwise sit in every server worker's memory.
        from infra.demo.services import demo_sample_certificate

        sample = demo_sample_certificate()
    return render(
        request,
        "asal/landing.html",
        {
            "shop_name": settings.SHOP_NAME,
            "graphql_url": graphql_url,
            "examples": examples,
            "sample_serial": sample.unit.serial if sample is not None else None,
            "status_list": status_list,
            "is_production": settings.IS_PRODUCTION,
        },
    )

"""GraphiQL at /graphql/ loads everything from this server, so it works without internet."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db


def _graphiql_page(client) -> str:
    response = client.get("/graphql/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    return response.content.decode()


def _assets(html: str) -> list[str]:
    return re.findall(r'<script[^>]*\bsrc="([^"]+)"', html) + re.findall(
        r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html
    )


def test_graphiql_references_only_same_origin_files(client):
    html = _graphiql_page(client)

    assets = _assets(html)
    assert any("graphiql.min.js" in url for url in assets) and any("react-dom" in url for url in assets)
    for url in assets:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{url} is fetched from another origin"
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_every_file_graphiql_loads_is_served(client):
    for url in _assets(_graphiql_page(client)):
        response = client.get(url)
        assert response.status_code == 200, f"{url} is missing: make graphiql installs it"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 100, url


def test_a_shared_link_opens_graphiql_instead_of_running_the_query(client):
    """?q= prefills the editor (the landing page's examples); ?query= is GraphQL over GET."""
    response = client.get("/graphql/?q=%7B__typename%7D", headers={"Accept": "text/html"})

    assert b"graphiql.min.js" in response.content

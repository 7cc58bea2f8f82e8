"""``/`` is a page for people, not Django's debug 404: what the server offers and where to start."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_root_is_a_landing_page_linking_graphiql_and_the_issuer(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    links = set(re.findall(r'href="([^"]+)"', html))
    assert {"/graphql/", "/.well-known/did.json", "/ns/origin/v1"} <= links
    assert any(link.startswith("/graphql/?q=") for link in links), "example queries open in GraphiQL"
    assert "URL patterns" not in html


def test_without_certificates_it_says_how_to_load_the_demo(client):
    assert b"make run" in client.get("/").content


def test_in_production_it_names_no_demo_piece(client, settings):
    settings.IS_PRODUCTION = True

    html = client.get("/").content.decode()

    assert "make run" not in html and "/p/" not in html

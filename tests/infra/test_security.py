"""The headers of every page: a Content-Security-Policy on HTML, and X-Forwarded-Proto believed
only from a trusted proxy."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory

from infra.security import ContentSecurityPolicyMiddleware, ForwardedProtoMiddleware

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (d.split() for d in header.split(";") if d.strip())}


@pytest.mark.parametrize("path", ["/", "/graphql/", "/p/ASL-NO-SUCH-PIECE"])
def test_html_pages_forbid_inline_and_foreign_scripts(client, path):
    response = client.get(path, headers={"Accept": "text/html"})

    assert response["Content-Type"].startswith("text/html")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_json_responses_carry_no_policy(client):
    response = client.post("/graphql/", {"query": "{ __typename }"}, content_type="application/json")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.mark.parametrize("path", ["/", "/graphql/"])
def test_infra_pages_have_no_inline_script_or_style(client, path):
    html = client.get(path, headers={"Accept": "text/html"}).content.decode()

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html and " style=" not in html
    assert re.findall(r"\son[a-z]+=", html) == []  # no event handler attributes either


def test_public_images_may_come_from_the_public_url(client):
    policy = _directives(client.get("/").headers["Content-Security-Policy"])

    assert "http://127.0.0.1:8000" in policy["img-src"]  # certificates name photos under PUBLIC_URL


def _render(template: str):
    def view(request):
        return HttpResponse(engines["django"].from_string(template).render({"request": request}))

    return ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))


def test_a_nonce_used_by_a_template_is_allowed_for_that_response_only():
    response = _render('<style nonce="{{ request.csp_nonce }}">p{}</style>')

    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    policy = _directives(response["Content-Security-Policy"])
    assert f"'nonce-{nonce}'" in policy["style-src"] and f"'nonce-{nonce}'" in policy["script-src"]
    other = _render('<style nonce="{{ request.csp_nonce }}">p{}</style>')
    assert nonce not in other["Content-Security-Policy"]


def test_a_page_that_uses_no_nonce_gets_none():
    assert "nonce" not in _render("<p>plain</p>")["Content-Security-Policy"]


def test_a_view_that_sets_its_own_policy_keeps_it():
    def view(request):
        response = HttpResponse("<p>frame me</p>")
        response["Content-Security-Policy"] = "frame-ancestors *"
        return response

    response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/"))

    assert response["Content-Security-Policy"] == "frame-ancestors *"


def _scheme_seen(settings, *, peer: str) -> str:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", headers={"X-Forwarded-Proto": "https"}, REMOTE_ADDR=peer)
    return ForwardedProtoMiddleware(lambda request: HttpResponse(request.scheme))(request).content.decode()


def test_a_client_cannot_claim_https_by_sending_the_proxy_header(settings):
    assert _scheme_seen(settings, peer="203.0.113.9") == "http"


def test_the_trusted_proxy_says_whether_the_client_used_https(settings):
    assert _scheme_seen(settings, peer="10.0.0.5") == "https"

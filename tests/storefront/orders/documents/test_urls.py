"""Short-lived URLs of the papers where there is no S3: a signed, expiring token and the view it opens."""

from __future__ import annotations

import time

import pytest
from django.core import signing

from storefront.accounts.actor import Actor
from storefront.orders.choices import FulfillmentDocumentKind
from storefront.orders.documents.services import (
    URL_SALT,
    document_file,
    fulfillment_document_url,
    fulfillment_documents_issue,
)
from tests.storefront.orders.documents.fulfilments import fulfillment_of, order_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(shop, settings):
    settings.PUBLIC_URL = "https://shop.example.test"
    documents = fulfillment_documents_issue(
        fulfillment=fulfillment_of(order_of(shop, (1, 1))), actor=Actor.system()
    )
    return next(d for d in documents if d.kind == FulfillmentDocumentKind.COMMERCIAL_INVOICE)


def _path(url: str) -> str:
    assert url.startswith("https://shop.example.test/private/export-documents/")
    return url.removeprefix("https://shop.example.test")


def test_the_url_serves_the_pdf_privately(client, invoice):
    response = client.get(_path(fulfillment_document_url(invoice)))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == document_file(invoice).read()


def test_an_altered_token_is_refused(client, invoice):
    path = _path(fulfillment_document_url(invoice))
    altered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]

    assert client.get(altered).status_code == 403


def test_a_token_signed_for_another_document_cannot_be_edited_to_open_this_one(client, invoice):
    forged = signing.TimestampSigner(salt="another purpose").sign_object(
        {"d": invoice.pk, "n": invoice.file.name, "e": 300}, compress=True
    )

    assert client.get(f"/private/export-documents/{forged}/").status_code == 403


def test_the_url_expires(client, invoice, monkeypatch):
    path = _path(fulfillment_document_url(invoice, expires_seconds=60))
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 61)

    assert client.get(path).status_code == 403


def test_a_token_claiming_a_longer_life_than_allowed_is_refused(client, invoice):
    token = signing.TimestampSigner(salt=URL_SALT).sign_object(
        {"d": invoice.pk, "n": invoice.file.name, "e": 10**9}, compress=True
    )

    assert client.get(f"/private/export-documents/{token}/").status_code == 403


def test_a_url_dies_when_the_paper_is_issued_again(client, invoice):
    path = _path(fulfillment_document_url(invoice))

    fulfillment_documents_issue(fulfillment=invoice.fulfillment, actor=Actor.system())

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("seconds", [0, -5, 3601])
def test_a_lifetime_outside_one_second_to_an_hour_is_a_bug(invoice, seconds):
    with pytest.raises(ValueError):
        fulfillment_document_url(invoice, expires_seconds=seconds)


@pytest.mark.parametrize(
    "path",
    [
        "/private/export-documents//",
        "/private/export-documents/%00/",
        "/private/export-documents/" + "a" * 700 + "/",
    ],
)
def test_malformed_tokens_are_not_found_or_refused(client, path):
    assert client.get(path).status_code in (403, 404)


def test_only_safe_methods_are_served(client, invoice):
    assert client.post(_path(fulfillment_document_url(invoice))).status_code == 405

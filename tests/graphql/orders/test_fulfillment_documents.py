"""fulfillmentDocumentsIssue and fulfillmentDocuments: staff and apps with MANAGE_ORDERS only.

The papers are issued by ``fulfillment_documents_issue`` (tested with the PDFs in
``tests/storefront/orders/documents``); here: the payload, the short-lived URLs, the errors, and
who may call.
"""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from storefront.orders.choices import FulfillmentStatus
from storefront.orders.documents.services import fulfillment_documents_issue
from storefront.orders.models import Fulfillment, FulfillmentDocument, InvoiceNumberCounter
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.documents.fulfilments import fulfillment_of, order_of, pdf_text, shop_create

pytestmark = pytest.mark.django_db

ISSUE = """mutation($id: ID!) {
  fulfillmentDocumentsIssue(id: $id) {
    documents { kind url createdAt }
    errors { field code message }
  }
}"""
DOCUMENTS = """query($id: ID!) { fulfillmentDocuments(id: $id) { kind url createdAt } }"""
KINDS = ["CERTIFICATE_TAGS", "COMMERCIAL_INVOICE", "PACKING_LIST"]


@pytest.fixture
def shop(signing_key, origin, maker):  # noqa: F811
    return shop_create(origin, maker)


@pytest.fixture
def public_url(settings):
    settings.PUBLIC_URL = "https://shop.example.test"
    return settings.PUBLIC_URL


def _fetch(client, url: str) -> bytes:
    response = client.get(url.removeprefix("https://shop.example.test"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def _denied(body) -> bool:
    return any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in body.get("errors") or []
    )


def test_staff_issue_the_papers_and_fetch_them_by_their_short_lived_urls(gql, client, shop, public_url):
    fulfillment = fulfillment_of(order_of(shop, (2, 1)))
    staff = staff_user(PermissionCode.MANAGE_ORDERS)

    body = gql(ISSUE, {"id": to_global_id("Fulfillment", fulfillment.pk)}, headers=bearer(staff))

    payload = body["data"]["fulfillmentDocumentsIssue"]
    assert payload["errors"] == []
    assert [document["kind"] for document in payload["documents"]] == KINDS
    fulfillment.refresh_from_db()
    papers = {document["kind"]: _fetch(client, document["url"]) for document in payload["documents"]}
    assert fulfillment.invoice_number in pdf_text(papers["COMMERCIAL_INVOICE"])[0]
    assert len(pdf_text(papers["CERTIFICATE_TAGS"])) == 3
    entry = AuditLogEntry.objects.get(action="fulfillment.documents_issued")
    assert entry.actor_user == staff and entry.object_id == str(fulfillment.pk)


def test_an_app_with_manage_orders_may_issue_and_list(gql, shop, public_url):
    fulfillment = fulfillment_of(order_of(shop, (1, 0)))
    app, token = app_create(name="fulfilment", permissions=[PermissionCode.MANAGE_ORDERS])
    fulfillment_id = to_global_id("Fulfillment", fulfillment.pk)

    issued = gql(ISSUE, {"id": fulfillment_id}, headers=bearer(token))
    listed = gql(DOCUMENTS, {"id": fulfillment_id}, headers=bearer(token))

    assert issued["data"]["fulfillmentDocumentsIssue"]["errors"] == []
    assert AuditLogEntry.objects.get(action="fulfillment.documents_issued").actor_app == app
    assert [document["kind"] for document in listed["data"]["fulfillmentDocuments"]] == KINDS
    assert all(document["url"].startswith(public_url) for document in listed["data"]["fulfillmentDocuments"])


def test_issuing_again_keeps_the_invoice_number(gql, shop, public_url):
    fulfillment = fulfillment_of(order_of(shop, (1, 1)))
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    gql(ISSUE, {"id": to_global_id("Fulfillment", fulfillment.pk)}, headers=headers)
    number = Fulfillment.objects.get(pk=fulfillment.pk).invoice_number

    body = gql(ISSUE, {"id": to_global_id("Fulfillment", fulfillment.pk)}, headers=headers)

    assert body["data"]["fulfillmentDocumentsIssue"]["errors"] == []
    assert Fulfillment.objects.get(pk=fulfillment.pk).invoice_number == number
    assert FulfillmentDocument.objects.filter(fulfillment=fulfillment).count() == 3


def test_the_list_of_a_fulfilment_never_issued_is_empty_and_of_an_unknown_one_null(gql, shop):
    fulfillment = fulfillment_of(order_of(shop, (1, 0)))
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))

    issued_none = gql(DOCUMENTS, {"id": to_global_id("Fulfillment", fulfillment.pk)}, headers=headers)
    unknown = gql(
        DOCUMENTS,
        {"id": to_global_id("Fulfillment", "00000000-0000-4000-8000-000000000000")},
        headers=headers,
    )
    other_type = gql(DOCUMENTS, {"id": to_global_id("Order", fulfillment.order_id)}, headers=headers)

    assert "errors" not in issued_none and issued_none["data"] == {"fulfillmentDocuments": []}
    assert "errors" not in unknown and unknown["data"] == {"fulfillmentDocuments": None}
    assert "errors" not in other_type and other_type["data"] == {"fulfillmentDocuments": None}


@pytest.mark.parametrize(
    "fulfillment_id",
    [
        to_global_id("Fulfillment", "00000000-0000-4000-8000-000000000000"),
        to_global_id("Fulfillment", "not-a-uuid"),
        to_global_id("Order", "00000000-0000-4000-8000-000000000000"),
        "%%%",
    ],
)
def test_an_id_that_names_no_fulfilment_is_not_found_in_the_payload(gql, fulfillment_id):
    body = gql(ISSUE, {"id": fulfillment_id}, headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)))

    assert "errors" not in body
    payload = body["data"]["fulfillmentDocumentsIssue"]
    assert payload["documents"] == []
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]


def test_a_canceled_fulfilment_is_invalid_and_nothing_is_issued(gql, shop):
    fulfillment = fulfillment_of(order_of(shop, (1, 0)))
    Fulfillment.objects.filter(pk=fulfillment.pk).update(status=FulfillmentStatus.CANCELED)

    body = gql(
        ISSUE,
        {"id": to_global_id("Fulfillment", fulfillment.pk)},
        headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)),
    )

    errors = body["data"]["fulfillmentDocumentsIssue"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("id", "INVALID")]
    assert not FulfillmentDocument.objects.exists()


def test_the_buyer_anonymous_and_callers_without_manage_orders_are_refused_and_nothing_is_issued(gql, shop):
    buyer = UserFactory()
    fulfillment = fulfillment_of(order_of(shop, (1, 1), buyer=buyer))
    _app, app_token = app_create(name="payments", permissions=[PermissionCode.HANDLE_PAYMENTS])
    callers = [
        {},
        bearer(buyer),
        bearer(staff_user(PermissionCode.MANAGE_PRODUCTS, PermissionCode.HANDLE_PAYMENTS)),
        bearer(app_token),
    ]
    fulfillment_id = to_global_id("Fulfillment", fulfillment.pk)
    counters = list(InvoiceNumberCounter.objects.values_list("year", "last"))

    issued = [gql(ISSUE, {"id": fulfillment_id}, headers=headers) for headers in callers]

    assert all(_denied(body) and body["data"]["fulfillmentDocumentsIssue"] is None for body in issued)
    assert not FulfillmentDocument.objects.exists()
    assert Fulfillment.objects.get(pk=fulfillment.pk).invoice_number == ""
    assert list(InvoiceNumberCounter.objects.values_list("year", "last")) == counters
    assert not AuditLogEntry.objects.filter(action="fulfillment.documents_issued").exists()


def test_the_buyer_anonymous_and_callers_without_manage_orders_cannot_list_or_get_urls(gql, shop):
    buyer = UserFactory()
    fulfillment = fulfillment_of(order_of(shop, (1, 1), buyer=buyer))
    fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())
    _app, app_token = app_create(name="catalogue", permissions=[PermissionCode.MANAGE_PRODUCTS])
    callers = [{}, bearer(buyer), bearer(staff_user(PermissionCode.MANAGE_PRODUCTS)), bearer(app_token)]

    bodies = [
        gql(DOCUMENTS, {"id": to_global_id("Fulfillment", fulfillment.pk)}, headers=headers)
        for headers in callers
    ]

    assert all(
        _denied(body) and (body.get("data") or {}).get("fulfillmentDocuments") is None for body in bodies
    )
    assert all("export-documents" not in str(body) for body in bodies)

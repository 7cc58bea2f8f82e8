"""The papers on the real S3 server (Ceph RADOS Gateway): private bucket, presigned reads only."""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from storefront.accounts.actor import Actor
from storefront.orders.documents import services
from storefront.orders.documents.services import fulfillment_document_url, fulfillment_documents_issue
from storefront.orders.models import FulfillmentDocument
from tests.s3 import s3_object_keys
from tests.storefront.orders.documents.fulfilments import fulfillment_of, order_of, pdf_text

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _lifetime(url: str) -> float:
    """Seconds a presigned URL is valid for (signature v4 says it, v2 gives the expiry time)."""
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    if "X-Amz-Expires" in query:
        return float(query["X-Amz-Expires"])
    return float(query["Expires"]) - time.time()


def test_papers_land_on_the_private_bucket_and_are_read_by_presigned_url_only(shop, s3_settings, s3_buckets):
    fulfillment = fulfillment_of(order_of(shop, (2, 1)))

    documents = fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())

    keys = s3_object_keys(s3_buckets.server, s3_buckets.private)
    assert {document.file.name for document in documents} <= keys
    assert not {document.file.name for document in documents} & s3_object_keys(
        s3_buckets.server, s3_buckets.public
    )
    fulfillment.refresh_from_db()
    for document in documents:
        url = fulfillment_document_url(document)
        assert s3_buckets.private in url
        assert _lifetime(url) == pytest.approx(300, abs=5)
        status, body = _get(url)
        assert status == 200 and body.startswith(b"%PDF-")
        if document.kind == "COMMERCIAL_INVOICE":
            assert fulfillment.invoice_number in pdf_text(body)[0]
        unsigned = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(query=""))
        assert _get(unsigned)[0] == 403


def test_a_presigned_url_expires(shop, s3_settings):
    documents = fulfillment_documents_issue(
        fulfillment=fulfillment_of(order_of(shop, (1, 0))), actor=Actor.system()
    )
    url = fulfillment_document_url(documents[0], expires_seconds=1)
    assert _get(url)[0] == 200

    time.sleep(2.5)

    assert _get(url)[0] == 403


def test_a_rolled_back_issue_leaves_nothing_in_the_bucket(shop, s3_settings, s3_buckets, monkeypatch):
    fulfillment = fulfillment_of(order_of(shop, (2, 1)))
    before = s3_object_keys(s3_buckets.server, s3_buckets.private)

    def fail(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_log_record", fail)
    with pytest.raises(RuntimeError):
        fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())

    assert s3_object_keys(s3_buckets.server, s3_buckets.private) == before
    assert not FulfillmentDocument.objects.filter(fulfillment=fulfillment).exists()


def test_reissuing_deletes_the_replaced_objects_once_committed(
    shop, s3_settings, s3_buckets, django_capture_on_commit_callbacks
):
    fulfillment = fulfillment_of(order_of(shop, (1, 1)))
    with django_capture_on_commit_callbacks(execute=True):
        first = {
            d.file.name for d in fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())
        }

    with django_capture_on_commit_callbacks(execute=True):
        again = {
            d.file.name for d in fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.system())
        }

    keys = s3_object_keys(s3_buckets.server, s3_buckets.private)
    assert again <= keys and not first & keys

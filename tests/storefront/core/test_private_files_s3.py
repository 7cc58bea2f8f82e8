"""``private_file_url``: a presigned link to a private file that the S3 server honours, then refuses."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from storefront.core.private_files import PrivateFileUrlUnavailable, private_file_url
from tests.storefront.catalog.media_images import use_local_media


def _status(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


@pytest.mark.s3
def test_the_link_reads_the_private_file_until_it_expires(s3_settings):
    name = storages["private"].save(
        f"export-documents/{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.7 invoice")
    )

    url = private_file_url(name, expires_seconds=2)

    assert "Signature=" in url or "X-Amz-Signature=" in url
    assert _status(url) == (200, b"%PDF-1.7 invoice")
    time.sleep(3.5)
    assert _status(url)[0] == 403


@pytest.mark.parametrize("seconds", [0, -1, 7 * 24 * 3600 + 1])
def test_an_expiry_outside_what_s3_signs_is_a_bug_of_the_caller(seconds):
    with pytest.raises(ValueError):
        private_file_url("export-documents/x.pdf", expires_seconds=seconds)


def test_a_storage_that_cannot_sign_gives_no_link_rather_than_a_public_one(settings, tmp_path):
    use_local_media(settings, tmp_path)

    with pytest.raises(PrivateFileUrlUnavailable):
        private_file_url("export-documents/x.pdf", expires_seconds=60)

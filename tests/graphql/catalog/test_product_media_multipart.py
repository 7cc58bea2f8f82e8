"""Malformed GraphQL multipart requests to the upload mutations: a 400 or an error in the payload,
never a 500, and nothing stored (the multipart side of ``tests/graphql/test_fuzz.py``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.models import ProductMedia
from tests.graphql.catalog.factories import MakerFactory, ProductFactory
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.catalog.media.uploads import PRODUCT_MEDIA_CREATE
from tests.storefront.catalog.media_images import image_bytes, stored_files, use_local_media

pytestmark = pytest.mark.django_db

PORTRAIT = (
    "mutation($id: ID!, $image: Upload) { makerPortraitUpdate(id: $id, image: $image) { errors { code } } }"
)


def _png() -> SimpleUploadedFile:
    return SimpleUploadedFile("a.png", image_bytes("PNG", (10, 10)), content_type="image/png")


def _cases(product_id: str, maker_id: str) -> dict[str, dict[str, Any]]:
    create = {"input": {"product": product_id, "image": None}}
    ops = json.dumps({"query": PRODUCT_MEDIA_CREATE, "variables": create})
    return {
        "file-into-a-string": {
            "operations": json.dumps(
                {"query": PRODUCT_MEDIA_CREATE, "variables": {"input": {"product": product_id, "alt": None}}}
            ),
            "map": json.dumps({"0": ["variables.input.alt"]}),
            "0": _png(),
        },
        "file-into-the-product-id": {
            "operations": ops,
            "map": json.dumps({"0": ["variables.input.product"]}),
            "0": _png(),
        },
        "path-to-nowhere": {
            "operations": ops,
            "map": json.dumps({"0": ["variables.nope.image"]}),
            "0": _png(),
        },
        "map-not-an-object": {"operations": ops, "map": json.dumps(["variables.input.image"]), "0": _png()},
        "map-not-json": {"operations": ops, "map": "{", "0": _png()},
        "operations-not-json": {
            "operations": "{",
            "map": json.dumps({"0": ["variables.input.image"]}),
            "0": _png(),
        },
        "missing-file-part": {"operations": ops, "map": json.dumps({"0": ["variables.input.image"]})},
        "one-file-two-places": {
            "operations": ops,
            "map": json.dumps({"0": ["variables.input.image", "variables.input.alt"]}),
            "0": _png(),
        },
        "empty-file": {
            "operations": ops,
            "map": json.dumps({"0": ["variables.input.image"]}),
            "0": SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg"),
        },
        "odd-file-name": {
            "operations": ops,
            "map": json.dumps({"0": ["variables.input.image"]}),
            "0": SimpleUploadedFile("../../\u202e\u0000gpj.php", b"<?php", content_type="image/jpeg"),
        },
        "portrait-file-into-the-id": {
            "operations": json.dumps({"query": PORTRAIT, "variables": {"id": maker_id, "image": None}}),
            "map": json.dumps({"0": ["variables.id"]}),
            "0": _png(),
        },
        "portrait-list-of-files": {
            "operations": json.dumps({"query": PORTRAIT, "variables": {"id": maker_id, "image": [None]}}),
            "map": json.dumps({"0": ["variables.image.0"]}),
            "0": _png(),
        },
    }


CASES = list(_cases("p", "m"))


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_upload_is_refused_without_a_server_error_or_a_file(client, settings, tmp_path, case):
    media_root = use_local_media(settings, tmp_path)
    staff = staff_user(P.MANAGE_PRODUCTS, P.MANAGE_PROVENANCE)
    data = _cases(to_global_id("Product", ProductFactory().pk), to_global_id("Maker", MakerFactory().pk))[
        case
    ]

    response = client.post("/graphql/", data=data, headers=bearer(staff))

    assert response.status_code in (200, 400), response.content[:300]
    text = response.content.decode()
    assert "Traceback" not in text and "INTERNAL_ERROR" not in text
    if response.status_code == 200:
        body = response.json()
        payloads = [value for value in (body.get("data") or {}).values() if value]
        assert body.get("errors") or all(payload["errors"] for payload in payloads), body
    assert not ProductMedia.objects.exists()
    assert stored_files(media_root) == set()

"""The endpoint itself (graphql_schema/views.py, infra/urls.py): bodies it refuses with a plain 400/413."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import override_settings

from graphql_schema.views import BAD_OPERATION_NAME, NOT_AN_OBJECT
from storefront.accounts.permissions import PermissionCode
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ["null", "1", '"x"', "true"])
def test_a_json_scalar_as_the_body_is_a_400(client, body):
    response = client.post("/graphql/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.content.decode() == NOT_AN_OBJECT


def test_a_batch_is_a_400_since_batching_is_off(client):
    response = client.post("/graphql/", "[1]", content_type="application/json")

    assert response.status_code == 400


@pytest.mark.parametrize("body", [b'{"query": "{ shop { name } }", "variables": {"n": NaN}}', b"\xff\xfe{"])
def test_nan_and_bytes_that_are_not_utf8_are_not_json(client, body):
    response = client.post("/graphql/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.content.decode() == "Unable to parse request body as JSON"


@pytest.mark.parametrize("name", [1, {"a": 1}, ["A"]])
def test_an_operation_name_that_is_not_a_string_is_a_400(client, name):
    body = {"query": "query A { shop { name } }", "operationName": name}

    response = client.post("/graphql/", json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.content.decode() == BAD_OPERATION_NAME


def test_a_post_without_the_trailing_slash_is_served_like_one_with_it(client):
    response = client.post("/graphql", {"query": "{ shop { name } }"}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["data"]["shop"]["name"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_json_body_over_the_limit_is_a_413(client):
    body = json.dumps({"query": "{ shop { name } }", "variables": {"pad": "x" * 2000}})

    response = client.post("/graphql/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.content.decode() == "The request body is larger than 1000 bytes."


@override_settings(GRAPHQL_MAX_UPLOAD_BYTES=1000)
def test_an_upload_over_the_limit_is_refused_before_it_is_parsed(client):
    staff = staff_user(PermissionCode.MANAGE_PROVENANCE)
    data = {
        "operations": json.dumps({"query": "mutation { __typename }", "variables": {}}),
        "map": json.dumps({"0": ["variables.file"]}),
        "0": SimpleUploadedFile("big.jpg", b"x" * 5000, content_type="image/jpeg"),
    }

    with mock.patch.object(MultiPartParser, "parse") as parse:
        response = client.post("/graphql/", data, headers=bearer(staff))

    assert response.status_code == 413
    parse.assert_not_called()


def test_an_invalid_content_length_is_a_400(client):
    response = client.generic(
        "POST", "/graphql/", b"{}", content_type="application/json", CONTENT_LENGTH="many"
    )

    assert response.status_code == 400

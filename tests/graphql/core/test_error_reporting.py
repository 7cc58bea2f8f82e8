"""Refusals are logged in one line; failures in full, and masked (core/error_reporting.py)."""

from __future__ import annotations

import logging

import pytest
import strawberry
from django.db import IntegrityError

from graphql_schema.core.error_reporting import INTERNAL_ERROR, MaskInternalErrors
from graphql_schema.core.permissions import PermissionDenied
from graphql_schema.schema import AsalSchema

pytestmark = pytest.mark.django_db


@strawberry.type
class Query:
    @strawberry.field
    def broken(self) -> str:
        raise IntegrityError('duplicate key value violates unique constraint "accounts_user_email_key"')

    @strawberry.field
    def guarded(self) -> str:
        raise PermissionDenied()


schema = AsalSchema(query=Query, extensions=[MaskInternalErrors])


def _graphql_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name.startswith(("graphql_schema", "strawberry"))]


def test_a_refused_call_is_one_line_at_info_without_a_traceback(gql, caplog):
    with caplog.at_level(logging.INFO):
        body = gql('{ user(email: "someone@example.com") { email } }')

    assert body["errors"][0]["extensions"] == {"exception": {"code": "PermissionDenied"}}
    [record] = _graphql_records(caplog)
    assert record.levelno == logging.INFO
    assert record.exc_info is None and record.stack_info is None
    assert "\n" not in record.getMessage()
    assert "(user)" in record.getMessage() and "MANAGE_STAFF" in record.getMessage()


def test_a_refusal_keeps_its_message_for_the_caller():
    result = schema.execute_sync("{ guarded }")

    assert result.errors[0].message == "You do not have permission to perform this action"


def test_a_failure_is_logged_with_its_traceback_and_masked_for_the_caller(caplog):
    with caplog.at_level(logging.INFO):
        result = schema.execute_sync("{ broken }")

    [error] = result.errors
    assert error.message == INTERNAL_ERROR
    assert "unique constraint" not in str(error.formatted)
    [record] = _graphql_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is IntegrityError


def test_a_bad_literal_is_a_refusal_not_a_failure(gql):
    body = gql('{ products(first: 1, channel: "intl-usd", where: {price: {eq: "NaN"}}) { totalCount } }')

    assert body["errors"][0]["message"] != INTERNAL_ERROR
    assert "Decimal cannot represent 'NaN'" in body["errors"][0]["message"]

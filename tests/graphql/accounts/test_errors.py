"""The DomainError -> Saleor error mapping (graphql_schema/core/errors.py), on a small schema."""

from __future__ import annotations

from enum import StrEnum

import pytest
import strawberry

from graphql_schema.accounts.types import AccountError
from graphql_schema.core.errors import graphql_enum, returns_errors, to_error
from storefront.accounts.error_codes import AccountError as AccountDomainError
from storefront.accounts.error_codes import AccountErrorCode
from storefront.core.errors import DomainError


class ThingErrorCode(StrEnum):
    INVALID = "INVALID"
    OUT_OF_STOCK = "OUT_OF_STOCK"


ThingErrorCodeEnum = graphql_enum(ThingErrorCode, name="ThingErrorCode")


@strawberry.type
class ThingError:
    field: str | None
    message: str | None
    code: ThingErrorCodeEnum  # type: ignore[valid-type]
    variants: list[str] | None = None


@strawberry.type
class ThingUpdate:
    ok: bool = False
    errors: list[ThingError] = strawberry.field(default_factory=list)


class ThingFailure(DomainError):
    pass


@strawberry.type
class Query:
    hello: str = "hi"


@strawberry.type
class Mutation:
    @strawberry.mutation
    @returns_errors(ThingUpdate, ThingError, ThingFailure)
    def thing_update(self, quantity: int) -> ThingUpdate:
        if quantity > 3:
            raise ThingFailure(
                ThingErrorCode.OUT_OF_STOCK, "Only 3 left.", field="quantity_wanted", variants=["V1"]
            )
        if quantity < 0:
            raise ValueError("a bug, not an expected failure")
        return ThingUpdate(ok=True)


schema = strawberry.Schema(query=Query, mutation=Mutation)
DOCUMENT = "mutation($q: Int!) { thingUpdate(quantity: $q) { ok errors { field code message variants } } }"


def test_graphql_enum_mirrors_the_domain_codes():
    assert [member.value for member in ThingErrorCodeEnum] == ["INVALID", "OUT_OF_STOCK"]
    assert "enum ThingErrorCode" in str(schema)


def test_domain_error_becomes_a_saleor_error_with_camel_case_field_and_details():
    result = schema.execute_sync(DOCUMENT, {"q": 5})
    assert result.errors is None
    assert result.data == {
        "thingUpdate": {
            "ok": False,
            "errors": [
                {
                    "field": "quantityWanted",
                    "code": "OUT_OF_STOCK",
                    "message": "Only 3 left.",
                    "variants": ["V1"],
                }
            ],
        }
    }


def test_success_passes_through():
    assert schema.execute_sync(DOCUMENT, {"q": 1}).data == {"thingUpdate": {"ok": True, "errors": []}}


def test_bugs_are_not_turned_into_error_objects():
    result = schema.execute_sync(DOCUMENT, {"q": -1})
    assert result.data is None  # thingUpdate is non-null here, so the error nulls the whole response
    assert "a bug" in result.errors[0].message


def test_to_error_builds_an_account_error():
    error = to_error(
        AccountError, AccountDomainError(AccountErrorCode.INACTIVE, "Account inactive.", field="email")
    )
    assert (error.field, error.code.value, error.message) == ("email", "INACTIVE", "Account inactive.")


def test_a_code_missing_from_the_graphql_enum_is_a_bug():
    with pytest.raises(ValueError):
        to_error(AccountError, DomainError("NOT_AN_ACCOUNT_CODE", "x"))

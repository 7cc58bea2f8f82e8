"""The DomainError -> Saleor error mapping (graphql_schema/core/errors.py), on a small schema."""

from __future__ import annotations

from enum import StrEnum

import pytest
import strawberry

from graphql_schema.accounts.types import AccountError
from graphql_schema.core.errors import graphql_enum, returns_errors, to_error, to_errors
from graphql_schema.core.relay import to_global_id
from storefront.accounts.error_codes import AccountError as AccountDomainError
from storefront.accounts.error_codes import AccountErrorCode
from storefront.channels.models import Channel
from storefront.core.errors import DomainError


class ThingErrorCode(StrEnum):
    INVALID = "INVALID"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class AddressType(StrEnum):
    """A domain enum as a detail (Saleor's ``addressType``); the GraphQL copy differs in case."""

    SHIPPING = "shipping"
    BILLING = "billing"


ThingErrorCodeEnum = graphql_enum(ThingErrorCode, name="ThingErrorCode")
AddressTypeEnum = graphql_enum(AddressType, name="AddressTypeEnum")


@strawberry.type
class ThingError:
    field: str | None
    message: str | None
    code: ThingErrorCodeEnum  # type: ignore[valid-type]
    variants: list[str] | None = None
    channels: list[strawberry.ID] | None = None
    address_type: AddressTypeEnum | None = None  # type: ignore[valid-type]


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
        if quantity == 0:
            raise ThingFailure.group(
                [
                    ThingFailure(ThingErrorCode.INVALID, "Required.", field="first_name"),
                    ThingFailure(
                        ThingErrorCode.INVALID,
                        "Unknown postal code.",
                        field="postal_code",
                        address_type=AddressType.SHIPPING,
                    ),
                    ThingFailure(ThingErrorCode.OUT_OF_STOCK, "Sold out.", field="quantity", variants=["V2"]),
                ]
            )
        if quantity < 0:
            raise ValueError("a bug, not an expected failure")
        return ThingUpdate(ok=True)


schema = strawberry.Schema(query=Query, mutation=Mutation)
DOCUMENT = """mutation($q: Int!) {
  thingUpdate(quantity: $q) { ok errors { field code message variants addressType } }
}"""


class BareErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class StrictErrorCode(StrEnum):
    OUT_OF_STOCK = "OUT_OF_STOCK"


@strawberry.type
class BareError:
    field: str | None
    message: str | None
    code: graphql_enum(BareErrorCode, name="BareErrorCode")  # type: ignore[valid-type]


@strawberry.type
class StrictError:
    field: str | None
    message: str | None
    code: graphql_enum(StrictErrorCode, name="StrictErrorCode")  # type: ignore[valid-type]


def test_graphql_enum_mirrors_the_domain_codes():
    assert [member.value for member in ThingErrorCodeEnum] == ["INVALID", "OUT_OF_STOCK"]
    assert "enum ThingErrorCode" in str(schema)


def test_graphql_enum_may_keep_deprecated_values_the_domain_never_raises():
    mirrored = graphql_enum(ThingErrorCode, name="ThingErrorCode", deprecated={"GONE": "Never raised."})
    assert [member.name for member in mirrored] == ["INVALID", "OUT_OF_STOCK", "GONE"]


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
                    "addressType": None,
                }
            ],
        }
    }


def test_a_group_becomes_one_error_object_per_domain_error_in_order():
    result = schema.execute_sync(DOCUMENT, {"q": 0})

    assert result.errors is None
    assert result.data["thingUpdate"]["errors"] == [
        {
            "field": "firstName",
            "code": "INVALID",
            "message": "Required.",
            "variants": None,
            "addressType": None,
        },
        {
            "field": "postalCode",
            "code": "INVALID",
            "message": "Unknown postal code.",
            "variants": None,
            "addressType": "SHIPPING",
        },
        {
            "field": "quantity",
            "code": "OUT_OF_STOCK",
            "message": "Sold out.",
            "variants": ["V2"],
            "addressType": None,
        },
    ]


def test_success_passes_through():
    assert schema.execute_sync(DOCUMENT, {"q": 1}).data == {"thingUpdate": {"ok": True, "errors": []}}


def test_bugs_are_not_turned_into_error_objects():
    result = schema.execute_sync(DOCUMENT, {"q": -1})
    assert result.data is None  # thingUpdate is non-null here, so the error nulls the whole response
    assert "a bug" in result.errors[0].message


@pytest.mark.django_db
def test_model_instances_become_global_ids_named_after_their_class():
    first = Channel.objects.create(name="USD", slug="err-usd", currency_code="USD", default_country="US")
    second = Channel.objects.create(name="JPY", slug="err-jpy", currency_code="JPY", default_country="JP")

    error = to_error(ThingError, ThingFailure(ThingErrorCode.INVALID, "x", channels=[first, second]))

    assert error.channels == [to_global_id("Channel", first.pk), to_global_id("Channel", second.pk)]


def test_a_domain_enum_detail_becomes_the_member_of_the_fields_graphql_enum():
    error = to_error(ThingError, ThingFailure(ThingErrorCode.INVALID, "x", address_type=AddressType.BILLING))

    assert error.address_type is AddressTypeEnum.BILLING


def test_details_the_error_type_does_not_declare_are_dropped():
    error = to_error(ThingError, ThingFailure(ThingErrorCode.INVALID, "x", lines=["L1"]))

    assert not hasattr(error, "lines")


def test_to_errors_of_a_single_error_is_a_list_of_one():
    errors = to_errors(ThingError, ThingFailure(ThingErrorCode.INVALID, "Bad.", field="name"))

    assert [(e.field, e.code.value, e.message) for e in errors] == [("name", "INVALID", "Bad.")]


def test_to_error_builds_an_account_error():
    error = to_error(
        AccountError, AccountDomainError(AccountErrorCode.INACTIVE, "Account inactive.", field="email")
    )
    assert (error.field, error.code.value, error.message) == ("email", "INACTIVE", "Account inactive.")


def test_a_code_of_another_domain_becomes_the_generic_invalid_code_with_its_message():
    error = to_error(AccountError, DomainError("INSUFFICIENT_STOCK", "Only 2 left."))
    assert (error.code.value, error.message) == ("INVALID", "Only 2 left.")


def test_a_code_of_another_domain_that_the_enum_shares_keeps_its_name():
    error = to_error(AccountError, DomainError("NOT_FOUND", "No such thing."))
    assert error.code.value == "NOT_FOUND"


def test_without_invalid_the_generic_code_is_graphql_error():
    error = to_error(BareError, DomainError("INSUFFICIENT_STOCK", "x"))
    assert error.code.value == "GRAPHQL_ERROR"


def test_an_enum_without_any_generic_code_is_a_bug():
    with pytest.raises(TypeError):
        to_error(StrictError, DomainError("SOMETHING_ELSE", "x"))

"""Domain errors (storefront/core/errors.py): one failure, or a group raised at once."""

from __future__ import annotations

from enum import StrEnum

import pytest

from storefront.core.errors import DomainError


class ThingCode(StrEnum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"


class ThingError(DomainError):
    pass


class OtherError(DomainError):
    pass


def test_a_single_error_carries_itself():
    error = ThingError(ThingCode.REQUIRED, "Name it.", field="name", variants=["V1"])

    assert error.errors == (error,)
    assert (error.code, error.message, error.field, error.details) == (
        "REQUIRED",
        "Name it.",
        "name",
        {"variants": ["V1"]},
    )


def test_a_group_carries_every_error_in_order():
    first = ThingError(ThingCode.REQUIRED, "Name it.", field="name")
    second = ThingError(ThingCode.INVALID, "Too long.", field="motif")
    third = ThingError(ThingCode.INVALID, "Not an image.", field="photos", photos=[2])

    group = ThingError.group([first, second, third])

    assert group.errors == (first, second, third)


def test_a_group_is_caught_as_its_domains_error_and_reads_as_its_first_error():
    first = ThingError(ThingCode.REQUIRED, "Name it.", field="name")

    with pytest.raises(ThingError) as caught:
        raise ThingError.group([first, ThingError(ThingCode.INVALID, "Too long.", field="motif")])

    assert (caught.value.code, caught.value.field, caught.value.message) == ("REQUIRED", "name", "Name it.")
    assert "and 1 more" in str(caught.value)


def test_groups_of_groups_are_flattened():
    inner = ThingError.group([ThingError("INVALID", "a"), ThingError("INVALID", "b")])

    group = ThingError.group([inner, ThingError("REQUIRED", "c")])

    assert [error.message for error in group.errors] == ["a", "b", "c"]


def test_a_group_of_one_is_that_error():
    only = ThingError(ThingCode.INVALID, "Too long.", field="motif")

    assert ThingError.group([only]) is only


def test_a_group_may_carry_another_domains_error():
    foreign = OtherError("INSUFFICIENT_STOCK", "Only 2 left.")

    group = ThingError.group([foreign])

    assert isinstance(group, ThingError) and group.errors == (foreign,)


def test_an_empty_group_is_a_bug():
    with pytest.raises(ValueError):
        ThingError.group([])

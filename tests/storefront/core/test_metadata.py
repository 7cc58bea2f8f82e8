"""Metadata services (storefront/core/metadata.py): validation, merge, delete, concurrency."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections

from storefront.accounts.models import Address
from storefront.core import metadata
from storefront.core.error_codes import MetadataError, MetadataErrorCode
from tests.storefront.accounts.factories import UserFactory


@pytest.fixture
def address(db):
    return Address.objects.create(country="DE", city="Berlin", metadata={"kept": "yes"})


def test_update_merges_into_what_the_object_holds(address):
    metadata.metadata_update(instance=address, items=[("consent", "1"), ("kept", "still")])

    address.refresh_from_db()
    assert address.metadata == {"kept": "still", "consent": "1"}
    assert address.private_metadata == {}


def test_private_update_leaves_public_metadata_alone(address):
    metadata.metadata_update(instance=address, items=[("erp", "A-17")], private=True)

    address.refresh_from_db()
    assert (address.metadata, address.private_metadata) == ({"kept": "yes"}, {"erp": "A-17"})


def test_delete_removes_the_keys_it_holds_and_ignores_others(address):
    metadata.metadata_delete(instance=address, keys=["kept", "never-set"])

    address.refresh_from_db()
    assert address.metadata == {}


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("", "x", MetadataErrorCode.REQUIRED),
        ("   ", "x", MetadataErrorCode.REQUIRED),
        ("k" * (metadata.MAX_KEY_LENGTH + 1), "x", MetadataErrorCode.INVALID),
        ("tab\tkey", "x", MetadataErrorCode.INVALID),
        ("bell\x07", "x", MetadataErrorCode.INVALID),
        ("key", "v" * (metadata.MAX_VALUE_LENGTH + 1), MetadataErrorCode.INVALID),
        ("key", "escape\x1b[31m", MetadataErrorCode.INVALID),
        ("key", "del\x7f", MetadataErrorCode.INVALID),
    ],
    ids=["empty", "blank", "long key", "tab in key", "bell", "long value", "escape", "delete"],
)
def test_bad_keys_and_values_are_refused_and_nothing_is_written(address, key, value, code):
    with pytest.raises(MetadataError) as refused:
        metadata.metadata_update(instance=address, items=[("fine", "ok"), (key, value)])

    assert refused.value.code == code
    address.refresh_from_db()
    assert address.metadata == {"kept": "yes"}


def test_values_may_hold_line_breaks_and_tabs(address):
    metadata.metadata_update(instance=address, items=[("note", "line one\n\tline two\r\n")])

    address.refresh_from_db()
    assert address.metadata["note"] == "line one\n\tline two\r\n"


def test_every_problem_is_reported_at_once(address):
    with pytest.raises(MetadataError) as refused:
        metadata.metadata_update(instance=address, items=[("", "a"), ("b\x00", "b"), ("c", "\x01")])

    assert [error.code for error in refused.value.errors] == ["REQUIRED", "INVALID", "INVALID"]


def test_an_object_holds_at_most_max_items_keys(address):
    items = [(f"key-{n}", "v") for n in range(metadata.MAX_ITEMS - 1)]
    metadata.metadata_update(instance=address, items=items)  # 99 new + "kept" = 100

    with pytest.raises(MetadataError):
        metadata.metadata_update(instance=address, items=[("one-more", "v")])
    metadata.metadata_update(instance=address, items=[("kept", "replaced, not added")])

    address.refresh_from_db()
    assert len(address.metadata) == metadata.MAX_ITEMS


def test_metadata_of_an_object_without_the_columns_is_empty():
    assert metadata.metadata_of(object()) == {}


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_different_keys_both_land():
    user = UserFactory()
    start = threading.Barrier(8)

    def write(n: int) -> None:
        try:
            start.wait()
            metadata.metadata_update(instance=user, items=[(f"writer-{n}", str(n))])
        finally:
            close_old_connections()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    user.refresh_from_db()
    assert user.metadata == {f"writer-{n}": str(n) for n in range(8)}

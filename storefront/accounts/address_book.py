"""A buyer's address book: addresses they own, and which is their default for shipping and billing.

Every write takes the owner: an address is looked up among the owner's rows only, so another
user's address ID is ``NOT_FOUND`` and nothing changes (no hint that it exists). Addresses are
always validated and normalised for their country (``addresses.normalize_address``): Saleor's
``skipValidation`` is for staff importing addresses, not for a buyer's own book.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.db import transaction

from storefront.accounts.addresses import normalize_address
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.models import Address, User

MAX_ADDRESSES = 100
_MAX_PK = 2**63 - 1


class AddressType(StrEnum):
    """Saleor's ``AddressTypeEnum``: what an address is used for."""

    BILLING = "BILLING"
    SHIPPING = "SHIPPING"


_DEFAULT_FIELD = {
    AddressType.SHIPPING: "default_shipping_address",
    AddressType.BILLING: "default_billing_address",
}


def _not_found(field: str = "id") -> AccountError:
    return AccountError(AccountErrorCode.NOT_FOUND, "No such address in your address book.", field=field)


def owned_address_get(*, user: User, pk: int, field: str = "id", lock: bool = False) -> Address:
    """The address ``pk`` if ``user`` owns it; ``NOT_FOUND`` otherwise (whoever else may own it)."""
    if not 0 < pk <= _MAX_PK:
        raise _not_found(field)
    rows = Address.objects.select_for_update() if lock else Address.objects.all()
    address = rows.filter(pk=pk, user=user).first()
    if address is None:
        raise _not_found(field)
    address.user = user
    return address


def address_data_clean(data: Mapping[str, Any], *, address_type: AddressType | None = None) -> dict[str, str]:
    """``normalize_address`` whose errors say which address they concern (Saleor's ``addressType``)."""
    try:
        return normalize_address(data)
    except AccountError as exc:
        if address_type is None:
            raise
        raise AccountError.group(
            AccountError(
                error.code,
                error.message,
                field=error.field,
                **{**error.details, "address_type": address_type},
            )
            for error in exc.errors
        ) from None


def _set_default(user: User, address: Address, address_type: AddressType) -> None:
    field = _DEFAULT_FIELD[address_type]
    setattr(user, field, address)
    user.save(update_fields=[field, "updated_at"])


@transaction.atomic
def address_create(
    *, user: User, data: Mapping[str, Any], address_type: AddressType | None = None
) -> Address:
    """Add an address to ``user``'s book; with ``address_type``, make it that default too."""
    cleaned = address_data_clean(data)
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise concurrent adds: the limit holds
    if Address.objects.filter(user=user).count() >= MAX_ADDRESSES:
        raise AccountError(
            AccountErrorCode.INVALID,
            f"An address book holds at most {MAX_ADDRESSES} addresses.",
            field="input",
        )
    address = Address.objects.create(user=user, **cleaned)
    if address_type is not None:
        _set_default(user, address, address_type)
    return address


@transaction.atomic
def address_update(*, user: User, pk: int, data: Mapping[str, Any]) -> Address:
    """Change the given fields of one of ``user``'s addresses; the result is validated as a whole."""
    address = owned_address_get(user=user, pk=pk, lock=True)
    cleaned = address_data_clean({**address.as_data(), **data})
    for name, value in cleaned.items():
        setattr(address, name, value)
    address.save()
    return address


@transaction.atomic
def address_delete(*, user: User, pk: int) -> Address:
    """Remove one of ``user``'s addresses (a default it was stops being one); returns it, ID kept."""
    address = owned_address_get(user=user, pk=pk, lock=True)
    address.delete()
    address.pk = pk
    for field in _DEFAULT_FIELD.values():
        if getattr(user, f"{field}_id") == pk:
            setattr(user, field, None)
    return address


@transaction.atomic
def address_set_default(*, user: User, pk: int, address_type: AddressType) -> User:
    """Make one of ``user``'s addresses their default of ``address_type``."""
    address = owned_address_get(user=user, pk=pk)
    _set_default(user, address, address_type)
    return user


@transaction.atomic
def default_address_write(*, user: User, data: Mapping[str, Any], address_type: AddressType) -> Address:
    """Saleor's ``accountUpdate(input: {defaultShippingAddress})``: rewrite the current default of
    that type in place, or add a new address as the default when there is none."""
    cleaned = address_data_clean(data, address_type=address_type)
    current_id = getattr(user, f"{_DEFAULT_FIELD[address_type]}_id")
    other = AddressType.BILLING if address_type == AddressType.SHIPPING else AddressType.SHIPPING
    shared = current_id is not None and current_id == getattr(user, f"{_DEFAULT_FIELD[other]}_id")
    # One row that is both defaults is not rewritten for one of them: the other keeps its address.
    address = Address.objects.filter(pk=current_id, user=user).first() if current_id and not shared else None
    if address is None:
        address = Address.objects.create(user=user, **cleaned)
        _set_default(user, address, address_type)
        return address
    for name, value in cleaned.items():
        setattr(address, name, value)
    address.save()
    return address

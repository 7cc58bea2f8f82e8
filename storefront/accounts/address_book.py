"""A buyer's address book: addresses they own, and which is their default for shipping and billing."""

from __future__ import annotations

from enum import StrEnum


class AddressType(StrEnum):
    """Saleor's ``AddressTypeEnum``: what an address is used for."""

    BILLING = "BILLING"
    SHIPPING = "SHIPPING"

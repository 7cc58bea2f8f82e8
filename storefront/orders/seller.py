"""The seller of record: the one legal entity that sells, invoices and exports (one per deployment).

Its legal name and address are printed on every invoice; its registrations (NIB, NPWP, IOSS
number) go on export documents and are staff-only in the API. ``seller_of_record_get`` never
fails: before anyone has saved the settings, it answers an unsaved row named ``SHOP_NAME``,
so the shop's name is the legal name until staff set it.

``seller_of_record_update`` validates everything first and raises every problem at once as
:class:`SellerOfRecordError` (Saleor's ``ShopErrorCode`` values); nothing is written then.
A successful update and its audit entry are written in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from django.conf import settings
from django.db import transaction

from storefront.accounts.actor import Actor
from storefront.accounts.addresses import normalize_address
from storefront.accounts.audit import audit_log_record
from storefront.accounts.error_codes import AccountError
from storefront.accounts.models import Address
from storefront.core.errors import DomainError
from storefront.orders.error_codes import ShopErrorCode
from storefront.orders.incoterms import Incoterm
from storefront.orders.models import Order, SellerOfRecord


class SellerOfRecordError(DomainError):
    """Invalid seller settings: a blank legal name, a malformed registration or address."""


class _Unchanged:
    """The value of an argument the caller did not give (``None`` clears the address)."""


UNCHANGED: Final = _Unchanged()

_FORMATTING = re.compile(r"[\s.\-/]")
_IOSS = re.compile(r"^IM[0-9]{10}$")
_AUDITED = ("legal_name", "nib", "npwp", "ioss_number", "default_incoterm")


def seller_of_record_get() -> SellerOfRecord:
    """The seller's settings, with its address; an unsaved default named ``SHOP_NAME`` if never set."""
    seller = SellerOfRecord.objects.select_related("address").filter(pk=1).first()
    return seller if seller is not None else _default()


def _default() -> SellerOfRecord:
    return SellerOfRecord(pk=1, legal_name=settings.SHOP_NAME, default_incoterm=Incoterm.DAP)


def order_incoterm(*, order: Order, seller: SellerOfRecord) -> Incoterm:
    """The incoterm an order ships under: its own if set, else the seller's default."""
    return Incoterm(order.incoterm or seller.default_incoterm)


def npwp_clean(value: str) -> str:
    """An NPWP's digits: 15 (the old format, often written ``01.234.567.8-901.000``) or 16 (NIK-based)."""
    digits = _FORMATTING.sub("", value)
    if not digits:
        return ""
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (15, 16):
        raise SellerOfRecordError(ShopErrorCode.INVALID, "An NPWP has 15 or 16 digits.", field="npwp")
    return digits


def nib_clean(value: str) -> str:
    """A NIB (Nomor Induk Berusaha, from OSS): 13 digits."""
    digits = _FORMATTING.sub("", value)
    if not digits:
        return ""
    if not digits.isascii() or not digits.isdigit() or len(digits) != 13:
        raise SellerOfRecordError(ShopErrorCode.INVALID, "A NIB has 13 digits.", field="nib")
    return digits


def ioss_number_clean(value: str) -> str:
    """An EU IOSS identification number: ``IM`` followed by 10 digits."""
    number = _FORMATTING.sub("", value).upper()
    if not number:
        return ""
    if not _IOSS.match(number):
        raise SellerOfRecordError(
            ShopErrorCode.INVALID, "An IOSS number is IM followed by 10 digits.", field="ioss_number"
        )
    return number


def _address_clean(data: Mapping[str, Any], *, skip_validation: bool) -> dict[str, str]:
    try:
        return normalize_address(data, skip_validation=skip_validation)
    except AccountError as exc:
        raise SellerOfRecordError.group(
            SellerOfRecordError(
                error.code
                if error.code in (ShopErrorCode.REQUIRED, ShopErrorCode.INVALID)
                else ShopErrorCode.INVALID,
                error.message,
                field=error.field,
            )
            for error in exc.errors
        ) from None


def _problems_of(clean: Any, value: str | None, problems: list[DomainError]) -> str | None:
    if value is None:
        return None
    try:
        return clean(value)
    except SellerOfRecordError as exc:
        problems.append(exc)
        return None


def seller_of_record_update(
    *,
    actor: Actor,
    legal_name: str | None = None,
    nib: str | None = None,
    npwp: str | None = None,
    ioss_number: str | None = None,
    default_incoterm: str | None = None,
    address: Mapping[str, Any] | _Unchanged | None = UNCHANGED,
    skip_address_validation: bool = False,
) -> SellerOfRecord:
    """Change the given settings (``None``: unchanged; ``""`` clears a registration).

    ``address=None`` removes the address (Saleor's ``shopAddressUpdate(input: null)``).
    Raises :class:`SellerOfRecordError` with every problem; writes nothing then.
    """
    problems: list[DomainError] = []
    if legal_name is not None:
        legal_name = legal_name.strip()
        if not legal_name:
            problems.append(
                SellerOfRecordError(ShopErrorCode.REQUIRED, "The legal name is required.", field="legal_name")
            )
        elif len(legal_name) > 256 or not legal_name.isprintable():
            problems.append(
                SellerOfRecordError(
                    ShopErrorCode.INVALID, "At most 256 printable characters.", field="legal_name"
                )
            )
    clean_nib = _problems_of(nib_clean, nib, problems)
    clean_npwp = _problems_of(npwp_clean, npwp, problems)
    clean_ioss = _problems_of(ioss_number_clean, ioss_number, problems)
    if default_incoterm is not None and default_incoterm not in Incoterm.values:
        problems.append(
            SellerOfRecordError(
                ShopErrorCode.INVALID, "Not an Incoterms 2020 code.", field="default_incoterm"
            )
        )
    address_data: dict[str, str] | None = None
    if isinstance(address, Mapping):
        try:
            address_data = _address_clean(address, skip_validation=skip_address_validation)
        except SellerOfRecordError as exc:
            problems.append(exc)
    if problems:
        raise SellerOfRecordError.group(problems)

    with transaction.atomic():
        # The first save races like any other: create the default row if absent (ON CONFLICT DO
        # NOTHING), then lock it, so concurrent updates apply one after the other.
        SellerOfRecord.objects.bulk_create([_default()], ignore_conflicts=True)
        seller = SellerOfRecord.objects.select_for_update().get(pk=1)
        before = {name: getattr(seller, name) for name in _AUDITED}
        before_address = seller.address.as_data() if seller.address else None
        for name, value in (
            ("legal_name", legal_name),
            ("nib", clean_nib if nib is not None else None),
            ("npwp", clean_npwp if npwp is not None else None),
            ("ioss_number", clean_ioss if ioss_number is not None else None),
            ("default_incoterm", default_incoterm),
        ):
            if value is not None:
                setattr(seller, name, value)
        if address_data is not None:
            if seller.address is None:
                seller.address = Address.objects.create(**address_data)
            else:
                for name, value in address_data.items():
                    setattr(seller.address, name, value)
                seller.address.save()
        elif address is None:
            if seller.address is not None:
                seller.address.delete()
            seller.address = None
        seller.save()
        audit_log_record(
            actor=actor,
            action="seller_of_record.updated",
            target=seller,
            payload={
                "before": {**before, "address": before_address},
                "after": {
                    **{name: getattr(seller, name) for name in _AUDITED},
                    "address": seller.address.as_data() if seller.address else None,
                },
            },
        )
    return seller

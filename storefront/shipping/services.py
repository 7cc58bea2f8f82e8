"""Writes of shipping reference data the cooperative maintains.

``restrictions_replace(rows)``: the restricted-goods table becomes exactly ``rows`` (a list of
``RestrictionRow``), in one transaction, after every row is checked; all problems are reported
at once (``ShippingError`` group, ``row`` naming the 1-based row). Returns what changed. The
``restrictions`` management command reads and writes it as CSV.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from storefront.shipping.error_codes import ShippingError, ShippingErrorCode
from storefront.shipping.models import Restriction
from storefront.shipping.restrictions import hs_digits

_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True, slots=True)
class RestrictionRow:
    country: str
    hs_code_prefix: str
    kind: str
    reason: str
    reason_id: str = ""


@dataclass(frozen=True, slots=True)
class RestrictionsReplaced:
    created: int
    updated: int
    deleted: int


def _check(number: int, row: RestrictionRow) -> list[ShippingError]:
    problems = []

    def fail(code: ShippingErrorCode, field: str, message: str) -> None:
        problems.append(ShippingError(code, f"Row {number}: {message}", field=field, row=number))

    if not _COUNTRY.fullmatch(row.country.strip().upper()):
        fail(ShippingErrorCode.INVALID, "country", f"{row.country!r} is not an ISO 3166-1 alpha-2 code.")
    digits = hs_digits(row.hs_code_prefix)
    if not 2 <= len(digits) <= 10 or row.hs_code_prefix.strip().strip(".0123456789 "):
        fail(ShippingErrorCode.INVALID, "hs_code_prefix", f"{row.hs_code_prefix!r} is not 2 to 10 HS digits.")
    if row.kind.strip().upper() not in Restriction.Kind.values:
        fail(ShippingErrorCode.INVALID, "kind", f"{row.kind!r} is neither FORBIDDEN nor RESTRICTED.")
    if not row.reason.strip():
        fail(ShippingErrorCode.REQUIRED, "reason", "the reason shown to the buyer is required.")
    return problems


def restrictions_replace(*, rows: Sequence[RestrictionRow]) -> RestrictionsReplaced:
    """Make the restricted-goods table exactly ``rows`` (see the module)."""
    problems: list[ShippingError] = []
    wanted: dict[tuple[str, str], RestrictionRow] = {}
    for number, row in enumerate(rows, start=1):
        row_problems = _check(number, row)
        problems += row_problems
        if row_problems:
            continue
        key = (row.country.strip().upper(), hs_digits(row.hs_code_prefix))
        if key in wanted:
            problems.append(
                ShippingError(
                    ShippingErrorCode.DUPLICATED_INPUT_ITEM,
                    f"Row {number}: {key[1]} into {key[0]} is listed twice.",
                    field="hs_code_prefix",
                    row=number,
                )
            )
        wanted[key] = row
    if problems:
        raise ShippingError.group(problems)
    created = updated = 0
    with transaction.atomic():
        existing = {(r.country, r.hs_code_prefix): r for r in Restriction.objects.select_for_update()}
        for key, row in wanted.items():
            fields = {
                "kind": row.kind.strip().upper(),
                "reason": row.reason.strip(),
                "reason_id": row.reason_id.strip(),
            }
            current = existing.pop(key, None)
            if current is None:
                Restriction.objects.create(country=key[0], hs_code_prefix=key[1], **fields)
                created += 1
            elif any(getattr(current, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(current, name, value)
                current.save(update_fields=list(fields))
                updated += 1
        deleted = (
            Restriction.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()[0]
            if existing
            else 0
        )
    return RestrictionsReplaced(created=created, updated=updated, deleted=deleted)

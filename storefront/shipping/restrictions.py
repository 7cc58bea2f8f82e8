"""Restricted goods: what a destination forbids or restricts, matched by HS code prefix.

``restricted_items(country, items) -> list[RestrictionHit]`` takes ``(key, hs_code)`` pairs (the
key is anything the caller uses to name a line: a line id, a variant) and returns one hit per item
whose HS code starts with a ``Restriction.hs_code_prefix`` of that country, the longest (most
specific) prefix winning. HS codes are compared by their digits only ("0409.00" is "040900"). One
query, none for an empty list. The caller decides what a RESTRICTED hit means; the checkout refuses
FORBIDDEN and RESTRICTED alike until restricted goods have a licence flow.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from storefront.shipping.models import Restriction

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class RestrictionHit(Generic[K]):
    key: K
    restriction: Restriction


def hs_digits(hs_code: str | None) -> str:
    """The digits of an HS code: "0409.00" and "0409 00" are both "040900"."""
    return "".join(character for character in hs_code or "" if character.isdigit())


def restricted_items(country: str, items: Iterable[tuple[K, str | None]]) -> list[RestrictionHit[K]]:
    """The items ``country`` forbids or restricts, in the order given."""
    coded = [(key, hs_digits(hs_code)) for key, hs_code in items]
    coded = [(key, digits) for key, digits in coded if digits]
    if not coded:
        return []
    rules = sorted(
        Restriction.objects.filter(country=country.upper()),
        key=lambda rule: len(hs_digits(rule.hs_code_prefix)),
        reverse=True,
    )
    hits = []
    for key, digits in coded:
        for rule in rules:
            prefix = hs_digits(rule.hs_code_prefix)
            if prefix and digits.startswith(prefix):
                hits.append(RestrictionHit(key=key, restriction=rule))
                break
    return hits

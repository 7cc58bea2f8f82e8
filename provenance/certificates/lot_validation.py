"""The rules a production lot must meet before anything of it is written.

``lot_problems`` checks every field and returns every problem it finds (an empty list when
the lot is sound), so ``lot_receive`` answers them all at once. A rule that depends on a
field already found wrong is skipped: with no valid quantity there is no "one maker per
piece" to count, and the caller hears about the quantity only. Texts arrive stripped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.models import ProductionLot
from provenance.origins.models import Maker
from storefront.catalog.models import ProductVariant

# Receiving signs one certificate per piece in one transaction; bigger batches are several lots.
MAX_LOT_QUANTITY = 1000
# The model's column widths, checked here so that bad input is an error, not a database failure.
TEXT_LIMITS = {"code": 64, "motif": 255, "workshop": 255, "role": 64}

INVALID = ProvenanceErrorCode.INVALID


@dataclass(frozen=True)
class MakerRole:
    maker: Maker
    role: str


def lot_problems(
    *,
    code: str,
    variant: ProductVariant,
    quantity: int,
    makers: Sequence[MakerRole],
    unit_makers: Sequence[Maker | None] | None,
    production_started_on: date,
    production_finished_on: date,
    harvested_on: date | None,
    best_before: date | None,
    motif: str,
    workshop: str,
) -> list[ProvenanceError]:
    """Every problem of a lot's fields, in the order of the input; none when it can be received."""
    problems = _code_problems(code)
    problems += [
        ProvenanceError(INVALID, f"At most {TEXT_LIMITS[field]} characters.", field=field)
        for field, value in (("motif", motif), ("workshop", workshop))
        if len(value) > TEXT_LIMITS[field]
    ]
    quantity_problem = _quantity_problem(quantity, variant)
    problems += [quantity_problem] if quantity_problem else []
    problems += _maker_problems(makers)
    problems += _unit_maker_problems(unit_makers, makers, quantity=None if quantity_problem else quantity)
    problems += _date_problems(production_started_on, production_finished_on, harvested_on, best_before)
    return problems


def _code_problems(code: str) -> list[ProvenanceError]:
    if not code:
        return [ProvenanceError(ProvenanceErrorCode.REQUIRED, "A lot needs a code.", field="code")]
    if len(code) > TEXT_LIMITS["code"]:
        return [ProvenanceError(INVALID, f"At most {TEXT_LIMITS['code']} characters.", field="code")]
    if ProductionLot.objects.filter(code=code).exists():
        return [ProvenanceError(ProvenanceErrorCode.UNIQUE, "A lot with this code exists.", field="code")]
    return []


def _quantity_problem(quantity: int, variant: ProductVariant) -> ProvenanceError | None:
    if quantity <= 0:
        return ProvenanceError(INVALID, "A lot holds at least one piece.", field="quantity")
    if quantity > MAX_LOT_QUANTITY:
        return ProvenanceError(INVALID, f"A lot holds at most {MAX_LOT_QUANTITY} pieces.", field="quantity")
    if variant.is_one_of_a_kind and quantity != 1:
        return ProvenanceError(INVALID, "A one-of-a-kind piece is a lot of one.", field="quantity")
    return None


def _maker_problems(makers: Sequence[MakerRole]) -> list[ProvenanceError]:
    if not makers:
        return [
            ProvenanceError(ProvenanceErrorCode.REQUIRED, "A lot names at least one maker.", field="makers")
        ]
    problems = []
    limit = TEXT_LIMITS["role"]
    unnamed = [entry.maker for entry in makers if not entry.role or len(entry.role) > limit]
    if unnamed:
        message = f"Each maker needs a role of at most {limit} characters."
        problems.append(ProvenanceError(INVALID, message, field="makers", makers=unnamed))
    seen: set[tuple[int, str]] = set()
    repeated = []
    for entry in makers:
        key = (entry.maker.pk, entry.role)
        if key in seen:
            repeated.append(entry.maker)
        seen.add(key)
    if repeated:
        message = "A maker is named twice in one role."
        problems.append(ProvenanceError(INVALID, message, field="makers", makers=repeated))
    return problems


def _unit_maker_problems(
    unit_makers: Sequence[Maker | None] | None, makers: Sequence[MakerRole], *, quantity: int | None
) -> list[ProvenanceError]:
    """Checked against a valid quantity and the lot's makers; skipped where those are wrong."""
    if unit_makers is None:
        return []
    if quantity is not None and len(unit_makers) != quantity:
        return [ProvenanceError(INVALID, "Name a maker (or none) for each piece.", field="unit_makers")]
    lot_maker_ids = {entry.maker.pk for entry in makers}
    strangers = [m for m in unit_makers if m is not None and m.pk not in lot_maker_ids]
    if makers and strangers:
        message = "A piece's maker must be one of the lot's makers."
        return [ProvenanceError(INVALID, message, field="unit_makers", makers=list(dict.fromkeys(strangers)))]
    return []


def _date_problems(
    started: date, finished: date, harvested_on: date | None, best_before: date | None
) -> list[ProvenanceError]:
    problems = []
    if finished > timezone.localdate():
        message = "A lot is received once it is made, not before."
        problems.append(ProvenanceError(INVALID, message, field="production_period"))
    elif finished < started:
        message = "Production cannot end before it starts."
        problems.append(ProvenanceError(INVALID, message, field="production_period"))
    if best_before and harvested_on and best_before <= harvested_on:
        problems.append(ProvenanceError(INVALID, "Best-before precedes harvest.", field="best_before"))
    return problems

"""XML Schema date-times, the only time format Data Integrity and VC DM 2.0 accept.

``created`` is an ``xsd:dateTime`` (time zone optional); ``validFrom`` and
``validUntil`` are ``xsd:dateTimeStamp`` (time zone required). Python's
``fromisoformat`` accepts more than XML Schema does (week dates, spaces, no
seconds), so the shape is checked with a regular expression first.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime

from provenance.vc.errors import VcError, VcErrorCode

_XSD_DATETIME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})T(?P<time>\d{2}:\d{2}:\d{2})(?P<fraction>\.\d+)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?\Z"
)


def format_xsd_datetime(moment: datetime) -> str:
    """A UTC ``xsd:dateTimeStamp`` to the second, e.g. ``2026-11-25T08:30:00Z``."""
    if moment.tzinfo is None:
        raise ValueError("a credential time needs a time zone")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_xsd_datetime(value: object, *, require_zone: bool = True) -> datetime:
    """An aware datetime from an XML Schema date-time string (no zone = UTC when allowed)."""
    if not isinstance(value, str):
        raise VcError(VcErrorCode.INVALID_DATETIME, f"{value!r} is not an XML Schema date-time")
    return _parse(value, require_zone)


@functools.lru_cache(maxsize=4096)
def _parse(value: str, require_zone: bool) -> datetime:
    # Memoised: the certificates of one lot share their validFrom and created, and a
    # verifier parses both for every certificate. Datetimes are immutable.
    match = _XSD_DATETIME.match(value)
    if match is None or (require_zone and match["zone"] is None):
        raise VcError(VcErrorCode.INVALID_DATETIME, f"{value!r} is not an XML Schema date-time")
    fraction = (match["fraction"] or "")[:7]
    zone = match["zone"] or "Z"
    text = f"{match['year']}-{match['month']}-{match['day']}T{match['time']}{fraction}"
    try:
        return datetime.fromisoformat(text + ("+00:00" if zone == "Z" else zone))
    except ValueError as exc:
        raise VcError(VcErrorCode.INVALID_DATETIME, f"{value!r} is not a valid date-time") from exc

"""XML Schema date-times: what credentials may carry in created/validFrom/validUntil."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from provenance.vc.errors import VcError
from provenance.vc.timestamps import format_xsd_datetime, parse_xsd_datetime


def test_format_is_utc_to_the_second_with_z() -> None:
    moment = datetime(2026, 11, 25, 16, 30, 15, 999_999, tzinfo=timezone(timedelta(hours=8)))
    assert format_xsd_datetime(moment) == "2026-11-25T08:30:15Z"


def test_a_naive_datetime_cannot_be_formatted() -> None:
    with pytest.raises(ValueError):
        format_xsd_datetime(datetime(2026, 11, 25))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-25T08:30:15Z", datetime(2026, 11, 25, 8, 30, 15, tzinfo=UTC)),
        ("2026-11-25T16:30:15+08:00", datetime(2026, 11, 25, 8, 30, 15, tzinfo=UTC)),
        ("2026-11-25T08:30:15.5Z", datetime(2026, 11, 25, 8, 30, 15, 500_000, tzinfo=UTC)),
        ("2026-11-25T08:30:15.123456789Z", datetime(2026, 11, 25, 8, 30, 15, 123_456, tzinfo=UTC)),
    ],
)
def test_xsd_date_times_parse_to_aware_datetimes(text: str, expected: datetime) -> None:
    assert parse_xsd_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2026-11-25", "2026-11-25 08:30:15Z", "2026-W48-3T08:30:15Z", "2026-13-01T00:00:00Z", 20261125, None],
)
def test_other_shapes_are_refused(text: object) -> None:
    with pytest.raises(VcError):
        parse_xsd_datetime(text)


def test_a_zone_is_required_unless_allowed() -> None:
    with pytest.raises(VcError):
        parse_xsd_datetime("2026-11-25T08:30:15")
    assert parse_xsd_datetime("2026-11-25T08:30:15", require_zone=False).tzinfo is not None

"""The claim form counts wrong secrets against the client's address, not its proxy's: behind a
trusted proxy that is the address the proxy forwards (``storefront.core.http.client_address``)."""

from __future__ import annotations

import pytest

from provenance.certificates import views
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses_seen(monkeypatch):
    seen: list[str] = []

    def attempt(**kwargs):
        seen.append(kwargs["ip_address"])
        raise ProvenanceError(ProvenanceErrorCode.INVALID, "not tested here")

    monkeypatch.setattr(views, "ownership_claim_attempt", attempt)
    return seen


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(client, settings, received, addresses_seen):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]

    client.post(
        f"/p/{received.units.first().serial}",
        {"secret": "AAAA-BBBB-CCCC-DDDD"},
        headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"},
        REMOTE_ADDR="10.0.0.5",
    )

    assert addresses_seen == ["203.0.113.9"]


def test_a_forwarded_header_from_anyone_else_changes_nothing(client, settings, received, addresses_seen):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]

    client.post(
        f"/p/{received.units.first().serial}",
        {"secret": "AAAA-BBBB-CCCC-DDDD"},
        headers={"X-Forwarded-For": "198.51.100.7"},
        REMOTE_ADDR="203.0.113.9",
    )

    assert addresses_seen == ["203.0.113.9"]

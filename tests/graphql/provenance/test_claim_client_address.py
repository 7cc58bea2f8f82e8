"""``ownershipClaim`` counts wrong secrets against the client's address: behind a trusted proxy, the
one the proxy forwards (``storefront.core.http.client_address``), never the proxy's own."""

from __future__ import annotations

import json

import pytest

from graphql_schema.provenance import mutations
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode

pytestmark = pytest.mark.django_db

CLAIM = """
mutation Claim($serial: String!, $secret: String!) {
  ownershipClaim(serial: $serial, secret: $secret) { errors { code } }
}
"""


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(client, settings, received, monkeypatch):
    seen: list[str] = []

    def attempt(**kwargs):
        seen.append(kwargs["ip_address"])
        raise ProvenanceError(ProvenanceErrorCode.INVALID, "not tested here")

    monkeypatch.setattr(mutations, "ownership_claim_attempt", attempt)
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]

    client.post(
        "/graphql/",
        data=json.dumps(
            {"query": CLAIM, "variables": {"serial": received.units.first().serial, "secret": "AAAA-BBBB"}}
        ),
        content_type="application/json",
        headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"},
        REMOTE_ADDR="10.0.0.5",
    )

    assert seen == ["203.0.113.9"]

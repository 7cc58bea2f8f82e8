"""Asal's certificates as served verify in an independent verifier: Digital Bazaar's ``@digitalbazaar/vc``
with its eddsa-jcs-2022 cryptosuite and Bitstring Status List checker, run by node.

Everything the verifier needs is fetched from the running app through the test client, as a
verifier on the network would fetch it (the credential from ``/p/<serial>``, the DID document
from ``/.well-known/did.json``, each status list from its ``statusListCredential`` URL, Asal's
context from ``/ns/origin/v1``), then handed to node's document loader under the URLs the
credential names. ``make test`` installs the pinned packages (``npm ci``) before pytest runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from provenance.certificates.status_changes import certificate_revoke, certificate_suspend
from storefront.accounts.actor import Actor
from tests.provenance.certificates.conftest import (  # noqa: F401  (fixtures)
    maker,
    origin,
    received,
    signing_key,
    variant,
    warehouse,
)

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent
SCRIPT = HERE / "verify.mjs"
NODE_MODULES = HERE / "node_modules"


def _served(client: Client, url: str) -> Any:
    """GET the path of ``url`` from the app and decode the JSON it serves."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.get(path, headers={"accept": "application/vc"})
    assert response.status_code == 200, (url, response.status_code)
    return json.loads(response.content)


def _did_web_url(did: str) -> str:
    host, *segments = did.removeprefix("did:web:").split(":")
    return f"https://{host}/" + ("/".join(segments) + "/did.json" if segments else ".well-known/did.json")


def served_bundle(client: Client, serials: list[str]) -> dict[str, Any]:
    """The credentials of ``serials`` as served, and every document a verifier would fetch for them."""
    credentials = [_served(client, f"/p/{serial}?format=vc") for serial in serials]
    documents: dict[str, Any] = {}
    for credential in credentials:
        documents[_did_web_url(credential["issuer"])] = _served(client, "/.well-known/did.json")
        for context in credential["@context"][1:]:
            documents[context] = _served(client, context)
        for entry in credential["credentialStatus"]:
            documents[entry["statusListCredential"]] = _served(client, entry["statusListCredential"])
    return {"documents": documents, "credentials": credentials}


def digital_bazaar_verify(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, "node is needed for the interoperability test"
    assert (NODE_MODULES / "@digitalbazaar" / "vc").is_dir(), "run `make interop-deps` (make test does)"
    completed = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(bundle),
        capture_output=True,
        text=True,
        cwd=HERE,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


@pytest.fixture
def serials(received) -> list[str]:  # noqa: F811  (the imported fixture)
    return list(received.units.order_by("pk").values_list("serial", flat=True))


def _certificate(received, serial):  # noqa: F811
    return received.units.get(serial=serial).certificate


def test_certificates_as_served_verify_unless_revoked_or_suspended(client, received, serials):  # noqa: F811
    certificate_revoke(actor=Actor.system(), certificate=_certificate(received, serials[1]), reason="Lost")
    certificate_suspend(actor=Actor.system(), certificate=_certificate(received, serials[2]), reason="Check")

    fresh, revoked, suspended = digital_bazaar_verify(served_bundle(client, serials))

    assert fresh == {
        "verified": True,
        "statuses": {"revocation": False, "suspension": False},
        "valid": True,
        "errors": [],
    }
    assert (revoked["statuses"], revoked["valid"]) == ({"revocation": True, "suspension": False}, False)
    assert (suspended["statuses"], suspended["valid"]) == ({"revocation": False, "suspension": True}, False)


def test_a_tampered_certificate_does_not_verify(client, serials):
    bundle = served_bundle(client, serials[:1])
    bundle["credentials"][0]["credentialSubject"]["origin"]["province"] = "Bali"

    (tampered,) = digital_bazaar_verify(bundle)

    assert tampered["verified"] is False and tampered["valid"] is False
    assert tampered["errors"]


def test_certificates_signed_before_a_move_of_public_url_still_verify(client, settings, serials):
    """The lists keep the URL the certificates name: fetched there, they say so in their id."""
    settings.PUBLIC_URL = "https://loyok.example"

    bundle = served_bundle(client, serials[:1])
    (result,) = digital_bazaar_verify(bundle)

    for entry in bundle["credentials"][0]["credentialStatus"]:
        assert bundle["documents"][entry["statusListCredential"]]["id"] == entry["statusListCredential"]
    assert result["valid"] is True, result

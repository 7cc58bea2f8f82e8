"""A small issuing shop for the credential tests: keys, DID document, status lists, media."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from provenance.vc import eddsa_jcs_2022
from provenance.vc.did import did_web, did_web_document
from provenance.vc.multibase import digest_multibase
from provenance.vc.multikey import public_key_to_multibase
from provenance.vc.status_list import (
    BitstringStatusList,
    StatusPurpose,
    status_list_credential,
    status_list_entry,
)

DOMAIN = "asal.example"
PORTRAIT_URL = "https://cdn.asal.example/makers/inaq-sahnim.jpg"
WORKSHOP_URL = "https://cdn.asal.example/workshops/loyok-1.jpg"
PORTRAIT = b"\xff\xd8\xff portrait of Inaq Sahnim"
WORKSHOP = b"\xff\xd8\xff the Loyok workshop"


@dataclass
class Shop:
    """One cooperative: its did:web, keys (rotatable), status lists and public media."""

    keys: list[Ed25519PrivateKey] = field(default_factory=lambda: [Ed25519PrivateKey.generate()])
    did: str = did_web(DOMAIN)
    revocation: BitstringStatusList = field(default_factory=BitstringStatusList.empty)
    suspension: BitstringStatusList = field(default_factory=BitstringStatusList.empty)
    media: dict[str, bytes] = field(default_factory=lambda: {PORTRAIT_URL: PORTRAIT, WORKSHOP_URL: WORKSHOP})
    created: str = "2026-11-20T10:00:00Z"

    @property
    def key(self) -> Ed25519PrivateKey:
        return self.keys[-1]

    def method_id(self, key: Ed25519PrivateKey | None = None) -> str:
        return f"{self.did}#{public_key_to_multibase((key or self.key).public_key())}"

    def rotate(self) -> None:
        self.keys.append(Ed25519PrivateKey.generate())

    def did_document(self) -> dict[str, Any]:
        return did_web_document(DOMAIN, [k.public_key() for k in self.keys])

    def resolver(self, did: str) -> dict[str, Any] | None:
        return self.did_document() if did == self.did else None

    def list_url(self, purpose: StatusPurpose) -> str:
        return f"https://{DOMAIN}/status/{purpose}/1"

    def status_list_credential(self, purpose: StatusPurpose) -> dict[str, Any]:
        bits = self.revocation if purpose is StatusPurpose.REVOCATION else self.suspension
        unsigned = status_list_credential(
            id=self.list_url(purpose), issuer=self.did, purpose=purpose, status_list=bits
        )
        return self.sign(unsigned)

    def fetch_status_list(self, url: str) -> str | None:
        for purpose in StatusPurpose:
            if url == self.list_url(purpose):
                return json.dumps(self.status_list_credential(purpose))
        return None

    def fetch_media(self, url: str) -> bytes | None:
        return self.media.get(url)

    def sign(self, document: dict[str, Any], key: Ed25519PrivateKey | None = None) -> dict[str, Any]:
        return eddsa_jcs_2022.sign(
            document,
            private_key=key or self.key,
            verification_method=self.method_id(key),
            created=self.created,
        )

    def certificate(self, *, index: int = 94_567) -> dict[str, Any]:
        return certificate(
            self.did,
            revocation_url=self.list_url(StatusPurpose.REVOCATION),
            suspension_url=self.list_url(StatusPurpose.SUSPENSION),
            index=index,
        )


def certificate(issuer: str, *, revocation_url: str, suspension_url: str, index: int) -> dict[str, Any]:
    """A realistic unsigned origin certificate: every claim kind the issue lists."""
    serial = "LYK-2026-000123"
    return copy.deepcopy(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2", f"https://{DOMAIN}/ns/origin/v1"],
            "id": "urn:uuid:7d3c1f0e-6a2b-4c1d-9e8f-0a1b2c3d4e5f",
            "type": ["VerifiableCredential", "OriginCertificate"],
            "issuer": {"id": issuer, "name": "Koperasi Pengrajin Loyok"},
            "validFrom": "2026-11-20T10:00:00Z",
            "credentialSubject": {
                "id": f"https://{DOMAIN}/p/{serial}",
                "type": "CraftItem",
                "serial": serial,
                "productName": {"en": "Round ata grass basket", "id": "Keranjang ata bundar"},
                "variantName": {"en": "Large, natural", "id": "Besar, alami"},
                "category": "Baskets",
                "hsCode": "4602.19",
                "dimensions": {"heightCm": 32.5, "diameterCm": 41, "unit": "cm"},
                "weightKg": 0.85,
                "motif": "Bintang (star)",
                "techniques": [{"name": "Anyaman (plaiting)", "code": "plaiting"}],
                "materials": [
                    {"name": "Ata grass", "originArea": "Sembalun, East Lombok", "share": 0.9},
                    {"name": "Rattan", "originArea": "Central Lombok", "share": 0.1},
                ],
                "productionPeriod": {"start": "2026-09-01", "end": "2026-10-15"},
                "makers": [
                    {
                        "id": "urn:asal:maker:5b1f0c9a",
                        "displayName": "Inaq Sahnim",
                        "role": "weaver",
                        "portrait": {
                            "id": PORTRAIT_URL,
                            "mediaType": "image/jpeg",
                            "digestMultibase": digest_multibase(PORTRAIT),
                        },
                    },
                    {"id": "urn:asal:maker:77e2a4d1", "displayName": "Amaq Rasidi", "role": "finisher"},
                ],
                "origin": {
                    "village": "Loyok",
                    "district": "Sikur",
                    "regency": "East Lombok",
                    "province": "West Nusa Tenggara",
                    "country": "ID",
                    "latitude": -8.6153,
                    "longitude": 116.4261,
                },
                "producerGroup": {"name": "KUB Anyaman Loyok", "registrationNumber": "518/045/KUB/2019"},
                "workshopPhotos": [
                    {
                        "id": WORKSHOP_URL,
                        "mediaType": "image/jpeg",
                        "digestMultibase": digest_multibase(WORKSHOP),
                    }
                ],
                "oneOfAKind": True,
                "edition": None,
            },
            "credentialStatus": [
                status_list_entry(status_list_credential=revocation_url, index=index, purpose="revocation"),
                status_list_entry(status_list_credential=suspension_url, index=index, purpose="suspension"),
            ],
        }
    )


@pytest.fixture
def shop() -> Shop:
    return Shop()

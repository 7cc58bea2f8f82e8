"""Verify certificates against this shop's own records: its DID document and status lists.

The verifier in ``provenance.vc`` never touches the network; this module hands it lookups
answered from the database and the media storage, so the API, the public page and the
``verify_certificate`` command all verify exactly the same way, online or offline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage

from provenance.certificates.credentials import storage_media_reader
from provenance.certificates.keys import issuer_did
from provenance.certificates.models import SigningKey, StatusList
from provenance.certificates.status import status_list_credential_signed
from provenance.vc.did import did_web_document
from provenance.vc.media import MediaFetcher
from provenance.vc.verify import VerificationCache, VerificationReport, verify_credential

_STATUS_PATH = re.compile(r"/status/(?P<purpose>revocation|suspension)/(?P<number>\d+)$")


def did_document() -> dict[str, Any]:
    """This shop's DID document: every signing key ever used, under ``assertionMethod``."""
    keys = list(SigningKey.objects.order_by("created_at", "pk").values_list("key_id", "public_key_multibase"))
    domain, _, path = settings.ASAL_DID_DOMAIN.partition(":")
    return did_web_document(
        domain,
        [multibase for _, multibase in keys],
        path=path.replace(":", "/") or None,
        key_fragments=[key_id for key_id, _ in keys],
    )


def local_resolver(
    extra_documents: Mapping[str, Mapping[str, Any]] | None = None,
):
    """A DID resolver answering this shop's did:web from the database, others from ``extra_documents``."""
    own = issuer_did()

    def resolve(did: str) -> Mapping[str, Any] | None:
        if did == own:
            return did_document()
        return (extra_documents or {}).get(did)

    return resolve


def local_status_list_fetcher(url: str) -> Mapping[str, Any] | None:
    """The signed status list credential for one of this shop's status list URLs."""
    if not url.startswith(settings.PUBLIC_URL + "/status/"):
        return None
    match = _STATUS_PATH.search(url)
    if match is None:
        return None
    status_list = StatusList.objects.filter(purpose=match["purpose"], number=int(match["number"])).first()
    return status_list_credential_signed(status_list=status_list) if status_list else None


def _storage_name(url: str) -> str | None:
    base = default_storage.url("")
    if base.startswith("/"):
        base = settings.PUBLIC_URL + base
    return url[len(base) :] if url.startswith(base) else None


def local_media_fetcher(url: str) -> bytes | None:
    """Bytes of this shop's public media by URL; None when withdrawn (the check says "unavailable")."""
    name = _storage_name(url)
    return storage_media_reader(name) if name else None


class CertificateVerifier:
    """Verifies certificates with this shop's records and the given files, each lookup made once.

    Keep one for a request or a batch: the DID document, status lists and media bytes are
    fetched once however many certificates it verifies. Drop it after changing a status or a key.
    """

    def __init__(
        self,
        *,
        extra_documents: Mapping[str, Mapping[str, Any]] | None = None,
        extra_status_lists: Mapping[str, Mapping[str, Any]] | None = None,
        media_fetcher: MediaFetcher | None = local_media_fetcher,
    ) -> None:
        self._resolver = local_resolver(extra_documents)
        self._extra_status_lists = extra_status_lists or {}
        self._media_fetcher = media_fetcher
        self._cache = VerificationCache()
        self._status_lists: dict[str, Mapping[str, Any] | None] = {}
        self._media: dict[str, bytes | None] = {}

    def _status_list(self, url: str) -> Mapping[str, Any] | None:
        if url in self._extra_status_lists:
            return self._extra_status_lists[url]
        if url not in self._status_lists:
            self._status_lists[url] = local_status_list_fetcher(url)
        return self._status_lists[url]

    def _media_bytes(self, url: str) -> bytes | None:
        if self._media_fetcher is None:
            return None
        if url not in self._media:
            self._media[url] = self._media_fetcher(url)
        return self._media[url]

    def verify(
        self, credential: Mapping[str, Any] | str | bytes, *, proof_only: bool = False
    ) -> VerificationReport:
        return verify_credential(
            credential,
            resolver=self._resolver,
            status_list_fetcher=self._status_list,
            proof_only=proof_only,
            media_fetcher=self._media_bytes if self._media_fetcher is not None else None,
            cache=self._cache,
        )


def certificate_verify(
    credential: Mapping[str, Any] | str | bytes,
    *,
    extra_documents: Mapping[str, Mapping[str, Any]] | None = None,
    extra_status_lists: Mapping[str, Mapping[str, Any]] | None = None,
    proof_only: bool = False,
    media_fetcher: MediaFetcher | None = local_media_fetcher,
) -> VerificationReport:
    """Verify any eddsa-jcs-2022 credential with this shop's records and the given files (no network)."""
    verifier = CertificateVerifier(
        extra_documents=extra_documents, extra_status_lists=extra_status_lists, media_fetcher=media_fetcher
    )
    return verifier.verify(credential, proof_only=proof_only)

"""Verify certificates against this shop's own records: its DID document and status lists.

The verifier in ``provenance.vc`` never touches the network; this module hands it lookups
answered from the database and the media storage, so the API, the public page and the
``verify_certificate`` command all verify exactly the same way, online or offline.

It also says whom this shop trusts: its own ``did:web`` and the issuers its operator named
in ``ASAL_TRUSTED_ISSUERS``. Any other issuer's credential may verify cryptographically, but
its verdict is "untrusted issuer", never "valid".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage

from provenance.certificates.credentials import storage_media_reader
from provenance.certificates.keys import issuer_did
from provenance.certificates.models import SigningKey
from provenance.certificates.selectors import status_list_by_url
from provenance.certificates.status import status_list_credential_signed
from provenance.vc.did import did_web_document
from provenance.vc.media import MediaFetcher
from provenance.vc.verify import VerificationCache, VerificationReport, verify_credential


class IssuerTrust(StrEnum):
    """Who issued a credential, as this shop sees it."""

    COOPERATIVE = "cooperative"  # this shop's own did:web
    TRUSTED = "trusted"  # named in ASAL_TRUSTED_ISSUERS
    UNTRUSTED = "untrusted"  # anyone else (a did:key, another shop), or no issuer at all


def trusted_issuers() -> frozenset[str]:
    """The issuers whose credentials can be genuine here: this cooperative and those configured."""
    return frozenset((issuer_did(), *settings.ASAL_TRUSTED_ISSUERS))


def issuer_trust(issuer: str | None) -> IssuerTrust:
    if issuer is not None and issuer == issuer_did():
        return IssuerTrust.COOPERATIVE
    if issuer is not None and issuer in settings.ASAL_TRUSTED_ISSUERS:
        return IssuerTrust.TRUSTED
    return IssuerTrust.UNTRUSTED


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
    """The signed status list credential this shop publishes under ``url``, if it is one of its own.

    Looked up by the URL the list was first published under, not by today's ``PUBLIC_URL``,
    so a certificate signed before a domain move (or checked where ``PUBLIC_URL`` is not set)
    still gets its real status. None (the status stays unconfirmed) for anyone else's list.
    """
    status_list = status_list_by_url(url=url)
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
        extra_trusted_issuers: Collection[str] = (),
        media_fetcher: MediaFetcher | None = local_media_fetcher,
    ) -> None:
        self._resolver = local_resolver(extra_documents)
        self._trusted_issuers = trusted_issuers() | frozenset(extra_trusted_issuers)
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
            trusted_issuers=self._trusted_issuers,
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
    extra_trusted_issuers: Collection[str] = (),
    proof_only: bool = False,
    media_fetcher: MediaFetcher | None = local_media_fetcher,
) -> VerificationReport:
    """Verify any eddsa-jcs-2022 credential with this shop's records and the given files (no network).

    ``extra_trusted_issuers`` adds issuers to trust for this call only (the command line's
    ``--trusted-issuer``), beside this cooperative and ``ASAL_TRUSTED_ISSUERS``.
    """
    verifier = CertificateVerifier(
        extra_documents=extra_documents,
        extra_status_lists=extra_status_lists,
        extra_trusted_issuers=extra_trusted_issuers,
        media_fetcher=media_fetcher,
    )
    return verifier.verify(credential, proof_only=proof_only)

"""DID documents: building the shop's ``did:web`` document and reading verification methods.

``did:web`` (W3C CCG did:web method): the DID of ``asal.example`` is
``did:web:asal.example``, served at ``https://asal.example/.well-known/did.json``; a
port is percent-encoded (``did:web:localhost%3A8000``) and a path becomes colon
separated segments (``did:web:example.com:coop:loyok`` -> ``/coop/loyok/did.json``).

Resolution itself (an HTTP fetch, or the shop's own database) is injected by the
caller as a function from DID to document, so the verifier works offline and in
tests without a network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, unquote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from provenance.vc.errors import VcError, VcErrorCode
from provenance.vc.multikey import (
    DID_CONTEXT,
    DID_KEY_PREFIX,
    MULTIKEY_CONTEXT,
    did_key_document,
    multikey_verification_method,
    public_key_to_multibase,
)

DID_WEB_PREFIX = "did:web:"

DidResolver = Callable[[str], Mapping[str, Any] | None]


def did_web(domain: str, path: str | Sequence[str] | None = None) -> str:
    """The ``did:web`` of a domain (with an optional ``host:port``) and optional path."""
    host = domain.strip().lower().rstrip("/")
    if not host or "/" in host:
        raise VcError(VcErrorCode.INVALID_DID, f"{domain!r} is not a domain name")
    segments = [s for s in (path.split("/") if isinstance(path, str) else (path or [])) if s]
    encoded = [quote(host, safe="")] + [quote(segment, safe="") for segment in segments]
    return DID_WEB_PREFIX + ":".join(encoded)


def did_web_url(did: str) -> str:
    """The HTTPS URL a ``did:web`` resolves from."""
    if not did.startswith(DID_WEB_PREFIX) or "#" in did:
        raise VcError(VcErrorCode.INVALID_DID, f"{did!r} is not a did:web")
    host, *segments = did[len(DID_WEB_PREFIX) :].split(":")
    if not host:
        raise VcError(VcErrorCode.INVALID_DID, f"{did!r} has no domain")
    base = f"https://{unquote(host)}"
    if not segments:
        return f"{base}/.well-known/did.json"
    return base + "/" + "/".join(unquote(s) for s in segments) + "/did.json"


def did_web_document(
    domain: str,
    public_keys: Sequence[Ed25519PublicKey | str],
    *,
    path: str | Sequence[str] | None = None,
    key_fragments: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The shop's DID document: every key (current and retired) as a Multikey under assertionMethod.

    Keys are never removed on rotation, so certificates signed with an older key
    keep verifying. A key's fragment defaults to its ``publicKeyMultibase``, which
    stays stable however many keys are added later.
    """
    did = did_web(domain, path)
    multibases = [k if isinstance(k, str) else public_key_to_multibase(k) for k in public_keys]
    fragments = list(key_fragments) if key_fragments is not None else multibases
    if len(fragments) != len(multibases) or len(set(fragments)) != len(fragments):
        raise VcError(VcErrorCode.INVALID_DID, "each key needs its own fragment")
    methods = [
        multikey_verification_method(id=f"{did}#{fragment}", controller=did, public_key=multibase)
        for fragment, multibase in zip(fragments, multibases, strict=True)
    ]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def did_of(url: str) -> str:
    """The DID part of a DID URL (``did:web:x#key-1`` -> ``did:web:x``)."""
    return url.split("#", 1)[0].split("?", 1)[0]


def _absolute(reference: str, base_did: str) -> str:
    return base_did + reference if reference.startswith("#") else reference


def resolve_did_document(did: str, resolver: DidResolver | None) -> Mapping[str, Any]:
    """The DID document of ``did``: did:key computed locally, anything else from the resolver."""
    if did.startswith(DID_KEY_PREFIX):
        return did_key_document(did)
    if resolver is None:
        raise VcError(VcErrorCode.UNSUPPORTED_DID_METHOD, f"no resolver for {did}")
    document = resolver(did)
    if not isinstance(document, Mapping):
        raise VcError(VcErrorCode.INVALID_DID, f"{did} could not be resolved")
    if document.get("id") != did:
        raise VcError(
            VcErrorCode.INVALID_DID, f"the document resolved for {did} is about {document.get('id')!r}"
        )
    return document


def find_verification_method(document: Mapping[str, Any], method_id: str) -> Mapping[str, Any] | None:
    """The verification method ``method_id`` declared in the document (relative ids allowed)."""
    did = document.get("id", "")
    candidates = list(document.get("verificationMethod") or [])
    for relationship in ("assertionMethod", "authentication"):
        candidates.extend(m for m in document.get(relationship) or [] if isinstance(m, Mapping))
    for method in candidates:
        if isinstance(method, Mapping) and _absolute(str(method.get("id", "")), did) == method_id:
            return method
    return None


def has_relationship(document: Mapping[str, Any], relationship: str, method_id: str) -> bool:
    """Whether the document authorises ``method_id`` for ``relationship`` (e.g. assertionMethod)."""
    did = document.get("id", "")
    entries = document.get(relationship) or []
    for entry in entries if isinstance(entries, list) else [entries]:
        reference = entry.get("id", "") if isinstance(entry, Mapping) else entry
        if isinstance(reference, str) and _absolute(reference, did) == method_id:
            return True
    return False

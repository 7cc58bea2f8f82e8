"""The issuer's signing keys: generated here, private halves encrypted at rest, rotated without loss.

The key-encryption key is derived from ``ASAL_KEY_ENCRYPTION_SECRET`` (the embedded demo
generates one under ``var/``; production requires it). A deployment may instead hand the
private key itself in ``ASAL_SIGNING_KEY``. Rotation adds a key and makes it the active one;
every earlier key stays in the DID document, so what it signed keeps verifying.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.models import SigningKey
from provenance.vc.did import did_web
from provenance.vc.multikey import (
    private_key_from_multibase,
    private_key_to_multibase,
    public_key_to_multibase,
)


def _fernet() -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"asal-signing-keys", info=b"fernet").derive(
        settings.ASAL_KEY_ENCRYPTION_SECRET.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def secret_encrypt(value: str) -> str:
    """Encrypt a small secret (a private key, a claim secret) with the key-encryption key."""
    return _fernet().encrypt(value.encode()).decode()


def secret_decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID, "Cannot decrypt: ASAL_KEY_ENCRYPTION_SECRET does not match."
        ) from exc


def issuer_did() -> str:
    """The cooperative's ``did:web``, from ``ASAL_DID_DOMAIN`` (``domain[:path:segments]``)."""
    domain, _, path = settings.ASAL_DID_DOMAIN.partition(":")
    return did_web(domain, path.replace(":", "/") or None)


@transaction.atomic
def signing_key_generate(*, key_id: str | None = None) -> SigningKey:
    """Create a new Ed25519 key and make it the active one; earlier keys stay published."""
    private_key = Ed25519PrivateKey.generate()
    return _signing_key_store(private_key, key_id=key_id, encrypted=True)


@transaction.atomic
def signing_key_import(*, private_key_multibase: str, key_id: str | None = None) -> SigningKey:
    """Register the key given in the environment (``ASAL_SIGNING_KEY``); it is not stored."""
    private_key = private_key_from_multibase(private_key_multibase)
    existing = SigningKey.objects.filter(
        public_key_multibase=public_key_to_multibase(private_key.public_key())
    )
    if key := existing.first():
        return key
    return _signing_key_store(private_key, key_id=key_id, encrypted=False)


def _signing_key_store(private_key: Ed25519PrivateKey, *, key_id: str | None, encrypted: bool) -> SigningKey:
    now = timezone.now()
    SigningKey.objects.select_for_update().filter(is_active=True).update(is_active=False, retired_at=now)
    count = SigningKey.objects.count()
    return SigningKey.objects.create(
        key_id=key_id or f"key-{count + 1}",
        public_key_multibase=public_key_to_multibase(private_key.public_key()),
        encrypted_private_key=secret_encrypt(private_key_to_multibase(private_key)) if encrypted else "",
        is_active=True,
    )


@dataclass(frozen=True)
class ActiveKey:
    record: SigningKey
    private_key: Ed25519PrivateKey

    @property
    def verification_method(self) -> str:
        return f"{issuer_did()}#{self.record.key_id}"


def signing_key_active() -> ActiveKey:
    """The key new certificates are signed with, decrypted (or taken from the environment)."""
    record = SigningKey.objects.filter(is_active=True).first()
    if record is None:
        if settings.ASAL_SIGNING_KEY:
            record = signing_key_import(private_key_multibase=settings.ASAL_SIGNING_KEY)
        else:
            raise ProvenanceError(
                ProvenanceErrorCode.NO_SIGNING_KEY,
                "No signing key: run `manage.py signing_key_generate` or set ASAL_SIGNING_KEY.",
            )
    if record.encrypted_private_key:
        private_key = private_key_from_multibase(secret_decrypt(record.encrypted_private_key))
    else:
        private_key = private_key_from_multibase(settings.ASAL_SIGNING_KEY)
        if public_key_to_multibase(private_key.public_key()) != record.public_key_multibase:
            raise ProvenanceError(
                ProvenanceErrorCode.NO_SIGNING_KEY, "ASAL_SIGNING_KEY is not the active key's private key."
            )
    return ActiveKey(record=record, private_key=private_key)

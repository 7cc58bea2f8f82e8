"""Unit serials and claim secrets: random, unambiguous to read aloud or type from a tag."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Crockford's base32: no I, L, O or U, so a serial survives being read off a tag.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _random_symbols(count: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(count))


def serial_new(*, prefix: str) -> str:
    """A new serial such as ``LYK-7K3M9-QX2HD`` (50 random bits after the prefix)."""
    body = _random_symbols(10)
    return f"{prefix.upper()}-{body[:5]}-{body[5:]}"


def claim_secret_new() -> str:
    """A claim secret printed inside the packaging (80 random bits, in four groups)."""
    body = _random_symbols(16)
    return "-".join(body[i : i + 4] for i in range(0, 16, 4))


def claim_secret_normalise(secret: str) -> str:
    """Accept what a person types: any case, spaces or dashes, O for 0, I/L for 1."""
    cleaned = secret.upper().replace("-", "").replace(" ", "")
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def claim_secret_digest(secret: str) -> str:
    return hashlib.sha256(claim_secret_normalise(secret).encode()).hexdigest()


def claim_secret_matches(secret: str, digest: str) -> bool:
    return bool(digest) and hmac.compare_digest(claim_secret_digest(secret), digest)

"""Promo codes: generated unguessable (``secrets``), looked up case-insensitively.

A generated code is 12 symbols of Crockford's base32 alphabet (no I, L, O, U: nothing to misread
on a printed card) in groups of four, 60 random bits: a guesser limited to a few attempts per
checkout and address (``storefront.checkout.promo_codes``) never finds one.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 3
GROUP_LENGTH = 4
MAX_CODE_LENGTH = 255


def code_generate(*, prefix: str = "") -> str:
    """A fresh random code, ``PREFIX-XXXX-XXXX-XXXX`` (the prefix, if any, as given)."""
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)]
    body = "-".join(groups)
    return f"{prefix}-{body}" if prefix else body


def code_normalize(code: str) -> str:
    """A typed code as stored for comparison: stripped; lookups compare it upper-cased."""
    return code.strip()

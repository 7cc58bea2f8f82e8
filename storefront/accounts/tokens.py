"""JSON Web Tokens for users: short-lived access tokens and revocable refresh tokens.

Tokens are signed with HS256 and a key derived from ``SECRET_KEY`` (HMAC-SHA256 of a
fixed label), so one secret configures the deployment and only this server can verify
them; rotating ``SECRET_KEY`` logs everybody out. An asymmetric key (RS256 with a JWKS
endpoint, as Saleor has) would let other services verify tokens and can replace the
key functions below without changing the claims.

The claims follow Saleor's (``token``, ``email``, ``type``, ``user_id``, ``is_staff``)
so a Saleor storefront's auth SDK reads them unchanged. ``token`` is the user's
``jwt_token_key``: rotating it (``tokensDeactivateAll``) invalidates every access and
refresh token issued before. A refresh token also carries a ``jti`` naming its
``RefreshToken`` row, so one refresh token can be revoked on its own.

This module is pure: it signs and checks signatures and lifetimes. Checking a token
against the database (user active, key not rotated, row not revoked) is the job of
``selectors`` and ``services``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from base64 import b64decode, b64encode
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from storefront.accounts.error_codes import AccountError, AccountErrorCode

ALGORITHM = "HS256"
ACCESS = "access"
REFRESH = "refresh"
_KEY_LABEL = b"asal.accounts.jwt.v1"
_REQUIRED_CLAIMS = ["exp", "iat", "type", "token", "user_id"]


def signing_key() -> bytes:
    """The HS256 key: derived from SECRET_KEY so that the raw secret is never a JWT key."""
    return hmac.new(settings.SECRET_KEY.encode(), _KEY_LABEL, hashlib.sha256).digest()


def user_global_id(pk: int) -> str:
    """The relay global ID of a user (``base64("User:<pk>")``), as the GraphQL API shows it."""
    return b64encode(f"User:{pk}".encode()).decode()


def user_pk_from_global_id(global_id: Any) -> int | None:
    """Decode a user's global ID; ``None`` for anything that is not one."""
    if not isinstance(global_id, str):
        return None
    try:
        type_name, _, raw_pk = b64decode(global_id, validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    if type_name != "User" or not raw_pk.isdigit():
        return None
    return int(raw_pk)


def _user_claims(user: Any, token_type: str, ttl_seconds: int, now: datetime) -> dict[str, Any]:
    return {
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "token": user.jwt_token_key,
        "email": user.email,
        "type": token_type,
        "user_id": user_global_id(user.pk),
        "is_staff": user.is_staff,
    }


def access_token_encode(*, user: Any, now: datetime | None = None, audience: str | None = None) -> str:
    """Sign a short-lived access token (``settings.JWT_ACCESS_TTL_SECONDS``) for ``user``."""
    claims = _user_claims(user, ACCESS, settings.JWT_ACCESS_TTL_SECONDS, now or timezone.now())
    if audience:
        claims["aud"] = audience
    import jwt

    return jwt.encode(claims, signing_key(), algorithm=ALGORITHM)


def refresh_token_encode(
    *, user: Any, jti: str, csrf_token: str, expires_at: datetime, now: datetime, audience: str | None = None
) -> str:
    """Sign a refresh token naming its ``RefreshToken`` row (``jti``) and its CSRF token."""
    claims = _user_claims(user, REFRESH, 0, now)
    claims.update({"exp": expires_at, "jti": jti, "csrfToken": csrf_token})
    if audience:
        claims["aud"] = audience
    import jwt

    return jwt.encode(claims, signing_key(), algorithm=ALGORITHM)


def new_jti() -> str:
    return secrets.token_urlsafe(24)


def token_decode(*, token: str, expected_type: str | None = None, field: str = "token") -> dict[str, Any]:
    """Check a token's signature, lifetime and type; return its claims.

    Raises ``AccountError`` with Saleor's codes: ``JWT_SIGNATURE_EXPIRED`` for an
    expired token, ``JWT_DECODE_ERROR`` for anything that is not a JWT signed by us,
    ``JWT_INVALID_TOKEN`` for a well-formed token of the wrong type or missing claims.
    """
    import jwt

    try:
        claims = jwt.decode(
            token,
            signing_key(),
            algorithms=[ALGORITHM],
            # ``aud`` names the client the token was made for (Saleor's ``audience``);
            # this server accepts every audience it issued.
            options={"require": _REQUIRED_CLAIMS, "verify_aud": False},
        )
    except jwt.ExpiredSignatureError as exc:
        raise AccountError(
            AccountErrorCode.JWT_SIGNATURE_EXPIRED, "Signature has expired", field=field
        ) from exc
    except (jwt.DecodeError, jwt.InvalidSignatureError) as exc:
        raise AccountError(
            AccountErrorCode.JWT_DECODE_ERROR, "Error decoding signature", field=field
        ) from exc
    except jwt.InvalidTokenError as exc:
        raise AccountError(AccountErrorCode.JWT_INVALID_TOKEN, "Invalid token", field=field) from exc
    if expected_type is not None and claims.get("type") != expected_type:
        raise AccountError(AccountErrorCode.JWT_INVALID_TOKEN, "Invalid token", field=field)
    return claims


def looks_like_jwt(value: str) -> bool:
    """True for a compact JWS (three dot-separated parts); app tokens never contain dots."""
    return value.count(".") == 2

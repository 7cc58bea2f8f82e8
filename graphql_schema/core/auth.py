"""Authenticate a GraphQL request from its ``Authorization: Bearer`` header.

A bearer value shaped like a JWT (three dot-separated parts) must be one of our
access tokens: valid signature, not expired, of type ``access``, naming an active user
whose ``jwt_token_key`` it still carries. Any other bearer value is looked up as an app
token by its SHA-256 digest. Anything that fails leaves the request anonymous: a bad
token never raises here, so it can never turn into a 500. Each path costs one query.

An access token that fails is remembered as the request's *token problem*, named as Saleor
names it (``ExpiredSignatureError``, ``InvalidTokenError``): public fields still answer as for
anyone, but a field that needs a user (``me``, a permission) reports the problem instead of
answering as for a stranger, so a storefront learns that its session expired and refreshes it
(``graphql_schema.core.permissions.TokenRefused``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from strawberry.types import Info

from storefront.accounts import tokens
from storefront.accounts.actor import Actor
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.models import App, User
from storefront.accounts.selectors import app_get_by_token, user_get_for_token_claims

_MAX_TOKEN_LENGTH = 4096


def bearer_token_from_header(header: str) -> str | None:
    """The token of an ``Authorization`` header's value ``Bearer <token>`` (scheme case-insensitive)."""
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or len(value) > _MAX_TOKEN_LENGTH:
        return None
    return value


def bearer_token(request: HttpRequest) -> str | None:
    """The token of the request's ``Authorization: Bearer <token>`` header, if any."""
    return bearer_token_from_header(request.headers.get("Authorization", ""))


# Saleor's names for a token that authenticates nobody (PyJWT's exception classes).
EXPIRED_TOKEN = "ExpiredSignatureError"
INVALID_TOKEN = "InvalidTokenError"
INVALID_TOKEN_MESSAGE = "Invalid token: sign in again with tokenCreate."


@dataclass(frozen=True)
class Authentication:
    """Who a request's bearer token authenticates, or why it authenticates nobody."""

    user: User | None = None
    app: App | None = None
    problem: str | None = None  # EXPIRED_TOKEN or INVALID_TOKEN for an access token that failed
    message: str = ""


def authenticate_request(request: HttpRequest) -> tuple[User | None, App | None]:
    """Return ``(user, app)``: at most one of them is set; both ``None`` means anonymous."""
    return authenticate_token(bearer_token(request))


def authenticate_token(token: str | None) -> tuple[User | None, App | None]:
    """``authenticate_request`` for a bearer token already read from the headers."""
    authentication = authenticate(token)
    return authentication.user, authentication.app


def authenticate(token: str | None) -> Authentication:
    """The user or app ``token`` authenticates; for an access token that fails, why."""
    if token is None:
        return Authentication()
    if not tokens.looks_like_jwt(token):
        return Authentication(app=app_get_by_token(raw_token=token))
    try:
        claims = tokens.token_decode(token=token, expected_type=tokens.ACCESS)
        return Authentication(user=user_get_for_token_claims(claims=claims))
    except AccountError as error:
        if error.code == AccountErrorCode.JWT_SIGNATURE_EXPIRED:
            return Authentication(problem=EXPIRED_TOKEN, message="Signature has expired")
        return Authentication(problem=INVALID_TOKEN, message=INVALID_TOKEN_MESSAGE)


def request_actor(info: Info) -> Actor:
    """Who is calling, as the services record it in the audit log (anonymous: nobody)."""
    return Actor.of(user=info.context.user, app=info.context.app)

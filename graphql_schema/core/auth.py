"""Authenticate a GraphQL request from its ``Authorization: Bearer`` header.

A bearer value shaped like a JWT (three dot-separated parts) must be one of our
access tokens: valid signature, not expired, of type ``access``, naming an active user
whose ``jwt_token_key`` it still carries. Any other bearer value is looked up as an app
token by its SHA-256 digest. Anything that fails leaves the request anonymous: a bad
token never raises here, so it can never turn into a 500. Each path costs one query.
"""

from __future__ import annotations

from django.http import HttpRequest
from strawberry.types import Info

from storefront.accounts import tokens
from storefront.accounts.actor import Actor
from storefront.accounts.models import App, User
from storefront.accounts.selectors import app_get_by_token, user_get_by_access_token

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


def authenticate_request(request: HttpRequest) -> tuple[User | None, App | None]:
    """Return ``(user, app)``: at most one of them is set; both ``None`` means anonymous."""
    return authenticate_token(bearer_token(request))


def authenticate_token(token: str | None) -> tuple[User | None, App | None]:
    """``authenticate_request`` for a bearer token already read from the headers."""
    if token is None:
        return None, None
    if tokens.looks_like_jwt(token):
        return user_get_by_access_token(token=token), None
    return None, app_get_by_token(raw_token=token)


def request_actor(info: Info) -> Actor:
    """Who is calling, as the services record it in the audit log (anonymous: nobody)."""
    return Actor.of(user=info.context.user, app=info.context.app)

"""Identity reads: who a token belongs to, and what a user may do.

Authentication runs on every API request, so each lookup here is one indexed query.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from storefront.accounts import tokens
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.models import App, AppToken, RefreshToken, User
from storefront.accounts.permissions import PERMISSION_CODENAMES


def app_token_digest(raw_token: str) -> str:
    """SHA-256 hex digest of an app token: what the database stores instead of the token."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def user_get_for_token_claims(*, claims: dict[str, Any], field: str = "token") -> User:
    """The active user a verified token names, if the token has not been revoked by key rotation.

    One query. Raises ``JWT_INVALID_TOKEN`` when the user is gone, inactive, or has
    deactivated all tokens since this one was issued.
    """
    pk = tokens.user_pk_from_global_id(claims.get("user_id"))
    user = User.objects.filter(pk=pk, is_active=True).first() if pk is not None else None
    token_key = claims.get("token")
    if (
        user is None
        or not isinstance(token_key, str)
        or not constant_time_compare(user.jwt_token_key, token_key)
    ):
        raise AccountError(AccountErrorCode.JWT_INVALID_TOKEN, "Invalid token", field=field)
    return user


def refresh_token_is_live(*, jti: Any, user: User) -> bool:
    """True while the refresh token row ``jti`` of ``user`` is neither revoked nor expired."""
    return RefreshToken.objects.filter(
        jti=str(jti or ""), user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()


def token_verify(*, token: str) -> tuple[User, dict[str, Any]]:
    """The user and claims of a valid access or refresh token (``tokenVerify``); raises otherwise."""
    claims = tokens.token_decode(token=token)
    user = user_get_for_token_claims(claims=claims)
    token_type = claims.get("type")
    if token_type not in (tokens.ACCESS, tokens.REFRESH) or (
        token_type == tokens.REFRESH and not refresh_token_is_live(jti=claims.get("jti"), user=user)
    ):
        raise AccountError(AccountErrorCode.JWT_INVALID_TOKEN, "Invalid token", field="token")
    return user, claims


def user_get_by_access_token(*, token: str) -> User | None:
    """The user an access token authenticates, or ``None`` for any bad, expired or revoked token."""
    try:
        claims = tokens.token_decode(token=token, expected_type=tokens.ACCESS)
        return user_get_for_token_claims(claims=claims)
    except AccountError:
        return None


def app_get_by_token(*, raw_token: str) -> App | None:
    """The active app owning ``raw_token``, or ``None``. One query (the app is joined)."""
    digest = app_token_digest(raw_token)
    app_token = (
        AppToken.objects.select_related("app").filter(token_digest=digest, app__is_active=True).first()
    )
    # The lookup is by a digest of a 240-bit random token, so timing reveals nothing
    # useful; the explicit comparison keeps the check independent of the index.
    if app_token is None or not constant_time_compare(app_token.token_digest, digest):
        return None
    return app_token.app


def app_permission_codenames(*, app: App) -> set[str]:
    return set(app.permissions.values_list("codename", flat=True))


def user_permission_list(*, user: User) -> QuerySet[Permission]:
    """The Saleor permissions a staff user holds, directly or through groups (all for a superuser).

    Permissions only take effect for active staff users, so a buyer gets none even if a
    permission row were attached to them.
    """
    shop_permissions = Permission.objects.filter(
        content_type__app_label="accounts", codename__in=PERMISSION_CODENAMES
    ).order_by("codename")
    if not (user.is_active and user.is_staff):
        return shop_permissions.none()
    if user.is_superuser:
        return shop_permissions
    return shop_permissions.filter(Q(user=user) | Q(group__user=user)).distinct()


def user_get(*, pk: int | None = None, email: str | None = None, staff: bool | None = None) -> User | None:
    """One user by primary key or e-mail address (matched as stored: lower case).

    ``staff`` narrows the lookup to staff accounts (``True``) or to customers (``False``), for
    callers allowed to see only one kind; ``None`` looks at everyone. Customers are the
    accounts that are not staff (Saleor also counts staff who placed orders; Asal has none yet).
    """
    users = User.objects.all() if staff is None else User.objects.filter(is_staff=staff)
    if pk is not None:
        return users.filter(pk=pk).first()
    if email is not None:
        return users.filter(email=email.strip().lower()).first()
    return None

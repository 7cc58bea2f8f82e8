"""Identity writes: logging in, refreshing and revoking tokens, creating apps and staff users.

Expected failures raise :class:`AccountError` with Saleor's ``AccountErrorCode`` and the
input field Saleor names (``email`` for credentials, ``refreshToken``/``csrfToken`` for
refresh), so the API maps them to ``errors { field code message }`` unchanged.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from storefront.accounts import throttle, tokens
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.models import App, AppToken, RefreshToken, User, _new_jwt_token_key
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.selectors import app_token_digest, refresh_token_is_live, user_get_for_token_claims


@dataclass(frozen=True)
class IssuedTokens:
    """What ``tokenCreate`` returns: the access token, the refresh token and its CSRF token."""

    user: User
    access_token: str
    refresh_token: str
    csrf_token: str


def _invalid_credentials() -> AccountError:
    return AccountError(
        AccountErrorCode.INVALID_CREDENTIALS, "Please, enter valid credentials", field="email"
    )


def user_authenticate(*, email: str, password: str, ip_address: str) -> User:
    """Check an e-mail and password, throttled per (e-mail, address) and per address (``throttle``).

    Unknown e-mail and wrong password give the same error and (by hashing anyway) take
    the same time, so the API does not reveal who has an account. A throttled attempt is
    refused before any hashing. An inactive account is only reported as such after the
    right password.
    """
    blocked_for = throttle.login_blocked_seconds(email=email, ip_address=ip_address)
    if blocked_for:
        raise AccountError(
            AccountErrorCode.LOGIN_ATTEMPT_DELAYED,
            f"Too many failed login attempts. Try again in {blocked_for} seconds.",
            field="email",
            retry_after_seconds=blocked_for,
        )
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        User().set_password(password)  # same hashing cost as a real check
        throttle.login_failure_record(email=email, ip_address=ip_address)
        raise _invalid_credentials()
    if not user.check_password(password):
        throttle.login_failure_record(email=email, ip_address=ip_address)
        raise _invalid_credentials()
    throttle.login_failures_clear(email=email, ip_address=ip_address)
    if not user.is_active:
        raise AccountError(AccountErrorCode.INACTIVE, "Account inactive.", field="email")
    if not user.is_confirmed and settings.ACCOUNT_CONFIRMATION_REQUIRED:
        raise AccountError(
            AccountErrorCode.ACCOUNT_NOT_CONFIRMED,
            "Confirm the account with the link sent to its e-mail address first.",
            field="email",
        )
    return user


def token_create(*, email: str, password: str, ip_address: str, audience: str | None = None) -> IssuedTokens:
    """Log in: an access token, a revocable refresh token (a ``RefreshToken`` row) and its CSRF token.

    ``audience`` becomes the tokens' ``aud`` claim as ``custom:<audience>`` (Saleor's rule).
    """
    user = user_authenticate(email=email, password=password, ip_address=ip_address)
    return tokens_issue(user=user, audience=audience)


def tokens_issue(*, user: User, audience: str | None = None) -> IssuedTokens:
    """Log ``user`` in without a password check (the caller has proven who they are another way)."""
    aud = f"custom:{audience}" if audience else None
    now = timezone.now()
    csrf_token = secrets.token_urlsafe(32)
    row = RefreshToken.objects.create(
        user=user,
        jti=tokens.new_jti(),
        expires_at=now + timedelta(seconds=settings.JWT_REFRESH_TTL_SECONDS),
    )
    refresh = tokens.refresh_token_encode(
        user=user, jti=row.jti, csrf_token=csrf_token, expires_at=row.expires_at, now=now, audience=aud
    )
    User.objects.filter(pk=user.pk).update(last_login=now)
    user.last_login = now
    return IssuedTokens(
        user=user,
        access_token=tokens.access_token_encode(user=user, now=now, audience=aud),
        refresh_token=refresh,
        csrf_token=csrf_token,
    )


def token_refresh(
    *, refresh_token: str | None, csrf_token: str | None, from_cookie: bool
) -> tuple[str, User]:
    """A new access token for a valid, unrevoked refresh token.

    Saleor's rule: a refresh token read from the http-only cookie must come with the
    CSRF token issued alongside it (a cross-site page can make the browser send the
    cookie, but cannot read the CSRF token); one passed as an argument needs none.
    """
    if not refresh_token:
        raise AccountError(AccountErrorCode.JWT_MISSING_TOKEN, "Missing refreshToken", field="refreshToken")
    claims = tokens.token_decode(token=refresh_token, expected_type=tokens.REFRESH, field="refreshToken")
    if from_cookie:
        if not csrf_token:
            raise AccountError(
                AccountErrorCode.REQUIRED,
                "CSRF token is required when refreshToken is provided by the cookie",
                field="csrfToken",
            )
        if not constant_time_compare(csrf_token, str(claims.get("csrfToken", ""))):
            raise AccountError(
                AccountErrorCode.JWT_INVALID_CSRF_TOKEN, "Invalid csrf token", field="csrfToken"
            )
    user = user_get_for_token_claims(claims=claims, field="refreshToken")
    if not refresh_token_is_live(jti=claims.get("jti"), user=user):
        raise AccountError(AccountErrorCode.JWT_INVALID_TOKEN, "Invalid token", field="refreshToken")
    return tokens.access_token_encode(user=user, audience=claims.get("aud")), user


def tokens_deactivate_all(*, user: User) -> None:
    """Invalidate every access and refresh token of ``user`` issued until now.

    Rotating ``jwt_token_key`` kills tokens that carry the old key (access tokens too,
    which have no row); the refresh rows are marked revoked as a record.
    """
    now = timezone.now()
    with transaction.atomic():
        user.jwt_token_key = _new_jwt_token_key()
        user.save(update_fields=["jwt_token_key", "updated_at"])
        RefreshToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)


def _permissions_for(codes: Iterable[PermissionCode | str]) -> list[Permission]:
    codenames = set()
    for code in codes:
        try:
            codenames.add(PermissionCode(str(code).upper()).value.lower())
        except ValueError as exc:
            raise AccountError(
                AccountErrorCode.INVALID, f"Unknown permission: {code}.", field="permissions"
            ) from exc
    permissions = list(Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames))
    if len(permissions) != len(codenames):
        # The permission rows are created by migrate's post_migrate hook.
        raise AccountError(AccountErrorCode.NOT_FOUND, "Permissions are not installed; run migrate.")
    return permissions


def app_token_create(*, app: App, name: str = "") -> tuple[AppToken, str]:
    """A new token for ``app``; the raw token is returned once and only its digest is stored."""
    raw_token = secrets.token_urlsafe(30)
    app_token = AppToken.objects.create(
        app=app, name=name, token_digest=app_token_digest(raw_token), token_last_4=raw_token[-4:]
    )
    return app_token, raw_token


@transaction.atomic
def app_create(*, name: str, permissions: Iterable[PermissionCode | str] = ()) -> tuple[App, str]:
    """Create an active app holding ``permissions`` and its first token (returned raw, once)."""
    if not name.strip():
        raise AccountError(AccountErrorCode.REQUIRED, "An app needs a name.", field="name")
    app = App.objects.create(name=name.strip())
    app.permissions.set(_permissions_for(permissions))
    _app_token, raw_token = app_token_create(app=app, name="default")
    return app, raw_token


_PASSWORD_CODES = {
    "password_too_short": AccountErrorCode.PASSWORD_TOO_SHORT,
    "password_too_common": AccountErrorCode.PASSWORD_TOO_COMMON,
    "password_entirely_numeric": AccountErrorCode.PASSWORD_ENTIRELY_NUMERIC,
    "password_too_similar": AccountErrorCode.PASSWORD_TOO_SIMILAR,
}


def password_validate(password: str, user: User, *, field: str = "password") -> None:
    """Django's password validators, as Saleor's ``PASSWORD_*`` codes on ``field``."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        first = exc.error_list[0]
        code = _PASSWORD_CODES.get(first.code or "", AccountErrorCode.INVALID_PASSWORD)
        raise AccountError(code, " ".join(exc.messages), field=field) from exc


@transaction.atomic
def staff_user_create(
    *,
    email: str,
    password: str | None,
    is_superuser: bool = False,
    permissions: Iterable[PermissionCode | str] = (),
) -> tuple[User, bool]:
    """Create a staff user, or update the one with this e-mail; returns ``(user, created)``.

    Idempotent so that set-up scripts can run it twice. The password passes Django's
    validators; ``None`` keeps an existing password (a new user then cannot log in
    until one is set).
    """
    normalized = User.objects.normalize_email(email.strip()).lower()
    if not normalized or "@" not in normalized:
        raise AccountError(AccountErrorCode.INVALID, "Enter a valid e-mail address.", field="email")
    user = User.objects.filter(email=normalized).first()
    created = user is None
    if user is None:
        user = User(email=normalized)
    user.is_staff = True
    user.is_active = True
    user.is_superuser = is_superuser or user.is_superuser
    if password is not None:
        password_validate(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    if permissions:
        user.user_permissions.add(*_permissions_for(permissions))
    return user, created

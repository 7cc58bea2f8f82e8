"""A buyer's account: registration, confirmation, password reset and change, profile, deletion.

Saleor's account mutations with its ``AccountErrorCode`` values, and a few deliberate departures
where Saleor's answer tells a stranger who has an account:

- ``accountRegister`` answers the same whether or not the e-mail already has an account (Saleor
  does too): nothing is created for a taken e-mail, and an unconfirmed one gets its confirmation
  e-mail again;
- ``requestPasswordReset`` answers the same for an unknown or inactive e-mail as for a real one
  (Saleor says ``NOT_FOUND``/``INACTIVE``); only the owner's mailbox learns the difference;
- ``confirmAccount`` and ``setPassword`` give one error for an unknown e-mail and a wrong token.

One-time tokens come from ``account_tokens``; wrong ones, and wrong old passwords, count in the
attempt limits of ``throttle``; e-mails are queued on commit (``tasks``), so a rolled-back
transaction sends nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from storefront.accounts import throttle
from storefront.accounts.account_tokens import TokenPurpose, one_time_token_check
from storefront.accounts.address_book import AddressType, default_address_write
from storefront.accounts.emails import AccountEmail
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.links import redirect_url_clean
from storefront.accounts.models import RefreshToken, User, _new_jwt_token_key
from storefront.accounts.services import IssuedTokens, password_validate, tokens_issue
from storefront.accounts.tasks import account_email
from storefront.core.error_codes import MetadataError
from storefront.core.metadata import MAX_ITEMS, metadata_items_validate

MAX_NAME = 256
MAX_EMAIL = 254
INVALID_TOKEN = "Invalid or expired token."


@dataclass(frozen=True)
class Registration:
    """What ``accountRegister`` answers: the account as given (never the stored row) and whether the
    buyer must confirm it."""

    user: User
    requires_confirmation: bool


def _email_on_commit(kind: AccountEmail, user: User, redirect_url: str) -> None:
    user_pk = user.pk
    transaction.on_commit(
        lambda: account_email.delay(kind=kind.value, user_pk=user_pk, redirect_url=redirect_url)
    )


def email_clean(email: Any, *, field: str = "email") -> str:
    """A valid e-mail address in the stored form (lower case); raises ``AccountError`` if not."""
    value = str(email or "").strip()
    if not value:
        raise AccountError(AccountErrorCode.REQUIRED, "This field is required.", field=field)
    try:
        if len(value) > MAX_EMAIL:
            raise ValidationError("too long")
        EmailValidator()(value)
    except ValidationError:
        raise AccountError(AccountErrorCode.INVALID, "Enter a valid email address.", field=field) from None
    return User.objects.normalize_email(value).lower()


def name_clean(value: Any, *, field: str) -> str:
    """A given or family name: at most 256 characters, no control characters."""
    text = " ".join(str(value or "").split())
    if len(text) > MAX_NAME:
        raise AccountError(
            AccountErrorCode.INVALID, f"At most {MAX_NAME} characters are allowed.", field=field
        )
    if any(ord(char) < 32 or ord(char) == 127 or 0xD800 <= ord(char) <= 0xDFFF for char in text):
        raise AccountError(AccountErrorCode.INVALID, "Control characters are not allowed.", field=field)
    return text


def metadata_clean(
    items: Sequence[tuple[str, str]] | None, *, current: dict[str, str] | None = None
) -> dict[str, str]:
    """``current`` metadata with ``items`` added, checked by the kernel's rules (errors on ``metadata``)."""
    try:
        merged = {**(current or {}), **metadata_items_validate(list(items or ()), field="metadata")}
    except MetadataError as exc:
        raise AccountError.group(
            AccountError(
                AccountErrorCode.__members__.get(error.code, AccountErrorCode.INVALID),
                error.message,
                field="metadata",
            )
            for error in exc.errors
        ) from None
    if len(merged) > MAX_ITEMS:
        raise AccountError(
            AccountErrorCode.INVALID, f"An account holds at most {MAX_ITEMS} metadata keys.", field="metadata"
        )
    return merged


def _delayed(seconds: int, *, field: str) -> AccountError:
    return AccountError(
        AccountErrorCode.LOGIN_ATTEMPT_DELAYED,
        f"Too many failed attempts. Try again in {seconds} seconds.",
        field=field,
        retry_after_seconds=seconds,
    )


def account_register(
    *,
    email: str,
    password: str,
    first_name: str | None = None,
    last_name: str | None = None,
    language_code: str | None = None,
    redirect_url: str | None = None,
    metadata: Sequence[tuple[str, str]] | None = None,
) -> Registration:
    """Create a buyer's account, unconfirmed when the shop asks for confirmation by e-mail.

    Every input problem is reported at once. A taken e-mail answers like a free one (see the
    module docstring); the password is hashed either way, so the answer takes as long.
    """
    requires_confirmation = settings.ACCOUNT_CONFIRMATION_REQUIRED
    problems: list[AccountError] = []
    candidate = User(
        language_code=language_code or settings.LANGUAGE_CODE, is_confirmed=not requires_confirmation
    )
    checks = (
        lambda: setattr(candidate, "email", email_clean(email)),
        lambda: setattr(candidate, "first_name", name_clean(first_name, field="first_name")),
        lambda: setattr(candidate, "last_name", name_clean(last_name, field="last_name")),
        lambda: redirect_url_clean(redirect_url, required=requires_confirmation),
        lambda: password_validate(password, candidate),
        lambda: setattr(candidate, "metadata", metadata_clean(metadata)),
    )
    for check in checks:
        try:
            check()
        except AccountError as exc:
            problems.append(exc)
    if problems:
        raise AccountError.group(problems)
    candidate.set_password(password)
    answer = User(
        email=candidate.email,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        language_code=candidate.language_code,
        is_confirmed=candidate.is_confirmed,
        metadata=candidate.metadata,
    )
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email=candidate.email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    candidate.save()
            except IntegrityError:  # registered a moment ago by a concurrent request
                return Registration(user=answer, requires_confirmation=requires_confirmation)
            if requires_confirmation and redirect_url:
                _email_on_commit(AccountEmail.CONFIRM_ACCOUNT, candidate, redirect_url.strip())
        elif (
            not existing.is_confirmed
            and requires_confirmation
            and redirect_url
            # The buyer lost the first e-mail: sent again, counted like reset requests (no flooding).
            and not throttle.RESET_REQUEST.per_account.blocked(existing.email)
        ):
            throttle.RESET_REQUEST.per_account.record_failure(existing.email)
            _email_on_commit(AccountEmail.CONFIRM_ACCOUNT, existing, redirect_url.strip())
    return Registration(user=answer, requires_confirmation=requires_confirmation)


def _user_for_token(*, email: str, token: str, purpose: TokenPurpose, ip_address: str) -> User:
    """The active user of ``email`` if ``token`` is theirs for ``purpose``; counts and raises otherwise."""
    blocked_for = throttle.ONE_TIME_TOKEN.blocked_seconds(email=str(email), ip_address=ip_address)
    if blocked_for:
        raise _delayed(blocked_for, field="token")
    normalized = str(email or "").strip().lower()
    user = User.objects.filter(email=normalized, is_active=True).first() if normalized else None
    if user is None or not one_time_token_check(user=user, purpose=purpose, token=token):
        throttle.ONE_TIME_TOKEN.record(email=str(email), ip_address=ip_address)
        raise AccountError(AccountErrorCode.INVALID, INVALID_TOKEN, field="token")
    throttle.ONE_TIME_TOKEN.clear(email=str(email), ip_address=ip_address)
    return user


@transaction.atomic
def account_confirm(*, email: str, token: str, ip_address: str) -> User:
    """Confirm the account of ``email`` with the token of its confirmation e-mail (once)."""
    user = _user_for_token(
        email=email, token=token, purpose=TokenPurpose.CONFIRM_ACCOUNT, ip_address=ip_address
    )
    user.is_confirmed = True
    user.save(update_fields=["is_confirmed", "updated_at"])
    return user


@transaction.atomic
def password_reset_request(*, email: str, redirect_url: str, ip_address: str) -> None:
    """E-mail a link to choose a new password, if an active account has ``email``.

    The answer is the same for any e-mail (see the module docstring); requests are limited per
    e-mail and per address (``throttle.RESET_REQUEST``) whether or not the account exists.
    """
    url = redirect_url_clean(redirect_url)
    normalized = email_clean(email)
    blocked_for = throttle.RESET_REQUEST.blocked_seconds(email=normalized, ip_address=ip_address)
    if blocked_for:
        raise AccountError(
            AccountErrorCode.PASSWORD_RESET_ALREADY_REQUESTED,
            f"A password reset was requested for this e-mail recently. Try again in {blocked_for} seconds.",
            field="email",
            retry_after_seconds=blocked_for,
        )
    throttle.RESET_REQUEST.record(email=normalized, ip_address=ip_address)
    user = User.objects.filter(email=normalized, is_active=True).first()
    if user is not None and url is not None:
        _email_on_commit(AccountEmail.RESET_PASSWORD, user, url)


@transaction.atomic
def password_set(
    *, email: str, token: str, password: str, ip_address: str, audience: str | None = None
) -> IssuedTokens:
    """Set a new password with the token of a reset e-mail; log in with fresh tokens.

    Every access and refresh token issued before stops working (someone who knew the old password
    may hold some), and the reset token is spent: it was made from the old password's hash.
    Following the link proves the mailbox, so the account counts as confirmed.
    """
    user = _user_for_token(
        email=email, token=token, purpose=TokenPurpose.RESET_PASSWORD, ip_address=ip_address
    )
    password_validate(password, user)
    user.set_password(password)
    user.is_confirmed = True
    user.jwt_token_key = _new_jwt_token_key()
    user.save(update_fields=["password", "is_confirmed", "jwt_token_key", "updated_at"])
    RefreshToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    throttle.LOGIN.clear(email=user.email, ip_address=ip_address)
    return tokens_issue(user=user, audience=audience)


@transaction.atomic
def password_change(*, user: User, old_password: str | None, new_password: str, ip_address: str) -> User:
    """Change a logged-in user's password after checking the old one (counted like a login).

    The caller's tokens stay valid (``PasswordChange`` returns none to replace them); outstanding
    reset and deletion links stop working, since they were made from the old password's hash.
    """
    blocked_for = throttle.LOGIN.blocked_seconds(email=user.email, ip_address=ip_address)
    if blocked_for:
        raise _delayed(blocked_for, field="old_password")
    if user.has_usable_password() and not (old_password and user.check_password(old_password)):
        throttle.LOGIN.record(email=user.email, ip_address=ip_address)
        raise AccountError(
            AccountErrorCode.INVALID_PASSWORD, "Old password isn't valid.", field="old_password"
        )
    password_validate(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    return user


@transaction.atomic
def account_deletion_request(*, user: User, redirect_url: str) -> None:
    """E-mail the logged-in buyer a link that deletes their account."""
    url = redirect_url_clean(redirect_url)
    if user.is_staff:
        raise AccountError(
            AccountErrorCode.DELETE_STAFF_ACCOUNT, "Staff accounts cannot delete themselves here."
        )
    if url is not None:
        _email_on_commit(AccountEmail.DELETE_ACCOUNT, user, url)


@transaction.atomic
def account_delete(*, user: User, token: str, ip_address: str) -> User:
    """Delete the logged-in buyer's account with the token of the deletion e-mail.

    Returns the deleted user (its fields, ``pk`` cleared), as Saleor's payload shows it.
    """
    if user.is_staff:
        raise AccountError(
            AccountErrorCode.DELETE_STAFF_ACCOUNT, "Staff accounts cannot delete themselves here."
        )
    owner = _user_for_token(
        email=user.email, token=token, purpose=TokenPurpose.DELETE_ACCOUNT, ip_address=ip_address
    )
    if owner.pk != user.pk:  # pragma: no cover - the e-mail is the caller's own
        raise AccountError(AccountErrorCode.INVALID, INVALID_TOKEN, field="token")
    owner.delete()
    return owner


@transaction.atomic
def account_update(
    *,
    user: User,
    first_name: str | None = None,
    last_name: str | None = None,
    language_code: str | None = None,
    default_shipping_address: dict[str, Any] | None = None,
    default_billing_address: dict[str, Any] | None = None,
    metadata: Sequence[tuple[str, str]] | None = None,
) -> User:
    """Change the logged-in user's names, language, metadata and default addresses (what is given).

    A default address given replaces the current default of its type in place, or becomes a new
    default (``address_book.default_address_write``). Every problem is reported at once, each
    address's with its ``address_type``; nothing is written unless all is well.
    """
    problems: list[AccountError] = []
    changed: dict[str, Any] = {}
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if value is not None:
            try:
                changed[field] = name_clean(value, field=field)
            except AccountError as exc:
                problems.append(exc)
    if language_code is not None:
        changed["language_code"] = language_code
    if metadata:
        try:
            # Read under the row's lock, so a concurrent metadata write is merged, not lost.
            stored = User.objects.select_for_update().only("metadata").get(pk=user.pk).metadata
            changed["metadata"] = metadata_clean(metadata, current=stored)
        except AccountError as exc:
            problems.append(exc)
    for address_type, data in (
        (AddressType.SHIPPING, default_shipping_address),
        (AddressType.BILLING, default_billing_address),
    ):
        if data is None:
            continue
        try:
            with transaction.atomic():
                default_address_write(user=user, data=data, address_type=address_type)
        except AccountError as exc:
            problems.append(exc)
    if problems:
        raise AccountError.group(problems)
    for field, value in changed.items():
        setattr(user, field, value)
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
    return user

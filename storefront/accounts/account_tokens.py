"""One-time tokens sent by e-mail: account confirmation, password reset, account deletion.

Django's :class:`~django.contrib.auth.tokens.PasswordResetTokenGenerator` scheme: an HMAC (keyed
by ``SECRET_KEY`` and a salt per purpose, so a token made for one purpose never passes for
another) of the user's state and a timestamp. Nothing is stored: a token stops working when it
expires (``settings.PASSWORD_RESET_TIMEOUT``) or when the state it was made from changes, which is
what makes it one-time:

- confirmation: the e-mail and ``is_confirmed`` (confirming the account spends it);
- password reset: the password hash, the last login and the e-mail (setting the password spends
  it, and so does any password change or login in between);
- deletion: the same state as a reset (deleting the account removes the user anyway).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class TokenPurpose(StrEnum):
    CONFIRM_ACCOUNT = "confirm-account"
    RESET_PASSWORD = "reset-password"
    DELETE_ACCOUNT = "delete-account"


class _ConfirmationTokens(PasswordResetTokenGenerator):
    key_salt = "asal.accounts.confirm-account"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"{user.pk}{user.email}{user.is_confirmed}{timestamp}"


class _PasswordTokens(PasswordResetTokenGenerator):
    def __init__(self, salt: str) -> None:
        self.key_salt = salt
        super().__init__()

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        last_login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.password}{last_login}{user.email}{user.is_active}{timestamp}"


_GENERATORS: dict[TokenPurpose, PasswordResetTokenGenerator] = {
    TokenPurpose.CONFIRM_ACCOUNT: _ConfirmationTokens(),
    TokenPurpose.RESET_PASSWORD: _PasswordTokens("asal.accounts.reset-password"),
    TokenPurpose.DELETE_ACCOUNT: _PasswordTokens("asal.accounts.delete-account"),
}


def one_time_token_make(*, user: Any, purpose: TokenPurpose) -> str:
    """A token for ``purpose`` that stays valid until it expires or the user's state changes."""
    return _GENERATORS[purpose].make_token(user)


def one_time_token_check(*, user: Any, purpose: TokenPurpose, token: str) -> bool:
    """True if ``token`` was made for this user and purpose, has not expired and is still unspent."""
    if not isinstance(token, str) or len(token) > 100:
        return False
    return _GENERATORS[purpose].check_token(user, token)

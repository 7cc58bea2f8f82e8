"""Login throttling per (e-mail, address) and per address (storefront/accounts/throttle.py)."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from storefront.accounts import services, throttle
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from tests.storefront.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def address() -> str:
    return f"2001:db8:1::{uuid.uuid4().hex[:4]}"


def _fail(email: str, address: str) -> AccountError:
    with pytest.raises(AccountError) as caught:
        services.token_create(email=email, password="guess", ip_address=address)
    return caught.value


def _spray(address: str, count: int) -> None:
    """One failure each for ``count`` different accounts (never five for one pair), as a failed login
    records it (without the hashing, which these tests need not wait for)."""
    for _ in range(count):
        throttle.login_failure_record(email=f"someone-{uuid.uuid4().hex[:8]}@example.com", ip_address=address)


def test_an_address_spraying_passwords_over_many_accounts_is_locked_out(address):
    _spray(address, throttle.MAX_FAILED_ATTEMPTS_PER_ADDRESS)
    user = UserFactory()

    refused = _fail(user.email, address)

    assert refused.code == AccountErrorCode.LOGIN_ATTEMPT_DELAYED
    assert 0 < refused.details["retry_after_seconds"] <= throttle.WINDOW_SECONDS


def test_a_locked_out_address_is_refused_before_any_hashing(address):
    _spray(address, throttle.MAX_FAILED_ATTEMPTS_PER_ADDRESS)
    user = UserFactory()

    with (
        mock.patch.object(Argon2PasswordHasher, "verify") as verify,
        mock.patch.object(Argon2PasswordHasher, "encode") as encode,
    ):
        _fail(user.email, address)

    verify.assert_not_called()
    encode.assert_not_called()


def test_other_addresses_log_in_while_one_is_locked_out(address):
    _spray(address, throttle.MAX_FAILED_ATTEMPTS_PER_ADDRESS)
    user = UserFactory()

    issued = services.token_create(email=user.email, password=PASSWORD, ip_address="2001:db8:2::1")

    assert issued.user == user


def test_a_successful_login_does_not_forgive_the_address(address):
    """Else an attacker holding one account would reset the count between rounds of guesses."""
    own_account = UserFactory()
    _spray(address, throttle.MAX_FAILED_ATTEMPTS_PER_ADDRESS - 1)
    services.token_create(email=own_account.email, password=PASSWORD, ip_address=address)

    assert _fail(f"victim-{uuid.uuid4().hex[:8]}@example.com", address).code == (
        AccountErrorCode.INVALID_CREDENTIALS
    )
    assert _fail(own_account.email, address).code == AccountErrorCode.LOGIN_ATTEMPT_DELAYED

"""JWT signing and checking (storefront/accounts/tokens.py): lifetimes, signatures, types."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from django.utils import timezone

from storefront.accounts import tokens
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from tests.storefront.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _code(token: str, **kwargs) -> str:
    with pytest.raises(AccountError) as caught:
        tokens.token_decode(token=token, **kwargs)
    return caught.value.code


def test_access_token_carries_saleor_claims_and_the_users_key(settings):
    user = UserFactory(is_staff=True)
    claims = tokens.token_decode(token=tokens.access_token_encode(user=user), expected_type=tokens.ACCESS)
    assert claims["type"] == "access"
    assert claims["token"] == user.jwt_token_key
    assert claims["email"] == user.email
    assert claims["is_staff"] is True
    assert tokens.user_pk_from_global_id(claims["user_id"]) == user.pk
    assert claims["exp"] - claims["iat"] == settings.JWT_ACCESS_TTL_SECONDS


def test_expired_token_is_reported_as_expired():
    user = UserFactory()
    old = timezone.now() - timedelta(hours=2)
    assert _code(tokens.access_token_encode(user=user, now=old)) == AccountErrorCode.JWT_SIGNATURE_EXPIRED


def test_tampered_payload_fails_the_signature_check():
    header, _payload, signature = tokens.access_token_encode(user=UserFactory()).split(".")
    forged_payload = jwt.utils.base64url_encode(
        b'{"type":"access","token":"x","user_id":"VXNlcjox"}'
    ).decode()
    assert _code(f"{header}.{forged_payload}.{signature}") == AccountErrorCode.JWT_DECODE_ERROR


@pytest.mark.parametrize("garbage", ["", "not-a-jwt", "a.b.c", "x" * 5000])
def test_garbage_is_a_decode_error(garbage):
    assert _code(garbage) == AccountErrorCode.JWT_DECODE_ERROR


def test_token_without_an_algorithm_is_invalid():
    # "e30" is base64url for "{}": a header naming no algorithm.
    assert _code("e30.e30.") == AccountErrorCode.JWT_INVALID_TOKEN


def test_token_signed_with_another_key_is_rejected():
    user = UserFactory()
    claims = {"type": "access", "token": user.jwt_token_key, "user_id": tokens.user_global_id(user.pk)}
    claims |= {"iat": timezone.now(), "exp": timezone.now() + timedelta(minutes=5)}
    assert (
        _code(jwt.encode(claims, "someone-elses-secret-of-32-bytes!", algorithm="HS256"))
        == AccountErrorCode.JWT_DECODE_ERROR
    )


def test_unsigned_alg_none_token_is_rejected():
    user = UserFactory()
    claims = {"type": "access", "token": user.jwt_token_key, "user_id": tokens.user_global_id(user.pk)}
    claims |= {"iat": timezone.now(), "exp": timezone.now() + timedelta(minutes=5)}
    # PyJWT refuses an algorithm outside the allowed list (HS256) as an invalid token.
    assert _code(jwt.encode(claims, None, algorithm="none")) == AccountErrorCode.JWT_INVALID_TOKEN


def test_refresh_token_is_not_accepted_where_an_access_token_is_expected():
    user = UserFactory()
    now = timezone.now()
    refresh = tokens.refresh_token_encode(
        user=user, jti="j1", csrf_token="c", expires_at=now + timedelta(days=1), now=now
    )
    assert _code(refresh, expected_type=tokens.ACCESS) == AccountErrorCode.JWT_INVALID_TOKEN


def test_token_missing_required_claims_is_invalid():
    claims = {"iat": timezone.now(), "exp": timezone.now() + timedelta(minutes=5), "type": "access"}
    token = jwt.encode(claims, tokens.signing_key(), algorithm="HS256")
    assert _code(token) == AccountErrorCode.JWT_INVALID_TOKEN


def test_signing_key_is_derived_not_the_raw_secret(settings):
    assert tokens.signing_key() != settings.SECRET_KEY.encode()
    assert len(tokens.signing_key()) == 32


@pytest.mark.parametrize("value", [None, 5, "", "!!!", "Q2hhbm5lbDox", "VXNlcjphYmM="])
def test_only_user_global_ids_decode_to_a_pk(value):
    # "Q2hhbm5lbDox" is Channel:1, "VXNlcjphYmM=" is User:abc.
    assert tokens.user_pk_from_global_id(value) is None


def test_user_global_id_matches_relay_shape():
    assert tokens.user_global_id(7) == "VXNlcjo3"
    assert tokens.user_pk_from_global_id("VXNlcjo3") == 7

"""The test run hashes passwords with Argon2 at its smallest cost (tests/hashers.py); production's
settings keep Django's Argon2 costs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, get_hasher, make_password

from tests.hashers import CheapArgon2PasswordHasher


def test_passwords_are_argon2_at_the_smallest_cost() -> None:
    hasher = get_hasher()
    assert isinstance(hasher, CheapArgon2PasswordHasher) and isinstance(hasher, Argon2PasswordHasher)
    encoded = make_password("kain-tenun-sukarara-42")
    assert encoded.startswith("argon2$argon2id$") and "$m=8,t=1,p=1$" in encoded
    assert check_password("kain-tenun-sukarara-42", encoded)
    assert not check_password("kain-tenun-sukarara-43", encoded)
    assert settings.PASSWORD_HASHERS[1:] == ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def test_a_production_cost_hash_still_checks() -> None:
    """Stored hashes of the production cost (a fixture, a copied database) still verify."""
    encoded = Argon2PasswordHasher().encode("kain-tenun-sukarara-42", Argon2PasswordHasher().salt())
    assert "$m=102400,t=2,p=8$" in encoded
    assert check_password("kain-tenun-sukarara-42", encoded)

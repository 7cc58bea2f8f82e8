"""The test run's password hasher: Argon2, as in production, at its cheapest cost.

Production's Argon2 (Django's defaults: 2 passes over 100 MiB on 8 lanes) takes about 0.4 s of CPU
per password set or checked, on both cores at once; the suite sets and checks hundreds of them
(factories, logins, the demo's staff, the dummy hash behind every unknown e-mail). This one is the
same algorithm with the same ``argon2`` prefix and class (a test spying on ``Argon2PasswordHasher``
still sees every call), only its cost parameters are the smallest Argon2 allows.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8  # KiB: Argon2's minimum for one lane
    parallelism = 1


def use_cheap_argon2() -> None:
    """Put the cheap Argon2 first in ``PASSWORD_HASHERS`` (called once, before any test)."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    argon2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.PASSWORD_HASHERS[0] == argon2, settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = [f"{__name__}.CheapArgon2PasswordHasher", *settings.PASSWORD_HASHERS[1:]]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()

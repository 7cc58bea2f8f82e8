"""Simultaneous registrations of one e-mail: one account, the same answer for every caller."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection
from django.test import override_settings

from storefront.accounts import account_services
from storefront.accounts.models import User
from tests.storefront.accounts.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only
@override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], ACCOUNT_CONFIRMATION_REQUIRED=False
)
def test_racing_registrations_of_one_email_make_one_account_and_no_error():
    email = f"race-{uuid.uuid4().hex[:10]}@example.com"
    workers = 4
    barrier = threading.Barrier(workers)
    answers: list[bool] = []
    failures: list[BaseException] = []

    def register() -> None:
        try:
            barrier.wait()
            answers.append(
                account_services.account_register(email=email, password=PASSWORD).requires_confirmation
            )
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert answers == [False] * workers
    assert User.objects.filter(email=email).count() == 1

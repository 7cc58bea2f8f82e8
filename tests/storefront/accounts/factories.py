"""Users, staff and apps for tests, plus the header that authenticates them on /graphql/."""

from __future__ import annotations

import uuid

import factory
from django.contrib.auth.models import Permission

from storefront.accounts import tokens
from storefront.accounts.models import User
from storefront.accounts.permissions import PermissionCode

PASSWORD = "kain-tenun-sukarara-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    # Unique per test: the login throttle's counters live in the shared Redis.
    email = factory.LazyFunction(lambda: f"buyer-{uuid.uuid4().hex[:12]}@example.com")
    first_name = "Baiq"
    last_name = "Nurul"

    @classmethod
    def _create(cls, model_class, *args, password: str = PASSWORD, **kwargs):
        return model_class.objects.create_user(*args, password=password, **kwargs)


def staff_user(*codes: PermissionCode, **kwargs) -> User:
    """An active staff user holding ``codes`` directly (``user_permissions``)."""
    user = UserFactory(is_staff=True, **kwargs)
    if codes:
        user.user_permissions.add(*permissions(*codes))
    return user


def permissions(*codes: PermissionCode) -> list[Permission]:
    return list(
        Permission.objects.filter(
            content_type__app_label="accounts", codename__in=[c.value.lower() for c in codes]
        )
    )


def bearer(user_or_token: User | str) -> dict[str, str]:
    """``Authorization`` header for a user (a fresh access token) or a raw app/JWT token."""
    token = (
        user_or_token if isinstance(user_or_token, str) else tokens.access_token_encode(user=user_or_token)
    )
    return {"Authorization": f"Bearer {token}"}

"""Who acts (storefront/accounts/actor.py): a user, an app, or nobody (the system)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from storefront.accounts.actor import Actor
from storefront.accounts.services import app_create
from tests.storefront.accounts.factories import staff_user

pytestmark = pytest.mark.django_db


def test_an_anonymous_request_is_an_actor_without_user_or_app():
    assert Actor.of(user=AnonymousUser()) == Actor.system()


def test_an_actor_is_a_user_or_an_app_not_both():
    app, _ = app_create(name="Importer", permissions=[])
    with pytest.raises(ValueError):
        Actor(user=staff_user(), app=app)


def test_a_request_with_an_app_token_acts_as_the_app():
    app, _ = app_create(name="Importer", permissions=[])
    assert Actor.of(user=AnonymousUser(), app=app) == Actor(app=app)


def test_a_signed_in_user_acts_as_themselves():
    user = staff_user()
    actor = Actor.of(user=user)
    assert actor == Actor(user=user) and not actor.is_system

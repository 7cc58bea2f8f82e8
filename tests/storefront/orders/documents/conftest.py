"""Fixtures: a shop of two certified products and a registered seller of record."""

from __future__ import annotations

import pytest

from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.orders.documents.fulfilments import Shop, shop_create


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """The private storage on a folder of this test's own (parallel workers share the var folder)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def shop(signing_key, origin, maker) -> Shop:  # noqa: F811
    return shop_create(origin, maker)

"""Fixtures: a shop of two certified products and a registered seller of record."""

from __future__ import annotations

import pytest

from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.orders.documents.fulfilments import Shop, shop_create


@pytest.fixture
def shop(signing_key, origin, maker) -> Shop:  # noqa: F811
    return shop_create(origin, maker)

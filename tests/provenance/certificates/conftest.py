"""Fixtures: a received lot of a Loyok basket with its makers, and its units."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest

from provenance.certificates.models import LotMaker, ProductionLot, Unit
from provenance.certificates.serials import serial_new
from provenance.origins.models import Maker, Material, Origin, ProducerGroup, Technique
from storefront.accounts.actor import Actor
from storefront.catalog.models import Product, ProductType, ProductVariant
from storefront.inventory.models import Warehouse

_counter = itertools.count(1)


@pytest.fixture
def origin(db) -> Origin:
    return Origin.objects.create(
        name="Loyok, East Lombok",
        slug=f"loyok-{next(_counter)}",
        village="Loyok",
        district="Sikur",
        regency="Lombok Timur",
        province="Nusa Tenggara Barat",
        country="ID",
        latitude=Decimal("-8.613000"),
        longitude=Decimal("116.466000"),
    )


@pytest.fixture
def maker(origin) -> Maker:
    group = ProducerGroup.objects.create(
        name="BUMDes Desa Loyok",
        slug=f"bumdes-loyok-{next(_counter)}",
        kind="BUMDES",
        registration_number="DEMO-0001",
        origin=origin,
    )
    return Maker.objects.create(
        display_name="Inaq Sumiati",
        slug=f"inaq-sumiati-{next(_counter)}",
        origin=origin,
        group=group,
        consent_to_publish=True,
        consent_recorded_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )


@pytest.fixture
def variant(db) -> ProductVariant:
    n = next(_counter)
    product_type = ProductType.objects.create(name="Basket", slug=f"basket-{n}", hs_code="4602")
    product = Product.objects.create(product_type=product_type, name="Bamboo rice basket", slug=f"basket-{n}")
    return ProductVariant.objects.create(product=product, sku=f"LYK-BSK-{n}", name="Medium")


@pytest.fixture
def warehouse(db) -> Warehouse:
    return Warehouse.objects.create(name="Loyok store room", slug=f"loyok-{next(_counter)}")


@pytest.fixture
def lot(variant, warehouse, origin, maker) -> ProductionLot:
    lot = ProductionLot.objects.create(
        code=f"LOT-{next(_counter)}",
        variant=variant,
        warehouse=warehouse,
        quantity=2,
        origin=origin,
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 20),
    )
    lot.materials.add(Material.objects.create(name="Bamboo", slug=f"bamboo-{next(_counter)}"))
    lot.techniques.add(Technique.objects.create(name="Plaiting", slug=f"plaiting-{next(_counter)}"))
    LotMaker.objects.create(lot=lot, maker=maker, role="weaver")
    return lot


@pytest.fixture
def unit(lot) -> Unit:
    return Unit.objects.create(serial=serial_new(prefix="LYK"), lot=lot)


@pytest.fixture
def signing_key(db):
    from provenance.certificates.keys import signing_key_generate

    return signing_key_generate()


@pytest.fixture
def received(signing_key, variant, warehouse, origin, maker):
    """A received lot of three certified Loyok baskets."""
    from provenance.certificates.services import MakerRole, lot_receive

    return lot_receive(
        actor=Actor.system(),
        code="LOT-LYK-001",
        variant=variant,
        warehouse=warehouse,
        quantity=3,
        origin=origin,
        makers=[MakerRole(maker=maker, role="weaver")],
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 20),
        motif="Kembang",
        workshop="Loyok weaving hall",
    )


@pytest.fixture
def receive_lot(signing_key, variant, warehouse, origin, maker):
    """Receive a lot of the fixture basket by the fixture maker; keyword arguments override."""
    from provenance.certificates.services import MakerRole, lot_receive

    def receive(**overrides):
        arguments = {
            "actor": Actor.system(),
            "variant": variant,
            "warehouse": warehouse,
            "quantity": 1,
            "origin": origin,
            "makers": [MakerRole(maker=maker, role="weaver")],
            "production_started_on": datetime.date(2026, 10, 1),
            "production_finished_on": datetime.date(2026, 10, 2),
            **overrides,
        }
        return lot_receive(**arguments)

    return receive


@pytest.fixture
def local_media(settings, tmp_path):
    """Media on a temporary folder, for tests that store and read back photos."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": "/media/"},
        },
    }
    return tmp_path

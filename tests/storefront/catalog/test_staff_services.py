"""The staff catalogue services called directly, as the admin and commands will: Saleor's slugs,
deletions refused while certificates or open orders still need the rows, audit entries."""

from __future__ import annotations

import pytest

from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.models import Category, Product, ProductVariant
from storefront.catalog.services.slugs import slug_from_name, slug_is_valid, slug_unique
from storefront.catalog.services.staff_products import (
    ProductFields,
    staff_product_create,
    staff_product_delete,
)
from storefront.catalog.services.staff_structure import StructureFields, staff_category_create
from storefront.catalog.services.staff_variants import staff_variant_delete
from tests.graphql.catalog.factories import ProductTypeFactory
from tests.provenance.certificates.conftest import (  # noqa: F401  (fixtures)
    maker,
    origin,
    received,
    signing_key,
    variant,
    warehouse,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Kain Tenun Sukarara", "kain-tenun-sukarara"),
        ("Café & Kopi  Lombok", "cafe-kopi-lombok"),
        ("  Ketak!! ", "ketak"),
        ("ลาย", "ลาย"),  # no Latin letters: its own letters, as a Unicode slug
        ("!!!", "product"),
    ],
)
def test_slugs_are_made_from_names_like_saleors(name, slug):
    assert slug_from_name(name, fallback="product") == slug
    assert slug_is_valid(slug)


def test_a_taken_slug_gets_the_next_free_number():
    Category.objects.create(name="Keranjang", slug="keranjang")
    Category.objects.create(name="Keranjang", slug="keranjang-2")
    Category.objects.create(name="Keranjang besar", slug="keranjang-besar")

    assert slug_unique(Category, "Keranjang", fallback="category") == "keranjang-3"


def test_staff_product_create_records_the_system_actor_for_commands():
    product = staff_product_create(
        actor=Actor.system(), product_type=ProductTypeFactory(), fields=ProductFields(name="Gerabah")
    )

    entry = AuditLogEntry.objects.get(action="product.created")
    assert (entry.actor_user, entry.actor_app, entry.object_id) == (None, None, str(product.pk))


def test_a_product_with_certified_pieces_cannot_be_deleted(received, variant):  # noqa: F811
    with pytest.raises(CatalogError) as refused:
        staff_product_delete(actor=Actor.system(), product=variant.product)
    with pytest.raises(CatalogError):
        staff_variant_delete(actor=Actor.system(), variant=variant)

    assert refused.value.code == "INVALID"
    assert Product.objects.filter(pk=variant.product_id).exists()
    assert ProductVariant.objects.filter(pk=variant.pk).exists()
    assert not AuditLogEntry.objects.filter(
        action__in=["product.deleted", "product_variant.deleted"]
    ).exists()


def test_a_category_too_deep_is_refused():
    parent = None
    for depth in range(21):
        parent = Category.objects.create(
            name=f"Level {depth}", slug=f"level-{depth}", parent=parent, level=depth
        )

    with pytest.raises(CatalogError) as refused:
        staff_category_create(actor=Actor.system(), fields=StructureFields(name="Too deep"), parent=parent)

    assert refused.value.field == "parent"

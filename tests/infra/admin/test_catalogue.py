"""Products in the admin: every write is the staff product services' (audited as the staff member)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from infra.demo.images import product_image
from storefront.accounts.models import AuditLogEntry
from storefront.catalog.models import Product, ProductMedia

pytestmark = pytest.mark.django_db


def _form(product: Product, **changes) -> dict:
    return {
        "name": product.name,
        "slug": product.slug,
        "category": "",
        "seo_title": "",
        "seo_description": "",
        "weight_kg": "",
        **changes,
    }


def test_editing_a_product_goes_through_the_update_service(as_staff, staff, variant):
    product = variant.product

    response = as_staff("Catalogue").post(
        f"/admin/catalog/product/{product.pk}/change/",
        _form(product, name="  Bakul nasi  ", seo_title="Bakul"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert (product.name, product.seo_title) == ("Bakul nasi", "Bakul")
    entry = AuditLogEntry.objects.get(action="product.updated")
    assert entry.actor_user == staff["Catalogue"]
    assert entry.payload["after"]["name"] == "Bakul nasi"


def test_the_services_refusal_is_a_form_error_and_nothing_changes(as_staff, variant):
    product = variant.product
    Product.objects.create(product_type=product.product_type, name="Other", slug="taken-slug")

    response = as_staff("Catalogue").post(
        f"/admin/catalog/product/{product.pk}/change/", _form(product, name="New name", slug="taken-slug")
    )

    assert response.status_code == 200
    assert "already exists" in str(response.context["adminform"].form.errors["slug"])
    product.refresh_from_db()
    assert product.name == "Bamboo rice basket"
    assert not AuditLogEntry.objects.filter(action="product.updated").exists()


def test_adding_a_product_with_a_photo(as_staff, staff, variant, local_media):
    photo = SimpleUploadedFile("kain.jpg", product_image(kind="bamboo", title="Kain", seed=1), "image/jpeg")

    response = as_staff("Catalogue").post(
        "/admin/catalog/product/add/",
        {
            **_form(variant.product, name="Kain tenun", slug=""),
            "product_type": variant.product.product_type_id,
            "new_photo": photo,
            "new_photo_alt": "Kain tenun Sukarara",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get(name="Kain tenun")
    assert product.slug == "kain-tenun"
    media = ProductMedia.objects.get(product=product)
    assert media.alt == "Kain tenun Sukarara" and media.image.name.endswith(".jpg")
    assert AuditLogEntry.objects.get(action="product.created").actor_user == staff["Catalogue"]


def test_a_file_that_is_no_image_is_refused(as_staff, variant, local_media):
    fake = SimpleUploadedFile("shell.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg")

    response = as_staff("Catalogue").post(
        f"/admin/catalog/product/{variant.product.pk}/change/", {**_form(variant.product), "new_photo": fake}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not ProductMedia.objects.exists()


def test_deleting_goes_through_the_delete_service(as_staff, staff, variant):
    product = Product.objects.create(product_type=variant.product.product_type, name="Gone", slug="gone")

    response = as_staff("Catalogue").post(f"/admin/catalog/product/{product.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()
    assert AuditLogEntry.objects.get(action="product.deleted").actor_user == staff["Catalogue"]


def test_the_product_page_shows_variants_photos_and_provenance(as_staff, received):
    product = received.variant.product

    page = as_staff("Catalogue").get(f"/admin/catalog/product/{product.pk}/change/").content.decode()

    assert received.variant.sku in page
    assert received.code in page and f"/admin/certificates/productionlot/{received.pk}/change/" in page


def test_staff_without_manage_products_cannot_write(as_staff, variant):
    product = variant.product
    for group in ("Fulfilment", "Marketing"):
        client = as_staff(group)
        assert (
            client.post(f"/admin/catalog/product/{product.pk}/change/", _form(product, name="X")).status_code
            == 403
        )
        assert client.post(f"/admin/catalog/product/{product.pk}/delete/", {"post": "yes"}).status_code == 403
    product.refresh_from_db()
    assert product.name == "Bamboo rice basket"

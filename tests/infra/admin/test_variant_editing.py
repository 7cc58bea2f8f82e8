"""A variant's page in the admin: SKU, name, weight, prices per channel and stock per warehouse,
saved through the services behind ``productVariantUpdate``, ``productVariantChannelListingUpdate``
and ``productVariantStocksUpdate`` (audited, search document and caches following); a refusal is
shown on its field and nothing of the three is written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from storefront.accounts.models import AuditLogEntry
from storefront.catalog.models import ProductVariant
from storefront.core.versioned_cache import catalogue_cache
from storefront.inventory.models import Stock
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "variant-edit"}}


@pytest.fixture
def shelf():
    """A variant priced 10.00 in a channel, five on the channel's warehouse shelf."""
    channel = channel_create()
    variant = product_create(channel, price="10.00", stock=5)
    return channel, variant, warehouse_of(channel)


def _url(variant: ProductVariant) -> str:
    return f"/admin/catalog/product/{variant.product_id}/variant/{variant.pk}/"


def _data(response, **changes) -> dict[str, str]:
    """The page's form as it was rendered, with ``changes``."""
    context = response.context
    data = {
        "sku": context["form"].initial["sku"] or "",
        "name": context["form"].initial["name"] or "",
        "weight": "",
    }
    for prefix, formset in (("prices", context["prices"]), ("stocks", context["stocks"])):
        data[f"{prefix}-TOTAL_FORMS"] = str(formset.total_form_count())
        data[f"{prefix}-INITIAL_FORMS"] = str(formset.total_form_count())
        for index, form in enumerate(formset.forms):
            for name in form.fields:
                value = form.initial.get(name)
                data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    data.update(changes)
    return data


@override_settings(CACHES=LOCMEM, RESPONSE_CACHE_SECONDS=300)
def test_editing_a_variant_goes_through_the_services(as_staff, staff, shelf):
    channel, variant, warehouse = shelf
    client = as_staff("Catalogue")
    product_page = client.get(f"/admin/catalog/product/{variant.product_id}/change/").content.decode()
    assert _url(variant) in product_page
    page = client.get(_url(variant))
    assert page.status_code == 200
    catalogue_cache.set("probe", "cached response")

    response = client.post(
        _url(variant),
        _data(
            page,
            sku="IKAT-RED-1",
            name="Red",
            weight="1.250",
            **{"prices-0-price": "12.50", "stocks-0-quantity": "8"},
        ),
    )

    assert response.status_code == 302
    variant.refresh_from_db()
    assert (variant.sku, variant.name, variant.weight_kg) == ("IKAT-RED-1", "Red", Decimal("1.250"))
    assert variant.channel_listings.get(channel=channel).price_amount == Decimal("12.50")
    assert Stock.objects.get(product_variant=variant, warehouse=warehouse).quantity == 8
    assert catalogue_cache.get("probe") is None  # cached catalogue responses are forgotten
    for action in (
        "product_variant.updated",
        "product_variant.channel_listings_updated",
        "product_variant.stocks_updated",
    ):
        assert AuditLogEntry.objects.get(action=action).actor_user == staff["Catalogue"]
    assert AuditLogEntry.objects.get(action="product_variant.stocks_updated").payload["after"] == {
        str(warehouse.pk): 8
    }


@pytest.mark.parametrize(
    "changes, field_error",
    [
        ({"prices-0-price": "1.2345"}, "Ensure that there are no more than 3 decimal places."),
        ({"prices-0-price": "1.234"}, "Value cannot have more than 2 decimal places."),
        ({"prices-0-price": ""}, "A variant sold in a channel needs a price there."),
        ({"stocks-0-quantity": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"sku": "TAKEN"}, "Product variant with this SKU already exists."),
    ],
)
def test_a_refusal_is_shown_and_nothing_of_the_three_is_written(as_staff, shelf, changes, field_error):
    channel, variant, warehouse = shelf
    other = product_create(channel)
    ProductVariant.objects.filter(pk=other.pk).update(sku="TAKEN")
    client = as_staff("Catalogue")
    page = client.get(_url(variant))
    sku = variant.sku

    response = client.post(
        _url(variant),
        _data(page, name="Changed", **{"stocks-0-quantity": "7", "prices-0-price": "11", **changes}),
    )

    assert response.status_code == 400
    assert field_error in response.content.decode()
    variant.refresh_from_db()
    assert (variant.sku, variant.name) == (sku, "")
    assert variant.channel_listings.get(channel=channel).price_amount == Decimal("10.00")
    assert Stock.objects.get(product_variant=variant, warehouse=warehouse).quantity == 5
    assert not AuditLogEntry.objects.filter(action__startswith="product_variant.").exists()


def test_stock_cannot_go_below_what_orders_hold(as_staff, shelf):
    _channel, variant, warehouse = shelf
    Stock.objects.filter(product_variant=variant, warehouse=warehouse).update(quantity_allocated=3)
    client = as_staff("Catalogue")

    response = client.post(_url(variant), _data(client.get(_url(variant)), **{"stocks-0-quantity": "2"}))

    assert response.status_code == 400
    assert "3 are allocated to orders" in response.content.decode()
    assert Stock.objects.get(product_variant=variant, warehouse=warehouse).quantity == 5


def test_staff_without_manage_products_cannot_edit_variants(as_staff, shelf):
    _channel, variant, warehouse = shelf
    client = as_staff("Fulfilment")

    assert client.get(_url(variant)).status_code == 403
    assert client.post(_url(variant), {"sku": "X", "stocks-0-quantity": "0"}).status_code == 403
    assert Stock.objects.get(product_variant=variant, warehouse=warehouse).quantity == 5
    variant.refresh_from_db()
    assert variant.sku != "X"

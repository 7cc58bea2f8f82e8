"""The staff promotion API and what buyers see of a promotion: pricing, listing sort and filter, and
the cached public read following a promotion write at once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import Category
from storefront.discounts.models import Promotion, PromotionRule
from storefront.discounts.promotion_services import (
    PromotionFields,
    RuleFields,
    promotions_dates_process,
    staff_promotion_create,
)
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create

pytestmark = pytest.mark.django_db

PROMOTION_CREATE = """
mutation ($input: PromotionCreateInput!) {
  promotionCreate(input: $input) {
    errors { field code message }
    promotion { id name type startDate endDate
      rules { id rewardValue rewardValueType predicateType cataloguePredicate channels { slug } } }
  }
}"""
RULE_UPDATE = """
mutation ($id: ID!, $input: PromotionRuleUpdateInput!) {
  promotionRuleUpdate(id: $id, input: $input) {
    errors { field code message }
    promotionRule { id rewardValue }
  }
}"""
RULE_CREATE = """
mutation ($input: PromotionRuleCreateInput!) {
  promotionRuleCreate(input: $input) {
    errors { field code message }
    promotionRule { id rewardValue rewardType orderPredicate }
  }
}"""
RULE_DELETE = """
mutation ($id: ID!) { promotionRuleDelete(id: $id) { errors { field code } promotionRule { id } } }"""
PROMOTION_UPDATE = """
mutation ($id: ID!, $input: PromotionUpdateInput!) {
  promotionUpdate(id: $id, input: $input) { errors { field code message } promotion { name endDate } }
}"""
PROMOTION_DELETE = """
mutation ($id: ID!) { promotionDelete(id: $id) { errors { field code } promotion { id name } } }"""
PROMOTIONS = """
query { promotions(first: 10) { totalCount edges { node { name rules { rewardValue } } } } }"""
PRODUCTS = """
query ($sort: ProductOrder, $filter: ProductFilterInput) {
  products(first: 10, channel: "intl-usd", sortBy: $sort, filter: $filter) {
    edges { node { slug
      pricing { onSale discount { gross { amount } }
        priceRange { start { gross { amount } } }
        priceRangeUndiscounted { start { gross { amount } } } }
      variants { pricing { onSale price { gross { amount } } priceUndiscounted { gross { amount } }
        priceprior: pricePrior { gross { amount } } } } } }
  }
}"""


def _staff():
    return bearer(staff_user(PermissionCode.MANAGE_DISCOUNTS))


def _rule_input(channel, product, value="20", value_type="PERCENTAGE"):
    return {
        "channels": [to_global_id("Channel", channel.pk)],
        "rewardValueType": value_type,
        "rewardValue": value,
        "cataloguePredicate": {"productPredicate": {"ids": [to_global_id("Product", product.pk)]}},
    }


def _create(gql, channel, product, **rule):
    return gql(
        PROMOTION_CREATE,
        {
            "input": {
                "name": "Ramadan sale",
                "type": "CATALOGUE",
                "rules": [_rule_input(channel, product, **rule)],
            }
        },
        headers=_staff(),
    )["data"]["promotionCreate"]


def _products(gql, **variables):
    return {
        edge["node"]["slug"]: edge["node"] for edge in gql(PRODUCTS, variables)["data"]["products"]["edges"]
    }


def test_promotion_shows_in_pricing_and_listing_sort_and_filter_follow_the_discounted_price(gql) -> None:
    channel = channel_create()
    rattan = product_create(channel, price="30.00", slug="rattan")
    product_create(channel, price="20.00", slug="ikat")
    created = _create(gql, channel, rattan.product, value="50")
    assert created["errors"] == []
    rule = created["promotion"]["rules"][0]
    assert rule["rewardValue"] == "50" and rule["predicateType"] == "CATALOGUE"
    assert rule["cataloguePredicate"] == {
        "OR": [{"productPredicate": {"ids": [to_global_id("Product", rattan.product.pk)]}}]
    }
    assert AuditLogEntry.objects.filter(action="promotion.created").exists()
    found = _products(gql)
    pricing = found["rattan"]["pricing"]
    assert pricing["onSale"] is True
    assert pricing["discount"]["gross"]["amount"] == 15.0
    assert pricing["priceRange"]["start"]["gross"]["amount"] == 15.0
    assert pricing["priceRangeUndiscounted"]["start"]["gross"]["amount"] == 30.0
    variant = found["rattan"]["variants"][0]["pricing"]
    assert variant["onSale"] is True
    assert (variant["price"]["gross"]["amount"], variant["priceUndiscounted"]["gross"]["amount"]) == (
        15.0,
        30.0,
    )
    assert variant["priceprior"]["gross"]["amount"] == 30.0  # Omnibus: the lowest of 30 days
    assert found["ikat"]["pricing"]["onSale"] is False
    # Sorted by price: the promoted rattan (15.00) before the ikat (20.00).
    by_price = gql(PRODUCTS, {"sort": {"field": "PRICE", "direction": "ASC"}})["data"]["products"]["edges"]
    assert [edge["node"]["slug"] for edge in by_price] == ["rattan", "ikat"]
    # Filtered by price: what a buyer pays.
    cheap = _products(gql, filter={"price": {"lte": 16}})
    assert list(cheap) == ["rattan"]
    minimal = _products(gql, filter={"minimalPrice": {"gte": 16}})
    assert list(minimal) == ["ikat"]


@override_settings(RESPONSE_CACHE_SECONDS=60)
def test_a_promotion_write_shows_at_once_through_the_cached_public_read(gql) -> None:
    channel = channel_create()
    variant = product_create(channel, price="10.00", slug="songket")
    assert _products(gql)["songket"]["pricing"]["onSale"] is False
    assert _products(gql)["songket"]["pricing"]["onSale"] is False  # cached now
    created = _create(gql, channel, variant.product, value="10")
    assert _products(gql)["songket"]["pricing"]["priceRange"]["start"]["gross"]["amount"] == 9.0
    rule_id = created["promotion"]["rules"][0]["id"]
    updated = gql(RULE_UPDATE, {"id": rule_id, "input": {"rewardValue": "30"}}, headers=_staff())
    assert updated["data"]["promotionRuleUpdate"]["errors"] == []
    assert _products(gql)["songket"]["pricing"]["priceRange"]["start"]["gross"]["amount"] == 7.0
    deleted = gql(PROMOTION_DELETE, {"id": created["promotion"]["id"]}, headers=_staff())
    assert deleted["data"]["promotionDelete"]["errors"] == []
    assert _products(gql)["songket"]["pricing"]["onSale"] is False


def test_staff_manage_rules_update_and_list_promotions(gql) -> None:
    channel = channel_create()
    variant = product_create(channel, price="10.00")
    created = _create(gql, channel, variant.product)
    promotion_id = created["promotion"]["id"]
    order = gql(
        PROMOTION_CREATE,
        {"input": {"name": "Spend 50", "type": "ORDER"}},
        headers=_staff(),
    )["data"]["promotionCreate"]
    assert order["errors"] == []
    rule = gql(
        RULE_CREATE,
        {
            "input": {
                "promotion": order["promotion"]["id"],
                "channels": [to_global_id("Channel", channel.pk)],
                "rewardType": "SUBTOTAL_DISCOUNT",
                "rewardValueType": "PERCENTAGE",
                "rewardValue": "10",
                "orderPredicate": {
                    "discountedObjectPredicate": {"baseSubtotalPrice": {"range": {"gte": 50}}}
                },
            }
        },
        headers=_staff(),
    )["data"]["promotionRuleCreate"]
    assert rule["errors"] == []
    assert rule["promotionRule"]["rewardType"] == "SUBTOTAL_DISCOUNT"
    assert rule["promotionRule"]["orderPredicate"] == {
        "discountedObjectPredicate": {"baseSubtotalPrice": {"range": {"gte": "50"}}}
    }
    renamed = gql(
        PROMOTION_UPDATE, {"id": promotion_id, "input": {"name": "Lebaran sale"}}, headers=_staff()
    )["data"]["promotionUpdate"]
    assert renamed == {"errors": [], "promotion": {"name": "Lebaran sale", "endDate": None}}
    listed = gql(PROMOTIONS, headers=_staff())["data"]["promotions"]
    assert listed["totalCount"] == 2
    dropped = gql(RULE_DELETE, {"id": rule["promotionRule"]["id"]}, headers=_staff())["data"]
    assert dropped["promotionRuleDelete"]["errors"] == []
    assert PromotionRule.objects.filter(promotion__name="Spend 50").count() == 0


def test_bad_input_gets_errors_and_changes_nothing(gql) -> None:
    usd = channel_create()
    jpy = channel_create("jp-jpy", "JPY")
    variant = product_create(usd, price="10.00")
    cases = [
        {"name": " ", "type": "CATALOGUE"},
        {"name": "x", "type": "CATALOGUE", "rules": [_rule_input(usd, variant.product, value="150")]},
        {
            "name": "x",
            "type": "CATALOGUE",
            "rules": [
                {
                    **_rule_input(usd, variant.product, value_type="FIXED"),
                    "channels": [to_global_id("Channel", usd.pk), to_global_id("Channel", jpy.pk)],
                }
            ],
        },
        {
            "name": "x",
            "type": "CATALOGUE",
            "rules": [{"cataloguePredicate": {"productPredicate": {"ids": ["UHJvZHVjdDo5OTk5OTk="]}}}],
        },
        {
            "name": "x",
            "type": "CATALOGUE",
            "rules": [{"cataloguePredicate": {"AND": [{"productPredicate": {"ids": []}}]}}],
        },
        {
            "name": "x",
            "type": "CATALOGUE",
            "startDate": "2030-01-02T00:00:00Z",
            "endDate": "2030-01-01T00:00:00Z",
        },
    ]
    for value in cases:
        result = gql(PROMOTION_CREATE, {"input": value}, headers=_staff())["data"]["promotionCreate"]
        assert result["promotion"] is None
        assert result["errors"] and all(
            error["code"] in {"INVALID", "REQUIRED", "NOT_FOUND"} for error in result["errors"]
        )
    assert not Promotion.objects.exists()
    missing = gql(PROMOTION_DELETE, {"id": "UHJvbW90aW9uOjk5OTk5"}, headers=_staff())["data"][
        "promotionDelete"
    ]
    assert missing["errors"][0]["code"] == "NOT_FOUND"


PRODUCT_UPDATE = """
mutation ($id: ID!, $input: ProductInput!) {
  productUpdate(id: $id, input: $input) { errors { field code message } product { category { slug } } }
}"""


def _price(gql, slug):
    return _products(gql)[slug]["pricing"]["priceRange"]["start"]["gross"]["amount"]


@override_settings(RESPONSE_CACHE_SECONDS=60)
def test_a_product_moved_into_a_promoted_category_shows_its_promoted_price_through_the_cache(gql) -> None:
    channel = channel_create()
    variant = product_create(channel, price="10.00", slug="tikar")
    mats = Category.objects.create(name="Mats", slug="mats")
    gql(
        PROMOTION_CREATE,
        {
            "input": {
                "name": "Mats week",
                "type": "CATALOGUE",
                "rules": [
                    {
                        "channels": [to_global_id("Channel", channel.pk)],
                        "rewardValueType": "PERCENTAGE",
                        "rewardValue": "20",
                        "cataloguePredicate": {
                            "categoryPredicate": {"ids": [to_global_id("Category", mats.pk)]}
                        },
                    }
                ],
            }
        },
        headers=_staff(),
    )
    assert _price(gql, "tikar") == 10.0
    assert _price(gql, "tikar") == 10.0  # cached now
    moved = gql(
        PRODUCT_UPDATE,
        {
            "id": to_global_id("Product", variant.product.pk),
            "input": {"category": to_global_id("Category", mats.pk)},
        },
        headers=bearer(staff_user(PermissionCode.MANAGE_PRODUCTS)),
    )["data"]["productUpdate"]
    assert moved == {"errors": [], "product": {"category": {"slug": "mats"}}}
    assert _price(gql, "tikar") == 8.0


@override_settings(RESPONSE_CACHE_SECONDS=60)
def test_the_beat_task_starting_and_ending_a_promotion_shows_through_the_cache(gql) -> None:
    channel = channel_create()
    variant = product_create(channel, price="10.00", slug="songket")
    now = timezone.now()
    promotion = staff_promotion_create(
        actor=Actor(),
        fields=PromotionFields(
            name="Tomorrow",
            type="CATALOGUE",
            start_date=now + timedelta(hours=1),
            end_date=now + timedelta(hours=2),
        ),
        rules=[
            RuleFields(
                channels=[channel],
                products=[variant.product],
                reward_value_type="PERCENTAGE",
                reward_value=Decimal("50"),
            )
        ],
    )
    assert _price(gql, "songket") == 10.0
    assert _price(gql, "songket") == 10.0  # cached now
    Promotion.objects.filter(pk=promotion.pk).update(start_date=now - timedelta(minutes=1))
    assert promotions_dates_process() == 1
    assert _price(gql, "songket") == 5.0
    assert _price(gql, "songket") == 5.0  # cached again
    Promotion.objects.filter(pk=promotion.pk).update(end_date=now - timedelta(seconds=1))
    assert promotions_dates_process() == 1
    assert _price(gql, "songket") == 10.0

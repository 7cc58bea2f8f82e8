"""Promotions' prices kept on write, and the staff's promotion writes (Saleor's model and names).

**Catalogue promotions.** A variant listing's ``discounted_price_amount`` is its price less the
best discount of the catalogue rules that apply to it now (the rule's promotion is running, the
listing's channel is one of the rule's, the variant is in the rule's catalogue predicate: its
product, the variant itself, its product's category or one of its collections). A ``PERCENTAGE``
reward takes that share of the price, rounded to the currency's minor unit (half up); a ``FIXED``
reward takes its amount. Never below zero. Only the best rule applies (rules never add up), and it
is recorded in :class:`VariantListingPromotionRule` so checkout and order lines can name it.

It is recomputed in the transaction of every write that changes an input: a promotion or rule
written here, a price or listing written by the catalogue, a collection's products
(``storefront.catalog.signals.variant_prices_changed``), and by the beat task
``storefront.discounts.tasks.promotions_dates_process`` when a promotion starts or ends. The
catalogue's cheapest price per product listing (what listings filter and sort on) follows, and the
catalogue cache's generation is bumped when a price changed, and after every promotion write and
every start or end the beat task handles (``products_reprice``), whatever changed.

**EU Omnibus.** Every recompute records the listing's price of the day (the lowest of the day) in
:class:`VariantListingPriceHistory`. When a reduction begins, the listing's
``omnibus_prior_price_amount`` is set to the lowest price of the 30 days before (the day's earlier
prices included, and never above today's undiscounted price); the API shows it as the prior price
while the promotion lasts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from storefront.accounts.audit import audit_log_record
from storefront.catalog.models import (
    Category,
    CollectionProduct,
    Product,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.services import product_channel_listings_discounted_price_update
from storefront.catalog.services.staff_products import UNSET as CATALOG_UNSET
from storefront.channels.models import Channel
from storefront.core.money import quantize_amount
from storefront.core.versioned_cache import catalogue_changed
from storefront.discounts.error_codes import DiscountError, DiscountErrorCode
from storefront.discounts.promotion_models import (
    Promotion,
    PromotionRule,
    PromotionType,
    RewardType,
    RewardValueType,
    VariantListingPriceHistory,
    VariantListingPromotionRule,
)

OMNIBUS_DAYS = 30
Code = DiscountErrorCode


class PromotionRuleErrorCode(StrEnum):
    """Codes of Saleor's promotion rule errors that its ``DiscountErrorCode`` lacks."""

    GIFTS_NUMBER_LIMIT = "GIFTS_NUMBER_LIMIT"
    INVALID_GIFT_TYPE = "INVALID_GIFT_TYPE"


# --- the arithmetic ---------------------------------------------------------------------------


def reward_amount(*, price: Decimal, value_type: str, value: Decimal, currency: str) -> Decimal:
    """What a reward takes off ``price`` in ``currency``: rounded to its minor unit, at most the price."""
    if value_type == RewardValueType.PERCENTAGE:
        amount = price * min(value, Decimal(100)) / Decimal(100)
    else:
        amount = value
    return min(quantize_amount(amount, currency), price)


def _active(now: datetime) -> Q:
    return Q(promotion__start_date__lte=now) & (
        Q(promotion__end_date__isnull=True) | Q(promotion__end_date__gt=now)
    )


def _category_descendants(ids: set[int]) -> set[int]:
    found = set(ids)
    frontier = set(ids)
    while frontier:
        frontier = set(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


@dataclass(frozen=True, slots=True)
class _RuleScope:
    rule: PromotionRule
    channel_ids: frozenset[int]
    product_ids: frozenset[int]
    variant_ids: frozenset[int]


def _rule_scope(rule: PromotionRule) -> _RuleScope:
    categories = {category.pk for category in rule.categories.all()}
    collections = [collection.pk for collection in rule.collections.all()]
    products = {product.pk for product in rule.products.all()}
    if categories:
        products |= set(
            Product.objects.filter(category_id__in=_category_descendants(categories)).values_list(
                "pk", flat=True
            )
        )
    if collections:
        products |= set(
            CollectionProduct.objects.filter(collection_id__in=collections).values_list(
                "product_id", flat=True
            )
        )
    return _RuleScope(
        rule=rule,
        channel_ids=frozenset(channel.pk for channel in rule.channels.all()),
        product_ids=frozenset(products),
        variant_ids=frozenset(variant.pk for variant in rule.variants.all()),
    )


def rule_product_ids(rule: PromotionRule) -> set[int]:
    """The products a catalogue rule reaches (through any part of its predicate)."""
    scope = _rule_scope(rule)
    return set(scope.product_ids) | set(
        ProductVariant.objects.filter(pk__in=scope.variant_ids).values_list("product_id", flat=True)
    )


def _catalogue_scopes(now: datetime) -> list[_RuleScope]:
    rules = (
        PromotionRule.objects.filter(_active(now), promotion__type=PromotionType.CATALOGUE)
        .exclude(reward_value__isnull=True)
        .select_related("promotion")
        .prefetch_related("channels", "products", "variants", "categories", "collections")
    )
    return [_rule_scope(rule) for rule in rules]


def _omnibus_prior(listing: ProductVariantChannelListing, *, today: Any) -> Decimal:
    """The lowest price of the 30 days before today's reduction (today's earlier prices included)."""
    since = today - timedelta(days=OMNIBUS_DAYS)
    lowest = listing.price_amount
    for amount in VariantListingPriceHistory.objects.filter(
        variant_channel_listing=listing, day__gte=since, day__lte=today
    ).values_list("price_amount", flat=True):
        lowest = min(lowest, amount)
    return lowest


def _history_record(listing: ProductVariantChannelListing, price: Decimal, *, today: Any) -> None:
    row = VariantListingPriceHistory.objects.filter(variant_channel_listing=listing, day=today).first()
    if row is None:
        VariantListingPriceHistory.objects.create(
            variant_channel_listing=listing, day=today, price_amount=price
        )
    elif price < row.price_amount:
        row.price_amount = price
        row.save(update_fields=["price_amount"])


def variant_listings_promotions_apply(*, product_ids: Iterable[int], now: datetime | None = None) -> int:
    """Recompute the promoted price of every variant listing of ``product_ids`` (see the module
    docstring); returns how many listings changed. The catalogue's product listings are the
    caller's (``product_channel_listings_discounted_price_update`` calls this through its signal)."""
    now = now or timezone.now()
    today = now.date()
    ids = set(product_ids)
    listings = list(
        ProductVariantChannelListing.objects.filter(variant__product_id__in=ids)
        .select_related("variant")
        .order_by("pk")
    )
    if not listings:
        return 0
    scopes = [scope for scope in _catalogue_scopes(now) if scope.product_ids & ids or scope.variant_ids]
    applied = {
        row.variant_channel_listing_id: row
        for row in VariantListingPromotionRule.objects.filter(variant_channel_listing__in=listings)
    }
    changed = 0
    for listing in listings:
        best: tuple[Decimal, PromotionRule] | None = None
        for scope in scopes:
            if listing.channel_id not in scope.channel_ids:
                continue
            if (
                listing.variant.product_id not in scope.product_ids
                and listing.variant_id not in scope.variant_ids
            ):
                continue
            rule = scope.rule
            if rule.reward_value_type == RewardValueType.FIXED and len(scope.channel_ids) != 1:
                continue
            assert rule.reward_value is not None
            amount = reward_amount(
                price=listing.price_amount,
                value_type=rule.reward_value_type,
                value=rule.reward_value,
                currency=listing.currency,
            )
            if amount > 0 and (
                best is None or amount > best[0] or (amount == best[0] and rule.pk < best[1].pk)
            ):
                best = (amount, rule)
        discounted = quantize_amount(
            listing.price_amount - (best[0] if best else Decimal(0)), listing.currency
        )
        was_reduced = (
            listing.discounted_price_amount is not None
            and listing.discounted_price_amount < listing.price_amount
        )
        fields: dict[str, Any] = {}
        if listing.discounted_price_amount != discounted:
            fields["discounted_price_amount"] = discounted
        if best is not None and (not was_reduced or listing.omnibus_prior_price_amount is None):
            fields["omnibus_prior_price_amount"] = _omnibus_prior(listing, today=today)
        elif best is None and listing.omnibus_prior_price_amount is not None:
            fields["omnibus_prior_price_amount"] = None
        if fields:
            for name, value in fields.items():
                setattr(listing, name, value)
            ProductVariantChannelListing.objects.filter(pk=listing.pk).update(**fields)
            changed += 1
        row = applied.get(listing.pk)
        if best is None and row is not None:
            row.delete()
        elif best is not None and row is None:
            VariantListingPromotionRule.objects.create(
                variant_channel_listing=listing,
                promotion_rule=best[1],
                discount_amount=best[0],
                currency=listing.currency,
            )
        elif (
            best is not None
            and row is not None
            and (row.promotion_rule_id, row.discount_amount)
            != (
                best[1].pk,
                best[0],
            )
        ):
            row.promotion_rule = best[1]
            row.discount_amount = best[0]
            row.save(update_fields=["promotion_rule", "discount_amount"])
        _history_record(listing, discounted, today=today)
    if changed:
        catalogue_changed()  # QuerySet.update sends no signal
    return changed


def _on_variant_prices_changed(sender: Any, *, product_ids: list[int], **kwargs: Any) -> None:
    variant_listings_promotions_apply(product_ids=product_ids)


def promotion_signals_connect() -> None:
    from storefront.catalog.signals import variant_prices_changed

    variant_prices_changed.connect(_on_variant_prices_changed, dispatch_uid="discounts-promotions-apply")


def promotion_product_ids(promotion: Promotion) -> set[int]:
    """Every product a promotion's rules reach or discount now (a rule just narrowed included)."""
    found: set[int] = set()
    for rule in promotion.rules.all():
        found |= rule_product_ids(rule)
    found |= set(
        VariantListingPromotionRule.objects.filter(promotion_rule__promotion=promotion).values_list(
            "variant_channel_listing__variant__product_id", flat=True
        )
    )
    return found


def products_reprice(product_ids: Iterable[int]) -> None:
    """Every promotion write and the beat task's start/end end here: the products' prices are
    recomputed, and the catalogue's cache generation is bumped whatever changed (a cached public
    response never outlives a promotion write, even one whose effect the price columns miss)."""
    product_channel_listings_discounted_price_update(product_ids=product_ids)
    catalogue_changed()


def promotions_dates_process(*, now: datetime | None = None) -> int:
    """The beat task's work: reprice the products of catalogue promotions that started or ended
    since last time (each start and end handled once); returns how many promotions were handled."""
    now = now or timezone.now()
    due = Promotion.objects.filter(type=PromotionType.CATALOGUE).filter(
        Q(start_date__lte=now, start_applied_at__isnull=True)
        | Q(end_date__lte=now, end_applied_at__isnull=True)
    )
    handled = 0
    for promotion in due:
        with transaction.atomic():
            products_reprice(promotion_product_ids(promotion))
            updates: dict[str, Any] = {}
            if promotion.start_date <= now and promotion.start_applied_at is None:
                updates["start_applied_at"] = now
            if (
                promotion.end_date is not None
                and promotion.end_date <= now
                and promotion.end_applied_at is None
            ):
                updates["end_applied_at"] = now
            Promotion.objects.filter(pk=promotion.pk).update(**updates)
            handled += 1
    return handled


# --- order promotions -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrderPromotionApplied:
    """An order rule applied: ``amount`` off the subtotal, or (``gift_variant_id`` set, a ``GIFT``
    rule) the gift line's value, priced 0."""

    rule: PromotionRule
    amount: Decimal
    gift_variant_id: int | None = None


def _threshold(rule: PromotionRule) -> tuple[Decimal | None, Decimal | None]:
    price = (rule.order_predicate.get("discountedObjectPredicate") or {}).get("baseSubtotalPrice") or {}
    found = price.get("range") or {}
    low, high = found.get("gte"), found.get("lte")
    return (Decimal(str(low)) if low is not None else None, Decimal(str(high)) if high is not None else None)


def order_promotion_rules(channel_ids: Iterable[int], *, now: datetime) -> dict[int, list[PromotionRule]]:
    """The running order rules by channel id: ``SUBTOTAL_DISCOUNT`` rules with a reward and
    ``GIFT`` rules (their ``gifts`` prefetched, one more statement only when there are any), for
    any number of channels in one statement (checkout pricing loads them once per request this way)."""
    ids = sorted(set(channel_ids))
    found: dict[int, list[PromotionRule]] = {channel_id: [] for channel_id in ids}
    if not ids:
        return found
    through = PromotionRule.channels.through
    rows = (
        through.objects.filter(
            channel_id__in=ids,
            promotionrule__promotion__type=PromotionType.ORDER,
            promotionrule__promotion__start_date__lte=now,
        )
        .filter(
            Q(
                promotionrule__reward_type=RewardType.SUBTOTAL_DISCOUNT,
                promotionrule__reward_value__isnull=False,
            )
            | Q(promotionrule__reward_type=RewardType.GIFT)
        )
        .filter(
            Q(promotionrule__promotion__end_date__isnull=True) | Q(promotionrule__promotion__end_date__gt=now)
        )
        .select_related("promotionrule__promotion")
        .order_by("promotionrule_id")
    )
    gift_rules: dict[int, PromotionRule] = {}
    for row in rows:
        rule = row.promotionrule
        if rule.reward_type == RewardType.GIFT:
            rule = gift_rules.setdefault(rule.pk, rule)  # one object per rule across channels
        found[row.channel_id].append(rule)
    if gift_rules:
        prefetch_related_objects(list(gift_rules.values()), "gifts")
    return found


def order_rule_holds(rule: PromotionRule, *, subtotal: Decimal, now: datetime) -> bool:
    """Whether an order rule's promotion is running and its ``baseSubtotalPrice`` range holds
    ``subtotal`` (the buyer's lines after catalogue promotions, before vouchers)."""
    if not rule.promotion.is_active(now):
        return False
    low, high = _threshold(rule)
    return not ((low is not None and subtotal < low) or (high is not None and subtotal > high))


def gift_rules_holding(
    rules: Iterable[PromotionRule], *, subtotal: Decimal, now: datetime
) -> list[PromotionRule]:
    """The ``GIFT`` rules among ``rules`` (loaded by :func:`order_promotion_rules`) that hold the subtotal."""
    return [
        rule
        for rule in rules
        if rule.reward_type == RewardType.GIFT and order_rule_holds(rule, subtotal=subtotal, now=now)
    ]


def order_promotion_best(
    *,
    channel: Channel,
    subtotal: Decimal,
    currency: str,
    now: datetime,
    rules: Iterable[PromotionRule] | None = None,
) -> OrderPromotionApplied | None:
    """The best ``SUBTOTAL_DISCOUNT`` order rule of ``channel`` whose subtotal range holds the
    checkout's subtotal (before vouchers, after catalogue promotions); ``None`` when none applies.
    ``rules``: the channel's running order rules already loaded (:func:`order_promotion_rules`);
    one query otherwise. Ties: the older rule."""
    if rules is None:
        rules = order_promotion_rules([channel.pk], now=now)[channel.pk]
    best: OrderPromotionApplied | None = None
    for rule in rules:
        if rule.reward_type != RewardType.SUBTOTAL_DISCOUNT or rule.reward_value is None:
            continue
        if not order_rule_holds(rule, subtotal=subtotal, now=now):
            continue
        amount = reward_amount(
            price=subtotal, value_type=rule.reward_value_type, value=rule.reward_value, currency=currency
        )
        if amount > 0 and (best is None or amount > best.amount):
            best = OrderPromotionApplied(rule=rule, amount=amount)
    return best


# --- staff writes -------------------------------------------------------------------------------


def promotion_snapshot(promotion: Promotion) -> dict[str, Any]:
    return {
        "name": promotion.name,
        "type": promotion.type,
        "start_date": promotion.start_date.isoformat() if promotion.start_date else None,
        "end_date": promotion.end_date.isoformat() if promotion.end_date else None,
        "rules": [rule_snapshot(rule) for rule in promotion.rules.order_by("pk")],
    }


def rule_snapshot(rule: PromotionRule) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "name": rule.name,
        "channels": sorted(channel.pk for channel in rule.channels.all()),
        "products": sorted(product.pk for product in rule.products.all()),
        "variants": sorted(variant.pk for variant in rule.variants.all()),
        "categories": sorted(category.pk for category in rule.categories.all()),
        "collections": sorted(collection.pk for collection in rule.collections.all()),
        "reward_value_type": rule.reward_value_type,
        "reward_value": str(rule.reward_value) if rule.reward_value is not None else None,
        "reward_type": rule.reward_type,
        "order_predicate": rule.order_predicate,
        "gifts": sorted(variant.pk for variant in rule.gifts.all()),
    }


UNSET: Any = CATALOG_UNSET  # "not in the input" (the API's ``given`` maps strawberry's to it)


@dataclass
class PromotionFields:
    name: Any = UNSET
    type: Any = UNSET
    description: Any = UNSET
    start_date: Any = UNSET
    end_date: Any = UNSET


@dataclass
class RuleFields:
    name: Any = UNSET
    description: Any = UNSET
    channels: Any = UNSET
    products: Any = UNSET
    variants: Any = UNSET
    categories: Any = UNSET
    collections: Any = UNSET
    reward_value_type: Any = UNSET
    reward_value: Any = UNSET
    reward_type: Any = UNSET
    order_predicate: Any = UNSET
    gifts: Any = UNSET


_RULE_RELATIONS = ("channels", "products", "variants", "categories", "collections", "gifts")


def _promotion_changes(
    fields: PromotionFields, promotion: Promotion | None, problems: list[DiscountError]
) -> dict[str, Any]:
    changes = {
        name: getattr(fields, name)
        for name in ("name", "type", "description", "start_date", "end_date")
        if getattr(fields, name) is not UNSET
    }
    if "name" in changes or promotion is None:
        name = (changes.get("name") or "").strip()
        if not name:
            problems.append(DiscountError(Code.REQUIRED, "This field is required.", field="name"))
        elif len(name) > 255:
            problems.append(DiscountError(Code.INVALID, "At most 255 characters are allowed.", field="name"))
        changes["name"] = name
    if "type" in changes:
        if promotion is not None and changes["type"] != promotion.type:
            problems.append(
                DiscountError(Code.INVALID, "A promotion's type cannot be changed.", field="type")
            )
        elif changes["type"] is None or changes["type"] not in PromotionType.values:
            problems.append(DiscountError(Code.REQUIRED, "This field is required.", field="type"))
    elif promotion is None:
        problems.append(DiscountError(Code.REQUIRED, "This field is required.", field="type"))
    if "start_date" in changes and changes["start_date"] is None:
        if promotion is None:
            changes.pop("start_date")
        else:
            changes["start_date"] = promotion.start_date
    start = changes.get("start_date", promotion.start_date if promotion is not None else timezone.now())
    end = changes.get("end_date", promotion.end_date if promotion is not None else None)
    if end is not None and start is not None and end <= start:
        problems.append(
            DiscountError(Code.INVALID, "The end date must be after the start date.", field="end_date")
        )
    return changes


def _rule_clean(
    fields: RuleFields, rule: PromotionRule | None, promotion_type: str, problems: list[DiscountError]
) -> dict[str, Any]:
    changes = {
        name: getattr(fields, name)
        for name in (
            "name",
            "description",
            "reward_value_type",
            "reward_value",
            "reward_type",
            "order_predicate",
        )
        if getattr(fields, name) is not UNSET
    }
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if len(changes["name"]) > 255:
            problems.append(DiscountError(Code.INVALID, "At most 255 characters are allowed.", field="name"))
    if changes.get("reward_value_type") is None and "reward_value_type" in changes:
        changes.pop("reward_value_type")
    if "reward_value_type" in changes and changes["reward_value_type"] not in RewardValueType.values:
        problems.append(DiscountError(Code.INVALID, "Unknown reward value type.", field="reward_value_type"))
    value = changes.get("reward_value", rule.reward_value if rule is not None else None)
    value_type = changes.get(
        "reward_value_type", rule.reward_value_type if rule is not None else RewardValueType.PERCENTAGE
    )
    if value is not None and value < 0:
        problems.append(
            DiscountError(Code.INVALID, "The reward value must be positive.", field="reward_value")
        )
    if value is not None and value_type == RewardValueType.PERCENTAGE and value > 100:
        problems.append(
            DiscountError(Code.INVALID, "A percentage reward is at most 100.", field="reward_value")
        )
    if value is not None and value >= Decimal(10) ** 17:
        problems.append(DiscountError(Code.INVALID, "The reward value is too large.", field="reward_value"))
    channels = (
        fields.channels
        if fields.channels is not UNSET
        else (list(rule.channels.all()) if rule is not None else [])
    )
    if value_type == RewardValueType.FIXED and len(channels or []) > 1:
        problems.append(
            DiscountError(
                Code.INVALID,
                "A FIXED reward needs exactly one channel (its amount is in that channel's currency).",
                field="reward_value_type",
            )
        )
    if promotion_type == PromotionType.CATALOGUE:
        for name in ("reward_type", "order_predicate", "gifts"):
            if getattr(fields, name) not in (UNSET, None) and getattr(fields, name) not in ({}, []):
                problems.append(
                    DiscountError(Code.INVALID, "Not allowed for a catalogue promotion.", field=name)
                )
        changes.pop("reward_type", None)
        changes.pop("order_predicate", None)
    else:
        for name in ("products", "variants", "categories", "collections"):
            if getattr(fields, name) not in (UNSET, None) and getattr(fields, name):
                problems.append(
                    DiscountError(
                        Code.INVALID,
                        "An order promotion has no catalogue predicate.",
                        field="catalogue_predicate",
                    )
                )
                break
        if "reward_type" in changes and changes["reward_type"] not in (None, *RewardType.values):
            problems.append(DiscountError(Code.INVALID, "Unknown reward type.", field="reward_type"))
        if rule is None and not changes.get("reward_type"):
            problems.append(
                DiscountError(Code.REQUIRED, "An order rule needs a reward type.", field="reward_type")
            )
        if "order_predicate" in changes:
            predicate = changes["order_predicate"] or {}
            try:
                _threshold_check(predicate)
            except (TypeError, ValueError, ArithmeticError, AttributeError):
                problems.append(
                    DiscountError(Code.INVALID, "Unsupported order predicate.", field="order_predicate")
                )
            changes["order_predicate"] = predicate
        _gift_clean(fields, rule, changes, channels or [], problems)
    return changes


GIFTS_LIMIT_PER_RULE = 500  # Saleor's ``GIFTS_LIMIT_PER_RULE``


def _gift_clean(
    fields: RuleFields,
    rule: PromotionRule | None,
    changes: dict[str, Any],
    channels: list[Channel],
    problems: list[DiscountError],
) -> None:
    """An order rule's ``GIFT`` reward: gifts (variants sold in every channel of the rule, at most
    ``GIFTS_LIMIT_PER_RULE``) and no reward value; gifts only with a ``GIFT`` reward. Changing the
    reward type drops what no longer fits (the value, or the gifts) unless the input gives it."""
    reward_type = changes.get("reward_type", rule.reward_type if rule is not None else None)
    given_gifts = fields.gifts is not UNSET
    gifts = list(fields.gifts or []) if given_gifts else (list(rule.gifts.all()) if rule is not None else [])
    if reward_type != RewardType.GIFT:
        if given_gifts and gifts:
            problems.append(
                DiscountError(
                    Code.INVALID, "Gifts can only be given with the GIFT reward type.", field="gifts"
                )
            )
        elif gifts:
            fields.gifts = []  # the rule stopped being a gift rule
        return
    for name in ("reward_value", "reward_value_type"):
        if changes.get(name) is not None:
            problems.append(DiscountError(Code.INVALID, "A GIFT reward takes no reward value.", field=name))
    if rule is not None and rule.reward_value is not None and "reward_value" not in changes:
        changes["reward_value"] = None
    if not gifts:
        problems.append(DiscountError(Code.REQUIRED, "A GIFT reward needs gifts.", field="gifts"))
        return
    if len(gifts) > GIFTS_LIMIT_PER_RULE:
        problems.append(
            DiscountError(
                PromotionRuleErrorCode.GIFTS_NUMBER_LIMIT,
                f"Number of gifts has reached the limit of {GIFTS_LIMIT_PER_RULE} gifts per rule.",
                field="gifts",
            )
        )
        return
    listed = set(
        ProductVariantChannelListing.objects.filter(
            variant_id__in=[variant.pk for variant in gifts],
            channel_id__in=[channel.pk for channel in channels],
        ).values_list("variant_id", "channel_id")
    )
    unlisted = [
        variant for variant in gifts if any((variant.pk, channel.pk) not in listed for channel in channels)
    ]
    if unlisted:
        problems.append(
            DiscountError(
                Code.INVALID,
                "Gifts must be variants sold in every channel of the rule: "
                + ", ".join(variant.sku or str(variant.pk) for variant in unlisted)
                + ".",
                field="gifts",
            )
        )


def _threshold_check(predicate: dict[str, Any]) -> None:
    unknown = set(predicate) - {"discountedObjectPredicate"}
    if unknown:
        raise ValueError(unknown)
    inner = predicate.get("discountedObjectPredicate") or {}
    if set(inner) - {"baseSubtotalPrice"}:
        raise ValueError(inner)
    price = inner.get("baseSubtotalPrice") or {}
    if set(price) - {"range", "eq"}:
        raise ValueError(price)
    if "eq" in price:
        price["range"] = {"gte": price["eq"], "lte": price.pop("eq")}
    found = price.get("range") or {}
    if set(found) - {"gte", "lte"}:
        raise ValueError(found)
    for bound in found.values():
        if bound is not None and not Decimal(str(bound)).is_finite():
            raise ValueError(bound)
        if bound is not None and not 0 <= Decimal(str(bound)) < Decimal(10) ** 17:
            raise ValueError(bound)


def _rule_relations_set(rule: PromotionRule, fields: RuleFields) -> None:
    for name in _RULE_RELATIONS:
        value = getattr(fields, name)
        if value is not UNSET:
            getattr(rule, name).set(value or [])


def _audit(actor: Any, action: str, promotion: Promotion, before: Any, after: Any) -> None:
    audit_log_record(actor=actor, action=action, target=promotion, payload={"before": before, "after": after})


def _date_marks_reset(promotion: Promotion, changes: dict[str, Any]) -> None:
    if "start_date" in changes or "end_date" in changes:
        now = timezone.now()
        promotion.start_applied_at = now if promotion.start_date <= now else None
        end = promotion.end_date
        promotion.end_applied_at = now if end is not None and end <= now else None


@transaction.atomic
def staff_promotion_create(*, actor: Any, fields: PromotionFields, rules: list[RuleFields]) -> Promotion:
    problems: list[DiscountError] = []
    changes = _promotion_changes(fields, None, problems)
    cleaned = [
        _rule_clean(rule, None, changes.get("type") or PromotionType.CATALOGUE, problems) for rule in rules
    ]
    if problems:
        raise DiscountError.group(problems)
    promotion = Promotion(**changes)
    _date_marks_reset(promotion, {"start_date": True})
    promotion.save()
    for rule_fields, rule_changes in zip(rules, cleaned, strict=True):
        rule = PromotionRule.objects.create(promotion=promotion, **rule_changes)
        _rule_relations_set(rule, rule_fields)
    products_reprice(promotion_product_ids(promotion))
    _audit(actor, "promotion.created", promotion, None, promotion_snapshot(promotion))
    return promotion


@transaction.atomic
def staff_promotion_update(*, actor: Any, promotion: Promotion, fields: PromotionFields) -> Promotion:
    promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
    before = promotion_snapshot(promotion)
    problems: list[DiscountError] = []
    changes = _promotion_changes(fields, promotion, problems)
    if problems:
        raise DiscountError.group(problems)
    for key, value in changes.items():
        setattr(promotion, key, value)
    _date_marks_reset(promotion, changes)
    promotion.save()
    products_reprice(promotion_product_ids(promotion))
    after = promotion_snapshot(promotion)
    if after != before:
        _audit(actor, "promotion.updated", promotion, before, after)
    return promotion


@transaction.atomic
def staff_promotion_delete(*, actor: Any, promotion: Promotion) -> Promotion:
    promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
    products = promotion_product_ids(promotion)
    _audit(actor, "promotion.deleted", promotion, promotion_snapshot(promotion), None)
    pk = promotion.pk
    promotion.delete()
    promotion.pk = pk
    products_reprice(products)
    return promotion


@transaction.atomic
def staff_promotion_rule_create(*, actor: Any, promotion: Promotion, fields: RuleFields) -> PromotionRule:
    promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
    before = promotion_snapshot(promotion)
    problems: list[DiscountError] = []
    changes = _rule_clean(fields, None, promotion.type, problems)
    if problems:
        raise DiscountError.group(problems)
    rule = PromotionRule.objects.create(promotion=promotion, **changes)
    _rule_relations_set(rule, fields)
    products_reprice(rule_product_ids(rule))
    _audit(actor, "promotion.rule_created", promotion, before, promotion_snapshot(promotion))
    return rule


@transaction.atomic
def staff_promotion_rule_update(*, actor: Any, rule: PromotionRule, fields: RuleFields) -> PromotionRule:
    promotion = Promotion.objects.select_for_update().get(pk=rule.promotion_id)
    rule = PromotionRule.objects.get(pk=rule.pk)
    before = promotion_snapshot(promotion)
    reached = rule_product_ids(rule)
    problems: list[DiscountError] = []
    changes = _rule_clean(fields, rule, promotion.type, problems)
    if problems:
        raise DiscountError.group(problems)
    for key, value in changes.items():
        setattr(rule, key, value)
    rule.save()
    _rule_relations_set(rule, fields)
    products_reprice(reached | rule_product_ids(rule))
    after = promotion_snapshot(promotion)
    if after != before:
        _audit(actor, "promotion.rule_updated", promotion, before, after)
    return rule


@transaction.atomic
def staff_promotion_rule_delete(*, actor: Any, rule: PromotionRule) -> PromotionRule:
    promotion = Promotion.objects.select_for_update().get(pk=rule.promotion_id)
    before = promotion_snapshot(promotion)
    reached = rule_product_ids(rule)
    pk = rule.pk
    rule.delete()
    rule.pk = pk
    products_reprice(reached)
    _audit(actor, "promotion.rule_deleted", promotion, before, promotion_snapshot(promotion))
    return rule

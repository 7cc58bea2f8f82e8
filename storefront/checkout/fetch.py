"""Everything pricing and validation need about a checkout, fetched in a constant number of queries.

:func:`checkout_info_fetch` gives a :class:`CheckoutInfo` (the checkout, its channel, and one
:class:`CheckoutLineInfo` per line with its variant, product, product type and the variant's and
product's listing in the checkout's channel) in one statement for the lines, whatever their
number. Services, the API and ``checkoutComplete`` all start from it (Saleor's ``fetch.py``).
Its voucher (the code's ``VoucherInfo`` in the checkout's channel) and gift cards come from
:func:`checkouts_discounts_fill`: one statement for the gift cards of any number of checkouts,
six more when any of them has a voucher code, and one for the running order promotion rules of
their channels (when any has lines; one more for the gifts of ``GIFT`` rules when there are any).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from storefront.catalog.models import (
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.pricing import buyer_price_amount
from storefront.channels.models import Channel
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.discounts.models import GiftCard, PromotionRule, VariantListingPromotionRule
from storefront.discounts.promotion_models import PromotionType, RewardType
from storefront.discounts.promotion_services import order_promotion_rules
from storefront.discounts.selectors import VoucherInfo, voucher_infos


@dataclass(frozen=True, slots=True)
class ChannelAvailability:
    """A variant's standing in one channel: its price there and whether it may be bought."""

    price_amount: Decimal | None
    """What a buyer pays per unit: the catalogue promotion's price when one applies."""
    prior_price_amount: Decimal | None
    product_listed: bool
    is_published: bool
    published_at: datetime | None
    available_for_purchase_at: datetime | None
    undiscounted_price_amount: Decimal | None = None
    """The channel price before any catalogue promotion (``None``: the same as ``price_amount``)."""
    promotion_rule_id: int | None = None
    """The catalogue promotion rule that lowered the price (``VariantListingPromotionRule``)."""

    def is_visible(self, now: datetime) -> bool:
        """Listed and published (and its publication date has come)."""
        return (
            self.product_listed
            and self.is_published
            and (self.published_at is None or self.published_at <= now)
        )

    def is_purchasable(self, now: datetime) -> bool:
        """Visible, priced, and its ``available_for_purchase_at`` is set and has come (Saleor's rule)."""
        return (
            self.is_visible(now)
            and self.price_amount is not None
            and self.available_for_purchase_at is not None
            and self.available_for_purchase_at <= now
        )


@dataclass(slots=True)
class CheckoutLineInfo:
    """One line with what pricing needs; ``variant.product.product_type`` are loaded."""

    line: CheckoutLine
    variant: ProductVariant
    availability: ChannelAvailability

    @property
    def product(self) -> Product:
        return self.variant.product

    @property
    def product_type(self) -> ProductType:
        return self.variant.product.product_type

    @property
    def requires_shipping(self) -> bool:
        # A gift card is sent by e-mail: a checkout of gift cards only needs no shipping (Saleor's).
        product_type = self.variant.product.product_type
        return product_type.is_shipping_required and product_type.kind != ProductType.Kind.GIFT_CARD


@dataclass(slots=True)
class CheckoutInfo:
    """A checkout with its channel and lines (see :func:`checkout_info_fetch`)."""

    checkout: Checkout
    channel: Channel
    lines: list[CheckoutLineInfo] = field(default_factory=list)
    voucher: VoucherInfo | None = None
    """The checkout's voucher code with its voucher, or ``None`` (no code, or one that no longer exists)."""
    gift_cards: list[GiftCard] = field(default_factory=list)
    """The gift cards added to the checkout, in the order they were added."""
    order_rules: list[PromotionRule] = field(default_factory=list)
    """The channel's running order promotion rules (``SUBTOTAL_DISCOUNT`` and ``GIFT``, a gift
    rule's ``gifts`` prefetched), loaded with the voucher."""

    @property
    def is_shipping_required(self) -> bool:
        return any(info.requires_shipping for info in self.lines)

    @property
    def bought_lines(self) -> list[CheckoutLineInfo]:
        """The lines the buyer added (an order promotion's gift line left out)."""
        return [info for info in self.lines if not info.line.is_gift]

    @property
    def gift_lines(self) -> list[CheckoutLineInfo]:
        """The order promotion's gift line (none, or one: ``storefront.checkout.gifts`` keeps it)."""
        return [info for info in self.lines if info.line.is_gift]

    @property
    def quantity(self) -> int:
        """Every unit of the checkout, a gift included (Saleor's ``Checkout.quantity``)."""
        return sum(info.line.quantity for info in self.lines)

    @property
    def bought_quantity(self) -> int:
        """The units the buyer added (a voucher's minimum quantity reads it; a gift left out)."""
        return sum(info.line.quantity for info in self.bought_lines)


def _annotate_channel(
    qs: QuerySet[Any], *, channel: Channel | OuterRef, variant_ref: str, product_ref: str
) -> QuerySet[Any]:
    variant_listing = ProductVariantChannelListing.objects.filter(
        variant=OuterRef(variant_ref), channel=channel
    )
    product_listing = ProductChannelListing.objects.filter(product=OuterRef(product_ref), channel=channel)
    applied = VariantListingPromotionRule.objects.filter(
        variant_channel_listing__variant=OuterRef(variant_ref), variant_channel_listing__channel=channel
    )
    return qs.annotate(
        ch_price_amount=Subquery(variant_listing.values("price_amount")[:1]),
        ch_discounted_price_amount=Subquery(variant_listing.values("discounted_price_amount")[:1]),
        ch_promotion_rule_id=Subquery(applied.values("promotion_rule_id")[:1]),
        ch_prior_price_amount=Subquery(variant_listing.values("prior_price_amount")[:1]),
        ch_product_listed=Exists(product_listing),
        ch_is_published=Subquery(product_listing.values("is_published")[:1]),
        ch_published_at=Subquery(product_listing.values("published_at")[:1]),
        ch_available_for_purchase_at=Subquery(product_listing.values("available_for_purchase_at")[:1]),
    )


def _availability(row: Any) -> ChannelAvailability:
    paid = buyer_price_amount(row.ch_price_amount, row.ch_discounted_price_amount)
    promoted = paid is not None and paid != row.ch_price_amount
    return ChannelAvailability(
        price_amount=paid,
        undiscounted_price_amount=row.ch_price_amount,
        promotion_rule_id=row.ch_promotion_rule_id if promoted else None,
        prior_price_amount=row.ch_prior_price_amount,
        product_listed=bool(row.ch_product_listed),
        is_published=bool(row.ch_is_published),
        published_at=row.ch_published_at,
        available_for_purchase_at=row.ch_available_for_purchase_at,
    )


@dataclass(frozen=True, slots=True)
class VariantInfo:
    """A variant about to enter a checkout: its standing in the channel and its line there, if any."""

    variant: ProductVariant
    availability: ChannelAvailability
    line_id: Any
    line_quantity: int
    gift_check: bool = False
    """The checkout's channel has a running ``GIFT`` order rule, or the checkout has a gift line
    (asked with ``gift_check_at``): its gift line needs a look after the write."""


def gift_check_flag(checkout: Checkout, *, now: datetime) -> ExpressionWrapper:
    """A boolean SQL expression: whether the checkout's channel has a running ``GIFT`` order rule
    or the checkout has a gift line. Annotated onto a statement a write already runs, it tells
    ``storefront.checkout.gifts`` whether to look at the gift line, at no statement of its own."""
    rules = PromotionRule.objects.filter(
        channels=checkout.channel_id,
        reward_type=RewardType.GIFT,
        promotion__type=PromotionType.ORDER,
        promotion__start_date__lte=now,
    ).filter(Q(promotion__end_date__isnull=True) | Q(promotion__end_date__gt=now))
    gift_lines = CheckoutLine.objects.filter(checkout_id=checkout.pk, is_gift=True)
    return ExpressionWrapper(Exists(rules) | Exists(gift_lines), output_field=BooleanField())


def variants_for_checkout(
    *,
    checkout: Checkout,
    channel: Channel,
    variant_ids: Iterable[int],
    gift_check_at: datetime | None = None,
) -> dict[int, VariantInfo]:
    """Variants by id with product, product type, their standing in ``channel`` and the checkout's
    line of each (the buyer's, not a gift line), in one statement; ``gift_check_at`` also asks
    :func:`gift_check_flag` (``VariantInfo.gift_check``)."""
    qs = ProductVariant.objects.filter(pk__in=list(variant_ids)).select_related(
        "product__product_type", "product__origin"
    )
    qs = _annotate_channel(qs, channel=channel, variant_ref="pk", product_ref="product_id")
    own = CheckoutLine.objects.filter(checkout_id=checkout.pk, variant=OuterRef("pk"), is_gift=False)
    qs = qs.annotate(
        own_line_id=Subquery(own.values("id")[:1]), own_line_quantity=Subquery(own.values("quantity")[:1])
    )
    if gift_check_at is not None:
        qs = qs.annotate(gift_check=gift_check_flag(checkout, now=gift_check_at))
    return {
        variant.pk: VariantInfo(
            variant=variant,
            availability=_availability(variant),
            line_id=variant.own_line_id,
            line_quantity=variant.own_line_quantity or 0,
            gift_check=bool(getattr(variant, "gift_check", False)),
        )
        for variant in qs
    }


def checkout_lines_info(checkout: Checkout, channel: Channel) -> list[CheckoutLineInfo]:
    """The checkout's lines in the order they were added, each with its variant's standing (one
    statement); an order promotion's gift line (``line.is_gift``) comes after the buyer's lines."""
    return checkouts_lines_info([checkout]).get(checkout.pk, [])


def checkouts_lines_info(checkouts: Iterable[Checkout]) -> dict[Any, list[CheckoutLineInfo]]:
    """The lines of several checkouts (of any channels) by checkout token, in one statement."""
    tokens = [checkout.pk for checkout in checkouts]
    qs = CheckoutLine.objects.filter(checkout_id__in=tokens).select_related(
        "variant__product__product_type", "variant__product__origin"
    )
    qs = _annotate_channel(
        qs,
        channel=OuterRef("checkout__channel_id"),
        variant_ref="variant_id",
        product_ref="variant__product_id",
    )
    result: dict[Any, list[CheckoutLineInfo]] = {token: [] for token in tokens}
    for line in qs.order_by("is_gift", "created_at", "id"):
        result[line.checkout_id].append(
            CheckoutLineInfo(line=line, variant=line.variant, availability=_availability(line))
        )
    return result


def checkouts_discounts_fill(infos: Iterable[CheckoutInfo]) -> None:
    """Give each ``CheckoutInfo`` its voucher and gift cards (see the module docstring)."""
    infos = list(infos)
    if not infos:
        return
    through = Checkout.gift_cards.through
    cards: dict[Any, list[GiftCard]] = {}
    for row in (
        through.objects.filter(checkout_id__in=[info.checkout.pk for info in infos])
        .select_related("giftcard")
        .order_by("pk")
    ):
        cards.setdefault(row.checkout_id, []).append(row.giftcard)
    vouchers = voucher_infos(
        (info.checkout.voucher_code, info.checkout.channel_id) for info in infos if info.checkout.voucher_code
    )
    rules = order_promotion_rules((info.channel.pk for info in infos if info.lines), now=timezone.now())
    for info in infos:
        info.order_rules = rules.get(info.channel.pk, [])
        code = info.checkout.voucher_code
        info.voucher = vouchers.get((code.strip().upper(), info.checkout.channel_id)) if code else None
        info.gift_cards = cards.get(info.checkout.pk, [])


def checkout_info_fetch(checkout: Checkout) -> CheckoutInfo:
    """The checkout's :class:`CheckoutInfo`; ``checkout.channel`` should be loaded (``select_related``)."""
    channel = checkout.channel
    info = CheckoutInfo(checkout=checkout, channel=channel, lines=checkout_lines_info(checkout, channel))
    checkouts_discounts_fill([info])
    return info

"""``checkoutComplete``: a checkout becomes an order in one database transaction, or nothing changes.

:func:`complete_checkout` runs, inside one ``transaction.atomic()``:

1. lock the checkout's row (``SELECT ... FOR UPDATE``): a second completion of the same cart (a
   second tab, the payment handler) or a line change racing with this one waits, then finds the
   checkout gone and the order it became (returned as the result, as Saleor does);
2. read its lines (one statement), keep its order promotion's gift line in step
   (``storefront.checkout.gifts``: a gift out of stock is dropped; never so as to raise the total
   the buyer saw; no statement without a gift rule or line) and price them (``checkout_price``);
3. lock its payment transactions and give them to the order about to be written
   (``payments.services.transactions_attach_to_order``): a gateway event for one of them waits,
   then finds its order; what they cover is summed from these locked rows, never from a read
   made before the lock (authorised + charged, less refunds and cancels still pending);
4. validate: lines, e-mail, billing address, and when shipping is required the shipping address
   and a shipping method that still applies; every line purchasable in the channel; nothing the
   destination forbids; payments that cover the total (authorised + charged; a payment still
   processing does not count), unless the total is zero or the channel allows unpaid orders
   (``allowUnpaidOrders``);
5. lock the stock rows of its variants and decide where each line's quantity comes from, its own
   reservations first (``storefront.checkout.allocation``); a line that cannot be covered is
   ``INSUFFICIENT_STOCK`` and nothing is written;
6. pick the serial of each certified one-of-a-kind piece among the units of the allocated
   warehouse that are in stock and allocated to no one (the stock row's lock serialises this;
   ``Allocation.unit`` is unique besides);
7. spend the voucher and gift cards (``storefront.discounts.usage``): lock the voucher's and
   code's rows and count one use if its usage limit, single use and once per customer still allow
   it; lock the gift cards in primary-key order and lower each balance by what it pays, if the
   balance still covers it; otherwise ``VOUCHER_NOT_APPLICABLE``/``GIFT_CARD_NOT_APPLICABLE`` and
   nothing is written;
8. write the order (``storefront.orders.placement.order_place``: number, order, lines with copies
   of prices, addresses, HS codes, makers and origin, allocations, stock counters, ``PLACED`` or,
   from the payment path, ``PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT``), then its payment columns
   and events from the attached transactions (``storefront.orders.payment_state``), its voucher,
   voucher code, discount (``OrderDiscount``: the voucher's, or the order promotion's as
   ``ORDER_PROMOTION``, a gift's value included) and the gift cards that paid (``OrderGiftCard``);
   an order promotion's gift line becomes an order line ``is_gift`` at price 0; each line keeps the
   catalogue promotion rule that priced it and ``"Promotion: <name>"`` as its discount reason (the
   rules' rows are locked before the order is written: a deleted rule is left out, never dangling);
9. delete the reservations and the checkout.

No payment gateway is called here: completion only reads what the gateways reported. The unique
``Order.checkout_token`` backs up the lock: a second order for one checkout cannot be written.

The confirmation e-mail is queued with ``transaction.on_commit``: a completion that fails at any
step rolls everything back and mails no one. The number of statements does not depend on the
number of lines.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from payments.amounts import PaidSums
from payments.models import Transaction
from payments.services import transactions_attach_to_order
from storefront.accounts.actor import Actor
from storefront.accounts.address_book import AddressType
from storefront.accounts.error_codes import AccountError
from storefront.accounts.links import redirect_url_clean
from storefront.catalog.models import ProductTranslation, ProductType, ProductVariantTranslation
from storefront.checkout.allocation import AllocationPlan, allocation_plans, line_name, units_pick
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.fetch import CheckoutInfo, checkout_info_fetch
from storefront.checkout.gifts import checkout_gift_sync
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.checkout.pricing import CheckoutPrices, PricedLine, checkout_price
from storefront.checkout.restrictions import checkout_restrictions_check
from storefront.checkout.taxes import TaxCollectedAt, taxed
from storefront.core.money import TaxedMoney
from storefront.discounts.error_codes import NotApplicable
from storefront.discounts.models import DiscountValueType, PromotionRule, RewardType, VoucherCode
from storefront.discounts.usage import GiftCardCharge, gift_cards_charge, voucher_usage_claim
from storefront.inventory.models import Reservation
from storefront.marketing.attribution import order_attribution_record
from storefront.marketing.newsletter import newsletter_from_order
from storefront.orders.choices import ImportVatCollection
from storefront.orders.models import Order, OrderDiscount, OrderDiscountType, OrderGiftCard
from storefront.orders.payment_state import order_payments_attached
from storefront.orders.placement import LineToPlace, OrderToPlace, order_place
from storefront.orders.selectors import order_for_checkout
from storefront.orders.tasks import order_confirmation_email


def checkout_lock(token: uuid.UUID) -> Checkout | None:
    """The checkout, its row locked until the transaction ends (its channel and addresses loaded)."""
    return (
        Checkout.objects.select_for_update(of=("self",))
        .select_related("channel", "shipping_address", "billing_address", "user")
        .filter(pk=token)
        .first()
    )


def _standing_errors(info: CheckoutInfo, now: datetime) -> list[CheckoutError]:
    unlisted, hidden, unavailable = [], [], []
    for line in info.lines:
        availability = line.availability
        if availability.price_amount is None:
            unlisted.append(line)
        elif not availability.is_visible(now):
            hidden.append(line)
        elif not availability.is_purchasable(now):
            unavailable.append(line)
    kinds = (
        (unlisted, CheckoutErrorCode.UNAVAILABLE_VARIANT_IN_CHANNEL, "Variants not available in the channel"),
        (hidden, CheckoutErrorCode.PRODUCT_NOT_PUBLISHED, "Products not published in the channel"),
        (
            unavailable,
            CheckoutErrorCode.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
            "Products not available for purchase",
        ),
    )
    return [
        CheckoutError(
            code,
            f"{words}: {', '.join(line_name(line) for line in lines)}.",
            field="lines",
            variants=[line.variant for line in lines],
            lines=[line.line for line in lines],
        )
        for lines, code, words in kinds
        if lines
    ]


def _gift_settled(
    locked: Checkout, info: CheckoutInfo, *, now: datetime
) -> tuple[CheckoutInfo, CheckoutPrices]:
    """The checkout priced, its order promotion's gift line kept in step first
    (``storefront.checkout.gifts``: a gift out of stock or no longer due goes, a new one comes),
    unless that would raise the total the buyer was shown and paid (a gift rule that began since
    the checkout's last write outbidding its subtotal discount): then it completes as it stood.
    No statement without a gift rule or line."""
    if not info.gift_lines and not any(rule.reward_type == RewardType.GIFT for rule in info.order_rules):
        return info, checkout_price(info)
    shown = checkout_price(info)
    point = transaction.savepoint()
    if not checkout_gift_sync(info, now=now, reserve=False):
        transaction.savepoint_commit(point)
        return info, shown
    fresh = checkout_info_fetch(locked)
    prices = checkout_price(fresh)
    if prices.total_before_gift_cards.gross > shown.total_before_gift_cards.gross:
        transaction.savepoint_rollback(point)
        return info, shown
    transaction.savepoint_commit(point)
    return fresh, prices


def checkout_complete_validate(
    info: CheckoutInfo, prices: CheckoutPrices, *, now: datetime, paid: PaidSums | None = None
) -> None:
    """Raise every reason the checkout cannot become an order yet (a group), before any stock lock.

    ``paid``: what the checkout's (locked) transactions cover; ``None`` counts as nothing paid.
    """
    checkout = info.checkout
    if not info.lines:
        raise CheckoutError(
            CheckoutErrorCode.NO_LINES, "Cannot create an order without lines.", field="lines"
        )
    problems: list[CheckoutError] = []
    if not checkout.email:
        problems.append(
            CheckoutError(CheckoutErrorCode.EMAIL_NOT_SET, "Checkout's email is not set.", field="email")
        )
    if info.is_shipping_required:
        if checkout.shipping_address is None:
            problems.append(
                CheckoutError(
                    CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET,
                    "Shipping address is not set.",
                    field="shipping_address",
                    address_type=AddressType.SHIPPING,
                )
            )
        elif checkout.shipping_method_id is None:
            problems.append(
                CheckoutError(
                    CheckoutErrorCode.SHIPPING_METHOD_NOT_SET,
                    "Shipping method is not set.",
                    field="shipping_method",
                )
            )
        elif not prices.delivery_valid or prices.delivery is None:
            problems.append(
                CheckoutError(
                    CheckoutErrorCode.INVALID_SHIPPING_METHOD,
                    "The chosen shipping method cannot ship these lines to this address.",
                    field="shipping_method",
                )
            )
    if checkout.billing_address is None:
        problems.append(
            CheckoutError(
                CheckoutErrorCode.BILLING_ADDRESS_NOT_SET,
                "Billing address is not set.",
                field="billing_address",
                address_type=AddressType.BILLING,
            )
        )
    problems += _standing_errors(info, now)
    if info.gift_cards and any(line.product_type.kind == ProductType.Kind.GIFT_CARD for line in info.lines):
        # Gift card lines added after a gift card: a gift card still cannot pay for gift cards.
        problems.append(
            CheckoutError(
                CheckoutErrorCode.GIFT_CARD_NOT_APPLICABLE,
                "A gift card cannot be used to buy gift cards.",
                field="promo_code",
            )
        )
    if prices.voucher_problem is not None:
        problems.append(
            CheckoutError(
                CheckoutErrorCode(prices.voucher_problem.code),
                prices.voucher_problem.message,
                field="promo_code",
            )
        )
    try:
        checkout_restrictions_check(info)
    except CheckoutError as exc:
        problems.append(exc)
    if not checkout_is_paid(info, prices, paid):
        problems.append(
            CheckoutError(
                CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID,
                "The authorized amount doesn't cover the checkout's total amount.",
                field="id",
            )
        )
    if problems:
        raise CheckoutError.group(problems)


def checkout_paid_sums(transactions: Sequence[Transaction]) -> PaidSums:
    """What the checkout's transactions hold for it: authorised and charged, less what is on its
    way back to the buyer (a refund or cancel requested and not settled yet)."""
    authorized = charged = Decimal(0)
    for row in transactions:
        authorized += max(row.authorized_amount - row.cancel_pending_amount, Decimal(0))
        charged += max(row.charged_amount - row.refund_pending_amount, Decimal(0))
    return PaidSums(authorized=authorized, charged=charged)


def checkout_is_paid(info: CheckoutInfo, prices: CheckoutPrices, paid: PaidSums | None) -> bool:
    """Whether the checkout may become an order as far as payment goes: its transactions'
    authorised + charged amounts cover the gross total, the total is zero, or the channel allows
    unpaid orders. Pending amounts (a payment still processing) do not count: the payment handler
    completes the checkout when they succeed."""
    total = prices.total.gross.amount
    if total <= 0 or info.channel.allow_unpaid_orders:
        return True
    return paid is not None and paid.covered >= total


def _translations(info: CheckoutInfo, language_code: str) -> tuple[dict[int, str], dict[int, str]]:
    """Product and variant names in the buyer's language, when they differ from the originals."""
    if language_code.lower() in ("", "en"):
        return {}, {}
    products = {line.product.pk for line in info.lines}
    variants = {line.variant.pk for line in info.lines}
    product_names = dict(
        ProductTranslation.objects.filter(product_id__in=products, language_code__iexact=language_code)
        .exclude(name="")
        .values_list("product_id", "name")
    )
    variant_names = dict(
        ProductVariantTranslation.objects.filter(
            product_variant_id__in=variants, language_code__iexact=language_code
        )
        .exclude(name="")
        .values_list("product_variant_id", "name")
    )
    return product_names, variant_names


def _import_vat(prices: CheckoutPrices) -> tuple[ImportVatCollection, Decimal | None]:
    """The checkout's import-VAT decision as the order keeps it (a scheme's, or VAT due at import)."""
    if prices.import_vat.collected_at == TaxCollectedAt.IMPORT:
        return ImportVatCollection.AT_IMPORT, prices.import_vat.amount.amount
    if prices.tax.scheme is None:
        return ImportVatCollection.NOT_APPLICABLE, None
    return ImportVatCollection.AT_CHECKOUT, prices.import_vat.amount.amount


def _promotion_names(prices: CheckoutPrices) -> dict[int, str]:
    """The promotions' names by rule id, for the rules that priced the lines and the order (one
    query, none without a promotion). The rules' rows are locked until the order is written: a
    rule deleted meanwhile is left out (the order keeps its amounts, not the rule)."""
    ids = {line.promotion_rule_id for line in prices.lines if line.promotion_rule_id is not None}
    if prices.order_promotion is not None:
        ids.add(prices.order_promotion.rule.pk)
    if not ids:
        return {}
    return dict(
        PromotionRule.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .values_list("pk", "promotion__name")
    )


def _line_to_place(
    priced: PricedLine,
    plan: AllocationPlan | None,
    names: tuple[dict[int, str], dict[int, str]],
    prices: CheckoutPrices,
    *,
    entered_with_tax: bool,
    promotion_names: dict[int, str] | None = None,
) -> LineToPlace:
    info = priced.info
    product_names, variant_names = names
    rule_id = priced.promotion_rule_id
    promotion_name = (promotion_names or {}).get(rule_id) if rule_id is not None else None
    return LineToPlace(
        variant=info.variant,
        quantity=priced.quantity,
        unit_price=priced.unit_price,
        total_price=priced.total_price,
        undiscounted_unit_price=taxed(
            priced.undiscounted_unit_price, prices.tax, prices_entered_with_tax=entered_with_tax
        ),
        undiscounted_total_price=taxed(
            priced.undiscounted_total_price, prices.tax, prices_entered_with_tax=entered_with_tax
        ),
        tax_rate=prices.tax.rate,
        allocations=plan.allocations if plan is not None else [],
        unit=plan.unit if plan is not None else None,
        translated_product_name=product_names.get(info.product.pk, ""),
        translated_variant_name=variant_names.get(info.variant.pk, ""),
        hs_code=priced.hs_code,
        country_of_origin=priced.country_of_origin,
        metadata=dict(info.line.metadata),
        is_gift=info.line.is_gift,
        promotion_rule_id=rule_id if promotion_name is not None else None,
        unit_discount_reason=f"Promotion: {promotion_name}" if promotion_name is not None else "",
        promotion_discount_amount=(
            (priced.promotion_unit_discount * priced.quantity).amount
            if priced.promotion_unit_discount is not None
            else Decimal(0)
        ),
    )


def _discounts_spend(
    prices: CheckoutPrices, *, email: str, order_id: uuid.UUID, now: datetime
) -> tuple[VoucherCode | None, list[GiftCardCharge]]:
    """Count the voucher's use and charge the gift cards, under their row locks (step 7)."""
    try:
        code = None
        if prices.voucher is not None:
            code = voucher_usage_claim(code_id=prices.voucher.info.code.pk, email=email)
        charges = gift_cards_charge(
            charges=[(use.gift_card.pk, use.amount) for use in prices.gift_cards],
            email=email,
            order_id=order_id,
            now=now,
        )
    except NotApplicable as exc:
        raise CheckoutError(CheckoutErrorCode(exc.code), exc.message, field="promo_code") from None
    return code, charges


def _undiscounted_total(prices: CheckoutPrices, *, entered_with_tax: bool) -> TaxedMoney | None:
    """Goods and shipping before the voucher or the order promotion (``None``, the order's total,
    when none applied)."""
    if prices.voucher is None and prices.order_promotion is None:
        return None
    shipping = prices.delivery.price if prices.delivery is not None else None
    amount = prices.undiscounted_subtotal + shipping if shipping is not None else prices.undiscounted_subtotal
    return taxed(amount, prices.tax, prices_entered_with_tax=entered_with_tax)


def _discounts_record(
    order: Order,
    prices: CheckoutPrices,
    code: VoucherCode | None,
    charges: list[GiftCardCharge],
    promotion_names: dict[int, str] | None = None,
) -> None:
    """The order's voucher, voucher code, discount and the gift cards that paid part of it."""
    applied = prices.voucher
    if applied is not None and code is not None:
        voucher = code.voucher
        listing = applied.info.listing
        order.voucher = voucher
        order.voucher_code = code.code
        order.save(update_fields=["voucher", "voucher_code", "updated_at"])
        OrderDiscount.objects.create(
            order=order,
            type=OrderDiscountType.VOUCHER,
            value_type=voucher.discount_value_type,
            value=listing.discount_value if listing is not None else applied.amount.amount,
            amount_value=applied.amount.amount,
            currency=applied.amount.currency,
            name=voucher.name,
            voucher=voucher,
            voucher_code=code.code,
        )
    promotion = prices.order_promotion
    if promotion is not None:
        rule = promotion.rule
        gift = promotion.gift_variant_id is not None  # a GIFT rule: the gift's value, a fixed amount
        OrderDiscount.objects.create(
            order=order,
            type=OrderDiscountType.ORDER_PROMOTION,
            value_type=DiscountValueType.FIXED if gift else rule.reward_value_type,
            value=rule.reward_value if rule.reward_value is not None and not gift else promotion.amount,
            amount_value=promotion.amount,
            currency=order.currency,
            name=rule.promotion.name,
            promotion_rule=rule if rule.pk in (promotion_names or {}) else None,
        )
    OrderGiftCard.objects.bulk_create(
        OrderGiftCard(
            order=order,
            gift_card=charge.gift_card,
            amount=charge.amount.amount,
            currency=charge.amount.currency,
        )
        for charge in charges
    )


def complete_checkout(
    checkout: Checkout,
    *,
    actor: Actor,
    metadata: Mapping[str, str] | None = None,
    redirect_url: str = "",
    automatic: bool = False,
) -> Order:
    """Place the order of ``checkout`` (see the module docstring); ``CheckoutError`` and nothing changed
    when it cannot be placed. ``metadata`` is added to the checkout's and copied into the order.

    A checkout already completed (by another tab, or by the payment handler) gives the order it
    became. ``automatic``: the payment path places it, not the buyer.
    """
    now = timezone.now()
    try:
        redirect_url = redirect_url_clean(redirect_url, required=False) or ""
    except AccountError as exc:
        raise CheckoutError(CheckoutErrorCode.INVALID, exc.message, field="redirect_url") from None
    try:
        return _complete(
            checkout.pk,
            actor=actor,
            metadata=metadata,
            redirect_url=redirect_url,
            automatic=automatic,
            now=now,
        )
    except IntegrityError:
        # Only a second order for the same checkout can collide here (the lock makes it unlikely,
        # the unique checkout token makes it impossible): the first one is the answer.
        existing = order_for_checkout(checkout_token=checkout.pk)
        if existing is None:
            raise
        return existing


def _complete(
    token: uuid.UUID,
    *,
    actor: Actor,
    metadata: Mapping[str, str] | None,
    redirect_url: str,
    automatic: bool,
    now: datetime,
) -> Order:
    with transaction.atomic():
        locked = checkout_lock(token)
        if locked is None:
            existing = order_for_checkout(checkout_token=token)
            if existing is not None:
                return existing
            raise CheckoutError(
                CheckoutErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {token}", field="id"
            )
        info, prices = _gift_settled(locked, checkout_info_fetch(locked), now=now)
        order_id = uuid.uuid4()
        payments = transactions_attach_to_order(checkout_token=locked.pk, order_id=order_id)
        checkout_complete_validate(info, prices, now=now, paid=checkout_paid_sums(payments))
        plans = units_pick(info, allocation_plans(info, now))
        voucher_code, gift_card_charges = _discounts_spend(
            prices, email=locked.email, order_id=order_id, now=now
        )
        prefetch_related_objects([line.product for line in info.lines], "makers")
        names = _translations(info, locked.language_code)
        promotion_names = _promotion_names(prices)
        import_vat_collection, import_vat_amount = _import_vat(prices)
        delivery = prices.delivery
        order = order_place(
            data=OrderToPlace(
                channel=info.channel,
                lines=[
                    _line_to_place(
                        priced,
                        plans.get(priced.info.line.pk),
                        names,
                        prices,
                        entered_with_tax=info.channel.prices_entered_with_tax,
                        promotion_names=promotion_names,
                    )
                    for priced in prices.lines
                ],
                subtotal=prices.subtotal,
                shipping_price=prices.shipping,
                total=prices.total,
                undiscounted_total=_undiscounted_total(
                    prices, entered_with_tax=info.channel.prices_entered_with_tax
                ),
                user=locked.user,
                user_email=locked.email,
                language_code=locked.language_code,
                checkout_token=str(locked.pk),
                customer_note=locked.customer_note,
                redirect_url=redirect_url,
                billing_address=locked.billing_address,
                shipping_address=locked.shipping_address if info.is_shipping_required else None,
                adopt_addresses=True,
                is_shipping_required=info.is_shipping_required,
                shipping_method_id=str(delivery.method.pk) if delivery is not None else "",
                shipping_method_name=delivery.method.name if delivery is not None else "",
                shipping_min_delivery_days=delivery.minimum_delivery_days if delivery is not None else None,
                shipping_max_delivery_days=delivery.maximum_delivery_days if delivery is not None else None,
                shipping_tax_rate=prices.tax.rate,
                base_shipping_price=delivery.price if delivery is not None else None,
                import_vat_collection=import_vat_collection,
                import_vat_amount=import_vat_amount,
                metadata={**locked.metadata, **(metadata or {})},
                private_metadata=locked.private_metadata,
                order_id=order_id,
                automatic=automatic,
            ),
            actor=actor,
        )
        order_payments_attached(order, payments, actor=actor)
        _discounts_record(order, prices, voucher_code, gift_card_charges, promotion_names)
        line_ids = [line.line.pk for line in info.lines]
        Reservation.objects.filter(checkout_line_id__in=line_ids).delete()
        CheckoutLine.objects.filter(checkout_id=locked.pk).delete()
        Checkout.objects.filter(pk=locked.pk).delete()
        order_attribution_record(order=order)  # campaign attribution from the metadata (no query without)
        newsletter_from_order(order=order)  # metadata "newsletter": "true" asks for the newsletter
        placed_id = str(order.pk)
        transaction.on_commit(lambda: order_confirmation_email.delay(order_id=placed_id))
    return order


def checkout_completion_in_progress(token: uuid.UUID) -> bool:
    """Whether the checkout's row is locked right now (a completion holds it while it writes the
    order): ``transactionInitialize``/``transactionProcess`` answer Saleor's
    ``CHECKOUT_COMPLETION_IN_PROGRESS`` instead of starting a payment for a cart becoming an order.
    A checkout already gone is not in progress (the caller finds it missing, or its order)."""
    try:
        with transaction.atomic():
            list(Checkout.objects.select_for_update(nowait=True).filter(pk=token).values_list("pk"))
    except DatabaseError:
        return True
    return False

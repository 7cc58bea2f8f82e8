"""Orders: what a buyer bought, at which prices, sent where, and the stock held for it.

An order is a copy, not a view: names, prices, tax, addresses, HS codes, makers and origin are
copied from the catalogue and the checkout when the order is placed, so later edits of a product
or of the buyer's address book never rewrite what was sold. The variant and the certified unit
stay linked (nullable) for fulfilment and provenance.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from payments.models import Transaction
from provenance.certificates.models import OriginCertificate, Unit
from provenance.origins.models import Maker
from storefront.accounts.models import Address, App, User
from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.core.money import Money, TaxedMoney
from storefront.discounts.models import DiscountValueType, GiftCard, PromotionRule, Voucher
from storefront.inventory.models import Stock
from storefront.orders.choices import (
    FulfillmentDocumentKind,
    FulfillmentStatus,
    GrantedRefundStatus,
    ImportVatCollection,
    MakerEarningKind,
    OrderAuthorizeStatus,
    OrderChargeStatus,
    OrderEventType,
    OrderOrigin,
    OrderStatus,
)
from storefront.orders.incoterms import Incoterm


def _taxed(net: Decimal, gross: Decimal, currency: str) -> TaxedMoney:
    return TaxedMoney(net=Money(net, currency), gross=Money(gross, currency))


class Order(models.Model):
    """A placed order. Its random UUID is also its token: whoever holds it may read the order.

    Saleor 3 does the same (``Order.token`` is the id, ``order(id)`` needs no login), which is
    what lets a guest's storefront show the order page after ``checkoutComplete``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(unique=True, editable=False, help_text="From orders.numbers.")
    status = models.CharField(max_length=32, choices=OrderStatus.choices, default=OrderStatus.UNFULFILLED)
    origin = models.CharField(max_length=32, choices=OrderOrigin.choices, default=OrderOrigin.CHECKOUT)
    charge_status = models.CharField(
        max_length=32, choices=OrderChargeStatus.choices, default=OrderChargeStatus.NONE
    )
    authorize_status = models.CharField(
        max_length=32, choices=OrderAuthorizeStatus.choices, default=OrderAuthorizeStatus.NONE
    )
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="orders")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")
    user_email = models.EmailField(blank=True)
    language_code = models.CharField(max_length=35, default="en")
    checkout_token = models.CharField(max_length=36, blank=True, help_text="The checkout it was placed from.")
    redirect_url = models.URLField(max_length=2048, blank=True)
    customer_note = models.TextField(blank=True)

    billing_address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shipping_address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_shipping_required = models.BooleanField(default=True)
    # Copies, not keys: the shipping method may change or go after the order is placed.
    shipping_method_id = models.CharField(max_length=64, blank=True)
    shipping_method_name = models.CharField(max_length=255, blank=True)
    shipping_min_delivery_days = models.PositiveSmallIntegerField(null=True, blank=True)
    shipping_max_delivery_days = models.PositiveSmallIntegerField(null=True, blank=True)
    weight_kg = models.DecimalField(max_digits=9, decimal_places=3, default=Decimal(0))

    currency = models.CharField(max_length=3)
    shipping_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    shipping_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    base_shipping_price_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    shipping_tax_rate = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal(0))
    subtotal_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    subtotal_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    total_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    total_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    undiscounted_total_net_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    undiscounted_total_gross_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    total_charged_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    total_authorized_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))

    # The checkout's import-VAT decision, copied: who collects the destination's VAT, and how much.
    import_vat_collection = models.CharField(
        max_length=32, choices=ImportVatCollection.choices, default=ImportVatCollection.NOT_APPLICABLE
    )
    import_vat_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    # Blank: the seller of record's default applies (``storefront.orders.seller.order_incoterm``).
    incoterm = models.CharField(max_length=3, choices=Incoterm.choices, blank=True)
    # The voucher the buyer used (kept as a code if the voucher is deleted) and the gift cards
    # that paid part of it (how much each: ``OrderGiftCard``; the discount itself: ``OrderDiscount``).
    voucher = models.ForeignKey(
        Voucher, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    voucher_code = models.CharField(max_length=255, blank=True)
    gift_cards = models.ManyToManyField(GiftCard, blank=True, through="OrderGiftCard", related_name="orders")

    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-number",)
        indexes = [
            models.Index(fields=["user", "-number"], name="order_user_number"),
            models.Index(fields=["user_email"], name="order_user_email"),
        ]
        constraints = [
            # One order per checkout, whatever the interleaving of the buyer's browser, a second
            # tab and the payment webhooks: the checkout row's lock serialises them, this decides.
            models.UniqueConstraint(
                fields=["checkout_token"],
                condition=~Q(checkout_token=""),
                name="order_unique_checkout_token",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def total(self) -> TaxedMoney:
        return _taxed(self.total_net_amount, self.total_gross_amount, self.currency)

    @property
    def undiscounted_total(self) -> TaxedMoney:
        return _taxed(self.undiscounted_total_net_amount, self.undiscounted_total_gross_amount, self.currency)

    @property
    def subtotal(self) -> TaxedMoney:
        return _taxed(self.subtotal_net_amount, self.subtotal_gross_amount, self.currency)

    @property
    def shipping_price(self) -> TaxedMoney:
        return _taxed(self.shipping_price_net_amount, self.shipping_price_gross_amount, self.currency)

    @property
    def is_paid(self) -> bool:
        return self.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)


class OrderDiscountType(models.TextChoices):
    VOUCHER = "VOUCHER"
    MANUAL = "MANUAL"
    PROMOTION = "PROMOTION"
    ORDER_PROMOTION = "ORDER_PROMOTION"


class OrderDiscount(models.Model):
    """A discount given on an order (Saleor's ``OrderDiscount``): a voucher's, as the checkout priced
    it. ``amount_value`` is what it took off, in the order's currency; ``value`` and ``value_type``
    the voucher's terms in the channel at the time."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="discounts")
    type = models.CharField(
        max_length=16, choices=OrderDiscountType.choices, default=OrderDiscountType.VOUCHER
    )
    value_type = models.CharField(max_length=10, choices=DiscountValueType.choices)
    value = models.DecimalField(max_digits=20, decimal_places=3)
    amount_value = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)
    name = models.CharField(max_length=255, blank=True)
    translated_name = models.CharField(max_length=255, blank=True)
    voucher = models.ForeignKey(Voucher, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    voucher_code = models.CharField(max_length=255, blank=True)
    promotion_rule = models.ForeignKey(
        PromotionRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="order_discounts"
    )
    """The order promotion rule (``ORDER_PROMOTION``) that gave it."""

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.type} {self.amount_value} {self.currency} on {self.order_id}"


class OrderGiftCard(models.Model):
    """A gift card that paid ``amount`` of an order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="gift_card_uses")
    gift_card = models.ForeignKey(GiftCard, on_delete=models.PROTECT, related_name="order_uses")
    amount = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)

    class Meta:
        ordering = ("pk",)
        constraints = [models.UniqueConstraint(fields=["order", "gift_card"], name="uniq_order_gift_card")]

    def __str__(self) -> str:
        return f"{self.gift_card_id} paid {self.amount} {self.currency} of {self.order_id}"


class OrderLine(models.Model):
    """One variant in an order, with everything about it copied at the moment it was sold."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    sort_order = models.PositiveIntegerField(default=0)
    variant = models.ForeignKey(
        ProductVariant, null=True, blank=True, on_delete=models.SET_NULL, related_name="order_lines"
    )
    product_name = models.CharField(max_length=386)
    variant_name = models.CharField(max_length=255, blank=True)
    translated_product_name = models.CharField(max_length=386, blank=True)
    translated_variant_name = models.CharField(max_length=255, blank=True)
    product_sku = models.CharField(max_length=255, null=True, blank=True)
    product_variant_id = models.CharField(max_length=64, blank=True, help_text="The variant's ID, kept.")
    is_shipping_required = models.BooleanField(default=True)
    quantity = models.PositiveIntegerField()
    quantity_fulfilled = models.PositiveIntegerField(default=0)

    currency = models.CharField(max_length=3)
    unit_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3)
    unit_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    undiscounted_unit_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3)
    undiscounted_unit_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    total_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3)
    total_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    undiscounted_total_price_net_amount = models.DecimalField(max_digits=20, decimal_places=3)
    undiscounted_total_price_gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal(0))

    # Customs and provenance, copied: what the parcel's declaration and the buyer's page say.
    hs_code = models.CharField(max_length=12, blank=True)
    country_of_origin = models.CharField(max_length=2, blank=True)
    origin = models.JSONField(default=dict, blank=True, help_text="The origin village as sold.")
    makers = models.JSONField(
        default=list, blank=True, help_text="[{id: public_id, name: display name with consent or ''}]"
    )
    weight_kg = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)

    # A certified one-of-a-kind piece is sold by its serial.
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="order_lines"
    )
    certificate = models.ForeignKey(
        OriginCertificate, null=True, blank=True, on_delete=models.PROTECT, related_name="order_lines"
    )
    serial = models.CharField(max_length=32, blank=True)

    # The catalogue promotion that priced the line when it was sold (Saleor's line discount reason).
    promotion_rule = models.ForeignKey(
        PromotionRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="order_lines"
    )
    unit_discount_reason = models.CharField(max_length=255, blank=True)
    promotion_discount_amount = models.DecimalField(
        max_digits=20, decimal_places=3, default=Decimal(0), help_text="What the promotion took off the line."
    )
    # An order promotion's free gift (Saleor's ``isGift``): priced 0, its value in the order's
    # ORDER_PROMOTION discount.
    is_gift = models.BooleanField(default=False)

    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("order", "sort_order", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(quantity_fulfilled__lte=models.F("quantity")),
                name="order_line_fulfilled_le_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} ({self.variant_name}) × {self.quantity}"

    @property
    def unit_price(self) -> TaxedMoney:
        return _taxed(self.unit_price_net_amount, self.unit_price_gross_amount, self.currency)

    @property
    def undiscounted_unit_price(self) -> TaxedMoney:
        return _taxed(
            self.undiscounted_unit_price_net_amount, self.undiscounted_unit_price_gross_amount, self.currency
        )

    @property
    def total_price(self) -> TaxedMoney:
        return _taxed(self.total_price_net_amount, self.total_price_gross_amount, self.currency)

    @property
    def undiscounted_total_price(self) -> TaxedMoney:
        return _taxed(
            self.undiscounted_total_price_net_amount,
            self.undiscounted_total_price_gross_amount,
            self.currency,
        )


class OrderEvent(models.Model):
    """Something that happened to an order (Saleor's ``OrderEvent``), with its details in ``parameters``."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    date = models.DateTimeField(default=timezone.now, editable=False)
    type = models.CharField(max_length=255, choices=OrderEventType.choices)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    app = models.ForeignKey(App, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("date", "pk")

    def __str__(self) -> str:
        return f"{self.type} on {self.order_id}"


class Allocation(models.Model):
    """Stock held for an order line in one warehouse (Saleor's warehouse ``Allocation``).

    Every allocation is counted in its ``Stock.quantity_allocated``; the two change together
    under the stock row's lock. A certified one-of-a-kind piece is allocated by its unit, and a
    unit is allocated at most once (the unique ``unit`` column).
    """

    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="allocations")
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="allocations")
    quantity_allocated = models.PositiveIntegerField(default=0)
    unit = models.OneToOneField(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="allocation"
    )

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["order_line", "stock"], name="uniq_allocation_line_stock"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity_allocated} of {self.stock_id} for {self.order_line_id}"


class OrderNumberCounter(models.Model):
    """The last order number given, for databases without sequences (SQLite: the demo).

    On PostgreSQL numbers come from the sequence ``orders_order_number_seq`` instead.
    """

    last = models.PositiveIntegerField(default=0)


class SellerOfRecord(models.Model):
    """Who sells: the cooperative or BUMDes named on every invoice (one row; one deployment, one seller).

    Read and written through ``storefront.orders.seller``, which validates the registrations:
    NIB (Nomor Induk Berusaha, 13 digits), NPWP (tax id, 15 or 16 digits) and the EU IOSS
    number (``IM`` + 10 digits). Blank registrations are allowed until the seller has them.
    """

    legal_name = models.CharField(max_length=256)
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    nib = models.CharField(max_length=13, blank=True)
    npwp = models.CharField(max_length=16, blank=True)
    ioss_number = models.CharField(max_length=12, blank=True)
    default_incoterm = models.CharField(max_length=3, choices=Incoterm.choices, default=Incoterm.DAP)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="seller_of_record_single_row")]

    def __str__(self) -> str:
        return self.legal_name


class InvoiceNumberCounter(models.Model):
    """The last invoice number given in a year; locked by ``storefront.orders.invoices``.

    A row, not a sequence: the increment rolls back with the transaction that issued the
    number, so the numbers of a year have no gaps.
    """

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Fulfillment(models.Model):
    """A parcel sent for an order (Saleor's ``Fulfillment``): some of its lines, from warehouses.

    ``fulfillment_order`` counts the order's fulfilments from 1, so staff and papers can name
    one as ``#<order number>-<n>``. The invoice number is given when the fulfilment's commercial
    invoice is first issued (``storefront.orders.invoices``), never reused.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fulfillments")
    fulfillment_order = models.PositiveIntegerField()
    status = models.CharField(
        max_length=32, choices=FulfillmentStatus.choices, default=FulfillmentStatus.FULFILLED
    )
    tracking_number = models.CharField(max_length=255, blank=True)
    invoice_number = models.CharField(max_length=32, blank=True)
    # Parcels as packed: [{"length_cm", "width_cm", "height_cm", "weight_kg"}], for the packing list.
    parcels = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("order", "fulfillment_order")
        constraints = [
            models.UniqueConstraint(fields=["order", "fulfillment_order"], name="uniq_fulfillment_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}-{self.fulfillment_order}"


class FulfillmentLine(models.Model):
    """Part of an order line packed into a fulfilment from one stock, with the units packed."""

    fulfillment = models.ForeignKey(Fulfillment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="fulfillment_lines")
    stock = models.ForeignKey(
        Stock, null=True, blank=True, on_delete=models.SET_NULL, related_name="fulfillment_lines"
    )
    quantity = models.PositiveIntegerField()
    # The certified pieces packed, by serial; a unit returned and sold again appears in a later line.
    units = models.ManyToManyField(Unit, blank=True, related_name="fulfillment_lines")

    class Meta:
        ordering = ("fulfillment", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="fulfillment_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of {self.order_line_id}"


def _private_storage():  # type: ignore[no-untyped-def]
    return storages["private"]


class FulfillmentDocument(models.Model):
    """An export paper of a fulfilment, a PDF on the private storage (served by presigned URL)."""

    fulfillment = models.ForeignKey(Fulfillment, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=32, choices=FulfillmentDocumentKind.choices)
    file = models.FileField(upload_to="export-documents/", storage=_private_storage, max_length=255)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("fulfillment", "kind")
        constraints = [
            models.UniqueConstraint(fields=["fulfillment", "kind"], name="uniq_fulfillment_document_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.fulfillment_id}"


class MakerEarning(models.Model):
    """One line of a maker's earnings ledger (append-only).

    ``EARNED`` lines are written when units are fulfilled; ``REFUNDED``/``RETURNED`` lines carry
    negative quantities and amounts, so a sum over a period is what the maker is owed. Amounts are
    in the order's currency, and in rupiah at the settlement rate the payment recorded (null
    when no settlement rate is known yet).
    """

    maker = models.ForeignKey(Maker, on_delete=models.PROTECT, related_name="earnings")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="maker_earnings")
    fulfillment_line = models.ForeignKey(
        FulfillmentLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="maker_earnings"
    )
    kind = models.CharField(max_length=16, choices=MakerEarningKind.choices)
    quantity = models.IntegerField()
    currency = models.CharField(max_length=3)
    gross_amount = models.DecimalField(max_digits=20, decimal_places=3)
    share_amount = models.DecimalField(max_digits=20, decimal_places=3)
    settlement_currency = models.CharField(max_length=3, default="IDR")
    exchange_rate = models.DecimalField(max_digits=24, decimal_places=12, null=True, blank=True)
    share_settlement_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ("created_at", "pk")
        indexes = [models.Index(fields=["maker", "created_at"], name="maker_earning_period")]

    def __str__(self) -> str:
        return f"{self.kind} {self.share_amount} {self.currency} for {self.maker_id}"


class OrderGrantedRefund(models.Model):
    """Money staff granted back to the buyer, not tied to a return (Saleor's ``OrderGrantedRefund``).

    Granting records the decision (amount, reason, lines, shipping); the money moves when someone
    holding ``HANDLE_PAYMENTS`` asks the gateway for it (``transactionRequestRefundForGrantedRefund``).
    ``psp_reference`` is the gateway's name for that refund, so its outcome arriving later (a
    webhook) finds the grant; ``earnings_reversed`` says the granted lines' units were taken off
    the makers' earnings (once, when the refund succeeded).
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="granted_refunds")
    amount_value = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)
    reason = models.TextField(blank=True)
    shipping_costs_included = models.BooleanField(default=False)
    transaction = models.ForeignKey(
        Transaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=GrantedRefundStatus.choices, default=GrantedRefundStatus.NONE
    )
    psp_reference = models.CharField(max_length=512, blank=True)
    earnings_reversed = models.BooleanField(default=False)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    app = models.ForeignKey(App, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("created_at", "pk")
        indexes = [models.Index(fields=["transaction", "psp_reference"], name="granted_refund_psp")]

    def __str__(self) -> str:
        return f"{self.amount_value} {self.currency} for {self.order_id}"

    @property
    def amount(self) -> Money:
        return Money(self.amount_value, self.currency)


class OrderGrantedRefundLine(models.Model):
    """Units of an order line a granted refund pays back (Saleor's ``OrderGrantedRefundLine``)."""

    granted_refund = models.ForeignKey(OrderGrantedRefund, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="granted_refund_lines")
    quantity = models.PositiveIntegerField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ("granted_refund", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="granted_refund_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of {self.order_line_id}"

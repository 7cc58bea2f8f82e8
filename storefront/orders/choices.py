"""The order's enumerations, with Saleor's values (``OrderStatus``, ``OrderEventsEnum``…).

Plain ``TextChoices`` so the models can store them and the API mirror them one to one.
"""

from __future__ import annotations

from django.db import models


class OrderStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    UNCONFIRMED = "UNCONFIRMED", "Unconfirmed"
    UNFULFILLED = "UNFULFILLED", "Unfulfilled"
    PARTIALLY_FULFILLED = "PARTIALLY_FULFILLED", "Partially fulfilled"
    PARTIALLY_RETURNED = "PARTIALLY_RETURNED", "Partially returned"
    RETURNED = "RETURNED", "Returned"
    FULFILLED = "FULFILLED", "Fulfilled"
    CANCELED = "CANCELED", "Canceled"
    EXPIRED = "EXPIRED", "Expired"


class FulfillmentStatus(models.TextChoices):
    """Saleor's ``FulfillmentStatus``."""

    FULFILLED = "FULFILLED", "Fulfilled"
    REFUNDED = "REFUNDED", "Refunded"
    RETURNED = "RETURNED", "Returned"
    REFUNDED_AND_RETURNED = "REFUNDED_AND_RETURNED", "Refunded and returned"
    REPLACED = "REPLACED", "Replaced"
    CANCELED = "CANCELED", "Canceled"
    WAITING_FOR_APPROVAL = "WAITING_FOR_APPROVAL", "Waiting for approval"


class FulfillmentDocumentKind(models.TextChoices):
    """The export papers printed for a fulfilment (Asal, not Saleor)."""

    COMMERCIAL_INVOICE = "COMMERCIAL_INVOICE", "Commercial invoice"
    PACKING_LIST = "PACKING_LIST", "Packing list"
    CERTIFICATE_TAGS = "CERTIFICATE_TAGS", "Certificate tags"


class MakerEarningKind(models.TextChoices):
    """A line of a maker's earnings ledger: earned on fulfilment, reversed on refund, return, or
    the fulfilment's cancellation (the pieces went back on the shelf)."""

    EARNED = "EARNED", "Earned"
    REFUNDED = "REFUNDED", "Refunded"
    RETURNED = "RETURNED", "Returned"
    CANCELED = "CANCELED", "Fulfilment canceled"


class GrantedRefundStatus(models.TextChoices):
    """Saleor's ``OrderGrantedRefundStatusEnum``: where a granted refund's money is."""

    NONE = "NONE", "Not requested"
    PENDING = "PENDING", "Pending"
    SUCCESS = "SUCCESS", "Refunded"
    FAILURE = "FAILURE", "Failed"


class OrderOrigin(models.TextChoices):
    CHECKOUT = "CHECKOUT", "Checkout"
    DRAFT = "DRAFT", "Draft"
    REISSUE = "REISSUE", "Reissue"
    BULK_CREATE = "BULK_CREATE", "Bulk create"


class OrderChargeStatus(models.TextChoices):
    NONE = "NONE", "None"
    PARTIAL = "PARTIAL", "Partial"
    FULL = "FULL", "Full"
    OVERCHARGED = "OVERCHARGED", "Overcharged"


class OrderAuthorizeStatus(models.TextChoices):
    NONE = "NONE", "None"
    PARTIAL = "PARTIAL", "Partial"
    FULL = "FULL", "Full"


class PaymentChargeStatus(models.TextChoices):
    """Saleor's legacy ``paymentStatus``; every order is ``NOT_CHARGED`` until payments arrive."""

    NOT_CHARGED = "NOT_CHARGED", "Not charged"
    PENDING = "PENDING", "Pending"
    PARTIALLY_CHARGED = "PARTIALLY_CHARGED", "Partially charged"
    FULLY_CHARGED = "FULLY_CHARGED", "Fully charged"
    PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED", "Partially refunded"
    FULLY_REFUNDED = "FULLY_REFUNDED", "Fully refunded"
    REFUSED = "REFUSED", "Refused"
    CANCELLED = "CANCELLED", "Cancelled"


class ImportVatCollection(models.TextChoices):
    """Who collects the destination's VAT on an order shipped abroad (Asal, not Saleor)."""

    NOT_APPLICABLE = "NOT_APPLICABLE", "Not applicable"
    AT_CHECKOUT = "AT_CHECKOUT", "Collected at checkout"
    AT_IMPORT = "AT_IMPORT", "Collected at import"


class OrderEventType(models.TextChoices):
    """Saleor's ``OrderEventsEnum``, every value."""

    DRAFT_CREATED = "DRAFT_CREATED"
    DRAFT_CREATED_FROM_REPLACE = "DRAFT_CREATED_FROM_REPLACE"
    ADDED_PRODUCTS = "ADDED_PRODUCTS"
    REMOVED_PRODUCTS = "REMOVED_PRODUCTS"
    PLACED = "PLACED"
    PLACED_FROM_DRAFT = "PLACED_FROM_DRAFT"
    PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT = "PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT"
    OVERSOLD_ITEMS = "OVERSOLD_ITEMS"
    CANCELED = "CANCELED"
    EXPIRED = "EXPIRED"
    ORDER_MARKED_AS_PAID = "ORDER_MARKED_AS_PAID"
    ORDER_FULLY_PAID = "ORDER_FULLY_PAID"
    ORDER_REPLACEMENT_CREATED = "ORDER_REPLACEMENT_CREATED"
    ORDER_DISCOUNT_ADDED = "ORDER_DISCOUNT_ADDED"
    ORDER_DISCOUNT_AUTOMATICALLY_UPDATED = "ORDER_DISCOUNT_AUTOMATICALLY_UPDATED"
    ORDER_DISCOUNT_UPDATED = "ORDER_DISCOUNT_UPDATED"
    ORDER_DISCOUNT_DELETED = "ORDER_DISCOUNT_DELETED"
    ORDER_LINE_DISCOUNT_UPDATED = "ORDER_LINE_DISCOUNT_UPDATED"
    ORDER_LINE_DISCOUNT_REMOVED = "ORDER_LINE_DISCOUNT_REMOVED"
    ORDER_LINE_PRODUCT_DELETED = "ORDER_LINE_PRODUCT_DELETED"
    ORDER_LINE_VARIANT_DELETED = "ORDER_LINE_VARIANT_DELETED"
    UPDATED_ADDRESS = "UPDATED_ADDRESS"
    EMAIL_SENT = "EMAIL_SENT"
    CONFIRMED = "CONFIRMED"
    PAYMENT_AUTHORIZED = "PAYMENT_AUTHORIZED"
    PAYMENT_CAPTURED = "PAYMENT_CAPTURED"
    EXTERNAL_SERVICE_NOTIFICATION = "EXTERNAL_SERVICE_NOTIFICATION"
    PAYMENT_REFUNDED = "PAYMENT_REFUNDED"
    PAYMENT_VOIDED = "PAYMENT_VOIDED"
    PAYMENT_FAILED = "PAYMENT_FAILED"
    TRANSACTION_EVENT = "TRANSACTION_EVENT"
    TRANSACTION_CHARGE_REQUESTED = "TRANSACTION_CHARGE_REQUESTED"
    TRANSACTION_REFUND_REQUESTED = "TRANSACTION_REFUND_REQUESTED"
    TRANSACTION_CANCEL_REQUESTED = "TRANSACTION_CANCEL_REQUESTED"
    TRANSACTION_MARK_AS_PAID_FAILED = "TRANSACTION_MARK_AS_PAID_FAILED"
    INVOICE_REQUESTED = "INVOICE_REQUESTED"
    INVOICE_GENERATED = "INVOICE_GENERATED"
    INVOICE_UPDATED = "INVOICE_UPDATED"
    INVOICE_SENT = "INVOICE_SENT"
    FULFILLMENT_CANCELED = "FULFILLMENT_CANCELED"
    FULFILLMENT_RESTOCKED_ITEMS = "FULFILLMENT_RESTOCKED_ITEMS"
    FULFILLMENT_FULFILLED_ITEMS = "FULFILLMENT_FULFILLED_ITEMS"
    FULFILLMENT_REFUNDED = "FULFILLMENT_REFUNDED"
    FULFILLMENT_RETURNED = "FULFILLMENT_RETURNED"
    FULFILLMENT_REPLACED = "FULFILLMENT_REPLACED"
    FULFILLMENT_AWAITS_APPROVAL = "FULFILLMENT_AWAITS_APPROVAL"
    TRACKING_UPDATED = "TRACKING_UPDATED"
    NOTE_ADDED = "NOTE_ADDED"
    NOTE_UPDATED = "NOTE_UPDATED"
    OTHER = "OTHER"


class OrderEmailType(models.TextChoices):
    """Saleor's ``OrderEventsEmailsEnum``: which e-mail an ``EMAIL_SENT`` event records."""

    PAYMENT_CONFIRMATION = "PAYMENT_CONFIRMATION"
    CONFIRMED = "CONFIRMED"
    SHIPPING_CONFIRMATION = "SHIPPING_CONFIRMATION"
    TRACKING_UPDATED = "TRACKING_UPDATED"
    ORDER_CONFIRMATION = "ORDER_CONFIRMATION"
    ORDER_CANCEL = "ORDER_CANCEL"
    ORDER_REFUND = "ORDER_REFUND"
    FULFILLMENT_CONFIRMATION = "FULFILLMENT_CONFIRMATION"

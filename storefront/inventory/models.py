"""Warehouses and stock: the counters that checkout reserves and locks."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel


class Warehouse(models.Model):
    """A place stock is kept and shipped from (e.g. the cooperative's store room in Loyok)."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    email = models.EmailField(blank=True)
    company_name = models.CharField(max_length=255, blank=True)
    street_address = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=255, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country_area = models.CharField(max_length=128, blank=True)
    country = models.CharField(max_length=2, default="ID")
    is_private = models.BooleanField(default=True)
    channels = models.ManyToManyField(Channel, blank=True, related_name="warehouses")

    class Meta:
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    """How many of a variant a warehouse holds, and how many of those are allocated to orders."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stocks")
    product_variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="stocks")
    quantity = models.IntegerField(default=0)
    quantity_allocated = models.IntegerField(default=0)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "product_variant"], name="uniq_stock"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_quantity_non_negative"),
            models.CheckConstraint(
                condition=Q(quantity_allocated__gte=0) & Q(quantity_allocated__lte=F("quantity")),
                name="stock_allocated_within_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_variant} @ {self.warehouse}: {self.quantity}"

    @property
    def quantity_available(self) -> int:
        return max(self.quantity - self.quantity_allocated, 0)


class Reservation(models.Model):
    """Stock held for a checkout line until ``reserved_until`` (``CHECKOUT_RESERVATION_MINUTES``).

    Written and deleted only by ``storefront.inventory.reservations``, under the stock rows' locks.
    An expired reservation counts for nothing: every count filters ``reserved_until > now``, and
    expired rows are deleted lazily by the next reservation of the same stock and by a beat task.
    ``checkoutComplete`` turns a line's reservations into allocations and deletes them.
    """

    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="reservations")
    checkout_line = models.ForeignKey(
        "checkout.CheckoutLine", on_delete=models.CASCADE, related_name="reservations"
    )
    quantity_reserved = models.PositiveIntegerField()
    reserved_until = models.DateTimeField()

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["checkout_line", "stock"], name="uniq_reservation_line_stock"),
            models.CheckConstraint(
                condition=Q(quantity_reserved__gt=0), name="reservation_quantity_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["stock", "reserved_until"], name="reservation_stock_until"),
            models.Index(fields=["reserved_until"], name="reservation_until"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity_reserved} of stock {self.stock_id} until {self.reserved_until:%H:%M}"

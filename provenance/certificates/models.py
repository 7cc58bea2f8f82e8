"""Production lots, certified units, origin certificates, signing keys, status lists and custody.

Stock enters through lots: receiving a lot adds its quantity to the inventory counter and
creates one unit per piece, each with a serial and a signed certificate before it is sold.
"""

from __future__ import annotations

from django.db import models

from provenance.origins.models import Maker, Material, Origin, Technique
from storefront.catalog.models import ProductVariant
from storefront.inventory.models import Warehouse


class SigningKey(models.Model):
    """An Ed25519 key of the issuer's did:web. Rotation adds a key; old ones stay published."""

    key_id = models.CharField(max_length=64, unique=True, help_text="DID URL fragment, e.g. 'key-1'.")
    public_key_multibase = models.CharField(max_length=128, unique=True)
    encrypted_private_key = models.TextField(
        blank=True, help_text="Fernet token of the raw private key; empty when loaded from the environment."
    )
    is_active = models.BooleanField(default=True, help_text="The key new certificates are signed with.")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_signing_key"
            )
        ]

    def __str__(self) -> str:
        return self.key_id


class StatusList(models.Model):
    """A Bitstring Status List for one purpose; its bits are the certificates' statuses."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation"
        SUSPENSION = "suspension"

    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    number = models.PositiveIntegerField(help_text="Appears in the list credential's URL.")
    size = models.PositiveIntegerField(default=131072)
    bitstring = models.BinaryField(help_text="Uncompressed bits, index 0 the left-most bit.")
    # Fixed when the list is created: certificates name this URL for good, so the signed list keeps
    # it as its ``id`` even after PUBLIC_URL changes (a domain move, the demo on another port).
    url = models.URLField(max_length=255, help_text="The list credential's id, as certificates name it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["purpose", "number"], name="uniq_status_list"),
            models.UniqueConstraint(fields=["url"], name="uniq_status_list_url"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose}/{self.number}"


class ProductionLot(models.Model):
    """A batch of one variant made by named makers, received into a warehouse."""

    code = models.CharField(max_length=64, unique=True)
    variant = models.ForeignKey(ProductVariant, on_delete=models.PROTECT, related_name="production_lots")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="production_lots")
    quantity = models.PositiveIntegerField()
    origin = models.ForeignKey(Origin, on_delete=models.PROTECT, related_name="production_lots")
    workshop = models.CharField(max_length=255, blank=True)
    materials = models.ManyToManyField(Material, blank=True, related_name="production_lots")
    techniques = models.ManyToManyField(Technique, blank=True, related_name="production_lots")
    motif = models.CharField(max_length=255, blank=True)
    production_started_on = models.DateField()
    production_finished_on = models.DateField()
    harvested_on = models.DateField(null=True, blank=True, help_text="Food: harvest or production date.")
    best_before = models.DateField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ("received_at", "pk")

    def __str__(self) -> str:
        return self.code


class LotPhoto(models.Model):
    """A public photo of the workshop or the making of a lot; certificates sign its digest."""

    lot = models.ForeignKey(ProductionLot, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="workshops/")
    caption = models.CharField(max_length=255, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")

    def __str__(self) -> str:
        return self.caption or self.image.name or ""


class LotMaker(models.Model):
    """A maker of a lot and their role (weaver, potter, dyer, harvester…)."""

    lot = models.ForeignKey(ProductionLot, on_delete=models.CASCADE, related_name="lot_makers")
    maker = models.ForeignKey(Maker, on_delete=models.PROTECT, related_name="lot_roles")
    role = models.CharField(max_length=64)

    class Meta:
        ordering = ("pk",)
        constraints = [models.UniqueConstraint(fields=["lot", "maker", "role"], name="uniq_lot_maker_role")]


class Unit(models.Model):
    """One physical piece with its serial: what a certificate and a QR tag are about."""

    class Status(models.TextChoices):
        IN_STOCK = "IN_STOCK"
        SOLD = "SOLD"
        SHIPPED = "SHIPPED"
        RETURNED = "RETURNED"
        DAMAGED = "DAMAGED"
        LOST = "LOST"

    serial = models.CharField(max_length=32, unique=True)
    lot = models.ForeignKey(ProductionLot, on_delete=models.PROTECT, related_name="units")
    maker = models.ForeignKey(
        Maker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text="The maker of this very piece, when the lot records it.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_STOCK)
    claim_secret_digest = models.CharField(max_length=64, blank=True)
    # The secret that made the latest claim, so a second submit of it is recognised (not a guess).
    used_claim_secret_digest = models.CharField(max_length=64, blank=True)
    # The first claim secret, encrypted, so the cooperative can print it for the packaging.
    # Once claimed, only digests of the secrets handed on are kept.
    initial_claim_secret_encrypted = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.serial


class OriginCertificate(models.Model):
    """The signed W3C Verifiable Credential of one unit; never changed once signed."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="certificate")
    credential_id = models.CharField(max_length=64, unique=True)
    credential = models.JSONField(help_text="The secured credential exactly as signed.")
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="certificates")
    check_code = models.CharField(max_length=8)
    revocation_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    revocation_index = models.PositiveIntegerField()
    suspension_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    suspension_index = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revocation_list", "revocation_index"], name="uniq_revocation_slot"
            ),
            models.UniqueConstraint(
                fields=["suspension_list", "suspension_index"], name="uniq_suspension_slot"
            ),
        ]

    def __str__(self) -> str:
        return self.credential_id


class CustodyEvent(models.Model):
    """An append-only link of a unit's custody chain, hashed over the previous link.

    Private details (order number, tracking number, buyer) live in ``private_data`` and are
    covered by the hash only through ``private_digest``, so erasing them keeps the chain whole.
    """

    class Type(models.TextChoices):
        PRODUCED = "PRODUCED"
        CERTIFIED = "CERTIFIED"
        SOLD = "SOLD"
        SHIPPED = "SHIPPED"
        RETURNED = "RETURNED"
        RESTOCKED = "RESTOCKED"
        OWNERSHIP_CLAIMED = "OWNERSHIP_CLAIMED"
        TRANSFERRED = "TRANSFERRED"
        REVOKED = "REVOKED"
        SUSPENDED = "SUSPENDED"
        REINSTATED = "REINSTATED"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="custody_events")
    sequence = models.PositiveIntegerField()
    type = models.CharField(max_length=32, choices=Type.choices)
    occurred_at = models.DateTimeField()
    country = models.CharField(max_length=2, blank=True)
    public_data = models.JSONField(default=dict, blank=True)
    private_data = models.JSONField(default=dict, blank=True)
    private_digest = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ("unit", "sequence")
        constraints = [models.UniqueConstraint(fields=["unit", "sequence"], name="uniq_custody_sequence")]

    def __str__(self) -> str:
        return f"{self.unit_id}#{self.sequence} {self.type}"

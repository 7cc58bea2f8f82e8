"""Provenance reference data: where things are made, by whom, from what, and how.

This app imports no other domain: the catalogue and the certificates point at it.
"""

from __future__ import annotations

import uuid

from django.db import models


class Origin(models.Model):
    """A village (desa) with its administrative chain and village-level coordinates.

    Coordinates are those of the village, never of a home.
    """

    name = models.CharField(max_length=255, help_text="Display name, e.g. 'Loyok, East Lombok'.")
    slug = models.SlugField(max_length=255, unique=True)
    village = models.CharField(max_length=255)
    district = models.CharField(max_length=255, help_text="Kecamatan.")
    regency = models.CharField(max_length=255, help_text="Kabupaten or kota.")
    province = models.CharField(max_length=255)
    country = models.CharField(max_length=2, default="ID")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class ProducerGroup(models.Model):
    """A cooperative, BUMDes or IKM group that makers belong to."""

    class Kind(models.TextChoices):
        COOPERATIVE = "COOPERATIVE", "Cooperative (koperasi)"
        BUMDES = "BUMDES", "Village-owned enterprise (BUMDes)"
        IKM = "IKM", "Small industry group (IKM)"

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    registration_number = models.CharField(max_length=64, blank=True)
    origin = models.ForeignKey(Origin, on_delete=models.PROTECT, related_name="producer_groups")

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    """A raw material and the area it comes from (e.g. bamboo from the slopes of Rinjani)."""

    name = models.CharField(max_length=255)
    name_id = models.CharField(max_length=255, blank=True, help_text="Indonesian name.")
    slug = models.SlugField(max_length=255, unique=True)
    origin_area = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Technique(models.Model):
    """A craft technique (weaving, throwing, carving, songket supplementary weft…)."""

    name = models.CharField(max_length=255)
    name_id = models.CharField(max_length=255, blank=True, help_text="Indonesian name.")
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Maker(models.Model):
    """An artisan. Name and portrait are public only while consent to publish is recorded."""

    display_name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    public_id = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Stable pseudonymous identifier used in certificates instead of the name.",
    )
    bio = models.TextField(blank=True)
    portrait = models.ImageField(upload_to="makers/portraits/", blank=True)
    portrait_alt = models.CharField(
        max_length=250, blank=True, help_text="What the portrait shows, for screen readers (its alt text)."
    )
    origin = models.ForeignKey(Origin, on_delete=models.PROTECT, related_name="makers")
    group = models.ForeignKey(
        ProducerGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="makers"
    )
    crafts = models.ManyToManyField(Technique, blank=True, related_name="makers")
    consent_to_publish = models.BooleanField(default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    is_demo_profile = models.BooleanField(
        default=False, help_text="A fictional profile loaded by the demo catalogue."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("display_name",)

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_public(self) -> bool:
        return self.consent_to_publish

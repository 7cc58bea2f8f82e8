"""Identity: one user model for staff and buyers, apps with opaque tokens, permissions."""

from __future__ import annotations

import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import Permission, PermissionsMixin
from django.db import models
from django.utils import timezone

from storefront.accounts.permissions import PERMISSION_CODENAMES


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


def _new_jwt_token_key() -> str:
    return secrets.token_urlsafe(16)


class User(AbstractBaseUser, PermissionsMixin):
    """A buyer or a member of the cooperative's staff; the e-mail address is the login."""

    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    # False from registration until the buyer follows the confirmation link (when the shop asks
    # for one: settings.ACCOUNT_CONFIRMATION_REQUIRED); staff and older accounts count as confirmed.
    is_confirmed = models.BooleanField(default=True)
    language_code = models.CharField(max_length=35, default="en")
    date_joined = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Rotating this key invalidates every refresh token issued before (tokensDeactivateAll).
    jwt_token_key = models.CharField(max_length=32, default=_new_jwt_token_key)
    default_shipping_address = models.ForeignKey(
        "Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_billing_address = models.ForeignKey(
        "Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Saleor's metadata (storefront.core.metadata writes them).
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ("email",)
        permissions = [
            (codename, codename.replace("_", " ").capitalize()) for codename in PERMISSION_CODENAMES
        ]

    def __str__(self) -> str:
        return self.email


class App(models.Model):
    """A third-party or server-side client (e.g. a storefront's server) acting with permissions."""

    name = models.CharField(max_length=255)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    permissions = models.ManyToManyField(Permission, blank=True, related_name="+")

    class Meta:
        ordering = ("name", "pk")

    def __str__(self) -> str:
        return self.name


class AppToken(models.Model):
    """An opaque app token; only its SHA-256 digest and last four characters are stored."""

    app = models.ForeignKey(App, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=128, blank=True)
    token_digest = models.CharField(max_length=64, unique=True)
    token_last_4 = models.CharField(max_length=4)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.app} …{self.token_last_4}"


class RefreshToken(models.Model):
    """A revocable refresh token (its JWT carries ``jti``; revocation deletes or flags the row)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    jti = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"])]


class AuditLogEntry(models.Model):
    """One staff write: who did what to which object, with a JSON payload of the change."""

    actor_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_app = models.ForeignKey(App, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=128)
    object_type = models.CharField(max_length=128)
    object_id = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"


class Address(models.Model):
    """A postal address in Saleor's fields, normalised for its country (``accounts.addresses``).

    A buyer's address book holds rows owned by the user; checkouts and orders keep their own copies,
    so editing the address book never rewrites where an order was sent.
    """

    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    company_name = models.CharField(max_length=256, blank=True)
    street_address_1 = models.CharField(max_length=256, blank=True)
    street_address_2 = models.CharField(max_length=256, blank=True)
    city = models.CharField(max_length=256, blank=True)
    city_area = models.CharField(max_length=128, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2)
    country_area = models.CharField(max_length=128, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="addresses")
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    FIELDS = (
        "first_name",
        "last_name",
        "company_name",
        "street_address_1",
        "street_address_2",
        "city",
        "city_area",
        "postal_code",
        "country",
        "country_area",
        "phone",
    )

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}, {self.city} {self.country}".strip()

    def as_data(self) -> dict[str, str]:
        """The address's fields as a plain dict (for copying into a checkout or an order)."""
        return {name: getattr(self, name) for name in self.FIELDS}

    def copy(self, *, user: User | None = None) -> Address:
        """A new saved row with the same fields, owned by ``user`` (None: a checkout's or order's copy)."""
        return Address.objects.create(user=user, **self.as_data())

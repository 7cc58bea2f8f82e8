"""Saleor's ``PermissionEnum`` values (Asal may add its own) as Django permission codenames.

Every permission lives on ``accounts.User``'s content type, so a check is always
``user.has_perm("accounts.<codename>")``; the API layer checks them in one place.
"""

from enum import StrEnum


class PermissionCode(StrEnum):
    MANAGE_USERS = "MANAGE_USERS"
    MANAGE_STAFF = "MANAGE_STAFF"
    IMPERSONATE_USER = "IMPERSONATE_USER"
    MANAGE_APPS = "MANAGE_APPS"
    MANAGE_OBSERVABILITY = "MANAGE_OBSERVABILITY"
    MANAGE_CHECKOUTS = "MANAGE_CHECKOUTS"
    HANDLE_CHECKOUTS = "HANDLE_CHECKOUTS"
    HANDLE_TAXES = "HANDLE_TAXES"
    MANAGE_TAXES = "MANAGE_TAXES"
    MANAGE_CHANNELS = "MANAGE_CHANNELS"
    MANAGE_DISCOUNTS = "MANAGE_DISCOUNTS"
    MANAGE_GIFT_CARD = "MANAGE_GIFT_CARD"
    MANAGE_MENUS = "MANAGE_MENUS"
    MANAGE_ORDERS = "MANAGE_ORDERS"
    MANAGE_ORDERS_IMPORT = "MANAGE_ORDERS_IMPORT"
    MANAGE_PAGES = "MANAGE_PAGES"
    MANAGE_PAGE_TYPES_AND_ATTRIBUTES = "MANAGE_PAGE_TYPES_AND_ATTRIBUTES"
    HANDLE_PAYMENTS = "HANDLE_PAYMENTS"
    MANAGE_PLUGINS = "MANAGE_PLUGINS"
    MANAGE_PRODUCTS = "MANAGE_PRODUCTS"
    MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES = "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES"
    MANAGE_SHIPPING = "MANAGE_SHIPPING"
    MANAGE_SETTINGS = "MANAGE_SETTINGS"
    MANAGE_TRANSLATIONS = "MANAGE_TRANSLATIONS"
    # Asal's own.
    MANAGE_PROVENANCE = "MANAGE_PROVENANCE"
    MANAGE_CERTIFICATES = "MANAGE_CERTIFICATES"


PERMISSION_CODENAMES = [code.value.lower() for code in PermissionCode]


def permission_name(code: PermissionCode) -> str:
    """The ``app_label.codename`` string Django's ``has_perm`` expects."""
    return f"accounts.{code.value.lower()}"

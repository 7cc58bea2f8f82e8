"""The demo's staff: four permission groups and one account per group, with demo passwords.

Demo only: production creates staff with ``manage.py create_staff_user EMAIL --group NAME``, and
nobody's password is written in a file. Groups and accounts go through the staff services (so
the audit log shows them, done by the system); a second load changes nothing, and an account
whose demo password someone changed keeps the new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group

from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.accounts.permission_groups import permission_group_create, permission_group_update
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.staff import staff_create
from storefront.accounts.staff_scope import group_codes


@dataclass(frozen=True)
class DemoStaff:
    group: str
    permissions: tuple[PermissionCode, ...]
    email: str
    password: str
    first_name: str


DEMO_STAFF = (
    DemoStaff(
        "Fulfilment",
        (PermissionCode.MANAGE_ORDERS, PermissionCode.HANDLE_PAYMENTS),
        "fulfilment@asal.example",
        "pack-and-ship-demo",
        "Wayan",
    ),
    DemoStaff(
        "Catalogue",
        (
            PermissionCode.MANAGE_PRODUCTS,
            PermissionCode.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,
            PermissionCode.MANAGE_PROVENANCE,
            PermissionCode.MANAGE_TRANSLATIONS,
        ),
        "catalogue@asal.example",
        "photos-and-lots-demo",
        "Baiq",
    ),
    DemoStaff(
        "Marketing",
        (
            PermissionCode.MANAGE_DISCOUNTS,
            PermissionCode.MANAGE_PAGES,
            PermissionCode.MANAGE_MENUS,
            PermissionCode.MANAGE_TRANSLATIONS,
            # Issue 12: the marketing team runs pages with their types, gift cards and discounts.
            PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,
            PermissionCode.MANAGE_GIFT_CARD,
        ),
        "marketing@asal.example",
        "stories-and-sales-demo",
        "Putu",
    ),
    DemoStaff("Administrators", tuple(PermissionCode), "admin@asal.example", "keys-to-the-shop-demo", "Lalu"),
)


def demo_staff_load() -> None:
    """Ensure every demo group holds its permissions and has its demo account as a member."""
    system = Actor.system()
    for demo in DEMO_STAFF:
        group = Group.objects.filter(name=demo.group).first()
        if group is None:
            group = permission_group_create(actor=system, name=demo.group, add_permissions=demo.permissions)
        missing = [code for code in demo.permissions if code not in group_codes(group)]
        if missing:
            group = permission_group_update(actor=system, group=group, add_permissions=missing)
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            user = staff_create(
                actor=system,
                email=demo.email,
                first_name=demo.first_name,
                last_name="Demo",
                add_groups=[group],
            )
            user.set_password(demo.password)
            user.save(update_fields=["password"])
        elif not user.groups.filter(pk=group.pk).exists():
            permission_group_update(actor=system, group=group, add_users=[user])

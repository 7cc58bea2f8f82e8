"""Staff members and permission groups, shown to staff with ``MANAGE_STAFF``. Changes go through
the staff API (``staffCreate/Update``, ``permissionGroup*``), whose services check each actor's
scope; the admin shows who holds what."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from infra.admin.roles import RoleAdmin
from infra.admin.site import site
from storefront.accounts.models import User
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.staff_scope import group_codes

STAFF = (PermissionCode.MANAGE_STAFF,)


@admin.register(User, site=site)
class StaffMemberAdmin(RoleAdmin):
    permission_codes = STAFF
    admin_section = "staff"
    menu_name = _("Staff members")
    list_display = ("email", "first_name", "last_name", "is_active", "language_code", "last_login")
    list_filter = ("is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    fields = (
        "email",
        "first_name",
        "last_name",
        "is_active",
        "language_code",
        "groups",
        "last_login",
        "date_joined",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).filter(is_staff=True)


@admin.register(Group, site=site)
class PermissionGroupAdmin(RoleAdmin):
    permission_codes = STAFF
    admin_section = "staff"
    menu_name = _("Permission groups")
    list_display = ("name", "codes")
    search_fields = ("name",)
    fields = ("name", "codes", "members")
    readonly_fields = fields

    @admin.display(description=_("permissions"))
    def codes(self, group: Group) -> str:
        return ", ".join(sorted(code.value for code in group_codes(group)))

    @admin.display(description=_("members"))
    def members(self, group: Group) -> str:
        return ", ".join(group.user_set.order_by("email").values_list("email", flat=True))

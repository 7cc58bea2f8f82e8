"""Who sees and does what in the admin: Saleor's permission codes, one per area.

Each ``ModelAdmin`` (and inline) names the code of its area; a staff member holding it through a
permission group (or directly) sees the area, nobody else does. Writes are off unless the admin
declares them (``writes``), and then they go through a domain service, never ``model.save()``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from storefront.accounts.permissions import PermissionCode, permission_name


def holds(request: HttpRequest, *codes: PermissionCode) -> bool:
    """Whether the logged-in staff member holds one of ``codes``."""
    user: Any = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return any(user.has_perm(permission_name(code)) for code in codes)


class RoleMixin:
    """Permission checks from Saleor codes; ``writes`` lists the operations a service backs."""

    permission_codes: tuple[PermissionCode, ...] = ()
    writes: frozenset[str] = frozenset()

    def _holds(self, request: HttpRequest) -> bool:
        return holds(request, *self.permission_codes)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._holds(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._holds(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return "add" in self.writes and self._holds(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return "change" in self.writes and self._holds(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return "delete" in self.writes and self._holds(request)


class RoleAdmin(RoleMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """A model admin of one area; bulk deletion is never offered (each delete goes through its service)."""

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyTabular(RoleMixin, admin.TabularInline):  # type: ignore[type-arg]
    """A read-only table of related rows on a page of the same area."""

    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields or ()

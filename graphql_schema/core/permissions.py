"""The one place the API checks permissions (Saleor's ``PermissionEnum``) of a user or an app."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from storefront.accounts.permissions import PermissionCode, permission_name


def requestor_has_permission(user: Any, app: Any, code: PermissionCode) -> bool:
    if app is not None and getattr(app, "is_active", False):
        codenames = getattr(app, "permission_codenames", None)
        if codenames is None:
            codenames = set(app.permissions.values_list("codename", flat=True))
            app.permission_codenames = codenames
        return code.value.lower() in codenames
    if user is not None and getattr(user, "is_authenticated", False) and user.is_active:
        return bool(user.has_perm(permission_name(code)))
    return False


def has_permission(info: Info, *codes: PermissionCode) -> bool:
    """True when the requesting user or app holds any of ``codes``."""
    context = info.context
    return any(requestor_has_permission(context.user, context.app, code) for code in codes)

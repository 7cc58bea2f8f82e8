"""The one place the API checks permissions (Saleor's ``PermissionEnum``) of a user or an app.

Three ways in, all on the same rule (:func:`requestor_has_permission`):

- a whole field, with Saleor's error when the requestor lacks every listed permission::

      @strawberry.field(extensions=[permission_required(PermissionCode.MANAGE_PRODUCTS)])
      def channel_listings(self) -> list[ProductChannelListing] | None: ...

- inside a resolver, to raise the same error (``check_permission(info, ...)``) or to
  decide quietly (``has_permission(info, ...)``, e.g. to show unpublished products).

A request whose access token authenticated nobody (expired, revoked, forged) is anonymous, but a
field it is refused gets Saleor's token error instead (``TokenRefused``: ``extensions: {exception:
{code: "ExpiredSignatureError"}}`` or ``"InvalidTokenError"``), so the storefront refreshes its
session rather than concluding it may not see the field. Fields that fail silently stay silent.

Saleor's error: message "To access this path, you need one of the following
permissions: MANAGE_PRODUCTS" and ``extensions: {exception: {code: "PermissionDenied"}}``
(``saleor/core/exceptions.py`` and the error formatter of ``saleor/graphql/views.py``).
Besides ``PermissionEnum`` values, Saleor's authorization filters
``AUTHENTICATED_USER``, ``AUTHENTICATED_STAFF_USER`` and ``AUTHENTICATED_APP`` are
accepted. A user's permissions count only while the user is active staff; an app's only
while it is active.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info

from storefront.accounts.permissions import PermissionCode, permission_name
from storefront.accounts.selectors import app_permission_codenames


class AuthorizationFilter(StrEnum):
    """Saleor's ``AuthorizationFilters``: who is calling rather than what they may do."""

    AUTHENTICATED_USER = "AUTHENTICATED_USER"
    AUTHENTICATED_STAFF_USER = "AUTHENTICATED_STAFF_USER"
    AUTHENTICATED_APP = "AUTHENTICATED_APP"


Requirement = PermissionCode | AuthorizationFilter


class PermissionDenied(Exception):
    """Raised when the requestor lacks every required permission (Saleor's name and error)."""

    def __init__(self, requirements: Iterable[Requirement] = ()) -> None:
        names = ", ".join(str(requirement) for requirement in requirements)
        if names:
            message = f"To access this path, you need one of the following permissions: {names}"
        else:
            message = "You do not have permission to perform this action"
        super().__init__(message)
        # graphql-core copies an original error's ``extensions`` onto the GraphQL error.
        self.extensions = {"exception": {"code": "PermissionDenied"}}


class TokenRefused(PermissionDenied):
    """A field needs a user and the request's access token authenticates nobody (Saleor's codes)."""

    def __init__(self, code: str, message: str) -> None:
        Exception.__init__(self, message)
        self.extensions = {"exception": {"code": code}}


def refuse_bad_token(info: Info) -> None:
    """Raise ``TokenRefused`` if the request carried an access token that authenticates nobody.

    For resolvers that need a user and would otherwise answer as for a stranger (``me``).
    """
    problem = getattr(info.context, "token_problem", None)
    if problem is not None:
        raise TokenRefused(*problem)


def _is_active_user(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False)) and user.is_active


def requestor_has_permission(user: Any, app: Any, code: Requirement) -> bool:
    """True when the app (if any) or else the user satisfies one requirement."""
    if code == AuthorizationFilter.AUTHENTICATED_USER:
        return app is None and _is_active_user(user)
    if code == AuthorizationFilter.AUTHENTICATED_STAFF_USER:
        return app is None and _is_active_user(user) and user.is_staff
    if code == AuthorizationFilter.AUTHENTICATED_APP:
        return app is not None and bool(getattr(app, "is_active", False))
    if app is not None:
        if not getattr(app, "is_active", False):
            return False
        codenames = getattr(app, "permission_codenames", None)
        if codenames is None:
            # Loaded once per request: the app object lives in this request's context.
            codenames = app_permission_codenames(app=app)
            app.permission_codenames = codenames
        return code.value.lower() in codenames
    if _is_active_user(user) and user.is_staff:
        return bool(user.has_perm(permission_name(PermissionCode(code))))
    return False


def has_permission(info: Info, *codes: Requirement) -> bool:
    """True when the requesting user or app holds any of ``codes``."""
    context = info.context
    return any(requestor_has_permission(context.user, context.app, code) for code in codes)


def check_permission(info: Info, *codes: Requirement) -> None:
    """Raise Saleor's ``PermissionDenied`` unless the requestor holds one of ``codes``."""
    if not has_permission(info, *codes):
        refuse_bad_token(info)
        raise PermissionDenied(codes)


class PermissionRequired(BasePermission):
    """A strawberry permission: the requestor must hold one of ``codes``."""

    def __init__(self, *codes: Requirement, silent: bool = False, apps: bool = True) -> None:
        if not codes:
            raise ValueError("Name at least one permission.")
        self.codes = codes
        self.silent = silent
        self.apps = apps

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        allowed = (self.apps or info.context.app is None) and has_permission(info, *self.codes)
        if not allowed and not self.silent:
            refuse_bad_token(info)
        return allowed

    def on_unauthorized(self) -> None:
        raise PermissionDenied(self.codes)


def permission_required(
    *codes: Requirement, fail_silently: bool = False, apps: bool = True
) -> PermissionExtension:
    """The field extension to put on a protected field (no schema directive is printed).

    ``fail_silently=True`` returns ``null`` (or ``[]`` for a list) instead of the error,
    for fields a storefront may ask for without the permission. ``apps=False`` refuses apps
    whatever they hold (Saleor's "Apps are not allowed to perform this mutation": staff writes).
    """
    return PermissionExtension(
        [PermissionRequired(*codes, silent=fail_silently, apps=apps)],
        use_directives=False,
        fail_silently=fail_silently,
    )

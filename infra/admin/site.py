"""The "Asal" admin site: staff log in with their e-mail, pick their language, and see the areas
their permission groups open (orders, catalogue, provenance, staff)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from infra.admin.locale import supported_language
from storefront.accounts.account_services import account_update
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.services import user_authenticate
from storefront.core.http import client_address

# The sections of the index page, in this order: an area per role.
SECTIONS = (
    ("orders", _("Orders")),
    ("catalogue", _("Catalogue")),
    ("provenance", _("Provenance")),
    # Makers' statements (per maker and period) join here: a model admin or view with
    # admin_section = "earnings".
    ("earnings", _("Makers' earnings")),
    # Campaigns, their links, reports and QR sheets (infra/admin/marketing.py), vouchers and
    # gift cards (infra/admin/discounts.py).
    ("marketing", _("Marketing")),
    ("staff", _("Staff")),
    # Pages, page types and menus (issue 12): infra/admin/content.py.
    ("content", _("Pages and menus")),
)


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login, checked by the same service as ``tokenCreate``: the same attempt limits
    per e-mail and address, the same answer for an unknown e-mail and a wrong password."""

    def clean(self) -> dict[str, Any]:
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if email is not None and password:
            try:
                user = user_authenticate(
                    email=email,
                    password=password,
                    ip_address=client_address(self.request),  # type: ignore[arg-type]
                )
            except AccountError as refused:
                if refused.code == AccountErrorCode.LOGIN_ATTEMPT_DELAYED:
                    raise ValidationError(refused.message, code="throttled") from None
                raise self.get_invalid_login_error() from None
            user.backend = settings.AUTHENTICATION_BACKENDS[0]  # type: ignore[attr-defined]
            self.user_cache = user
            self.confirm_login_allowed(user)
        return self.cleaned_data


class AsalAdminSite(admin.AdminSite):
    login_form = AdminLoginForm
    site_header = _("Asal · cooperative admin")
    site_title = _("Asal admin")
    index_title = _("Back office")
    site_url = None
    enable_nav_sidebar = True

    def get_urls(self) -> list[URLResolver | URLPattern]:
        return [
            path("language/", self.admin_view(self.language_view), name="language"),
            *super().get_urls(),
        ]

    def language_view(self, request: HttpRequest) -> HttpResponse:
        """Store the staff member's admin language, then answer as Django's ``set_language``."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        language = supported_language(request.POST.get("language"))
        if language:
            account_update(user=request.user, language_code=language)  # type: ignore[arg-type]
        return set_language(request)

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict[str, Any]]:
        """The index by role: each model admin names its section (``admin_section``)."""
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        models: dict[str, list[dict[str, Any]]] = {key: [] for key, _label in SECTIONS}
        for app in apps:
            for model in app["models"]:
                model_admin = self._registry[model["model"]]
                model["name"] = getattr(model_admin, "menu_name", model["name"])
                models[getattr(model_admin, "admin_section", "staff")].append(model)
        return [
            {
                "name": label,
                "app_label": key,
                "app_url": models[key][0]["admin_url"],
                "has_module_perms": True,
                "models": models[key],
            }
            for key, label in SECTIONS
            if models[key]
        ]


site = AsalAdminSite(name="admin")

"""The admin's language: the staff member's stored choice, else the language switcher's cookie,
else the browser's ``Accept-Language``; only under /admin/ (the API and the public pages choose
their languages themselves)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

ADMIN_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def supported_language(code: str | None) -> str | None:
    """``code`` (``id``, ``id-ID``, ``en_US``) as one of ``settings.LANGUAGES``, or None."""
    base = (code or "").replace("_", "-").split("-")[0].lower()
    return base if base in ADMIN_LANGUAGES else None


def admin_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        stored = supported_language(getattr(user, "language_code", None))
        if stored:
            return stored
    return supported_language(translation.get_language_from_request(request)) or settings.LANGUAGE_CODE


class AdminLocaleMiddleware:
    """Activate the admin language for requests under the admin's URL prefix (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._prefix is None:
            self._prefix = reverse("admin:index")
        if not request.path.startswith(self._prefix):
            return self.get_response(request)
        language = admin_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response

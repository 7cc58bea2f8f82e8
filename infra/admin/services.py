"""Admin forms whose save is a domain service: the service checks, writes and audits.

``ServiceForm`` calls :meth:`ServiceForm.service` once the form's own fields are clean (instead
of Django's model validation and ``save()``); the service's ``DomainError`` becomes the form's
errors, each on the field it names (``seoTitle`` -> ``seo_title``), and nothing is written.
``ServiceAdmin`` hands the form the request (for the actor) and saves nothing itself.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from infra.admin.roles import RoleAdmin
from storefront.accounts.actor import Actor
from storefront.core.errors import DomainError

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    request: ClassVar[HttpRequest]
    # Service field names that differ from the form's (after camelCase -> snake_case).
    error_fields: ClassVar[dict[str, str]] = {}

    def service(self, actor: Actor) -> models.Model:
        raise NotImplementedError

    def _error_field(self, name: str | None) -> str | None:
        if not name:
            return None
        snake = _CAMEL.sub("_", name).lower()
        field = self.error_fields.get(name) or self.error_fields.get(snake) or snake
        return field if field in self.fields else None

    def _post_clean(self) -> None:
        if self.errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.service(Actor.of(user=self.request.user))
        except DomainError as refused:
            for error in refused.errors:
                self.add_error(self._error_field(error.field), error.message)


class ServiceAdmin(RoleAdmin):
    """A model admin whose forms are ``ServiceForm``s and whose deletion is ``delete_service``."""

    def delete_service(self, actor: Actor, obj: Any) -> None:
        raise NotImplementedError

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(form, ServiceForm):
            return type(form.__name__, (form,), {"request": request})
        return form

    def get_formsets_with_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        """On a save, only inlines that could write take part: read-only tables are not posted data."""
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if request.method == "POST" and not any(
                check(request, obj)
                for check in (
                    inline.has_add_permission,
                    inline.has_change_permission,
                    inline.has_delete_permission,
                )
            ):
                continue
            yield formset, inline

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """The form's service has saved (and audited) already."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Related rows are the service's too; the inlines are read-only."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_service(Actor.of(user=request.user), obj)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(request.path.rsplit("/delete/", 1)[0] + "/change/")

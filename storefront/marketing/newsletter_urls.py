"""The newsletter's public links and the staff export (include from ``infra/urls.py``)."""

from django.urls import path

from storefront.marketing.newsletter_views import (
    newsletter_confirm_view,
    newsletter_export_view,
    newsletter_unsubscribe_view,
)

urlpatterns = [
    path("newsletter/confirm/<str:token>", newsletter_confirm_view, name="newsletter-confirm"),
    path("newsletter/unsubscribe/<str:token>", newsletter_unsubscribe_view, name="newsletter-unsubscribe"),
    path("newsletter/export.csv", newsletter_export_view, name="newsletter-export"),
]

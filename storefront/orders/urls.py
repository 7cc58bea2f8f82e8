"""Order URLs outside GraphQL (included at the site root by infra/urls.py)."""

from django.urls import re_path

from storefront.orders.documents.views import document_view

urlpatterns = [
    # A token of django.core.signing (base64url, '.' and ':'), bounded: anything else is a 404.
    re_path(
        r"^private/export-documents/(?P<token>[A-Za-z0-9_.:-]{1,600})/$",
        document_view,
        name="fulfillment-document",
    ),
]

"""Public provenance URLs (included at the site root by infra/urls.py)."""

from django.urls import path

from provenance.certificates import views

urlpatterns = [
    path(".well-known/did.json", views.did_json, name="did-json"),
    path("ns/origin/v1", views.context_view, name="origin-context"),
    path("status/<str:purpose>/<int:number>", views.status_list_view, name="status-list"),
    path("p/<str:serial>", views.item_page, name="item-page"),
    path("01/<str:gtin>/21/<str:serial>", views.item_page_gs1, name="item-page-gs1"),
    path("p/<str:serial>/tag.pdf", views.tag_pdf_view, name="item-tag-pdf"),
    path("p/<str:serial>/qr.svg", views.tag_qr_view, name="item-tag-qr"),
]

"""Public provenance URLs (included at the site root by infra/urls.py).

Each segment accepts only what it can hold (a serial's letters, digits and dashes, a GTIN's
digits; a status purpose), so a malformed path (a NUL byte, a 10,000-character serial, a
number beyond PostgreSQL's integers) is a 404 from the resolver and never reaches the database.
"""

from django.urls import path, register_converter

from provenance.certificates import views


class SerialConverter:
    regex = "[A-Za-z0-9][A-Za-z0-9._~-]{0,63}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class GtinConverter(SerialConverter):
    regex = "[0-9]{8,14}"


class StatusPurposeConverter(SerialConverter):
    regex = "revocation|suspension"


class ListNumberConverter:
    regex = "[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(SerialConverter, "serial")
register_converter(GtinConverter, "gtin")
register_converter(StatusPurposeConverter, "status_purpose")
register_converter(ListNumberConverter, "list_number")

urlpatterns = [
    path(".well-known/did.json", views.did_json, name="did-json"),
    path("ns/origin/v1", views.context_view, name="origin-context"),
    path("assets/certificate.css", views.stylesheet_view, name="certificate-stylesheet"),
    path("status/<status_purpose:purpose>/<list_number:number>", views.status_list_view, name="status-list"),
    path("p/<serial:serial>", views.item_page, name="item-page"),
    path("01/<gtin:gtin>/21/<serial:serial>", views.item_page_gs1, name="item-page-gs1"),
    path("p/<serial:serial>/tag.pdf", views.tag_pdf_view, name="item-tag-pdf"),
    path("p/<serial:serial>/qr.svg", views.tag_qr_view, name="item-tag-qr"),
]

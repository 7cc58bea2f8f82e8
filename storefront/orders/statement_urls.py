"""URLs of the makers' statement download (include from ``infra/urls.py``)."""

from django.urls import path

from storefront.orders.statement_views import maker_statement_csv_view

urlpatterns = [
    path(
        "statement/maker/<int:maker_id>.csv",
        maker_statement_csv_view,
        name="maker-statement-csv",
    ),
]

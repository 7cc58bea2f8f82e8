"""``/feeds/<channel>/<language>/<kind>`` (include from ``infra/urls.py``)."""

from django.urls import path

from storefront.marketing.feeds.views import feed_view

urlpatterns = [
    path("feeds/<str:channel>/<str:language>/<str:kind>", feed_view, name="product-feed"),
]

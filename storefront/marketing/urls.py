"""``/c/<code>`` (include from ``infra/urls.py``). Any segment reaches the view, which answers its
own 404 page for what is no code (the resolver's would be Django's debug page in development)."""

from django.urls import path, register_converter

from storefront.marketing.views import campaign_link_view


class LinkCodeConverter:
    regex = "[^/]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LinkCodeConverter, "link_code")

urlpatterns = [
    path("c/<link_code:code>", campaign_link_view, name="campaign-link"),
]

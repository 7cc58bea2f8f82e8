"""URL map: the landing page, one GraphQL endpoint, the staff admin, media in development, health check."""

from django.conf import settings
from django.conf.urls.static import static
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from graphql_schema.views import AsalGraphQLView
from infra.admin.registry import site as admin_site
from infra.landing import landing_page
from storefront.catalog.views import thumbnail_view


def health(_request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


graphql_view = csrf_exempt(AsalGraphQLView.as_view())

urlpatterns = [
    path("", landing_page, name="landing"),
    path("graphql/", graphql_view, name="graphql"),
    # Without the slash too: APPEND_SLASH would answer a POST with an error (a 301 without DEBUG,
    # which clients follow as a GET, dropping the body).
    path("graphql", graphql_view),
    path("health/", health, name="health"),
    # --- admin: the cooperative's web admin (infra/admin/)
    path("admin/", admin_site.urls),
    # --- end admin
    path("", include("provenance.certificates.urls")),
    path("", include("payments.urls")),
    path("", include("storefront.orders.urls")),
    path("", include("storefront.orders.statement_urls")),
    path("", include("storefront.marketing.urls")),
    # --- reach: product feeds, newsletter (issue 12)
    path("", include("storefront.marketing.feeds.urls")),
    path("", include("storefront.marketing.newsletter_urls")),
    # --- end reach
    path("thumbnail/<str:token>/<int:size>/<str:format>/", thumbnail_view, name="thumbnail"),
]
if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

"""URL map: one GraphQL endpoint, media in development, health check."""

from django.conf import settings
from django.conf.urls.static import static
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from graphql_schema.views import AsalGraphQLView


def health(_request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("graphql/", csrf_exempt(AsalGraphQLView.as_view()), name="graphql"),
    path("health/", health, name="health"),
]
if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

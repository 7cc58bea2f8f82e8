"""The webhook endpoint: verify, store, answer; processing happens after the commit (Celery)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments import services
from payments.error_codes import PaymentError

MAX_WEBHOOK_BYTES = 1024 * 1024


@csrf_exempt
@require_POST
def webhook_view(request: HttpRequest, gateway_id: str) -> HttpResponse:
    """200 once the delivery is stored (a redelivery too); 400 for a forged or malformed one."""
    if int(request.headers.get("Content-Length") or 0) > MAX_WEBHOOK_BYTES:
        return JsonResponse({"error": "Payload too large."}, status=413)
    try:
        delivery = services.webhook_receive(gateway_id, dict(request.headers), request.body)
    except PaymentError as exc:
        return JsonResponse({"error": exc.message}, status=400)
    return JsonResponse({"received": delivery.event_id})

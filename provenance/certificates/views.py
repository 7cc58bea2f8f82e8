"""Public provenance endpoints: the item page a QR code opens, the issuer's DID document,
status lists, Asal's JSON-LD context, and printable tags. Plain Django views, thin over services.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from provenance.certificates import page_text
from provenance.certificates.claims import ownership_claim_attempt
from provenance.certificates.custody import custody_chain_verify
from provenance.certificates.error_codes import ProvenanceError
from provenance.certificates.models import OriginCertificate, StatusList
from provenance.certificates.selectors import CLAIM_TYPES, certificate_get_by_serial, unit_public_events
from provenance.certificates.status import status_list_credential_signed
from provenance.certificates.tags import tag_content, tag_pdf, tag_qr_svg
from provenance.certificates.verification import certificate_verify, did_document
from storefront.accounts.actor import Actor
from storefront.core.http import client_address

CONTEXT_FILE = Path(__file__).parent / "contexts" / "origin-v1.jsonld"
VC_MEDIA_TYPES = ("application/vc", "application/vc+ld+json", "application/ld+json")


def _wants_credential(request: HttpRequest) -> bool:
    if request.GET.get("format") == "vc":
        return True
    accept = request.headers.get("Accept", "")
    return any(media_type in accept for media_type in VC_MEDIA_TYPES)


def _language(request: HttpRequest) -> str:
    chosen = request.GET.get("lang") or request.POST.get("lang")
    if chosen in page_text.LANGUAGES:
        return chosen
    accept = request.headers.get("Accept-Language", "").lower()
    return "id" if accept.startswith("id") else "en"


@csrf_exempt  # a stateless public form; the claim secret itself is the credential
@require_http_methods(["GET", "POST"])
def item_page(request: HttpRequest, serial: str) -> HttpResponse:
    certificate = _certificate_or_404(serial)
    if request.method == "GET" and _wants_credential(request):
        response = HttpResponse(
            json.dumps(certificate.credential, ensure_ascii=False), content_type="application/vc"
        )
        response["Vary"] = "Accept"
        return response
    language = _language(request)
    claim_result = claim_error = None
    status = 200
    if request.method == "POST":
        try:
            claim_result = ownership_claim_attempt(
                serial=certificate.unit.serial,
                secret=request.POST.get("secret", ""),
                ip_address=client_address(request),
                actor=Actor.of(user=request.user),
                claimant_name=request.POST.get("name", ""),
                claimant_email=request.POST.get("email", ""),
                country=request.POST.get("country", ""),
            )
        except ProvenanceError as error:
            claim_error = page_text.error_message(error.code, language)
            status = 429 if error.code == "RATE_LIMITED" else 400
    report = certificate_verify(certificate.credential)
    unit = certificate.unit
    events = unit_public_events(unit=unit)
    context = {
        "t": page_text.TEXT[language],
        "language": language,
        "other_language": "id" if language == "en" else "en",
        "certificate": certificate,
        "subject": certificate.credential["credentialSubject"],
        "product_name": page_text.pick(certificate.credential["credentialSubject"]["productName"], language),
        "materials": [
            {"name": page_text.pick(m["name"], language), "origin_area": m.get("originArea", "")}
            for m in certificate.credential["credentialSubject"].get("materials", [])
        ],
        "techniques": [
            page_text.pick(t["name"], language)
            for t in certificate.credential["credentialSubject"].get("techniques", [])
        ],
        "report": report,
        "checks": [page_text.check_row(check, language) for check in report.checks],
        "verdict": page_text.verdict(report, language),
        "events": [page_text.event_row(event, language) for event in events],
        "claims": [page_text.event_row(e, language) for e in events if e.type in CLAIM_TYPES],
        "chain_ok": custody_chain_verify(unit=unit).ok,
        "claim_result": claim_result,
        "claim_error": claim_error,
        "shop_name": settings.SHOP_NAME,
    }
    return render(request, "provenance/item.html", context, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def item_page_gs1(request: HttpRequest, gtin: str, serial: str) -> HttpResponse:
    """The same page under its GS1 Digital Link path; the GTIN must be the piece's own."""
    certificate = certificate_get_by_serial(serial=serial)
    if certificate is None or not certificate.credential["credentialSubject"]["id"].endswith(
        f"/01/{gtin}/21/{certificate.unit.serial}"
    ):
        raise Http404("No certificate has this GTIN and serial.")
    return item_page(request, serial)


@require_GET
def did_json(_request: HttpRequest) -> JsonResponse:
    response = JsonResponse(did_document())
    response["Content-Type"] = "application/did+json"
    return response


@require_GET
def status_list_view(_request: HttpRequest, purpose: str, number: int) -> HttpResponse:
    status_list = StatusList.objects.filter(purpose=purpose, number=number).first()
    if status_list is None:
        raise Http404("No such status list.")
    credential = status_list_credential_signed(status_list=status_list)
    response = HttpResponse(json.dumps(credential), content_type="application/vc")
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def context_view(_request: HttpRequest) -> HttpResponse:
    response = HttpResponse(CONTEXT_FILE.read_bytes(), content_type="application/ld+json")
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _certificate_or_404(serial: str) -> OriginCertificate:
    certificate = certificate_get_by_serial(serial=serial)
    if certificate is None:
        raise Http404("No certificate has this serial.")
    return certificate


@require_GET
def tag_pdf_view(_request: HttpRequest, serial: str) -> HttpResponse:
    certificate = _certificate_or_404(serial)
    pdf = tag_pdf(tag_content(certificate=certificate, shop=settings.SHOP_NAME))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tag-{certificate.unit.serial}.pdf"'
    return response


@require_GET
def tag_qr_view(_request: HttpRequest, serial: str) -> HttpResponse:
    certificate = _certificate_or_404(serial)
    svg = tag_qr_svg(url=tag_content(certificate=certificate, shop=settings.SHOP_NAME).url)
    return HttpResponse(svg, content_type="image/svg+xml")

"""Public provenance endpoints: the item page a QR code opens, the issuer's DID document,
status lists, Asal's JSON-LD context, and printable tags. Plain Django views, thin over services.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from provenance.certificates import page_text
from provenance.certificates.claims import ownership_claim_attempt
from provenance.certificates.custody import custody_chain_verify
from provenance.certificates.error_codes import ProvenanceError
from provenance.certificates.keys import issuer_did
from provenance.certificates.models import OriginCertificate, StatusList
from provenance.certificates.page_checks import check_rows
from provenance.certificates.page_subject import subject_view
from provenance.certificates.selectors import (
    CLAIM_TYPES,
    certificate_get_by_serial,
    unit_claimable,
    unit_public_events,
)
from provenance.certificates.status import status_list_credential_signed
from provenance.certificates.tags import tag_content, tag_pdf, tag_qr_svg
from provenance.certificates.verification import certificate_verify, did_document, issuer_trust
from storefront.accounts.actor import Actor
from storefront.core.http import client_address

CONTEXT_FILE = Path(__file__).parent / "contexts" / "origin-v1.jsonld"
STYLESHEET_FILE = Path(__file__).parent / "templates" / "provenance" / "item.css"
VC_MEDIA_TYPES = ("application/vc", "application/vc+ld+json", "application/ld+json")
CLAIM_FIELDS = ("secret", "name", "email", "country", "lang")
# A refused claim's status: too many wrong secrets, or a claim that cannot happen (any more).
CLAIM_ERROR_STATUS = {"RATE_LIMITED": 429, "ALREADY_CLAIMED": 409, "NOT_CLAIMABLE": 409}


def _wants_credential(request: HttpRequest) -> bool:
    if request.GET.get("format") == "vc":
        return True
    accept = request.headers.get("Accept", "")
    return any(media_type in accept for media_type in VC_MEDIA_TYPES)


def _language(request: HttpRequest) -> str:
    chosen = request.GET.get("lang") or request.POST.get("lang")
    return page_text.language_from(chosen, request.headers.get("Accept-Language", ""))


def _public(response: HttpResponse) -> HttpResponse:
    # Browser-based verifiers on other sites fetch credentials, keys and status lists.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _unrecordable_field(request: HttpRequest) -> str | None:
    """The first claim field holding a NUL or other control character (PostgreSQL refuses NUL)."""
    for field in CLAIM_FIELDS:
        for value in request.POST.getlist(field):
            if any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in value):
                return field
    return None


@cache
def _stylesheet() -> tuple[bytes, str]:
    data = STYLESHEET_FILE.read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:12]


@csrf_exempt  # a stateless public form; the claim secret itself is the credential
@require_http_methods(["GET", "HEAD", "POST"])
def item_page(request: HttpRequest, serial: str) -> HttpResponse:
    certificate = certificate_get_by_serial(serial=serial)
    if certificate is None:
        return _not_found_page(request)
    if request.method in ("GET", "HEAD") and _wants_credential(request):
        response = HttpResponse(
            json.dumps(certificate.credential, ensure_ascii=False), content_type="application/vc"
        )
        patch_vary_headers(response, ("Accept",))
        return _public(response)
    language = _language(request)
    claim_result = claim_error = None
    status = 200
    if request.method == "POST":
        unrecordable = _unrecordable_field(request)
        if unrecordable is not None:
            claim_error, status = page_text.error_message("", language, unrecordable), 400
        else:
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
                claim_error = page_text.error_message(error.code, language, error.field)
                status = CLAIM_ERROR_STATUS.get(error.code, 400)
    report = certificate_verify(certificate.credential)
    unit = certificate.unit
    events = unit_public_events(unit=unit)
    credential = certificate.credential
    checks = check_rows(
        report.checks, language, credential=credential, own_issuer=report.issuer == issuer_did()
    )
    formal_checks = [check for check in checks if check["formal"]]
    context = {
        "t": page_text.TEXT[language],
        "language": language,
        "other_language": "id" if language == "en" else "en",
        "certificate": certificate,
        "subject": credential["credentialSubject"],
        "product_name": page_text.pick(credential["credentialSubject"]["productName"], language),
        **subject_view(credential["credentialSubject"], report, language),
        "report": report,
        "checks": checks,
        # Passed checks of the credential's form are folded under one line; the rest stay in view.
        "main_checks": [check for check in checks if not check["formal"]],
        "formal_checks": formal_checks,
        "formal_checks_title": page_text.TEXT[language]["more_checks"].format(count=len(formal_checks)),
        "verdict": page_text.verdict(report, language),
        # What verification decided, for the page to word: valid, unconfirmed, revoked, suspended,
        # untrusted_issuer or invalid; and whether the issuer is this cooperative, trusted or not.
        "verdict_code": str(report.verdict),
        "issuer_trust": str(issuer_trust(report.issuer)),
        "claimable": unit_claimable(unit=unit, certificate=certificate),
        "events": [page_text.event_row(event, language) for event in events],
        "claims": [page_text.event_row(e, language) for e in events if e.type in CLAIM_TYPES],
        "chain_ok": custody_chain_verify(unit=unit).ok,
        "claim_result": claim_result,
        "claim_error": claim_error,
        "shop_name": page_text.shop_title(settings.SHOP_NAME, language),
        "stylesheet_version": _stylesheet()[1],
    }
    response = render(request, "provenance/item.html", context, status=status)
    # One URL answers HTML or the credential, in English or Indonesian: caches must key on both.
    patch_vary_headers(response, ("Accept", "Accept-Language"))
    response["Content-Language"] = language
    if request.method == "POST":
        # A claim's answer may show the next secret, once: no browser or proxy may keep a copy.
        response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def item_page_gs1(request: HttpRequest, gtin: str, serial: str) -> HttpResponse:
    """The same page under its GS1 Digital Link path; the GTIN must be the piece's own."""
    certificate = certificate_get_by_serial(serial=serial)
    if certificate is None or not certificate.credential["credentialSubject"]["id"].endswith(
        f"/01/{gtin}/21/{certificate.unit.serial}"
    ):
        return _not_found_page(request)
    return item_page(request, serial)


def _not_found_page(request: HttpRequest) -> HttpResponse:
    """A mistyped serial gets a page in the reader's language saying what a serial looks like."""
    if _wants_credential(request):
        raise Http404("No certificate has this serial.")
    language = _language(request)
    context = {
        "t": page_text.TEXT[language],
        "language": language,
        "other_language": "id" if language == "en" else "en",
        "example": f"{settings.ASAL_SERIAL_PREFIX}-7K3M9-QX2HD",
        "shop_name": page_text.shop_title(settings.SHOP_NAME, language),
        "stylesheet_version": _stylesheet()[1],
    }
    response = render(request, "provenance/not_found.html", context, status=404)
    patch_vary_headers(response, ("Accept", "Accept-Language"))
    response["Content-Language"] = language
    return response


@require_safe
def did_json(_request: HttpRequest) -> HttpResponse:
    response = JsonResponse(did_document())
    response["Content-Type"] = "application/did+json"
    return _public(response)


@require_safe
def status_list_view(_request: HttpRequest, purpose: str, number: int) -> HttpResponse:
    status_list = StatusList.objects.filter(purpose=purpose, number=number).first()
    if status_list is None:
        raise Http404("No such status list.")
    credential = status_list_credential_signed(status_list=status_list)
    response = HttpResponse(json.dumps(credential), content_type="application/vc")
    response["Cache-Control"] = "public, max-age=60"
    return _public(response)


@require_safe
def context_view(_request: HttpRequest) -> HttpResponse:
    response = HttpResponse(CONTEXT_FILE.read_bytes(), content_type="application/ld+json")
    response["Cache-Control"] = "public, max-age=86400"
    return _public(response)


@require_safe
def stylesheet_view(_request: HttpRequest) -> HttpResponse:
    """The item page's stylesheet: a file, not inline styles, so a strict CSP holds."""
    data, _version = _stylesheet()
    response = HttpResponse(data, content_type="text/css; charset=utf-8")
    # The page links it with its digest as a query string, so a changed file is fetched anew.
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _certificate_or_404(serial: str) -> OriginCertificate:
    certificate = certificate_get_by_serial(serial=serial)
    if certificate is None:
        raise Http404("No certificate has this serial.")
    return certificate


@require_safe
def tag_pdf_view(request: HttpRequest, serial: str) -> HttpResponse:
    certificate = _certificate_or_404(serial)
    language = _language(request)
    pdf = tag_pdf(tag_content(certificate=certificate, shop=settings.SHOP_NAME, language=language))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tag-{certificate.unit.serial}.pdf"'
    response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language",))
    return response


@require_safe
def tag_qr_view(_request: HttpRequest, serial: str) -> HttpResponse:
    certificate = _certificate_or_404(serial)
    svg = tag_qr_svg(url=tag_content(certificate=certificate, shop=settings.SHOP_NAME).url)
    return HttpResponse(svg, content_type="image/svg+xml")

"""Issuing a fulfilment's export papers, and handing them to staff by short-lived URL.

``fulfillment_documents_issue`` renders the commercial invoice, the packing list and (when
certified units were packed) the certificate tags, stores them on ``storages["private"]`` and
records one ``FulfillmentDocument`` per kind, in one transaction under the fulfilment's row
lock. The first issue gives the invoice its number (``invoice_number_next``: gapless per year,
rolled back with the transaction) and its date (the invoice document's ``created_at``); issuing
again re-renders every paper from the order as it is now, replaces the files (the old ones are
deleted once the transaction commits) and keeps the number and the date. Files stored by a
transaction that rolls back are deleted (``atomic_with_stored_files``). Audited.

``fulfillment_document_url`` gives a URL that works for ``expires_seconds``: on S3 a presigned
GET of the object (the bucket refuses unsigned reads); on a local file system a URL of
``document_view`` carrying a signed, timestamped token (``django.core.signing``) naming the
document and its current file, so a token also dies when the paper is re-issued.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from provenance.certificates.stored_files import atomic_with_stored_files
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.orders.choices import FulfillmentDocumentKind, FulfillmentStatus
from storefront.orders.documents.builders import (
    certificate_tags_build,
    commercial_invoice_build,
    fulfillment_for_documents,
    packing_list_build,
)
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.invoices import invoice_number_next
from storefront.orders.models import Fulfillment, FulfillmentDocument
from storefront.orders.seller import seller_of_record_get

logger = logging.getLogger(__name__)

URL_SALT = "storefront.orders.documents.url"
MAX_URL_SECONDS = 3600
_NOT_ISSUED = (FulfillmentStatus.CANCELED,)


def document_file(document: FulfillmentDocument) -> FieldFile:
    """The document's file on ``storages["private"]`` as configured now.

    The model field resolves its storage once, when the models load; reading the alias at each
    use keeps a changed ``STORAGES`` (a test's S3 buckets) and this module in agreement.
    """
    field_file = document.file
    field_file.storage = storages["private"]
    return field_file


def _file_name(fulfillment: Fulfillment, kind: str) -> str:
    # No buyer's name in the key: object keys show up in logs and bucket listings.
    slug = kind.lower().replace("_", "-")
    return f"{fulfillment.order.number}-{fulfillment.fulfillment_order}-{slug}.pdf"


def fulfillment_documents_issue(*, fulfillment: Fulfillment, actor: Actor) -> list[FulfillmentDocument]:
    """Render and store the fulfilment's papers (see the module docstring); the documents by kind.

    Raises ``OrderError`` (``NOT_FOUND`` for a fulfilment that no longer exists, ``INVALID`` for
    a cancelled one or unreadable parcels); nothing is stored or numbered then.
    """
    old_names: list[str] = []
    with atomic_with_stored_files() as stored:
        locked = Fulfillment.objects.select_for_update(of=("self",)).filter(pk=fulfillment.pk).first()
        if locked is None:
            raise OrderError(OrderErrorCode.NOT_FOUND, "Couldn't resolve to a fulfillment.", field="id")
        if locked.status in _NOT_ISSUED:
            raise OrderError(
                OrderErrorCode.INVALID, "A canceled fulfillment has no export documents.", field="id"
            )
        existing = {document.kind: document for document in locked.documents.all()}
        now = timezone.now()
        invoice = existing.get(FulfillmentDocumentKind.COMMERCIAL_INVOICE)
        invoice_date = timezone.localdate(invoice.created_at if invoice is not None else now)
        numbered = not locked.invoice_number
        if numbered:
            locked.invoice_number = invoice_number_next(invoice_date.year)
            locked.save(update_fields=["invoice_number", "updated_at"])
        full = fulfillment_for_documents(locked.pk)
        seller = seller_of_record_get()
        # Imported here: the PDF stack (fpdf, fontTools, pypdf) is needed only to issue papers,
        # never by a storefront read, and would otherwise sit in every worker's memory.
        from storefront.orders.documents.render import (
            certificate_tags_pdf,
            commercial_invoice_pdf,
            packing_list_pdf,
        )

        papers: dict[str, bytes] = {
            FulfillmentDocumentKind.COMMERCIAL_INVOICE: commercial_invoice_pdf(
                commercial_invoice_build(fulfillment=full, seller=seller, invoice_date=invoice_date)
            ),
            FulfillmentDocumentKind.PACKING_LIST: packing_list_pdf(
                packing_list_build(fulfillment=full, seller=seller, date=timezone.localdate(now))
            ),
        }
        tags = certificate_tags_build(fulfillment=full)
        if tags:
            papers[FulfillmentDocumentKind.CERTIFICATE_TAGS] = certificate_tags_pdf(tags)

        documents = []
        for kind, content in papers.items():
            document = existing.get(kind) or FulfillmentDocument(
                fulfillment=locked, kind=kind, created_at=now
            )
            field_file = document_file(document)
            if field_file:
                old_names.append(str(field_file.name))
            stored.save(field_file, _file_name(full, kind), ContentFile(content))
            document.save()
            documents.append(document)
        # Tags of units no longer packed (a line changed since) go with their file.
        stale = [document for kind, document in existing.items() if kind not in papers]
        for document in stale:
            old_names.append(str(document.file.name))
            document.delete()
        audit_log_record(
            actor=actor,
            action="fulfillment.documents_issued",
            target=locked,
            payload={
                "order": full.order.number,
                "invoice_number": locked.invoice_number,
                "invoice_number_issued": numbered,
                "documents": {document.kind: document.file.name for document in documents},
                "replaced": sorted(old_names),
            },
        )
        storage = storages["private"]
        transaction.on_commit(lambda: _delete_quietly(storage, old_names))
    return sorted(documents, key=lambda document: document.kind)


def _delete_quietly(storage: Storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # a leftover old paper is harmless; the new one is committed
            logger.exception("Could not delete the replaced paper %s", name)


def fulfillment_documents_of(*, fulfillment: Fulfillment) -> list[FulfillmentDocument]:
    """The papers issued for ``fulfillment``, by kind."""
    return list(FulfillmentDocument.objects.filter(fulfillment=fulfillment).order_by("kind"))


def fulfillment_document_url(document: FulfillmentDocument, *, expires_seconds: int = 300) -> str:
    """A URL reading ``document``'s file for ``expires_seconds`` (1 to 3600), then refused."""
    if not 1 <= expires_seconds <= MAX_URL_SECONDS:
        raise ValueError(f"expires_seconds must be 1 to {MAX_URL_SECONDS}, not {expires_seconds}.")
    field_file = document_file(document)
    storage = field_file.storage
    if not isinstance(storage, FileSystemStorage):
        # django-storages' S3Storage signs a GET of the object valid for ``expire`` seconds.
        return str(storage.url(field_file.name, expire=expires_seconds))  # type: ignore[call-arg]
    token = signing.TimestampSigner(salt=URL_SALT).sign_object(
        {"d": document.pk, "n": document.file.name, "e": expires_seconds}, compress=True
    )
    return settings.PUBLIC_URL + reverse("fulfillment-document", args=[token])


def fulfillment_document_for_token(token: str) -> FulfillmentDocument | None:
    """The document a ``fulfillment_document_url`` token names, if it is genuine, fresh and current.

    ``None`` for a forged, altered or expired token, and for a paper re-issued or deleted since.
    """
    signer = signing.TimestampSigner(salt=URL_SALT)
    try:
        claims = signer.unsign_object(token)
        seconds = claims["e"]
        if not isinstance(seconds, int) or not 1 <= seconds <= MAX_URL_SECONDS:
            return None
        signer.unsign_object(token, max_age=datetime.timedelta(seconds=seconds))
        document_id, name = int(claims["d"]), str(claims["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    document = FulfillmentDocument.objects.filter(pk=document_id).first()
    if document is None or document.file.name != name:
        return None
    return document

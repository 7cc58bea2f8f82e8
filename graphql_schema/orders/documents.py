"""A fulfilment's export papers for staff: ``fulfillmentDocumentsIssue`` and ``fulfillmentDocuments``.

Both need ``MANAGE_ORDERS``. The mutation calls ``fulfillment_documents_issue`` (audited) and
the query lists what was issued; each ``ExportDocument.url`` is a short-lived presigned URL
(``fulfillment_document_url``, five minutes), made when the field is read, so a client asks
again rather than storing links. Added in Asal (Saleor has invoices, not export papers).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import graphql_enum, returns_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import from_global_id
from graphql_schema.orders.mutations import OrderError
from storefront.accounts.permissions import PermissionCode
from storefront.orders.choices import FulfillmentDocumentKind
from storefront.orders.documents.services import (
    fulfillment_document_url,
    fulfillment_documents_issue,
    fulfillment_documents_of,
)
from storefront.orders.error_codes import OrderError as OrderDomainError
from storefront.orders.error_codes import OrderErrorCode
from storefront.orders.models import Fulfillment as FulfillmentModel
from storefront.orders.models import FulfillmentDocument

_REQUIRES = "\n\nRequires one of the following permissions: MANAGE_ORDERS."
URL_SECONDS = 300

if TYPE_CHECKING:
    ExportDocumentKindEnum = FulfillmentDocumentKind
else:
    ExportDocumentKindEnum = graphql_enum(
        cast(Any, FulfillmentDocumentKind),
        name="ExportDocumentKindEnum",
        description="The export papers of a fulfillment. Added in Asal.",
    )


@strawberry.type(description="An export paper of a fulfillment, a PDF. Added in Asal.")
class ExportDocument:
    kind: ExportDocumentKindEnum = strawberry.field(description="Which paper this is.")
    created_at: datetime = strawberry.field(description="When the paper was first issued.")
    url: str | None = strawberry.field(
        description=f"A presigned URL of the PDF, valid for {URL_SECONDS // 60} minutes from this request."
    )


def _export_document(document: FulfillmentDocument) -> ExportDocument:
    return ExportDocument(
        kind=FulfillmentDocumentKind(document.kind),
        created_at=document.created_at,
        url=fulfillment_document_url(document, expires_seconds=URL_SECONDS),
    )


@strawberry.type(description="Issue (or issue again) the export papers of a fulfillment. Added in Asal.")
class FulfillmentDocumentsIssue:
    documents: list[ExportDocument] = strawberry.field(default_factory=list, description="The papers issued.")
    errors: list[OrderError] = strawberry.field(default_factory=list)


def _fulfillment_pk(global_id: str) -> uuid.UUID | None:
    try:
        type_name, pk = from_global_id(global_id)
        return uuid.UUID(pk) if type_name == "Fulfillment" else None
    except (GraphQLError, ValueError):
        return None


def _fulfillment_find(global_id: str) -> FulfillmentModel:
    pk = _fulfillment_pk(global_id)
    found = FulfillmentModel.objects.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise OrderDomainError(
            OrderErrorCode.NOT_FOUND, f"Couldn't resolve to a fulfillment: {global_id}", field="id"
        )
    return found


@strawberry.type
class FulfillmentDocumentQueries:
    @strawberry.field(
        description="The export papers issued for a fulfillment. Added in Asal." + _REQUIRES,
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    def fulfillment_documents(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the fulfillment.")],
    ) -> list[ExportDocument] | None:
        pk = _fulfillment_pk(id)
        fulfillment = FulfillmentModel.objects.filter(pk=pk).first() if pk is not None else None
        if fulfillment is None:
            return None
        return [_export_document(document) for document in fulfillment_documents_of(fulfillment=fulfillment)]


@strawberry.type
class FulfillmentDocumentMutations:
    @strawberry.mutation(
        description=(
            "Issue the export papers of a fulfillment (commercial invoice, packing list, certificate "
            "tags); issuing again replaces the files and keeps the invoice number. Added in Asal." + _REQUIRES
        ),
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    @returns_errors(FulfillmentDocumentsIssue, OrderError, OrderDomainError)
    def fulfillment_documents_issue(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the fulfillment.")],
    ) -> FulfillmentDocumentsIssue | None:
        documents = fulfillment_documents_issue(fulfillment=_fulfillment_find(id), actor=request_actor(info))
        return FulfillmentDocumentsIssue(documents=[_export_document(document) for document in documents])

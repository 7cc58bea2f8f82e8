"""Saleor's ``updateMetadata``, ``deleteMetadata``, ``updatePrivateMetadata`` and ``deletePrivateMetadata``.

Open to anyone at the root; each object decides (``metadata.py``: the registry and its rules).
An ID that names nothing, or a type whose metadata Asal does not store, is a ``MetadataError`` in
the payload (``NOT_FOUND``, ``INVALID``); a caller the object's rule refuses gets Saleor's
``PermissionDenied``. Keys and values are checked by ``storefront.core.metadata``; nothing is
written unless all of them pass.
"""

from __future__ import annotations

import binascii
import uuid
from base64 import b64decode
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graphql_schema.core.errors import graphql_enum, returns_errors
from graphql_schema.core.metadata import (
    MetadataInput,
    MetadataOwner,
    ObjectWithMetadata,
    check_metadata_access,
    metadata_owner,
    metadata_owners,
)
from storefront.core import metadata as services
from storefront.core.error_codes import MetadataError as MetadataDomainError
from storefront.core.error_codes import MetadataErrorCode

MetadataErrorCodeEnum = graphql_enum(MetadataErrorCode, name="MetadataErrorCode")
_DEPRECATED_ERRORS = "Use `errors` field instead."
_ID = "ID or token (for Order and Checkout) of an object to update."
_WARNING = (
    "\n\nWarning: never store sensitive information, including financial data such as credit card details."
)


ObjectId = Annotated[strawberry.ID, strawberry.argument(description=_ID)]
MetadataItems = Annotated[
    list[MetadataInput], strawberry.argument(description="Fields required to update the object's metadata.")
]
MetadataKeys = Annotated[list[str], strawberry.argument(description="Metadata keys to delete.")]


@strawberry.type
class MetadataError:
    field: str | None = strawberry.field(
        default=None,
        description=(
            "Name of a field that caused the error. A value of `null` indicates that the error isn't "
            "associated with a particular field."
        ),
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: Any = strawberry.field(graphql_type=MetadataErrorCodeEnum, description="The error code.")


@strawberry.type
class _MetadataPayload:
    errors: list[MetadataError] = strawberry.field(default_factory=list)
    item: ObjectWithMetadata | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def metadata_errors(self) -> list[MetadataError]:
        return self.errors


@strawberry.type(description="Updates metadata of an object.")
class UpdateMetadata(_MetadataPayload):
    pass


@strawberry.type(description="Delete metadata of an object.")
class DeleteMetadata(_MetadataPayload):
    pass


@strawberry.type(description="Updates private metadata of an object.")
class UpdatePrivateMetadata(_MetadataPayload):
    pass


@strawberry.type(description="Delete object's private metadata.")
class DeletePrivateMetadata(_MetadataPayload):
    pass


def _not_found(object_id: str) -> MetadataDomainError:
    return MetadataDomainError(
        MetadataErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {object_id[:100]}", field="id"
    )


def _decoded(object_id: str) -> tuple[str, str] | None:
    try:
        type_name, sep, key = b64decode(object_id, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return (type_name, key) if sep and type_name and key else None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _find(object_id: str) -> tuple[MetadataOwner, Any]:
    """The object ``object_id`` names (a global ID, or a checkout's or order's token)."""
    candidates: list[tuple[MetadataOwner, str]] = []
    decoded = _decoded(object_id)
    if decoded is not None:
        owner = metadata_owner(decoded[0])
        if owner is None:
            raise MetadataDomainError(
                MetadataErrorCode.INVALID,
                f"Asal keeps no metadata for {decoded[0][:100]} objects.",
                field="id",
            )
        candidates.append((owner, decoded[1]))
    elif _is_uuid(object_id):
        candidates += [(owner, object_id) for owner in metadata_owners() if owner.by_token]
    for owner, key in candidates:
        instance = owner.find(key)
        if instance is not None:
            return owner, instance
    raise _not_found(object_id)


def _target(info: Info, object_id: str, *, private: bool) -> tuple[MetadataOwner, Any]:
    owner, instance = _find(object_id)
    if not owner.visible(info, instance):
        raise _not_found(object_id)
    check_metadata_access(info, owner.private if private else owner.public_write, instance)
    return owner, instance


def _items(values: list[MetadataInput]) -> list[tuple[str, str]]:
    return [(item.key, item.value) for item in values]


@strawberry.type
class MetadataMutations:
    @strawberry.mutation(
        description=(
            "Updates metadata of an object. Requires permissions to modify and to read the metadata of the "
            "object it's attached to." + _WARNING
        )
    )
    @returns_errors(UpdateMetadata, MetadataError, MetadataDomainError)
    def update_metadata(
        self,
        info: Info,
        id: ObjectId,
        input: MetadataItems,
    ) -> UpdateMetadata | None:
        owner, instance = _target(info, id, private=False)
        services.metadata_update(instance=instance, items=_items(input))
        return UpdateMetadata(item=owner.root_of(info, instance))

    @strawberry.mutation(
        description=(
            "Delete metadata of an object. To use it, you need to have access to the modified object."
        )
    )
    @returns_errors(DeleteMetadata, MetadataError, MetadataDomainError)
    def delete_metadata(
        self,
        info: Info,
        id: ObjectId,
        keys: MetadataKeys,
    ) -> DeleteMetadata | None:
        owner, instance = _target(info, id, private=False)
        services.metadata_delete(instance=instance, keys=keys)
        return DeleteMetadata(item=owner.root_of(info, instance))

    @strawberry.mutation(
        description=(
            "Updates private metadata of an object. Requires permissions to modify and to read the "
            "metadata of the object it's attached to." + _WARNING
        )
    )
    @returns_errors(UpdatePrivateMetadata, MetadataError, MetadataDomainError)
    def update_private_metadata(
        self,
        info: Info,
        id: ObjectId,
        input: MetadataItems,
    ) -> UpdatePrivateMetadata | None:
        owner, instance = _target(info, id, private=True)
        services.metadata_update(instance=instance, items=_items(input), private=True)
        return UpdatePrivateMetadata(item=owner.root_of(info, instance))

    @strawberry.mutation(
        description=(
            "Delete object's private metadata. To use it, you need to be an authenticated staff user or "
            "an app and have access to the modified object."
        )
    )
    @returns_errors(DeletePrivateMetadata, MetadataError, MetadataDomainError)
    def delete_private_metadata(
        self,
        info: Info,
        id: ObjectId,
        keys: MetadataKeys,
    ) -> DeletePrivateMetadata | None:
        owner, instance = _target(info, id, private=True)
        services.metadata_delete(instance=instance, keys=keys, private=True)
        return DeletePrivateMetadata(item=owner.root_of(info, instance))

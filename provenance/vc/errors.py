"""The expected failures of the credential core.

Malformed input (a key that is not a Multikey, a DID this code cannot resolve, a
document that cannot be canonicalised) is data the caller shows, not a bug, so
it is a ``DomainError`` with a code from ``VcErrorCode``. A credential whose
signature does not match is not an error at all: verification returns a report.
"""

from __future__ import annotations

from enum import StrEnum

from storefront.core.errors import DomainError


class VcErrorCode(StrEnum):
    INVALID_JSON = "invalid_json"
    NOT_CANONICALIZABLE = "not_canonicalizable"
    INVALID_MULTIBASE = "invalid_multibase"
    INVALID_MULTIKEY = "invalid_multikey"
    INVALID_DID = "invalid_did"
    UNSUPPORTED_DID_METHOD = "unsupported_did_method"
    INVALID_PROOF_OPTIONS = "invalid_proof_options"
    INVALID_STATUS_LIST = "invalid_status_list"
    STATUS_LIST_FULL = "status_list_full"
    INVALID_DATETIME = "invalid_datetime"


class VcError(DomainError):
    """A credential, key, DID or status list that cannot be processed as given."""

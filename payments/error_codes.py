"""Payment error codes: Saleor's ``TransactionInitializeErrorCode`` values, plus one for set-up.

``IMPROPERLY_CONFIGURED`` is never shown to a buyer: it is raised while the gateways listed in
settings are loaded (an unknown class, a duplicated id), before any request is served.
"""

from enum import StrEnum

from storefront.core.errors import DomainError


class PaymentErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    UNIQUE = "UNIQUE"
    IMPROPERLY_CONFIGURED = "IMPROPERLY_CONFIGURED"


class PaymentError(DomainError):
    """An expected payment failure: bad gateway data, a wrong amount or currency, a bad gateway list."""

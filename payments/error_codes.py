"""Payment error codes: Saleor's ``TransactionInitializeErrorCode`` values, raised as ``PaymentError``.

A gateway list that cannot be loaded (an unknown class, a duplicated id) is not a buyer's error but
a deployment's: ``GatewayConfigurationError``, raised before any request is served.
"""

from enum import StrEnum

from storefront.core.errors import DomainError


class TransactionInitializeErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    UNIQUE = "UNIQUE"
    CHECKOUT_COMPLETION_IN_PROGRESS = "CHECKOUT_COMPLETION_IN_PROGRESS"


class PaymentError(DomainError):
    """An expected payment failure: bad gateway data, a wrong amount or currency, a bad gateway list."""


class GatewayConfigurationError(Exception):
    """``PAYMENT_GATEWAYS`` names a class that cannot be loaded, has no id, or repeats an id."""


class TransactionProcessErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    TRANSACTION_ALREADY_PROCESSED = "TRANSACTION_ALREADY_PROCESSED"
    MISSING_PAYMENT_APP_RELATION = "MISSING_PAYMENT_APP_RELATION"
    MISSING_PAYMENT_APP = "MISSING_PAYMENT_APP"
    CHECKOUT_COMPLETION_IN_PROGRESS = "CHECKOUT_COMPLETION_IN_PROGRESS"


class TransactionRequestActionErrorCode(StrEnum):
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"
    MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK = "MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK"


class PaymentGatewayInitializeErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"

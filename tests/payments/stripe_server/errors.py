"""Stripe's error replies: ``{"error": {"type", "code", "message", "param", ...}}`` and a status."""

from __future__ import annotations

from typing import Any


class StripeApiError(Exception):
    """A request the server refuses, answered in Stripe's JSON error shape and status code."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error: dict[str, Any] = {"type": type, "message": message, **extra}
        if code:
            self.error["code"] = code
            self.error["doc_url"] = f"https://docs.stripe.com/error-codes/{code.replace('_', '-')}"
        if param:
            self.error["param"] = param

    def body(self) -> dict[str, Any]:
        return {"error": self.error}


def not_found(kind: str, object_id: str, param: str = "id") -> StripeApiError:
    return StripeApiError(404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)


def unexpected_state(message: str) -> StripeApiError:
    return StripeApiError(400, message, code="payment_intent_unexpected_state")

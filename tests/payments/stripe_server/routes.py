"""The REST paths the server answers: one function per route, Stripe's parameters checked as Stripe
checks them (unknown ones refused), objects rendered with the ``expand`` paths asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.payments.stripe_server.errors import StripeApiError
from tests.payments.stripe_server.forms import check_known, parse_bool, parse_int

if TYPE_CHECKING:
    from tests.payments.stripe_server.server import StripeServer

Handler = Callable[["StripeServer", dict[str, Any], re.Match[str]], tuple[int, dict[str, Any]]]


def _expand_paths(params: dict[str, Any]) -> list[str]:
    expand = params.get("expand") or []
    return expand if isinstance(expand, list) else [expand]


# -- routes -----------------------------------------------------------------------------------

PI_CREATE = {
    "amount",
    "currency",
    "automatic_payment_methods",
    "capture_method",
    "metadata",
    "receipt_email",
    "description",
    "payment_method",
    "confirm",
    "expand",
}


def _create_payment_intent(
    server: StripeServer, params: dict[str, Any], _: re.Match[str]
) -> tuple[int, dict]:
    check_known(params, PI_CREATE)
    check_known(params.get("automatic_payment_methods") or {}, {"enabled", "allow_redirects"})
    amount = parse_int(params, "amount", required=True)
    assert amount is not None
    pi = server.ledger.create_payment_intent(params, amount)
    if "confirm" in params and parse_bool(params["confirm"], "confirm"):
        pi = server.ledger.confirm(pi["id"], params.get("payment_method"))
    return 200, server.ledger.render(pi, _expand_paths(params))


def _retrieve_payment_intent(
    server: StripeServer, params: dict[str, Any], match: re.Match[str]
) -> tuple[int, dict]:
    check_known(params, {"expand", "client_secret"})
    return 200, server.ledger.render(
        server.ledger.get(match["id"], "payment_intent", "intent"), _expand_paths(params)
    )


def _confirm(server: StripeServer, params: dict[str, Any], match: re.Match[str]) -> tuple[int, dict]:
    check_known(params, {"payment_method", "return_url", "expand", "client_secret", "receipt_email"})
    pi = server.ledger.confirm(match["id"], params.get("payment_method"))
    return 200, server.ledger.render(pi, _expand_paths(params))


def _capture(server: StripeServer, params: dict[str, Any], match: re.Match[str]) -> tuple[int, dict]:
    check_known(params, {"amount_to_capture", "expand", "metadata", "final_capture"})
    pi = server.ledger.capture(match["id"], parse_int(params, "amount_to_capture"))
    return 200, server.ledger.render(pi, _expand_paths(params))


def _cancel(server: StripeServer, params: dict[str, Any], match: re.Match[str]) -> tuple[int, dict]:
    check_known(params, {"cancellation_reason", "expand"})
    pi = server.ledger.cancel(match["id"], params.get("cancellation_reason"))
    return 200, server.ledger.render(pi, _expand_paths(params))


def _create_refund(server: StripeServer, params: dict[str, Any], _: re.Match[str]) -> tuple[int, dict]:
    check_known(params, {"payment_intent", "charge", "amount", "metadata", "reason", "expand"})
    pi_id = params.get("payment_intent")
    if pi_id is None and params.get("charge"):
        pi_id = server.ledger.get(params["charge"], "charge", "charge")["payment_intent"]
    if not pi_id:
        raise StripeApiError(
            400, "One of `charge` or `payment_intent` is required.", code="parameter_missing"
        )
    refund = server.ledger.create_refund(pi_id, parse_int(params, "amount"), params.get("metadata") or {})
    return 200, server.ledger.render(refund, _expand_paths(params))


def _lister(kind: str) -> Handler:
    def handler(server: StripeServer, params: dict[str, Any], match: re.Match[str]) -> tuple[int, dict]:
        check_known(
            params, {"payment_intent", "charge", "limit", "starting_after", "ending_before", "expand"}
        )
        limit = parse_int(params, "limit") or 10
        match_fields = {name: params[name] for name in ("payment_intent", "charge") if name in params}
        found = server.ledger.of_kind(kind, **match_fields)
        listing = {
            "object": "list",
            "data": [server.ledger.render(obj, []) for obj in found[:limit]],
            "has_more": len(found) > limit,
            "url": match.group(0),
        }
        for path in _expand_paths(params):
            server.ledger.expand_path(listing, path.split("."))
        return 200, listing

    return handler


def _retriever(kind: str) -> Handler:
    def handler(server: StripeServer, params: dict[str, Any], match: re.Match[str]) -> tuple[int, dict]:
        check_known(params, {"expand"})
        return 200, server.ledger.render(server.ledger.get(match["id"], kind), _expand_paths(params))

    return handler


ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", r"/v1/payment_intents", _create_payment_intent),
    ("GET", r"/v1/payment_intents/(?P<id>[^/]+)", _retrieve_payment_intent),
    ("POST", r"/v1/payment_intents/(?P<id>[^/]+)/confirm", _confirm),
    ("POST", r"/v1/payment_intents/(?P<id>[^/]+)/capture", _capture),
    ("POST", r"/v1/payment_intents/(?P<id>[^/]+)/cancel", _cancel),
    ("POST", r"/v1/refunds", _create_refund),
    ("GET", r"/v1/refunds", _lister("refund")),
    ("GET", r"/v1/refunds/(?P<id>[^/]+)", _retriever("refund")),
    ("GET", r"/v1/charges/(?P<id>[^/]+)", _retriever("charge")),
    ("GET", r"/v1/balance_transactions/(?P<id>[^/]+)", _retriever("balance_transaction")),
    ("GET", r"/v1/disputes", _lister("dispute")),
    ("GET", r"/v1/disputes/(?P<id>[^/]+)", _retriever("dispute")),
]
# Routes the browser may call with the publishable key and the PaymentIntent's client secret.
CLIENT_SECRET_ROUTES = {r"/v1/payment_intents/(?P<id>[^/]+)", r"/v1/payment_intents/(?P<id>[^/]+)/confirm"}


def route_name(pattern: str) -> str:
    """``/v1/payment_intents/{id}/capture``: how tests name a route when counting requests."""
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern)

"""A local HTTP server that answers the Stripe REST paths the gateway uses, in Stripe's shapes.

It runs in a thread on a free port. Like Stripe it checks the bearer key (the publishable key
with the client secret is enough to confirm, as Stripe.js does), refuses unknown parameters,
answers errors in Stripe's JSON shape and status codes (402 for a declined card), and honours
``Idempotency-Key``: the same key with the same parameters replays the first answer (and changes
nothing), the same key with other parameters is a 400 ``idempotency_error``. Requests are
handled one at a time (Stripe answers a concurrent request with an in-flight key with a 409;
serialising gives the replay instead, which is what the client sees once it has retried).

Tests drive the other side through methods: confirm as the browser would (``confirm``,
``browser_confirm``), pass or fail 3-D Secure, clear a processing debit, settle a pending refund,
open or close a dispute; build and sign webhooks the way Stripe signs them; go ``down()``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tests.payments.stripe_server.errors import StripeApiError
from tests.payments.stripe_server.forms import check_known, decode, parse_bool, parse_int
from tests.payments.stripe_server.ledger import Ledger, SettlementConfig, new_id, public

TEST_SECRET_KEY = "sk_test_asal_4eC39HqLyjWDarjtT1zdp7dc"
TEST_PUBLISHABLE_KEY = "pk_test_asal_TYooMQauvdEDq54NiTphI7jx"
TEST_WEBHOOK_SECRET = "whsec_asal_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e"

Handler = Callable[["StripeServer", dict[str, Any], re.Match[str]], tuple[int, dict[str, Any]]]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    route: str
    params: dict[str, Any]
    idempotency_key: str | None
    stripe_version: str | None
    status: int
    replayed: bool


def _expand(params: dict[str, Any]) -> list[str]:
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
    return 200, server.ledger.render(pi, _expand(params))


def _retrieve_payment_intent(
    server: StripeServer, params: dict[str, Any], match: re.Match[str]
) -> tuple[int, dict]:
    check_known(params, {"expand", "client_secret"})
    return 200, server.ledger.render(
        server.ledger.get(match["id"], "payment_intent", "intent"), _expand(params)
    )


def _confirm(server: StripeServer, params: dict[str, Any], match: re.Match[str]) -> tuple[int, dict]:
    check_known(params, {"payment_method", "return_url", "expand", "client_secret", "receipt_email"})
    pi = server.ledger.confirm(match["id"], params.get("payment_method"))
    return 200, server.ledger.render(pi, _expand(params))


def _capture(server: StripeServer, params: dict[str, Any], match: re.Match[str]) -> tuple[int, dict]:
    check_known(params, {"amount_to_capture", "expand", "metadata", "final_capture"})
    pi = server.ledger.capture(match["id"], parse_int(params, "amount_to_capture"))
    return 200, server.ledger.render(pi, _expand(params))


def _cancel(server: StripeServer, params: dict[str, Any], match: re.Match[str]) -> tuple[int, dict]:
    check_known(params, {"cancellation_reason", "expand"})
    pi = server.ledger.cancel(match["id"], params.get("cancellation_reason"))
    return 200, server.ledger.render(pi, _expand(params))


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
    return 200, server.ledger.render(refund, _expand(params))


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
        for path in _expand(params):
            server.ledger._expand(listing, path.split("."))
        return 200, listing

    return handler


def _retriever(kind: str) -> Handler:
    def handler(server: StripeServer, params: dict[str, Any], match: re.Match[str]) -> tuple[int, dict]:
        check_known(params, {"expand"})
        return 200, server.ledger.render(server.ledger.get(match["id"], kind), _expand(params))

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


class _RequestHandler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read ``StripeServer.requests`` instead."""

    def do_GET(self) -> None:
        self.server.app._handle(self)

    def do_POST(self) -> None:
        self.server.app._handle(self)

    def do_DELETE(self) -> None:
        self.server.app._handle(self)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    app: StripeServer


class StripeServer:
    """The Stripe-shaped server; ``start()`` it, point ``STRIPE_API_BASE`` at ``url``."""

    def __init__(
        self,
        *,
        secret_key: str = TEST_SECRET_KEY,
        publishable_key: str = TEST_PUBLISHABLE_KEY,
        webhook_secret: str = TEST_WEBHOOK_SECRET,
        settlement: SettlementConfig | None = None,
    ) -> None:
        self.secret_key = secret_key
        self.publishable_key = publishable_key
        self.webhook_secret = webhook_secret
        self.ledger = Ledger(settlement or SettlementConfig())
        self.requests: list[RecordedRequest] = []
        self._idempotent: dict[str, tuple[tuple[str, str, str], int, bytes]] = {}
        self._lock = threading.RLock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def settlement(self) -> SettlementConfig:
        return self.ledger.settlement

    def start(self) -> StripeServer:
        httpd = _HTTPServer(("127.0.0.1", self.port), _RequestHandler)
        httpd.app = self
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            # A short poll interval: shutdown() waits for it, once per test.
            target=httpd.serve_forever,
            args=(0.02,),
            name=f"stripe-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @contextmanager
    def down(self) -> Iterator[None]:
        """Stripe unreachable: the port refuses connections inside the block, then serves again."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    # -- HTTP -------------------------------------------------------------------------------

    def _authorised(
        self, key: str | None, pattern: str, params: dict[str, Any], match: re.Match[str]
    ) -> None:
        if key is None:
            raise StripeApiError(
                401,
                "You did not provide an API key. You need to provide your API key in the Authorization "
                "header.",
            )
        if key == self.secret_key:
            return
        if key == self.publishable_key and pattern in CLIENT_SECRET_ROUTES:
            pi = self.ledger.objects.get(match["id"])
            if pi is not None and params.get("client_secret") == pi.get("client_secret"):
                return
            raise StripeApiError(
                404, f"No such payment_intent: '{match['id']}'", code="resource_missing", param="intent"
            )
        masked = f"{key[:8]}{'*' * 4}{key[-4:]}" if len(key) > 12 else "****"
        raise StripeApiError(401, f"Invalid API Key provided: {masked}")

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length).decode("utf-8") if length else ""
        auth = request.headers.get("Authorization") or ""
        key = auth[len("Bearer ") :] if auth.startswith("Bearer ") else None
        idempotency_key = request.headers.get("Idempotency-Key") if request.command == "POST" else None
        version = request.headers.get("Stripe-Version")
        route = "?"
        replayed = False
        params: dict[str, Any] = {}
        with self._lock:
            try:
                params = decode(body if request.command == "POST" else parts.query)
                for method, pattern, handler in ROUTES:
                    match = re.fullmatch(pattern, parts.path)
                    if match and method == request.command:
                        route = route_name(pattern)
                        break
                else:
                    raise StripeApiError(
                        404, f"Unrecognized request URL ({request.command}: {parts.path}).", param=None
                    )
                self._authorised(key, pattern, params, match)
                fingerprint = (request.command, parts.path, json.dumps(params, sort_keys=True))
                stored = self._idempotent.get(idempotency_key) if idempotency_key else None
                if stored is not None:
                    if stored[0] != fingerprint:
                        raise StripeApiError(
                            400,
                            "Keys for idempotent requests can only be used with the same parameters they "
                            f"were first used with. Try using a key other than '{idempotency_key}' if you "
                            "meant to execute a different request.",
                            type="idempotency_error",
                        )
                    status, payload, replayed = stored[1], stored[2], True
                else:
                    try:
                        status, result = handler(self, params, match)
                    except StripeApiError as exc:
                        if exc.status != 402:  # a refused request leaves no idempotent result
                            raise
                        status, result = exc.status, exc.body()
                    payload = json.dumps(result).encode()
                    if idempotency_key:
                        self._idempotent[idempotency_key] = (fingerprint, status, payload)
            except StripeApiError as exc:
                status, payload = exc.status, json.dumps(exc.body()).encode()
            self.requests.append(
                RecordedRequest(
                    request.command, parts.path, route, params, idempotency_key, version, status, replayed
                )
            )
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(payload)))
        request.send_header("Request-Id", new_id("req"))
        if idempotency_key:
            request.send_header("Idempotency-Key", idempotency_key)
            if replayed:
                request.send_header("Idempotent-Replayed", "true")
        request.end_headers()
        request.wfile.write(payload)

    def count(self, method: str, route: str) -> int:
        """How many requests hit ``route`` (``/v1/payment_intents/{id}/capture``), replays included."""
        return Counter((r.method, r.route) for r in self.requests)[(method, route)]

    # -- the browser and the rest of the world ----------------------------------------------

    def _pi_id(self, payment_intent: str) -> str:
        """A PaymentIntent id, also from its client secret (all the browser holds)."""
        return payment_intent.split("_secret_")[0]

    def payment_intent(self, payment_intent: str) -> dict[str, Any]:
        with self._lock:
            return public(self.ledger.get(self._pi_id(payment_intent), "payment_intent"))

    def payment_intents(self) -> list[dict[str, Any]]:
        with self._lock:
            return [public(pi) for pi in self.ledger.of_kind("payment_intent")]

    def confirm(self, payment_intent: str, payment_method: str = "pm_card_visa") -> dict[str, Any]:
        """Stripe.js confirming with a test PaymentMethod; a decline leaves the PaymentIntent
        in ``requires_payment_method`` with its ``last_payment_error`` (returned, not raised)."""
        with self._lock:
            pi_id = self._pi_id(payment_intent)
            try:
                return public(self.ledger.confirm(pi_id, payment_method))
            except StripeApiError as exc:
                if exc.status != 402:
                    raise
                return public(self.ledger.get(pi_id, "payment_intent"))

    def browser_confirm(self, client_secret: str, payment_method: str = "pm_card_visa") -> tuple[int, dict]:
        """The same over HTTP with only the publishable key and the client secret, as a browser."""
        pi_id = self._pi_id(client_secret)
        data = f"payment_method={payment_method}&client_secret={client_secret}".encode()
        request = urllib.request.Request(
            f"{self.url}/v1/payment_intents/{pi_id}/confirm",
            data=data,
            headers={"Authorization": f"Bearer {self.publishable_key}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def _call(self, method: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any) -> dict[str, Any]:
        with self._lock:
            return public(method(*args, **kwargs))

    def complete_authentication(self, payment_intent: str, *, succeed: bool = True) -> dict[str, Any]:
        return self._call(self.ledger.complete_authentication, self._pi_id(payment_intent), succeed=succeed)

    def complete_processing(self, payment_intent: str, *, succeed: bool = True) -> dict[str, Any]:
        return self._call(self.ledger.complete_processing, self._pi_id(payment_intent), succeed=succeed)

    def settle_refund(self, refund_id: str, status: str) -> dict[str, Any]:
        return self._call(self.ledger.settle_refund, refund_id, status)

    def open_dispute(
        self, payment_intent: str, amount: int | None = None, reason: str = "fraudulent"
    ) -> dict:
        return self._call(self.ledger.open_dispute, self._pi_id(payment_intent), amount, reason)

    def close_dispute(self, dispute_id: str, *, won: bool) -> dict[str, Any]:
        return self._call(self.ledger.close_dispute, dispute_id, won=won)

    def get(self, object_id: str) -> dict[str, Any]:
        """Any object by id, as stored (dispute balance transactions as ids)."""
        with self._lock:
            return public(self.ledger.objects[object_id])

    # -- webhooks ---------------------------------------------------------------------------

    @property
    def events(self) -> list[dict[str, Any]]:
        """Every event Stripe would have sent, oldest first, each with its object's snapshot then."""
        with self._lock:
            return list(self.ledger.events)

    def events_of(self, event_type: str) -> list[dict[str, Any]]:
        return [event for event in self.events if event["type"] == event_type]

    def event(self, event_type: str, object_id: str) -> dict[str, Any]:
        """A new event about ``object_id`` as it is now (not added to ``events``)."""
        with self._lock:
            return self.ledger.build_event(event_type, self.ledger.objects[object_id])

    def signed(
        self, event: dict[str, Any], *, secret: str | None = None, timestamp: int | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """The webhook request Stripe would send: the body and its ``Stripe-Signature`` header
        (``t=<unix time>,v1=<HMAC-SHA256 of "t.body" with the endpoint's secret>``)."""
        body = json.dumps(event, indent=2).encode()
        stamp = int(time.time()) if timestamp is None else timestamp
        signature = hmac.new(
            (secret or self.webhook_secret).encode(), f"{stamp}.".encode() + body, hashlib.sha256
        ).hexdigest()
        return body, {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": f"t={stamp},v1={signature}",
        }

    def send_webhook(self, url: str, event: dict[str, Any], **signing: Any) -> int:
        """POST ``event``, signed, to ``url`` (a live server); the HTTP status it answered."""
        body, headers = self.signed(event, **signing)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

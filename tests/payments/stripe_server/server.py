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
from tests.payments.stripe_server.forms import decode
from tests.payments.stripe_server.ledger import Ledger
from tests.payments.stripe_server.routes import CLIENT_SECRET_ROUTES, ROUTES, route_name
from tests.payments.stripe_server.store import SettlementConfig, new_id, public

TEST_SECRET_KEY = "sk_test_asal_4eC39HqLyjWDarjtT1zdp7dc"
TEST_PUBLISHABLE_KEY = "pk_test_asal_TYooMQauvdEDq54NiTphI7jx"
TEST_WEBHOOK_SECRET = "whsec_asal_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e"


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

    def cancel(self, payment_intent: str, reason: str | None = None) -> dict[str, Any]:
        """The PaymentIntent canceled from elsewhere (the Dashboard, an expiry)."""
        return self._call(self.ledger.cancel, self._pi_id(payment_intent), reason)

    def refund(self, payment_intent: str, amount: int | None = None) -> dict[str, Any]:
        """A refund made from elsewhere (the Dashboard): ``amount`` in minor units, default all."""
        return self._call(self.ledger.create_refund, self._pi_id(payment_intent), amount, {})

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

    def events_about(self, payment_intent: str) -> list[dict[str, Any]]:
        """Every event about one payment (the PaymentIntent, its charges, refunds and disputes)."""
        pi_id = self._pi_id(payment_intent)
        return [
            event
            for event in self.events
            if pi_id in (event["data"]["object"].get("id"), event["data"]["object"].get("payment_intent"))
        ]

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

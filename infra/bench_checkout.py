"""``make bench``'s guest checkout: the storefront's own mutations, one buyer and eight at once.

Each flow is what Saleor's storefront sends for a guest who buys one piece and ships it to
Berlin: ``CartOpen`` (checkoutCreate), ``CartAddOne`` (checkoutLinesAdd), ``CheckoutSetEmail``,
``CheckoutShipTo``, ``CheckoutBillTo``, ``CheckoutDeliveryOptions`` (deliveryOptionsCalculate),
``CheckoutChooseDelivery`` (the cheapest method offered) and ``CheckoutPlaceOrder``
(checkoutComplete), with the documents of ``tests/graphql/storefront_documents/`` (the suite
proves them valid and runs them). The paid flow pays before placing the order as the storefront
pays with Saleor's dummy gateway: ``PaymentGatewaysStart`` (paymentGatewayInitialize) and
``PaymentStart`` (transactionInitialize for the checkout's gross total, asking for
``CHARGE_SUCCESS``); the unpaid flow places the order unpaid (its channel allows unpaid orders).

It runs on the benchmark database of ``infra.bench`` (the generated catalogue, with the demo's
shipping zones, tax table and import-VAT schemes added), counts SQL statements per step in-process,
then times the flows against the server as production runs it (``infra.serve``): p50/p95 per step
and end to end, at concurrency 1 and 8. Targets (reported, not asserted): end to end p50 <= 150 ms
and <= 40 SQL statements per flow. Options: ``python -m infra.bench_checkout --help``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from infra.bench import (
    CHANNEL,
    DEFAULT_DATABASE_URL,
    _database_ensure,
    _free_port,
    _percentile,
    _prepare,
    _server_start,
    _server_stop,
    server_arguments,
    server_description,
    size_database_url,
)
from infra.bench_documents import document_text

LANGUAGE = "EN"
BERLIN = {
    "firstName": "Anna",
    "lastName": "Schmidt",
    "streetAddress1": "Invalidenstraße 117",
    "city": "Berlin",
    "postalCode": "10115",
    "country": "DE",
    "phone": "+49 30 1234567",
}
STEPS = (
    "CartOpen",
    "CartAddOne",
    "CheckoutSetEmail",
    "CheckoutShipTo",
    "CheckoutBillTo",
    "CheckoutDeliveryOptions",
    "CheckoutChooseDelivery",
    "CheckoutPlaceOrder",
)
PAYMENT_STEPS = ("PaymentGatewaysStart", "PaymentStart")
PAID_STEPS = (*STEPS[:-1], *PAYMENT_STEPS, STEPS[-1])
KINDS = {"unpaid": STEPS, "paid": PAID_STEPS}
DUMMY_GATEWAY = "saleor.io.dummy-payment-app"
Send = Callable[[str, dict[str, Any]], dict[str, Any]]


class FlowError(Exception):
    """A step answered with errors: the flow stops there and is counted as failed."""


def _payload(body: dict[str, Any], step: str) -> dict[str, Any]:
    if body.get("errors"):
        raise FlowError(f"{step}: {json.dumps(body['errors'])[:300]}")
    data = body.get("data") or {}
    payload = next(iter(data.values()), None) or {}
    if payload.get("errors"):
        raise FlowError(f"{step}: {json.dumps(payload['errors'])[:300]}")
    return payload


def _cheapest_method(payload: dict[str, Any]) -> str:
    methods = [
        delivery["shippingMethod"]
        for delivery in payload.get("deliveries") or []
        if delivery.get("shippingMethod")
    ]
    if not methods:
        raise FlowError("CheckoutDeliveryOptions: the checkout offers no shipping method to Berlin")
    return str(min(methods, key=lambda method: method["price"]["amount"])["id"])


def flow(send: Send, variant_id: str, email: str, *, paid: bool = False) -> dict[str, float]:
    """One guest purchase through ``send(operation, variables)``; seconds per step. ``paid``: pay the
    checkout's total with the dummy gateway before placing the order, as the storefront does."""
    timings: dict[str, float] = {}

    def step(name: str, variables: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        body = send(name, variables)
        timings[name] = time.perf_counter() - started
        return _payload(body, name)

    checkout_id = step("CartOpen", {"channel": CHANNEL, "languageCode": LANGUAGE})["checkout"]["id"]
    step("CartAddOne", {"id": checkout_id, "productVariantId": variant_id})
    step("CheckoutSetEmail", {"checkoutId": checkout_id, "email": email, "languageCode": LANGUAGE})
    step("CheckoutShipTo", {"checkoutId": checkout_id, "shippingAddress": BERLIN, "languageCode": LANGUAGE})
    step("CheckoutBillTo", {"checkoutId": checkout_id, "billingAddress": BERLIN, "languageCode": LANGUAGE})
    options = step("CheckoutDeliveryOptions", {"id": checkout_id})
    chosen = step(
        "CheckoutChooseDelivery",
        {"checkoutId": checkout_id, "deliveryMethodId": _cheapest_method(options), "languageCode": LANGUAGE},
    )
    if paid:
        gateway = {"id": DUMMY_GATEWAY}
        step("PaymentGatewaysStart", {"checkoutId": checkout_id, "paymentGateways": [gateway]})
        amount = chosen["checkout"]["totalPrice"]["gross"]["amount"]
        data = {"event": {"includePspReference": True, "type": "CHARGE_SUCCESS"}}
        started = step(
            "PaymentStart",
            {"checkoutId": checkout_id, "amount": amount, "paymentGateway": {**gateway, "data": data}},
        )
        if (started.get("transactionEvent") or {}).get("type") != "CHARGE_SUCCESS":
            raise FlowError(f"PaymentStart: not charged: {json.dumps(started)[:300]}")
    order = step("CheckoutPlaceOrder", {"checkoutId": checkout_id}).get("order")
    if not order:
        raise FlowError("CheckoutPlaceOrder: no order")
    return timings


def _documents() -> dict[str, str]:
    return {name: document_text(name) for name in PAID_STEPS}


def _variants(count: int = 2000) -> list[str]:
    """Global IDs of variants on sale in the bench channel, with stock, that can be shipped to Berlin."""
    from django.db.models import F

    from graphql_schema.core.relay import to_global_id
    from storefront.catalog.models import ProductVariant
    from storefront.channels.models import Channel
    from storefront.core.money import Money
    from storefront.shipping.parcels import parcel_for
    from storefront.shipping.quotes import shipping_quotes

    channel = Channel.objects.get(slug=CHANNEL)
    candidates = (
        ProductVariant.objects.filter(
            stocks__quantity__gt=F("stocks__quantity_allocated") + 2,
            stocks__warehouse__channels=channel,
            channel_listings__channel=channel,
            product__channel_listings__channel=channel,
            product__channel_listings__is_published=True,
            product__product_type__is_shipping_required=True,
        )
        .select_related("product__product_type")
        .distinct()
        .order_by("pk")[:count]
    )
    subtotal = Money(Decimal(0), channel.currency_code)
    return [
        to_global_id("ProductVariant", variant.pk)
        for variant in candidates
        if shipping_quotes(
            channel=channel, country="DE", parcel=parcel_for([(variant, 1)]), subtotal=subtotal
        )
    ]


def _shipping_ensure() -> None:
    """The demo's zones, methods, tax rates and import-VAT schemes for the generated channels; the
    bench channel allows unpaid orders, so the unpaid flow measures placing an order unpaid."""
    from django.db import transaction

    from infra.demo.loader import Catalogue, load_reference, load_structure
    from infra.demo.shipping_loader import load_shipping
    from storefront.channels.models import Channel

    cat = Catalogue()
    with transaction.atomic():
        load_reference(cat)
        load_structure(cat)
        load_shipping(cat)
        # The unpaid flow places unpaid orders (the demo's channels require payment, as Saleor's do).
        Channel.objects.filter(slug=CHANNEL).update(allow_unpaid_orders=True)


def statements_per_step(variant_id: str, *, paid: bool = False) -> dict[str, int]:
    """SQL statements each step runs in-process (transaction control excluded)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    documents = _documents()
    counts: dict[str, int] = {}

    def send(name: str, variables: dict[str, Any]) -> dict[str, Any]:
        payload = json.dumps({"query": documents[name], "variables": variables})
        with CaptureQueriesContext(connection) as captured:
            response = client.post("/graphql/", data=payload, content_type="application/json")
        skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")
        counts[name] = sum(
            1 for query in captured.captured_queries if not query["sql"].upper().startswith(skip)
        )
        return dict(response.json())

    flow(send, variant_id, "counting@example.com", paid=paid)
    return counts


@dataclass
class Results:
    steps: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in PAID_STEPS})
    flows: list[float] = field(default_factory=list)
    failures: int = 0
    first_failure: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, timings: dict[str, float] | None, failure: str = "") -> None:
        with self.lock:
            if timings is None:
                self.failures += 1
                self.first_failure = self.first_failure or failure
                return
            for name, seconds in timings.items():
                self.steps[name].append(seconds)
            self.flows.append(sum(timings.values()))


def _buyer(
    port: int,
    variants: list[str],
    documents: dict[str, str],
    flows: int,
    results: Results,
    seed: int,
    paid: bool,
) -> None:
    rnd = random.Random(seed)  # noqa: S311 - picks variants, not a secret
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def send(name: str, variables: dict[str, Any]) -> dict[str, Any]:
        nonlocal connection
        body = json.dumps({"query": documents[name], "variables": variables})
        try:
            connection.request("POST", "/graphql/", body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            raise FlowError(f"{name}: {type(exc).__name__}: {exc}") from exc
        if response.status != 200:
            raise FlowError(f"{name}: HTTP {response.status}: {data[:200]!r}")
        return dict(json.loads(data))

    for index in range(flows):
        try:
            timings = flow(send, rnd.choice(variants), f"bench-{seed}-{index}@example.com", paid=paid)
        except FlowError as exc:
            results.record(None, str(exc))
        else:
            results.record(timings)
    connection.close()


def run_flows(
    port: int, variants: list[str], concurrency: int, flows_per_buyer: int, *, paid: bool = False
) -> Results:
    documents = _documents()
    results = Results()
    buyers = [
        threading.Thread(
            target=_buyer, args=(port, variants, documents, flows_per_buyer, results, seed, paid)
        )
        for seed in range(concurrency)
    ]
    for buyer in buyers:
        buyer.start()
    for buyer in buyers:
        buyer.join()
    return results


def _ms(values: list[float], fraction: float) -> str:
    if not values:
        return "–"
    value = statistics.median(values) if fraction == 0.5 else _percentile(values, fraction)
    return f"{value * 1000:.0f}"


def report(
    rows: list[tuple[int, Results, float]], statements: dict[str, int], steps: tuple[str, ...] = STEPS
) -> str:
    lines = ["| step | SQL statements |" + "".join(f" p50 ms @{c} | p95 ms @{c} |" for c, _r, _s in rows)]
    lines.append("|---|---:|" + "---:|---:|" * len(rows))
    for name in steps:
        cells = "".join(f" {_ms(r.steps[name], 0.5)} | {_ms(r.steps[name], 0.95)} |" for _c, r, _s in rows)
        lines.append(f"| {name} | {statements.get(name, 0)} |{cells}")
    cells = "".join(f" **{_ms(r.flows, 0.5)}** | {_ms(r.flows, 0.95)} |" for _c, r, _s in rows)
    lines.append(f"| **whole flow** | **{sum(statements.values())}** |{cells}")
    lines.append("")
    for concurrency, results, seconds in rows:
        done = len(results.flows)
        lines.append(
            f"Concurrency {concurrency}: {done} orders in {seconds:.1f} s ({done / seconds:.1f} orders/s), "
            f"{results.failures} failed flows"
            + (f"; first: {results.first_failure}" if results.failures else "")
        )
    return "\n".join(lines)


def _arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m infra.bench_checkout", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--database-url",
        "--db",
        dest="database_url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="the bench's database URL; --products N uses <its name>_N, as infra.bench does",
    )
    parser.add_argument("--products", type=int, default=5000, help="generated catalogue size (default 5000)")
    parser.add_argument("--flows", type=int, default=40, help="flows per concurrency level (default 40)")
    parser.add_argument("--concurrency", default="1,8", help="comma-separated buyer counts (default 1,8)")
    parser.add_argument(
        "--kinds",
        default="unpaid,paid",
        help="comma-separated flows: unpaid (order placed unpaid), paid (dummy gateway first); default both",
    )
    server_arguments(parser)
    args = parser.parse_args(argv)
    # The catalogue size's own database, as ``infra.bench`` names it (…/asal_bench → …/asal_bench_5000).
    args.database_url = size_database_url(args.database_url, args.products)
    return args


def main() -> None:
    args = _arguments()
    levels = [int(level) for level in args.concurrency.split(",") if level.strip()]
    kinds = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise SystemExit(f"Unknown flow kinds {unknown}; choose among {sorted(KINDS)}.")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("ASAL_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    # Each order sends its confirmation: keep the e-mails in memory, not on the report's screen.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    _database_ensure(args.database_url)
    _prepare(args)
    _shipping_ensure()
    variants = _variants()
    if not variants:
        raise SystemExit(f"No variant with stock is on sale in {CHANNEL}.")
    statements = {kind: statements_per_step(variants[0], paid=kind == "paid") for kind in kinds}
    port = _free_port()
    print(f"Starting the server ({server_description(args)}) on 127.0.0.1:{port}…", flush=True)
    server = _server_start(args, port)
    rows: dict[str, list[tuple[int, Results, float]]] = {kind: [] for kind in kinds}
    try:
        for kind in kinds:  # warm every worker's caches and connections
            run_flows(port, variants, 2, 2, paid=kind == "paid")
        for kind in kinds:
            for concurrency in levels:
                print(
                    f"Running {args.flows} {kind} guest checkouts at concurrency {concurrency}…", flush=True
                )
                started = time.monotonic()
                results = run_flows(
                    port, variants, concurrency, max(1, args.flows // concurrency), paid=kind == "paid"
                )
                rows[kind].append((concurrency, results, time.monotonic() - started))
    finally:
        _server_stop(server)
    for kind in kinds:
        title = (
            "Paid with the dummy gateway" if kind == "paid" else "Unpaid (the channel allows unpaid orders)"
        )
        print(f"\n{title}:\n")
        print(report(rows[kind], statements[kind], KINDS[kind]))
    print(
        f"\nPostgreSQL, {server_description(args)}, DEBUG off, "
        f"{os.cpu_count()} CPUs. Targets: whole flow p50 <= 150 ms and <= 40 SQL statements."
    )
    if any(results.failures for kind_rows in rows.values() for _c, results, _s in kind_rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()

"""One catalogue size for ``make bench``, in a process of its own (``DATABASE_URL`` names its database).

``python -m infra.bench_prepare --products N`` migrates, tops the generated catalogue up to ``N``
products with a certified lot each (``infra.bench_generate``; idempotent), ``VACUUM ANALYZE``s,
picks the samples the documents' variables are drawn from, and counts the SQL statements one
request of each document runs, in this process through Django's test client, after a first
request has warmed the caches (for ``cached``, that first request fills the response cache). Its
last line of output is JSON: ``{"products", "samples", "queries": {mode: {document: [count,
error]}}}``; ``infra.bench`` reads it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from typing import Any

from infra.bench import DOCUMENTS, MODES, Samples, _statistics_refresh

SAMPLES = 500


def samples_pick(seed: int = 0) -> Samples:
    """Slugs, categories, search words and serials of the generated catalogue, picked at random."""
    from graphql_schema.core.relay import to_global_id
    from provenance.certificates.models import OriginCertificate
    from storefront.catalog.models import Category, Product

    rnd = random.Random(seed)  # noqa: S311 - picks samples, not a secret
    generated = Product.objects.filter(slug__startswith="gen1-")
    slugs = list(generated.order_by("?").values_list("slug", flat=True)[:SAMPLES])
    names = list(generated.order_by("?").values_list("name", flat=True)[:SAMPLES])
    words = sorted({word.lower() for name in names for word in name.split()[1:-2] if len(word) > 3})
    category_ids = set(generated.values_list("category_id", flat=True).distinct())
    categories = [
        {"id": to_global_id("Category", pk), "slug": slug}
        for pk, slug in Category.objects.filter(pk__in=category_ids).order_by("pk").values_list("pk", "slug")
    ]
    serials = list(
        OriginCertificate.objects.filter(unit__lot__code__startswith="BENCH-")
        .order_by("?")
        .values_list("unit__serial", flat=True)[:SAMPLES]
    )
    rnd.shuffle(words)
    return {"slugs": slugs, "search": words[:50], "categories": categories, "serials": serials}


def statements_per_request(names: list[str], samples: Samples, mode: str) -> dict[str, list[Any]]:
    """[SQL statements one request runs (transaction control excluded), the first error or ""]."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.RESPONSE_CACHE_SECONDS = int(MODES[mode])
    client = Client()
    counts: dict[str, list[Any]] = {}
    for name in names:
        request = DOCUMENTS[name].request(random.Random(0), samples)  # noqa: S311
        headers = {key.upper().replace("-", "_"): value for key, value in request["headers"].items()}
        meta = {f"HTTP_{key}": value for key, value in headers.items() if key != "CONTENT_TYPE"}

        def send(request: dict[str, Any] = request, meta: dict[str, str] = meta) -> Any:
            if request["method"] == "GET":
                return client.get(request["path"], **meta)
            return client.post(request["path"], data=request["body"], content_type="application/json", **meta)

        send()  # warm caches (and, when cached, fill the response cache)
        with CaptureQueriesContext(connection) as context:
            response = send()
        statements = [
            q["sql"]
            for q in context.captured_queries
            if not q["sql"]
            .upper()
            .startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK"))
        ]
        error = "" if response.status_code == 200 else f"HTTP {response.status_code}"
        if request.get("graphql") and response.status_code in (200, 400):
            errors = response.json().get("errors")
            error = json.dumps(errors)[:300] if errors else error
        counts[name] = [len(statements), error]
    return counts


def _progress(line: str) -> None:
    """Progress goes to standard error, shown as it happens; standard output carries the JSON."""
    print(f"  {line}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m infra.bench_prepare", description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, required=True)
    parser.add_argument("--documents", default=",".join(DOCUMENTS))
    parser.add_argument("--modes", default=",".join(MODES))
    args = parser.parse_args(argv)

    import django
    from django.core.management import call_command

    django.setup()
    from infra.bench_generate import bench_catalogue_ensure
    from storefront.catalog.models import Product

    call_command("migrate", "--noinput", verbosity=0)
    started = time.monotonic()
    products, lots = bench_catalogue_ensure(products=args.products, progress=_progress)
    if products or lots:
        _progress(
            f"added {products} products and {lots} certified lots in {time.monotonic() - started:.1f} s"
        )
    _statistics_refresh()
    samples = samples_pick()
    names = [name for name in args.documents.split(",") if name]
    queries = {mode: statements_per_request(names, samples, mode) for mode in args.modes.split(",") if mode}
    print(json.dumps({"products": Product.objects.count(), "samples": samples, "queries": queries}))


if __name__ == "__main__":
    main()

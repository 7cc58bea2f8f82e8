"""A server worker holds only what a catalogue read needs (issue 11, memory per worker).

gunicorn's master imports the WSGI application before it forks (``infra/serve.py``), and every page
it imports counts in each worker's resident memory. The PDF papers (fpdf, fontTools, pypdf), the
QR codes (segno), Pillow, the JSON Web Tokens of signed-in users, the demo's loaders, Celery (the
tasks are made on first use: ``storefront.core.tasks``) and the payment and storage SDKs are
imported by the functions that use them, not at start: this checks,
in a fresh process importing the application as the server does, that none of them is loaded
after start, nor after a storefront listing has been served through the WSGI application.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from infra.bench import DOCUMENTS
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.orders.factories import stocked_variant

ROOT = Path(__file__).resolve().parents[2]

# Imported lazily by the code that needs them; a module-level import anywhere on the way from
# ``infra.wsgi`` brings one back into every worker.
LAZY = (
    "fpdf",
    "fontTools",
    "pypdf",
    "segno",
    "PIL",
    "jwt",
    "infra.demo.services",
    "celery",
    "kombu",
    "stripe",
    "boto3",
    "botocore",
)

WORKER = """
import io, json, sys

from infra.wsgi import application

LAZY = json.loads(sys.argv[1])
body = sys.argv[2].encode()


def loaded():
    return sorted(name for name in LAZY if name in sys.modules)


after_start = loaded()
environ = {
    "REQUEST_METHOD": "POST", "PATH_INFO": "/graphql/", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
    "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
    "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
    "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False,
    "wsgi.multiprocess": True, "wsgi.run_once": False,
}
statuses = []
content = b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
print(json.dumps({"after_start": after_start, "after_listing": loaded(), "status": statuses[0],
                  "response": json.loads(content)}))
"""


def _database_url() -> str:
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_serves_the_listing_without_the_modules_it_does_not_need(tmp_path) -> None:
    channel = ChannelFactory()
    stocked_variant(channel, product__name="Bamboo lamp")
    request = DOCUMENTS["listing"].request(random.Random(0), {"channel": channel.slug})
    # The server's environment, as the bench starts it: no test-only cache, DEBUG off.
    env = {key: value for key, value in os.environ.items() if key not in ("CACHE_BACKEND", "DJANGO_DEBUG")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "infra.settings",
        "DATABASE_URL": _database_url(),
        "DJANGO_DEBUG": "0",
        "RESPONSE_CACHE_SECONDS": "0",
        "ASAL_VAR_DIR": str(tmp_path),
    }
    (tmp_path / "static").mkdir()

    completed = subprocess.run(
        [sys.executable, "-c", WORKER, json.dumps(LAZY), request["body"]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["status"].startswith("200"), result
    assert "errors" not in result["response"], result["response"]
    names = [edge["node"]["name"] for edge in result["response"]["data"]["products"]["edges"]]
    assert names == ["Bamboo lamp"]
    assert result["after_start"] == []
    assert result["after_listing"] == []

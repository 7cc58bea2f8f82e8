"""The gateway as the registry builds it: configured from Django settings, read when needed."""

import ast
from pathlib import Path

import stripe

from payments.registry import gateways_from_settings
from payments.stripe.client import STRIPE_API_VERSION, build_client
from payments.stripe.gateway import STRIPE_GATEWAY_ID, StripeGateway
from tests.payments.stripe.conftest import init_request
from tests.payments.stripe_server import StripeServer

PACKAGE = Path(__file__).resolve().parents[3] / "payments" / "stripe"


def test_the_registry_loads_it_by_its_dotted_path():
    gateways = gateways_from_settings(["payments.stripe.gateway.StripeGateway"])

    assert isinstance(gateways[STRIPE_GATEWAY_ID], StripeGateway)


def test_settings_are_read_when_a_call_needs_them(settings, stripe_server):
    settings.STRIPE_SECRET_KEY = ""
    gateway = StripeGateway()  # built before the settings are: nothing is read yet
    settings.STRIPE_SECRET_KEY = stripe_server.secret_key
    settings.STRIPE_PUBLISHABLE_KEY = stripe_server.publishable_key
    settings.STRIPE_API_BASE = stripe_server.url

    assert gateway.config("IDR") == {"stripePublishableKey": stripe_server.publishable_key}
    assert gateway.initialize(init_request()).psp_reference == stripe_server.payment_intents()[0]["id"]


def test_a_changed_api_base_is_followed(stripe_settings, stripe_server):
    gateway = StripeGateway()
    gateway.initialize(init_request(key="a"))
    other = StripeServer().start()
    try:
        stripe_settings.STRIPE_API_BASE = other.url
        gateway.initialize(init_request(key="b"))
    finally:
        other.stop()

    assert len(stripe_server.payment_intents()) == len(other.payment_intents()) == 1


def test_the_webhook_secret_comes_from_settings(stripe_settings, stripe_server):
    gateway = StripeGateway()
    gateway.initialize(init_request())
    body, headers = stripe_server.signed(stripe_server.events[-1])

    assert gateway.webhook_verify(headers, body).event_type == "payment_intent.created"


def test_an_injected_client_is_used_as_it_is(stripe_server):
    client = build_client(stripe_server.secret_key, api_base=stripe_server.url, max_network_retries=0)
    gateway = StripeGateway(client=client)

    assert gateway.client is client
    assert gateway.initialize(init_request()).psp_reference


def test_the_api_version_is_pinned_to_the_one_the_library_was_built_for(gateway, stripe_server):
    gateway.initialize(init_request())

    assert stripe.api_version == STRIPE_API_VERSION
    assert stripe_server.requests[0].stripe_version == STRIPE_API_VERSION


def test_only_the_client_module_imports_stripe():
    importers = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(name == "stripe" or name.startswith("stripe.") for name in names):
                importers.add(path.name)

    assert importers == {"client.py"}

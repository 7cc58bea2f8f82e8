"""The Stripe-shaped server itself, driven by the ``stripe`` library: what the gateway's tests rely on."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import stripe

from payments.stripe.client import STRIPE_API_VERSION, build_client
from tests.payments.stripe_server.forms import decode


@pytest.fixture
def client(stripe_server):
    return build_client(stripe_server.secret_key, api_base=stripe_server.url, max_network_retries=0)


def create(client, amount=1000, key="k1", **params):
    return client.v1.payment_intents.create(
        {"amount": amount, "currency": "usd", **params}, {"idempotency_key": key}
    )


def test_forms_decode_stripes_nested_keys():
    assert decode(
        "amount=1000&metadata[reference]=c-1&expand[0]=a.b&expand[1]=c&automatic_payment_methods[enabled]=true"
    ) == {
        "amount": "1000",
        "metadata": {"reference": "c-1"},
        "expand": ["a.b", "c"],
        "automatic_payment_methods": {"enabled": "true"},
    }
    assert decode("expand[]=x&expand[]=y") == {"expand": ["x", "y"]}


def test_a_wrong_key_is_a_401(stripe_server):
    client = build_client("sk_test_not_the_key", api_base=stripe_server.url, max_network_retries=0)

    with pytest.raises(stripe.AuthenticationError, match="Invalid API Key"):
        create(client)


def test_an_unknown_parameter_is_refused(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        create(client, amout=5)

    assert (caught.value.code, caught.value.param) == ("parameter_unknown", "amout")


def test_the_same_idempotency_key_replays_the_first_answer(client, stripe_server):
    first = create(client, key="same")
    again = create(client, key="same")

    assert again.id == first.id
    assert len(stripe_server.payment_intents()) == 1
    assert again.last_response.headers["Idempotent-Replayed"] == "true"


def test_the_same_key_with_other_parameters_is_an_idempotency_error(client, stripe_server):
    create(client, key="same")

    with pytest.raises(stripe.IdempotencyError):
        create(client, amount=2000, key="same")
    assert len(stripe_server.payment_intents()) == 1


def test_a_refused_request_leaves_no_idempotent_result(client, stripe_server):
    with pytest.raises(stripe.InvalidRequestError):
        create(client, key="k", amount=0)

    assert create(client, key="k").amount == 1000


def test_the_pinned_api_version_is_sent(client, stripe_server):
    create(client)

    assert stripe_server.requests[0].stripe_version == STRIPE_API_VERSION


def test_a_declined_card_is_a_402_card_error_in_stripes_shape(client, stripe_server):
    pi = create(client)

    with pytest.raises(stripe.CardError) as caught:
        client.v1.payment_intents.confirm(pi.id, {"payment_method": "pm_card_chargeDeclined"})

    assert caught.value.http_status == 402
    assert (caught.value.code, caught.value.user_message) == ("card_declined", "Your card was declined.")
    assert caught.value.error.decline_code == "generic_decline"
    assert caught.value.error.payment_intent.status == "requires_payment_method"
    after = client.v1.payment_intents.retrieve(pi.id)
    assert after.last_payment_error.message == "Your card was declined."


def test_the_browser_confirms_with_the_publishable_key_and_the_client_secret(client, stripe_server):
    pi = create(client)

    status, body = stripe_server.browser_confirm(pi.client_secret, "pm_card_visa")

    assert (status, body["status"]) == (200, "succeeded")


def test_a_wrong_client_secret_does_not_confirm(client, stripe_server):
    pi = create(client)

    status, body = stripe_server.browser_confirm(f"{pi.id}_secret_guessed", "pm_card_visa")

    assert status == 404
    assert body["error"]["code"] == "resource_missing"
    assert stripe_server.payment_intent(pi.id)["status"] == "requires_payment_method"


def test_the_publishable_key_cannot_create_payments(stripe_server):
    client = build_client(stripe_server.publishable_key, api_base=stripe_server.url, max_network_retries=0)

    with pytest.raises(stripe.AuthenticationError):
        create(client)


def test_an_unknown_payment_intent_is_a_404_resource_missing(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.payment_intents.retrieve("pi_missing")

    assert (caught.value.http_status, caught.value.code) == (404, "resource_missing")


def test_capturing_in_the_wrong_state_is_an_unexpected_state(client):
    pi = create(client)

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.payment_intents.capture(pi.id)

    assert caught.value.code == "payment_intent_unexpected_state"


def test_expand_returns_the_charge_and_its_balance_transaction(client, stripe_server):
    pi = create(client)
    stripe_server.confirm(pi.id)

    found = client.v1.payment_intents.retrieve(pi.id, {"expand": ["latest_charge.balance_transaction"]})

    assert found.latest_charge.object == "charge"
    assert found.latest_charge.balance_transaction.object == "balance_transaction"
    assert client.v1.payment_intents.retrieve(pi.id).latest_charge == found.latest_charge.id


def test_refunds_are_listed_newest_first(client, stripe_server):
    pi = create(client)
    stripe_server.confirm(pi.id)
    first = client.v1.refunds.create({"payment_intent": pi.id, "amount": 100})
    second = client.v1.refunds.create({"payment_intent": pi.id, "amount": 200})

    listed = client.v1.refunds.list({"payment_intent": pi.id, "expand": ["data.balance_transaction"]})

    assert [r.id for r in listed.data] == [second.id, first.id]
    assert listed.data[0].balance_transaction.amount == -200


def test_a_charge_and_a_balance_transaction_can_be_read(client, stripe_server):
    pi = create(client)
    stripe_server.confirm(pi.id)
    charge = client.v1.charges.retrieve(stripe_server.payment_intent(pi.id)["latest_charge"])

    txn = client.v1.balance_transactions.retrieve(charge.balance_transaction)

    assert (charge.amount, charge.payment_intent) == (1000, pi.id)
    assert (txn.amount, txn.fee, txn.net, txn.source) == (1000, 59, 941, charge.id)


def test_its_webhook_signatures_are_stripes(stripe_server, client):
    create(client)
    body, headers = stripe_server.signed(stripe_server.events[-1])

    event = stripe.Webhook.construct_event(body, headers["Stripe-Signature"], stripe_server.webhook_secret)

    assert event.type == "payment_intent.created"


def test_send_webhook_posts_the_signed_event(stripe_server):
    received = []

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, dict(self.headers), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    endpoint = HTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=endpoint.handle_request)
    thread.start()
    event = {"id": "evt_1", "object": "event", "type": "ping", "data": {"object": {}}}

    status = stripe_server.send_webhook(
        f"http://127.0.0.1:{endpoint.server_port}/payments/stripe/webhook/", event
    )
    thread.join(5)
    endpoint.server_close()

    ((path, headers, body),) = received
    assert (status, path) == (200, "/payments/stripe/webhook/")
    assert json.loads(body)["id"] == "evt_1"
    stripe.WebhookSignature.verify_header(
        body, headers["Stripe-Signature"], stripe_server.webhook_secret, 300
    )


def test_down_refuses_connections_then_serves_on_the_same_port(client, stripe_server):
    port = stripe_server.port
    with stripe_server.down(), pytest.raises(stripe.APIConnectionError):
        create(client)

    assert stripe_server.port == port
    assert create(client).status == "requires_payment_method"


def test_requests_are_counted_per_route(client, stripe_server):
    pi = create(client)
    client.v1.payment_intents.retrieve(pi.id)
    client.v1.payment_intents.retrieve(pi.id)

    assert stripe_server.count("POST", "/v1/payment_intents") == 1
    assert stripe_server.count("GET", "/v1/payment_intents/{id}") == 2

"""The fuzz test's malformed values (``tests/graphql/test_fuzz.py``) sent to the payment mutations with a
real checkout and a real transaction, so they reach the services and the gateway: never a 500 or an
internal message, and nothing written."""

from __future__ import annotations

import pytest
from django.test import Client

from graphql_schema.core.relay import to_global_id
from payments.models import Transaction, TransactionEvent
from tests.graphql.conftest import unique_address
from tests.graphql.payments.conftest import INITIALIZE, dummy
from tests.graphql.schema_walk import SCHEMA, document, sample
from tests.graphql.test_fuzz import _set, cases, post, problem
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db


def _fuzz(field_name: str, valid: dict, headers: dict) -> list[str]:
    field = SCHEMA.mutation_type.fields[field_name]
    query = document("mutation", field_name, field)
    client = Client(REMOTE_ADDR=unique_address())
    problems = []
    for case in cases(field):
        arg_type = field.args[case.path[0]].type
        start = valid.get(case.path[0], sample(arg_type))
        variables = {**valid, case.path[0]: _set(start, arg_type, case.path[1:], case.value)}
        response = post(client, {"query": query, "variables": variables}, headers)
        problems.append(problem(response, f"{field_name}({case})"))
    return [text for text in problems if text]


@pytest.mark.parametrize("caller", ["anonymous", "superuser"])
def test_malformed_input_to_transaction_initialize_writes_nothing(checkout_id, caller):
    headers = bearer(staff_user(is_superuser=True)) if caller == "superuser" else {}
    # A baseline the fuzzed values replace one at a time: 1.00 of the checkout, in USD.
    valid = {"id": checkout_id, "paymentGateway": dummy(), "amount": "1.00"}

    problems = _fuzz("transactionInitialize", valid, headers)
    problems += _fuzz("paymentGatewayInitialize", {"id": checkout_id}, headers)

    assert not problems, "\n".join(problems)
    # A fuzzed value that is still a valid payment (a long idempotency key, say) may pay; nothing
    # half-written: every transaction has the event its gateway reported.
    assert all(row.events.exists() for row in Transaction.objects.all())


@pytest.mark.parametrize("caller", ["anonymous", "superuser"])
def test_malformed_input_to_transaction_process_and_actions_adds_no_event(gql, checkout_id, caller):
    headers = bearer(staff_user(is_superuser=True)) if caller == "superuser" else {}
    started = gql(INITIALIZE, {"id": checkout_id, "gateway": dummy("AUTHORIZATION_ACTION_REQUIRED")})
    transaction = started["data"]["transactionInitialize"]["transaction"]
    events = TransactionEvent.objects.count()

    problems = _fuzz("transactionProcess", {"id": transaction["id"], "data": {"x": 1}}, headers)
    problems += _fuzz(
        "transactionRequestAction", {"id": transaction["id"], "actionType": "CANCEL", "amount": "1"}, headers
    )

    assert not problems, "\n".join(problems)
    assert TransactionEvent.objects.count() == events
    assert Transaction.objects.count() == 1


def test_the_order_id_form_is_fuzzed_too():
    order_id = to_global_id("Order", order_placed().pk)

    problems = _fuzz("transactionInitialize", {"id": order_id, "paymentGateway": dummy("CHARGE_FAILURE")}, {})

    assert not problems, "\n".join(problems)

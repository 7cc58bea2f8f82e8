"""Which payment gateways a deployment offers follows from its environment alone: the demo pays
with the dummy, setting the Stripe variables switches to Stripe (no code change), and production
never offers the dummy by default nor starts with Stripe half-configured."""

from __future__ import annotations

import pytest

from tests.infra.test_production_settings import PRODUCTION, _run

GATEWAYS = "import infra.settings as s; print(','.join(s.PAYMENT_GATEWAYS))"
STRIPE = {
    "STRIPE_SECRET_KEY": "sk_test_x",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_x",
    "STRIPE_WEBHOOK_SECRET": "whsec_x",
}


# Whatever the developer's shell says about payments, each test states its own.
NEUTRAL = {"STRIPE_SECRET_KEY": "", "STRIPE_PUBLISHABLE_KEY": "", "STRIPE_WEBHOOK_SECRET": ""}
NEUTRAL |= {"PAYMENT_DUMMY_ENABLED": ""}


def _gateways(env: dict[str, str]) -> list[str]:
    result = _run(GATEWAYS, {**NEUTRAL, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split(",") if result.stdout.strip() else []


def test_the_demo_pays_with_the_dummy(tmp_path):
    assert _gateways({"ASAL_VAR_DIR": str(tmp_path)}) == ["payments.dummy.DummyGateway"]


def test_stripe_variables_switch_the_shop_to_stripe(tmp_path):
    assert _gateways({"ASAL_VAR_DIR": str(tmp_path), **STRIPE}) == ["payments.stripe.gateway.StripeGateway"]
    both = _gateways({"ASAL_VAR_DIR": str(tmp_path), **STRIPE, "PAYMENT_DUMMY_ENABLED": "1"})
    assert both == ["payments.stripe.gateway.StripeGateway", "payments.dummy.DummyGateway"]


def test_production_offers_no_dummy_by_default(tmp_path):
    assert _gateways({**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path)}) == []
    assert _gateways({**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path), **STRIPE}) == [
        "payments.stripe.gateway.StripeGateway"
    ]


@pytest.mark.parametrize("missing", ["STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"])
def test_production_refuses_stripe_half_configured(tmp_path, missing):
    env = {**PRODUCTION, "ASAL_VAR_DIR": str(tmp_path), **STRIPE}
    del env[missing]
    result = _run(GATEWAYS, {**NEUTRAL, **env})
    assert result.returncode != 0
    assert missing in result.stderr

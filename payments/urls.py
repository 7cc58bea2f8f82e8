"""Webhook URLs, one per gateway that sends them."""

from django.urls import path

from payments.views import webhook_view

STRIPE_GATEWAY_ID = "saleor.app.payment.stripe"

urlpatterns = [
    path("payments/stripe/webhook/", webhook_view, {"gateway_id": STRIPE_GATEWAY_ID}, name="stripe-webhook"),
]

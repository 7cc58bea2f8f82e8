from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "storefront.checkout"
    label = "checkout"
    verbose_name = "Checkouts (carts)"

from django.apps import AppConfig


class ShippingConfig(AppConfig):
    name = "storefront.shipping"
    label = "shipping"
    verbose_name = "Shipping: zones, methods, prices and restricted goods"

    def ready(self) -> None:
        from storefront.shipping import cache

        cache.connect_invalidation()

from django.apps import AppConfig


class DiscountsConfig(AppConfig):
    name = "storefront.discounts"
    label = "discounts"
    verbose_name = "Discounts (vouchers, promotions and gift cards)"

    def ready(self) -> None:
        from storefront.discounts.promotion_services import promotion_signals_connect

        promotion_signals_connect()

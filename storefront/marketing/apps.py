from django.apps import AppConfig


class MarketingConfig(AppConfig):
    name = "storefront.marketing"
    label = "marketing"
    verbose_name = "Marketing"

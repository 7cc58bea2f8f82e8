from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "storefront.core"
    label = "core"
    verbose_name = "The kernel: money, errors, rate limits, image checks"

    def ready(self) -> None:
        from storefront.core.versioned_cache import catalogue_signals_connect

        catalogue_signals_connect()

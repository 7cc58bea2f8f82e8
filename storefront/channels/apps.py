from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "storefront.channels"
    label = "channels"
    verbose_name = "Channels: markets with currency and countries"

    def ready(self) -> None:
        from storefront.channels import tax

        tax.connect_invalidation()

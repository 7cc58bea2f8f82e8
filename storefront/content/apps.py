from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "storefront.content"
    label = "content"
    verbose_name = "Content"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "storefront.demo"
    label = "demo"
    verbose_name = "Demo catalogue loader"

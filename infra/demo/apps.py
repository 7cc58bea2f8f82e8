from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "infra.demo"
    label = "demo"
    verbose_name = "Demo catalogue loader"

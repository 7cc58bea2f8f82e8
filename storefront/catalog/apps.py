from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "storefront.catalog"
    label = "catalog"
    verbose_name = "Catalogue"

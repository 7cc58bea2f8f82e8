from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "storefront.inventory"
    label = "inventory"
    verbose_name = "Warehouses and stock"

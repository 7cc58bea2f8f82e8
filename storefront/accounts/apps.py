from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "storefront.accounts"
    label = "accounts"
    verbose_name = "Accounts, staff, apps and permissions"

"""``manage.py create_app NAME --permission MANAGE_PRODUCTS ...``: an app and its token, shown once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from storefront.accounts.error_codes import AccountError
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create


class Command(BaseCommand):
    help = "Create an app (e.g. a storefront's server) with permissions and print its token once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument(
            "--permission",
            action="append",
            default=[],
            dest="permissions",
            metavar="CODE",
            choices=[code.value for code in PermissionCode],
            help="A Saleor PermissionEnum value; repeat for several.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            app, raw_token = app_create(name=options["name"], permissions=options["permissions"])
        except AccountError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(f"Created app {app.name!r} (id {app.pk}). Its token is shown only now:")
        self.stdout.write(raw_token)

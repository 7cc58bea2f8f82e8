"""``manage.py create_staff_user EMAIL [--password P] [--superuser] [--group NAME] [--permission CODE]``.

How production creates staff: ``--group`` puts the person in existing permission groups (what
the staff API and the admin manage), through the same service and audit log as ``staffUpdate``.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from storefront.accounts.actor import Actor
from storefront.accounts.error_codes import AccountError
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import staff_user_create
from storefront.accounts.staff import staff_update


class Command(BaseCommand):
    help = (
        "Create a staff user (or update the one with this e-mail). Without --password the "
        "password is asked for twice; with --no-input and no --password an existing password is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--password", help="Prefer the prompt: a command line is visible to other users.")
        parser.add_argument("--superuser", action="store_true", help="Grant every permission.")
        parser.add_argument(
            "--permission",
            action="append",
            default=[],
            dest="permissions",
            metavar="CODE",
            choices=[code.value for code in PermissionCode],
            help="A Saleor PermissionEnum value; repeat for several.",
        )
        parser.add_argument(
            "--group",
            action="append",
            default=[],
            dest="groups",
            metavar="NAME",
            help="An existing permission group to join (e.g. Fulfilment); repeat for several.",
        )
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def _prompt_password(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password

    def handle(self, *args: Any, **options: Any) -> None:
        groups = list(Group.objects.filter(name__in=options["groups"]))
        unknown = sorted(set(options["groups"]) - {group.name for group in groups})
        if unknown:
            raise CommandError(f"No permission group named {', '.join(unknown)}.")
        password = options["password"]
        if password is None and options["interactive"]:
            password = self._prompt_password()
        try:
            with transaction.atomic():
                user, created = staff_user_create(
                    email=options["email"],
                    password=password,
                    is_superuser=options["superuser"],
                    permissions=options["permissions"],
                )
                if groups:
                    staff_update(actor=Actor.system(), user=user, add_groups=groups)
        except AccountError as exc:
            raise CommandError(exc.message) from exc
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} staff user {user.email}.")

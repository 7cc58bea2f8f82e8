"""Create the issuer's signing key, or rotate to a new one (old keys stay published)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from provenance.certificates.issuance import signing_key_rotate
from provenance.certificates.keys import issuer_did
from provenance.certificates.models import SigningKey
from storefront.accounts.actor import Actor


class Command(BaseCommand):
    help = "Generate the certificate signing key (with --rotate: a new active key; old ones stay valid)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rotate", action="store_true", help="add a new active key even when one exists")

    def handle(self, *args: Any, **options: Any) -> None:
        active = SigningKey.objects.filter(is_active=True).first()
        if active is not None and not options["rotate"]:
            self.stdout.write(f"Signing key {issuer_did()}#{active.key_id} exists; --rotate adds a new one.")
            return
        key = signing_key_rotate(actor=Actor.system())
        self.stdout.write(self.style.SUCCESS(f"Active signing key: {issuer_did()}#{key.key_id}"))
        self.stdout.write(f"publicKeyMultibase: {key.public_key_multibase}")

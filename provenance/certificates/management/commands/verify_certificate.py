"""Verify an eddsa-jcs-2022 credential offline and print each check; exit 0 when valid, 1 when not.

    manage.py verify_certificate cert.json
    manage.py verify_certificate - < cert.json
    manage.py verify_certificate cert.json --did-document other-shop-did.json --status-list list.json
    manage.py verify_certificate signed-vector.json --proof-only

did:key methods resolve locally; this shop's did:web and status lists come from its own
database; another issuer's did:web document and status lists come from files.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from provenance.certificates.verification import certificate_verify
from provenance.vc.results import CheckStatus

MARKS = {
    CheckStatus.PASSED: "ok  ",
    CheckStatus.FAILED: "FAIL",
    CheckStatus.UNAVAILABLE: "n/a ",
    CheckStatus.SKIPPED: "skip",
}


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc


def _load_json(path: str) -> Any:
    try:
        return json.loads(_read(path))
    except json.JSONDecodeError as exc:
        raise CommandError(f"{path} is not JSON: {exc}") from exc


class Command(BaseCommand):
    help = "Verify a W3C Verifiable Credential secured with eddsa-jcs-2022 (offline)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the credential's JSON file, or - for standard input")
        parser.add_argument(
            "--did-document",
            action="append",
            default=[],
            metavar="FILE",
            help="a DID document for an issuer other than this shop (repeatable)",
        )
        parser.add_argument(
            "--status-list",
            action="append",
            default=[],
            metavar="FILE",
            help="a status list credential of another issuer (repeatable)",
        )
        parser.add_argument(
            "--proof-only",
            action="store_true",
            help="check only the proof, not that the issuer controls the key (as the W3C vectors need)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = _read(options["file"])
        documents = {}
        for path in options["did_document"]:
            document = _load_json(path)
            if not isinstance(document, dict) or "id" not in document:
                raise CommandError(f"{path} is not a DID document (no id).")
            documents[document["id"]] = document
        status_lists = {}
        for path in options["status_list"]:
            credential = _load_json(path)
            if not isinstance(credential, dict) or "id" not in credential:
                raise CommandError(f"{path} is not a status list credential (no id).")
            status_lists[credential["id"]] = credential
        report = certificate_verify(
            text,
            extra_documents=documents,
            extra_status_lists=status_lists,
            proof_only=options["proof_only"],
        )
        for check in report.checks:
            target = f" [{check.target}]" if check.target else ""
            self.stdout.write(f"{MARKS[check.status]}  {check.name}{target}: {check.reason}")
        if report.verified:
            self.stdout.write(self.style.SUCCESS("VALID"))
            return
        self.stdout.write(self.style.ERROR("NOT VALID"))
        sys.exit(1)

"""Verify an eddsa-jcs-2022 credential offline, print each check and the verdict; the exit code says it.

    manage.py verify_certificate cert.json
    manage.py verify_certificate - < cert.json
    manage.py verify_certificate cert.json --did-document other-shop-did.json --status-list list.json \
        --trusted-issuer did:web:other-shop.example
    manage.py verify_certificate signed-vector.json --proof-only

did:key methods resolve locally; this shop's did:web and status lists come from its own
database; another issuer's did:web document and status lists come from files. Only this
cooperative and the issuers in ASAL_TRUSTED_ISSUERS (or --trusted-issuer) can be genuine.

Exit codes: 0 genuine; 1 not valid (forged, tampered, malformed, expired, revoked or
suspended); 2 the input could not be read; 3 unconfirmed (nothing failed, but the status or
the issuer's key could not be checked); 4 untrusted issuer (the proof holds, but the issuer
is not this cooperative nor one it trusts). With --proof-only: 0 when the proof holds, else 1.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from provenance.certificates.verification import certificate_verify
from provenance.vc.results import CheckStatus
from provenance.vc.verdict import Verdict

MARKS = {
    CheckStatus.PASSED: "ok  ",
    CheckStatus.FAILED: "FAIL",
    CheckStatus.UNAVAILABLE: "n/a ",
    CheckStatus.SKIPPED: "skip",
}
# verdict -> (exit code, closing line)
OUTCOMES = {
    Verdict.VALID: (0, "VALID"),
    Verdict.INVALID: (1, "NOT VALID"),
    Verdict.REVOKED: (1, "NOT VALID: revoked"),
    Verdict.SUSPENDED: (1, "NOT VALID: suspended"),
    Verdict.UNCONFIRMED: (3, "UNCONFIRMED: the status could not be checked"),
    Verdict.UNTRUSTED_ISSUER: (4, "UNTRUSTED ISSUER: not issued by this cooperative nor one it trusts"),
}
INPUT_ERROR = 2


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=INPUT_ERROR) from exc


def _load_json(path: str) -> Any:
    try:
        return json.loads(_read(path))
    except json.JSONDecodeError as exc:
        raise CommandError(f"{path} is not JSON: {exc}", returncode=INPUT_ERROR) from exc


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
            "--trusted-issuer",
            action="append",
            default=[],
            metavar="DID",
            help="also trust this issuer for this run, beside this cooperative and ASAL_TRUSTED_ISSUERS",
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
                raise CommandError(f"{path} is not a DID document (no id).", returncode=INPUT_ERROR)
            documents[document["id"]] = document
        status_lists = {}
        for path in options["status_list"]:
            credential = _load_json(path)
            if not isinstance(credential, dict) or "id" not in credential:
                raise CommandError(f"{path} is not a status list credential (no id).", returncode=INPUT_ERROR)
            status_lists[credential["id"]] = credential
        report = certificate_verify(
            text,
            extra_documents=documents,
            extra_status_lists=status_lists,
            extra_trusted_issuers=options["trusted_issuer"],
            proof_only=options["proof_only"],
        )
        for check in report.checks:
            target = f" [{check.target}]" if check.target else ""
            self.stdout.write(f"{MARKS[check.status]}  {check.name}{target}: {check.reason}")
        if options["proof_only"]:
            code, line = (
                (0, "PROOF VALID (issuer and status not checked)") if report.proof_holds else (1, "NOT VALID")
            )
        else:
            code, line = OUTCOMES[report.verdict]
        self.stdout.write(self.style.SUCCESS(line) if code == 0 else self.style.ERROR(line))
        if code:
            sys.exit(code)

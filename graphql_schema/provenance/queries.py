"""Public provenance queries: a piece's certificate by serial, verifying any credential, the DID document.

``certificateVerify`` takes a credential as JSON (an object, or its JSON text as a string) and
always answers with checks: input that is not a credential fails the ``parse`` check rather
than raising, so a verifier app can show the reason to the buyer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.provenance.loaders import register_certificates
from graphql_schema.provenance.types import OriginCertificate
from graphql_schema.provenance.verification import CertificateVerification, request_verifier
from provenance.certificates.selectors import certificate_get_by_serial
from provenance.certificates.verification import did_document
from provenance.vc.results import CheckCode, failed
from provenance.vc.verify import VerificationReport

# Far more than any certificate (a few kB); bounds the work one request can ask of the verifier.
MAX_CREDENTIAL_TEXT = 256 * 1024


def _verify(info: Info, credential: Any) -> VerificationReport:
    if isinstance(credential, str) and len(credential) > MAX_CREDENTIAL_TEXT:
        reason = f"a credential is at most {MAX_CREDENTIAL_TEXT} characters"
        return VerificationReport((failed("parse", CheckCode.MALFORMED, reason),), None, None, None)
    if not isinstance(credential, str | Mapping):
        reason = "a credential is a JSON object (or its JSON text)"
        return VerificationReport((failed("parse", CheckCode.MALFORMED, reason),), None, None, None)
    try:
        return request_verifier(info).verify(credential)
    except RecursionError:  # JSON nested thousands deep: not a credential, and not a server error
        reason = "the JSON is nested too deeply to be a credential"
        return VerificationReport((failed("parse", CheckCode.MALFORMED, reason),), None, None, None)


@strawberry.type
class ProvenanceQueries:
    @strawberry.field(description="The origin certificate of one piece, by its serial (as on its tag).")
    def certificate(
        self,
        info: Info,
        serial: Annotated[str, strawberry.argument(description="The serial printed on the tag.")],
    ) -> OriginCertificate | None:
        found = certificate_get_by_serial(serial=serial[:64])
        if found is None:
            return None
        register_certificates(info, [found])
        return OriginCertificate(_certificate=found)

    @strawberry.field(
        description=(
            "Verify an eddsa-jcs-2022 Verifiable Credential (this shop's certificates, or any signed by a "
            "did:key): proof, issuer's key, validity, revocation and suspension status, media digests."
        )
    )
    def certificate_verify(
        self,
        info: Info,
        credential: Annotated[
            JSON, strawberry.argument(description="The credential: a JSON object, or its JSON text.")
        ],
    ) -> CertificateVerification:
        return CertificateVerification(_report=_verify(info, credential))

    @strawberry.field(description="The issuer's DID document (did:web), listing every signing key ever used.")
    def did_document(self) -> JSON:
        return did_document()  # type: ignore[return-value]

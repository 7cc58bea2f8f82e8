"""Verify an origin certificate end to end, with every outside lookup injected.

``verify_credential`` answers the buyer's question "is this certificate what the
cooperative signed, and does the cooperative still stand by it?" as a list of
checks: the proof (``eddsa-jcs-2022``), the verification method, that the issuer
controls the key, that the issuer is one the caller trusts, the validity period, each
status list entry, and each media digest; and a verdict derived from them (``verdict``).

Nothing here touches the network: a ``did:key`` resolves locally, any other DID
goes to the ``resolver`` callable, status list credentials come from
``status_list_fetcher`` and media bytes from ``media_fetcher``. A lookup that
fails makes its check "unavailable", never "failed": a withdrawn portrait does not
make a certificate forged. A :class:`VerificationCache` passed by the caller keeps
resolved keys and verified, decoded status lists between calls.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from provenance.vc import jcs
from provenance.vc.credential import VC_V2_CONTEXT, issuer_id, types_of
from provenance.vc.did import (
    DidResolver,
    did_of,
    did_web_document,
    find_verification_method,
    has_relationship,
    resolve_did_document,
)
from provenance.vc.eddsa_jcs_2022 import ASSERTION_METHOD, single_proof, verify_proof
from provenance.vc.errors import VcError, VcErrorCode
from provenance.vc.media import MediaFetcher, media_checks
from provenance.vc.multikey import public_key_from_multibase
from provenance.vc.results import Check, CheckCode, CheckStatus, failed, passed, skipped, unavailable
from provenance.vc.status_check import StatusListFetcher, status_checks
from provenance.vc.timestamps import parse_xsd_datetime
from provenance.vc.verdict import Verdict, issuer_trust_check, verdict_of
from provenance.vc.verification_cache import ResolvedMethod, VerificationCache

__all__ = ["Verdict", "VerificationCache", "VerificationReport", "did_web_document", "verify_credential"]


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """Every check made on one credential, in order, and the verdict derived from them."""

    checks: tuple[Check, ...]
    credential: Mapping[str, Any] | None
    issuer: str | None
    verification_method: str | None

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.checks)

    @property
    def verified(self) -> bool:
        """Genuine: a trusted issuer signed it, nothing failed and its status is confirmed."""
        return self.verdict is Verdict.VALID

    @property
    def proof_holds(self) -> bool:
        """The signature is valid and nothing is forged or malformed, whoever the issuer and whatever
        its status (what ``--proof-only`` asks)."""
        signature = self.check("signature")
        return (
            signature is not None
            and signature.status is CheckStatus.PASSED
            and self.verdict is not Verdict.INVALID
        )

    @property
    def issuer_trusted(self) -> bool:
        trust = self.check("issuer_trust")
        return trust is not None and trust.ok

    @property
    def status_codes(self) -> tuple[CheckCode, ...]:
        """``revoked`` and/or ``suspended`` when a status list says so."""
        return tuple(c.code for c in self.checks if c.code in (CheckCode.REVOKED, CheckCode.SUSPENDED))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for APIs and the command line."""
        return {
            "verified": self.verified,
            "verdict": str(self.verdict),
            "issuer": self.issuer,
            "issuerTrusted": self.issuer_trusted,
            "verificationMethod": self.verification_method,
            "status": [str(code) for code in self.status_codes],
            "checks": [
                {
                    "name": c.name,
                    "status": str(c.status),
                    "code": str(c.code),
                    "reason": c.reason,
                    "target": c.target,
                }
                for c in self.checks
            ],
        }

    def check(self, name: str) -> Check | None:
        return next((check for check in self.checks if check.name == name), None)

    def checks_named(self, name: str) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.name == name)


def resolve_method(
    method_id: str, *, resolver: DidResolver | None, cache: VerificationCache | None
) -> ResolvedMethod:
    """The public key, entry and DID document of a verification method URL (raises VcError)."""
    if cache is not None:
        hit = cache.method(method_id)
        if hit is not None:
            return hit
    document = resolve_did_document(did_of(method_id), resolver)
    method = find_verification_method(document, method_id)
    if method is None:
        raise VcError(VcErrorCode.INVALID_DID, f"{method_id} is not declared in its DID document")
    if method.get("type") not in ("Multikey", "Ed25519VerificationKey2020"):
        raise VcError(VcErrorCode.INVALID_MULTIKEY, f"{method_id} is a {method.get('type')}, not a Multikey")
    multibase = method.get("publicKeyMultibase")
    if not isinstance(multibase, str):
        raise VcError(VcErrorCode.INVALID_MULTIKEY, f"{method_id} has no publicKeyMultibase")
    resolved = ResolvedMethod(public_key_from_multibase(multibase), method, document)
    if cache is not None:
        cache.remember_method(method_id, resolved)
    return resolved


def key_control_check(
    *, method_id: str, resolved: ResolvedMethod, issuer: str | None, name: str = "issuer_key"
) -> Check:
    """The issuer controls the key: it is the method's controller and lists it under assertionMethod."""
    controller = resolved.method.get("controller")
    if issuer is None:
        return failed(name, CheckCode.MALFORMED, "the credential names no issuer")
    if controller != issuer or did_of(method_id) != issuer:
        return failed(
            name, CheckCode.NOT_CONTROLLED, f"{method_id} is controlled by {controller}, not {issuer}"
        )
    if not has_relationship(resolved.document, ASSERTION_METHOD, method_id):
        return failed(
            name, CheckCode.NOT_AUTHORIZED, f"{issuer} does not list {method_id} under assertionMethod"
        )
    return passed(name, f"{issuer} controls {method_id} for assertionMethod")


def _data_model_check(credential: Mapping[str, Any]) -> Check:
    context = credential.get("@context")
    types = types_of(credential)
    if not isinstance(context, list) or not context or context[0] != VC_V2_CONTEXT:
        return failed("data_model", CheckCode.MALFORMED, f"the first @context must be {VC_V2_CONTEXT}")
    if "VerifiableCredential" not in types:
        return failed("data_model", CheckCode.MALFORMED, "type must include VerifiableCredential")
    if issuer_id(credential) is None or "credentialSubject" not in credential:
        return failed(
            "data_model", CheckCode.MALFORMED, "a credential needs an issuer and a credentialSubject"
        )
    return passed("data_model", "a VC Data Model 2.0 credential")


def validity_check(credential: Mapping[str, Any], now: datetime, *, name: str = "validity_period") -> Check:
    """``validFrom`` <= now <= ``validUntil``, each optional."""
    try:
        valid_from = credential.get("validFrom")
        valid_until = credential.get("validUntil")
        if valid_from is not None and now < parse_xsd_datetime(valid_from):
            return failed(name, CheckCode.NOT_YET_VALID, f"not valid before {valid_from}")
        if valid_until is not None and now > parse_xsd_datetime(valid_until):
            return failed(name, CheckCode.EXPIRED, f"expired at {valid_until}")
    except VcError as exc:
        return failed(name, CheckCode.MALFORMED, exc.message)
    return passed(name, "within its validity period")


def _proof_checks(
    credential: Mapping[str, Any],
    *,
    resolver: DidResolver | None,
    cache: VerificationCache | None,
    trusted: bool,
    now: datetime,
) -> tuple[list[Check], str | None, ResolvedMethod | None]:
    proof = single_proof(credential)
    method_id = proof.get("verificationMethod") if proof is not None else None
    if not isinstance(method_id, str):
        return [failed("proof", CheckCode.MALFORMED, "no single proof with a verificationMethod")], None, None
    try:
        resolved = resolve_method(method_id, resolver=resolver, cache=cache)
    except VcError as exc:
        checks = [failed("verification_method", CheckCode.UNRESOLVABLE, exc.message, target=method_id)]
        return [*checks, skipped("signature", "no key to check the signature with")], method_id, None
    except Exception as exc:  # a resolver's network or storage failure: undecided, not forged
        checks = [unavailable("verification_method", f"cannot resolve {method_id}: {exc}", target=method_id)]
        return [*checks, skipped("signature", "no key to check the signature with")], method_id, None
    checks = [passed("verification_method", f"resolved {method_id}", target=method_id)]
    proof_result = verify_proof(credential, public_key=resolved.public_key, trusted_numbers=trusted, now=now)
    return [*checks, *proof_result.checks], method_id, resolved


def verify_credential(
    credential: Mapping[str, Any] | str | bytes,
    *,
    resolver: DidResolver | None,
    trusted_issuers: Collection[str] = (),
    status_list_fetcher: StatusListFetcher | None = None,
    proof_only: bool = False,
    media_fetcher: MediaFetcher | None = None,
    cache: VerificationCache | None = None,
    now: datetime | None = None,
) -> VerificationReport:
    """Verify a credential (a dict or its JSON text) and report each check.

    Only an issuer in ``trusted_issuers`` (DIDs) can make a credential genuine; by default
    none is trusted, so a caller that forgets to say whom it trusts gets no "valid" verdict.
    ``proof_only`` checks the proof alone, for credentials such as the W3C test
    vectors whose issuer is not the controller of the signing key.
    """
    trusted = False
    if isinstance(credential, (str, bytes)):
        try:
            credential, trusted = jcs.parse(credential)
        except VcError as exc:
            return VerificationReport((failed("parse", CheckCode.MALFORMED, exc.message),), None, None, None)
    if not isinstance(credential, Mapping):
        return VerificationReport(
            (failed("parse", CheckCode.MALFORMED, "a credential is a JSON object"),), None, None, None
        )
    issuer = issuer_id(credential)
    moment = now or datetime.now(UTC)
    checks: list[Check] = []
    if not proof_only:
        checks.append(_data_model_check(credential))
    proof_checks, method_id, resolved = _proof_checks(
        credential, resolver=resolver, cache=cache, trusted=trusted, now=moment
    )
    checks.extend(proof_checks)
    if proof_only:
        checks.append(skipped("issuer_key", "proof only: the issuer's control of the key is not checked"))
        checks.append(skipped("issuer_trust", "proof only: whether the issuer is trusted is not checked"))
        return VerificationReport(tuple(checks), credential, issuer, method_id)
    if resolved is not None and method_id is not None:
        checks.append(key_control_check(method_id=method_id, resolved=resolved, issuer=issuer))
    else:
        checks.append(skipped("issuer_key", "the verification method did not resolve"))
    checks.append(issuer_trust_check(issuer, trusted_issuers))
    checks.append(validity_check(credential, moment))
    checks.extend(
        status_checks(
            credential,
            issuer=issuer,
            fetcher=status_list_fetcher,
            now=moment,
            verify_list=lambda document, is_trusted: _verify_status_list(
                document, is_trusted, resolver, cache, moment
            ),
            cache=cache,
        )
    )
    checks.extend(media_checks(credential, media_fetcher))
    return VerificationReport(tuple(checks), credential, issuer, method_id)


def _verify_status_list(
    document: Mapping[str, Any],
    trusted: bool,
    resolver: DidResolver | None,
    cache: VerificationCache | None,
    now: datetime,
) -> str | None:
    """None when the status list credential's proof is valid and its issuer controls the key, else why not."""
    proof_checks, method_id, resolved = _proof_checks(
        document, resolver=resolver, cache=cache, trusted=trusted, now=now
    )
    problem = next((c for c in proof_checks if not c.ok), None)
    if problem is not None or resolved is None or method_id is None:
        return problem.reason if problem is not None else "its proof cannot be checked"
    control = key_control_check(method_id=method_id, resolved=resolved, issuer=issuer_id(document))
    return None if control.ok else control.reason

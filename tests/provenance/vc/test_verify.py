"""verify_credential on a realistic origin certificate, with injected resolver and fetchers."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from provenance.vc import eddsa_jcs_2022
from provenance.vc.multikey import did_key_verification_method_id
from provenance.vc.results import CheckStatus
from provenance.vc.status_list import StatusPurpose, status_list_credential
from provenance.vc.verdict import Verdict
from provenance.vc.verify import VerificationCache, VerificationReport, verify_credential

from .conftest import PORTRAIT_URL, WORKSHOP_URL, Shop

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def verify(shop: Shop, credential: Any, **kwargs: Any) -> VerificationReport:
    options: dict[str, Any] = {
        "resolver": shop.resolver,
        "trusted_issuers": (shop.did,),
        "status_list_fetcher": shop.fetch_status_list,
        "media_fetcher": shop.fetch_media,
        "now": NOW,
    }
    return verify_credential(credential, **(options | kwargs))


def statuses(report: VerificationReport) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for check in report.checks:
        found.setdefault(check.name, []).append(str(check.status))
    return found


def leaf_paths(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in leaf_paths(item, (*path, key))]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in leaf_paths(item, (*path, i))]
    return [path]


def changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if value is None:
        return "x"
    return value + "x"


def test_a_signed_certificate_verifies_with_every_check_passing(shop: Shop) -> None:
    report = verify(shop, json.dumps(shop.sign(shop.certificate())))
    assert report.verified
    assert statuses(report) == {
        "data_model": ["passed"],
        "verification_method": ["passed"],
        "proof": ["passed"],
        "proof_purpose": ["passed"],
        "proof_created": ["passed"],
        "proof_context": ["passed"],
        "signature": ["passed"],
        "issuer_key": ["passed"],
        "issuer_trust": ["passed"],
        "validity_period": ["passed"],
        "status": ["passed", "passed"],
        "media": ["passed", "passed"],
    }
    assert report.issuer == shop.did
    assert report.verification_method == shop.method_id()


def test_changing_any_single_claim_makes_verification_fail(shop: Shop) -> None:
    signed = shop.sign(shop.certificate())
    paths = [p for p in leaf_paths(signed) if p[0] != "proof"]
    assert len(paths) > 50  # every claim kind of the certificate is covered
    for path in paths:
        tampered = copy.deepcopy(signed)
        *parents, last = path
        target = tampered
        for step in parents:
            target = target[step]
        target[last] = changed(target[last])
        report = verify(shop, tampered)
        assert not report.verified, path
        assert report.check("signature").code == "forged", path


def test_adding_a_claim_makes_verification_fail(shop: Shop) -> None:
    signed = shop.sign(shop.certificate())
    signed["credentialSubject"]["origin"]["note"] = "made in Bali"
    assert verify(shop, signed).check("signature").code == "forged"


def test_a_key_outside_the_did_document_is_refused(shop: Shop) -> None:
    stranger = Ed25519PrivateKey.generate()
    report = verify(shop, shop.sign(shop.certificate(), key=stranger))
    assert not report.verified
    assert report.check("verification_method").code == "unresolvable"


def test_a_signature_by_another_key_claiming_the_shop_key_is_forged(shop: Shop) -> None:
    signed = eddsa_jcs_2022.sign(
        shop.certificate(), private_key=Ed25519PrivateKey.generate(), verification_method=shop.method_id()
    )
    report = verify(shop, signed)
    assert report.check("signature").code == "forged"
    assert not report.verified


def test_after_key_rotation_old_and_new_certificates_both_verify(shop: Shop) -> None:
    old = shop.sign(shop.certificate())
    shop.rotate()
    new = shop.sign(shop.certificate(index=12))
    assert old["proof"]["verificationMethod"] != new["proof"]["verificationMethod"]
    assert new["proof"]["verificationMethod"] == shop.method_id(shop.keys[1])
    assert verify(shop, old).verified
    assert verify(shop, new).verified


def test_an_issuer_that_does_not_control_the_key_is_refused(shop: Shop) -> None:
    certificate = shop.certificate()
    certificate["issuer"] = "did:web:other.example"
    report = verify(shop, shop.sign(certificate))
    assert report.check("signature").ok
    assert report.check("issuer_key").code == "not_controlled"
    assert not report.verified


def test_a_key_not_listed_under_assertion_method_is_refused(shop: Shop) -> None:
    def resolver(did: str) -> dict:
        document = shop.did_document()
        document["assertionMethod"] = []
        return document

    report = verify(shop, shop.sign(shop.certificate()), resolver=resolver)
    assert report.check("issuer_key").code == "not_authorized"
    assert not report.verified


@pytest.mark.parametrize(
    ("purpose", "code"), [(StatusPurpose.REVOCATION, "revoked"), (StatusPurpose.SUSPENSION, "suspended")]
)
def test_a_set_status_bit_is_reported(shop: Shop, purpose: StatusPurpose, code: str) -> None:
    signed = shop.sign(shop.certificate(index=94_567))
    (shop.revocation if purpose is StatusPurpose.REVOCATION else shop.suspension).set(94_567)
    report = verify(shop, signed)
    assert not report.verified
    assert report.status_codes == (code,)
    assert report.check("signature").ok


def test_reinstating_a_suspended_certificate_restores_it(shop: Shop) -> None:
    signed = shop.sign(shop.certificate(index=5))
    cache = VerificationCache()
    shop.suspension.set(5)
    assert verify(shop, signed, cache=cache).status_codes == ("suspended",)
    shop.suspension.set(5, False)
    assert verify(shop, signed, cache=cache).verified


def test_another_certificate_on_the_same_list_is_unaffected(shop: Shop) -> None:
    shop.revocation.set(94_567)
    assert verify(shop, shop.sign(shop.certificate(index=94_568))).verified


def test_a_tampered_status_list_credential_fails(shop: Shop) -> None:
    signed = shop.sign(shop.certificate(index=77))
    shop.revocation.set(77)

    def fetcher(url: str) -> str | None:
        document = shop.status_list_credential(StatusPurpose.REVOCATION)
        if url == shop.list_url(StatusPurpose.REVOCATION):
            # someone clears the bit on the published list without the issuer's key
            clean = status_list_credential(
                id=url, issuer=shop.did, purpose="revocation", status_list=type(shop.revocation).empty()
            )
            document["credentialSubject"]["encodedList"] = clean["credentialSubject"]["encodedList"]
            return json.dumps(document)
        return shop.fetch_status_list(url)

    report = verify(shop, signed, status_list_fetcher=fetcher)
    assert not report.verified
    assert [c.code for c in report.checks_named("status")] == ["status_list_invalid", "ok"]


def test_a_status_list_signed_by_someone_else_fails(shop: Shop) -> None:
    signed = shop.sign(shop.certificate())
    stranger = Ed25519PrivateKey.generate()

    def fetcher(url: str) -> dict:
        unsigned = status_list_credential(
            id=url,
            issuer=did_key_verification_method_id(stranger.public_key()).split("#")[0],
            purpose="revocation" if "revocation" in url else "suspension",
            status_list=type(shop.revocation).empty(),
        )
        return eddsa_jcs_2022.sign(
            unsigned,
            private_key=stranger,
            verification_method=did_key_verification_method_id(stranger.public_key()),
        )

    report = verify(shop, signed, status_list_fetcher=fetcher)
    assert [c.code for c in report.checks_named("status")] == ["status_list_invalid"] * 2
    assert not report.verified


def test_an_unreachable_status_list_is_unavailable_and_the_verdict_unconfirmed(shop: Shop) -> None:
    """Not forged, but not valid either: nobody confirmed that the issuer still stands by it."""

    def fetcher(url: str) -> str:
        raise OSError("network down")

    report = verify(shop, shop.sign(shop.certificate()), status_list_fetcher=fetcher)
    assert [c.status for c in report.checks_named("status")] == [CheckStatus.UNAVAILABLE] * 2
    assert report.verdict is Verdict.UNCONFIRMED
    assert not report.verified and report.proof_holds


def test_a_missing_status_list_source_leaves_the_verdict_unconfirmed(shop: Shop) -> None:
    report = verify(shop, shop.sign(shop.certificate()), status_list_fetcher=None)
    assert report.verdict is Verdict.UNCONFIRMED


def test_a_status_list_that_says_nothing_is_unconfirmed(shop: Shop) -> None:
    report = verify(shop, shop.sign(shop.certificate()), status_list_fetcher=lambda url: None)
    assert report.verdict is Verdict.UNCONFIRMED


def test_a_revoked_certificate_whose_suspension_list_is_unreachable_is_still_revoked(shop: Shop) -> None:
    shop.revocation.set(94_567)
    revocation = json.dumps(shop.status_list_credential(StatusPurpose.REVOCATION))

    def fetcher(url: str) -> str | None:
        return revocation if "revocation" in url else None

    report = verify(shop, shop.sign(shop.certificate()), status_list_fetcher=fetcher)
    assert report.verdict is Verdict.REVOKED


def test_an_issuer_outside_the_trusted_ones_is_untrusted_though_the_proof_holds(shop: Shop) -> None:
    report = verify(shop, shop.sign(shop.certificate()), trusted_issuers=("did:web:another.example",))
    assert report.check("issuer_trust").code == "untrusted_issuer"
    assert report.verdict is Verdict.UNTRUSTED_ISSUER
    assert report.proof_holds and not report.verified


def test_no_issuer_is_trusted_unless_the_caller_names_it(shop: Shop) -> None:
    report = verify_credential(
        shop.sign(shop.certificate()),
        resolver=shop.resolver,
        status_list_fetcher=shop.fetch_status_list,
        now=NOW,
    )
    assert report.verdict is Verdict.UNTRUSTED_ISSUER


def test_a_did_key_issuer_that_signs_its_own_credential_is_untrusted(shop: Shop) -> None:
    key = Ed25519PrivateKey.generate()
    method = did_key_verification_method_id(key.public_key())
    certificate = shop.certificate()
    certificate["issuer"] = method.split("#")[0]
    del certificate["credentialStatus"]
    report = verify(shop, _sign_with(certificate, key, method))
    assert report.check("issuer_key").ok
    assert report.verdict is Verdict.UNTRUSTED_ISSUER


def _sign_with(document: dict[str, Any], key: Ed25519PrivateKey, method: str) -> dict[str, Any]:
    return eddsa_jcs_2022.sign(document, private_key=key, verification_method=method)


def test_a_forgery_is_invalid_before_it_is_untrusted(shop: Shop) -> None:
    signed = shop.sign(shop.certificate())
    signed["credentialSubject"]["serialNumber"] = "LYK-0000"
    report = verify(shop, signed, trusted_issuers=())
    assert report.verdict is Verdict.INVALID


def test_a_swapped_image_fails_its_digest(shop: Shop) -> None:
    signed = shop.sign(shop.certificate())
    shop.media[PORTRAIT_URL] = b"someone else's portrait"
    report = verify(shop, signed)
    media = {c.target: c.code for c in report.checks_named("media")}
    assert media == {PORTRAIT_URL: "digest_mismatch", WORKSHOP_URL: "ok"}
    assert not report.verified


def test_a_withdrawn_image_is_unavailable_never_forged(shop: Shop) -> None:
    signed = shop.sign(shop.certificate())
    del shop.media[PORTRAIT_URL]
    report = verify(shop, signed)
    media = {c.target: c.status for c in report.checks_named("media")}
    assert media[PORTRAIT_URL] is CheckStatus.UNAVAILABLE
    assert report.verified


def test_without_a_media_fetcher_media_is_skipped(shop: Shop) -> None:
    report = verify(shop, shop.sign(shop.certificate()), media_fetcher=None)
    assert [c.status for c in report.checks_named("media")] == [CheckStatus.SKIPPED]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("validUntil", "2026-11-24T00:00:00Z", "expired"),
        ("validFrom", "2026-12-01T00:00:00Z", "not_yet_valid"),
    ],
)
def test_the_validity_period_is_enforced(shop: Shop, field: str, value: str, code: str) -> None:
    certificate = shop.certificate()
    certificate[field] = value
    report = verify(shop, shop.sign(certificate))
    assert report.check("validity_period").code == code
    assert not report.verified


def test_proof_only_checks_nothing_but_the_proof(shop: Shop) -> None:
    certificate = shop.certificate()
    certificate["issuer"] = "https://vc.example/issuers/5678"
    report = verify(shop, shop.sign(certificate), proof_only=True)
    assert report.proof_holds
    assert report.verdict is Verdict.UNCONFIRMED
    assert report.check("issuer_key").status is CheckStatus.SKIPPED
    assert report.check("issuer_trust").status is CheckStatus.SKIPPED
    assert report.check("status") is None and report.check("media") is None


def test_an_unresolvable_did_web_fails_the_verification_method(shop: Shop) -> None:
    report = verify(shop, shop.sign(shop.certificate()), resolver=None)
    assert report.check("verification_method").code == "unresolvable"
    assert report.check("signature").status is CheckStatus.SKIPPED
    assert not report.verified


def test_a_resolver_outage_is_unavailable(shop: Shop) -> None:
    def resolver(did: str) -> dict:
        raise TimeoutError("did.json timed out")

    report = verify(shop, shop.sign(shop.certificate()), resolver=resolver)
    assert report.check("verification_method").status is CheckStatus.UNAVAILABLE
    assert not report.verified


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '"a string"'])
def test_text_that_is_not_a_credential_object_is_reported(shop: Shop, text: str) -> None:
    report = verify(shop, text)
    assert [(c.name, c.code) for c in report.checks] == [("parse", "malformed")]
    assert not report.verified


def test_the_cache_reuses_the_key_and_status_list_but_sees_new_list_content(shop: Shop) -> None:
    signed = json.dumps(shop.sign(shop.certificate(index=3)))
    calls: list[str] = []

    def resolver(did: str) -> dict | None:
        calls.append(did)
        return shop.resolver(did)

    cache = VerificationCache()
    assert verify(shop, signed, resolver=resolver, cache=cache).verified
    assert verify(shop, signed, resolver=resolver, cache=cache).verified
    assert calls == [shop.did]
    shop.revocation.set(3)
    assert verify(shop, signed, resolver=resolver, cache=cache).status_codes == ("revoked",)


def test_the_report_has_a_json_form(shop: Shop) -> None:
    shop.revocation.set(94_567)
    data = verify(shop, shop.sign(shop.certificate())).as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["verified"] is False and data["status"] == ["revoked"]
    assert {"name": "signature", "status": "passed", "code": "ok"}.items() <= data["checks"][6].items()


def test_a_credential_text_with_a_duplicated_claim_is_refused(shop: Shop) -> None:
    text = json.dumps(shop.sign(shop.certificate()))
    forged = text.replace('"serial": "LYK-2026-000123"', '"serial": "FAKE-1", "serial": "LYK-2026-000123"', 1)
    assert forged != text
    report = verify(shop, forged)
    assert [(c.name, c.code) for c in report.checks] == [("parse", "malformed")]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"statusListIndex": 94567}, "failed", "malformed"),
        ({"statusListIndex": "-1"}, "failed", "malformed"),
        ({"statusSize": 2}, "unavailable", "unavailable"),
        ({"type": "StatusList2021Entry"}, "unavailable", "unavailable"),
        ({"statusPurpose": "message"}, "skipped", "not_requested"),
        ({"statusListCredential": "https://asal.example/status/unknown"}, "unavailable", "unavailable"),
        ({"statusListIndex": "131072"}, "failed", "malformed"),
    ],
)
def test_each_status_entry_defect_is_reported(shop: Shop, change: dict, status: str, code: str) -> None:
    certificate = shop.certificate()
    certificate["credentialStatus"] = [certificate["credentialStatus"][0] | change]
    report = verify(shop, shop.sign(certificate))
    (check,) = report.checks_named("status")
    assert (str(check.status), str(check.code)) == (status, code), check


def test_a_status_list_of_the_wrong_purpose_fails(shop: Shop) -> None:
    certificate = shop.certificate()
    entry = certificate["credentialStatus"][0]  # revocation entry, pointed at the suspension list
    entry["statusListCredential"] = shop.list_url(StatusPurpose.SUSPENSION)
    certificate["credentialStatus"] = [entry]
    report = verify(shop, shop.sign(certificate))
    assert report.check("status").code == "status_list_invalid"


def test_a_malformed_digest_fails_as_malformed(shop: Shop) -> None:
    certificate = shop.certificate()
    certificate["credentialSubject"]["workshopPhotos"][0]["digestMultibase"] = "uAAAA"
    report = verify(shop, shop.sign(certificate))
    media = {c.target: c.code for c in report.checks_named("media")}
    assert media[WORKSHOP_URL] == "malformed"


def test_bytes_and_a_single_element_proof_set_are_accepted(shop: Shop) -> None:
    signed = shop.sign(shop.certificate())
    signed["proof"] = [signed["proof"]]
    assert verify(shop, json.dumps(signed).encode()).verified


def test_a_certificate_without_status_or_media_is_verified_with_those_checks_skipped(shop: Shop) -> None:
    certificate = shop.certificate()
    del certificate["credentialStatus"]
    del certificate["credentialSubject"]["makers"][0]["portrait"]
    del certificate["credentialSubject"]["workshopPhotos"]
    report = verify(shop, shop.sign(certificate))
    assert report.verified
    assert [c.status for c in report.checks_named("status")] == [CheckStatus.SKIPPED]
    assert [c.status for c in report.checks_named("media")] == [CheckStatus.SKIPPED]


def test_a_credential_that_is_not_vc_2_0_fails_the_data_model(shop: Shop) -> None:
    certificate = shop.certificate()
    certificate["@context"] = ["https://www.w3.org/2018/credentials/v1"]
    report = verify(shop, shop.sign(certificate))
    assert report.check("data_model").code == "malformed"
    assert not report.verified

"""Each verification check reads as a plain sentence in English and Indonesian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from provenance.certificates.page_checks import SENTENCES, STATUS_WORDS, TECHNICAL, check_rows, sentence
from provenance.vc.results import CheckCode, failed, passed, skipped, unavailable

ROOT = Path(__file__).resolve().parents[3]
CREDENTIAL = {
    "credentialSubject": {
        "photo": {"id": "https://shop.example/media/basket.jpg"},
        "makers": [{"portrait": {"id": "https://shop.example/media/inaq.jpg"}}],
    },
    "credentialStatus": [
        {"id": "https://shop.example/status/revocation/1#7", "statusPurpose": "revocation"},
        {"id": "https://shop.example/status/suspension/1#9", "statusPurpose": "suspension"},
    ],
}


def _verifier_check_names() -> set[str]:
    """Every check name the verifier and the shop's verification can report, read from their source."""
    pattern = re.compile(
        r"""(?:passed|failed|unavailable|skipped)\(\s*"([a-z_]+)"|name: str = "([a-z_]+)\""""
    )
    names = set()
    for folder in ("provenance/vc", "provenance/certificates"):
        for path in (ROOT / folder).glob("*.py"):
            names |= {a or b for a, b in pattern.findall(path.read_text())}
    return names


def test_every_check_the_verifier_reports_has_words_in_both_languages():
    names = _verifier_check_names()
    assert {"signature", "issuer_key", "status", "media"} <= names
    for language in ("en", "id"):
        described = {name for name, _ in SENTENCES[language]} | {"status", "media"}
        assert names - described == set(), language
        assert names - set(TECHNICAL[language]) == set(), language


def test_both_languages_word_the_same_outcomes():
    assert set(SENTENCES["en"]) == set(SENTENCES["id"])
    assert set(TECHNICAL["en"]) == set(TECHNICAL["id"])
    assert set(STATUS_WORDS["en"]) == set(STATUS_WORDS["id"])


def test_signature_reads_as_the_cooperatives_intact_signature():
    check = passed("signature", "Ed25519 signature over the JCS hashes is valid")
    assert sentence(check, "en", topic="signature", own_issuer=True).startswith(
        "The cooperative's signature is intact"
    )
    assert sentence(check, "id", topic="signature", own_issuer=True).startswith("Tanda tangan koperasi utuh")


def test_key_control_reads_without_jargon():
    check = passed("issuer_key", "did:web:x controls did:web:x#k for assertionMethod")
    assert (
        sentence(check, "en", topic="issuer_key", own_issuer=True)
        == "The key that signed it is the cooperative's own."
    )


def test_another_issuers_certificate_is_not_called_the_cooperatives():
    check = passed("signature", "valid")
    assert "cooperative" not in sentence(check, "en", topic="signature", own_issuer=False)


def test_a_trusted_partners_certificate_says_who_issued_it():
    check = passed("issuer_trust", "did:web:partner.example is a trusted issuer")
    assert sentence(check, "en", topic="issuer_trust", own_issuer=False) == (
        "It was issued by an issuer the cooperative trusts."
    )
    assert (
        sentence(check, "en", topic="issuer_trust", own_issuer=True)
        == "It was issued by the cooperative itself."
    )


def test_status_checks_are_told_apart_by_purpose():
    checks = [
        failed(
            "status",
            CheckCode.REVOKED,
            "the issuer has revoked it",
            target="https://shop.example/status/revocation/1#7",
        ),
        passed("status", "not suspended", target="https://shop.example/status/suspension/1#9"),
    ]
    rows = check_rows(checks, "en", credential=CREDENTIAL, own_issuer=True)
    assert [row["sentence"] for row in rows] == [
        "The cooperative has revoked it.",
        "The cooperative has not suspended it.",
    ]


def test_media_checks_name_the_image_they_are_about():
    checks = [
        unavailable("media", "gone", target="https://shop.example/media/inaq.jpg"),
        failed("media", CheckCode.DIGEST_MISMATCH, "swapped", target="https://shop.example/media/basket.jpg"),
    ]
    rows = check_rows(checks, "en", credential=CREDENTIAL, own_issuer=True)
    assert rows[0]["sentence"] == "The photo of the piece has been replaced since it was signed."
    assert rows[1]["sentence"].startswith("The maker's portrait is no longer shown")


def test_an_unconfirmed_status_says_so_in_indonesian():
    check = unavailable(
        "status",
        "https://shop.example/status/revocation/1 is unavailable",
        target="https://shop.example/status/revocation/1#7",
    )
    (row,) = check_rows([check], "id", credential=CREDENTIAL, own_issuer=True)
    assert row["sentence"] == "Apakah sertifikat ini dicabut belum dapat dipastikan saat ini."
    assert row["status_word"] == "belum pasti"


def test_failed_checks_come_first_and_passed_form_checks_are_folded():
    checks = [passed("data_model", "ok"), passed("proof", "ok"), failed("signature", CheckCode.FORGED, "no")]
    rows = check_rows(checks, "en", credential=CREDENTIAL, own_issuer=True)
    assert [row["name"] for row in rows] == ["signature", "proof", "data_model"]
    assert [row["formal"] for row in rows] == [False, True, True]


@pytest.mark.parametrize("language", ["en", "id"])
def test_an_unknown_check_still_reads_in_the_page_language(language):
    (row,) = check_rows(
        [skipped("issuer_trust_new", "english words")], language, credential=None, own_issuer=True
    )
    assert row["sentence"] == SENTENCES[language][("*", "skipped")]
    assert row["technical"] == TECHNICAL[language]["*"]


def test_the_verifiers_english_reason_stays_off_the_indonesian_page():
    check = passed("signature", "Ed25519 signature over the JCS hashes is valid")
    (english,) = check_rows([check], "en", credential=None, own_issuer=True)
    (indonesian,) = check_rows([check], "id", credential=None, own_issuer=True)
    assert english["reason"] == "Ed25519 signature over the JCS hashes is valid"
    assert indonesian["reason"] == ""

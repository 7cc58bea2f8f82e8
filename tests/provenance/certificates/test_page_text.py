"""The page's words: language choice, the tagline, dates, countries and the verdict."""

from __future__ import annotations

import datetime

import pytest

from provenance.certificates import page_text
from provenance.vc.results import CheckCode, failed, passed, unavailable
from provenance.vc.verify import VerificationReport


def _report(*checks) -> VerificationReport:
    return VerificationReport(tuple(checks), None, "did:web:shop.example", "did:web:shop.example#k")


SIGNED = passed("signature", "valid")
OURS = (passed("issuer_key", "controls the key"), passed("issuer_trust", "the cooperative"))


def test_both_languages_have_every_label():
    assert set(page_text.TEXT["en"]) == set(page_text.TEXT["id"])
    assert set(page_text.EVENTS["en"]) == set(page_text.EVENTS["id"])
    assert set(page_text.ERRORS["en"]) == set(page_text.ERRORS["id"])


@pytest.mark.parametrize(
    ("chosen", "accept", "expected"),
    [
        ("id", "en-GB", "id"),
        (None, "id-ID,id;q=0.9,en;q=0.8", "id"),
        (None, "de-DE,id;q=0.5,en;q=0.9", "en"),
        (None, "fr, id;q=0.7", "id"),
        (None, "id;q=0, en;q=0.1", "en"),
        ("xx\x00", "", "en"),
        (None, "id;q=abc", "en"),
    ],
)
def test_language_follows_the_link_then_the_browsers_preference(chosen, accept, expected):
    assert page_text.language_from(chosen, accept) == expected


def test_the_default_tagline_reads_in_indonesian():
    assert (
        page_text.shop_title("Asal — Lombok crafts from their makers", "id")
        == "Asal — Kerajinan Lombok dari tangan perajinnya"
    )


def test_an_unknown_tagline_is_shown_as_configured():
    assert page_text.shop_title("Loyok Weavers — Since 1970", "id") == "Loyok Weavers — Since 1970"


def test_dates_are_written_out_in_the_page_language():
    assert page_text.date_text("2026-10-20", "en") == "20 October 2026"
    assert page_text.date_text(datetime.date(2026, 10, 20), "id") == "20 Oktober 2026"
    assert page_text.date_text("sometime", "id") == "sometime"


def test_countries_are_named_in_the_page_language():
    assert page_text.country_name("NL", "id") == "Belanda"
    assert page_text.country_name("ID", "en") == "Indonesia"
    assert page_text.country_name("ZZ", "en") == "ZZ"
    assert page_text.country_name("QX", "id") == "QX"


def test_a_revoked_certificate_tells_the_holder_what_it_means():
    verdict = page_text.verdict(_report(SIGNED, *OURS, failed("status", CheckCode.REVOKED, "revoked")), "en")
    assert (verdict.css, verdict.sentence) == ("bad", "Revoked by the cooperative.")
    assert "no longer proves where this piece comes from" in verdict.meaning


def test_a_suspended_certificate_tells_the_holder_what_it_means_in_indonesian():
    verdict = page_text.verdict(
        _report(SIGNED, *OURS, failed("status", CheckCode.SUSPENDED, "suspended")), "id"
    )
    assert (verdict.css, verdict.kind) == ("warn", "suspended")
    assert "jangan mengandalkannya" in verdict.meaning


def test_an_unreachable_status_list_is_not_called_genuine():
    verdict = page_text.verdict(_report(SIGNED, *OURS, unavailable("status", "unreachable")), "en")
    assert (verdict.css, verdict.kind) == ("warn", "unconfirmed")
    assert "Do not rely on it until it is confirmed" in verdict.meaning


def test_a_forged_signature_is_not_genuine_even_when_listed_as_revoked():
    forged = failed("signature", CheckCode.FORGED, "no")
    verdict = page_text.verdict(_report(forged, failed("status", CheckCode.REVOKED, "revoked")), "en")
    assert verdict.kind == "invalid"


def test_a_certificate_signed_by_another_issuer_is_not_genuine_and_says_so():
    untrusted = failed("issuer_trust", CheckCode.UNTRUSTED_ISSUER, "did:key:z6Mk is not the cooperative")
    verdict = page_text.verdict(_report(SIGNED, OURS[0], untrusted, passed("status", "not revoked")), "id")
    assert (verdict.css, verdict.kind) == ("bad", "untrusted_issuer")
    assert verdict.sentence.startswith("Tidak asli")


def test_a_signed_certificate_in_good_standing_is_genuine():
    verdict = page_text.verdict(_report(SIGNED, *OURS, passed("status", "not revoked")), "id")
    assert (verdict.css, verdict.sentence) == ("good", "Asli: ditandatangani koperasi dan berlaku.")


def test_an_error_the_page_does_not_know_reads_as_a_plain_refusal():
    assert page_text.error_message("SOMETHING_NEW", "id") == "Klaim ini tidak dapat dicatat."
    assert page_text.error_message("INVALID", "en", field="country").startswith("The country must be")

"""The verification checks in plain words, in English and Indonesian, for the item page.

The verifier's own reasons ("Ed25519 signature over the JCS hashes is valid") are right for
the API and the command line but mean nothing to a buyer holding a phone. Each check is shown
as one sentence about the piece ("The cooperative's signature is intact"), with what was
checked technically one click away. The sentence depends on the check's name and outcome;
status checks are told apart by purpose (revocation, suspension) and media checks by what
the image is (the piece, the maker's portrait, a workshop photo). A check this module does
not know still reads as a sentence in the page's language, never as the verifier's English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from provenance.vc.results import Check, CheckStatus

# (check, outcome) -> sentence. The outcome is a status, or "status:code" for a finer reading, or
# "status:other" for a certificate another issuer signed; "{who}"/"{Who}" is the cooperative when
# it issued the certificate, else "the issuer".
SENTENCES: dict[str, dict[tuple[str, str], str]] = {
    "en": {
        ("parse", "failed"): "The certificate cannot be read: it is not a well-formed certificate file.",
        ("data_model", "passed"): "It is a standard W3C Verifiable Credential that any verifier can read.",
        ("data_model", "failed"): "It is not laid out as a standard certificate.",
        ("proof", "passed"): "It carries a standard digital signature.",
        ("proof", "failed"): "Its digital signature is missing or of a kind that cannot be checked.",
        ("proof_purpose", "passed"): "It was signed to vouch for the facts it states.",
        ("proof_purpose", "failed"): "It was signed for another purpose, not to vouch for these facts.",
        ("proof_created", "passed"): "The signature is dated.",
        ("proof_created", "failed"): "The date of the signature cannot be read.",
        ("proof_expires", "passed"): "The signature has not expired.",
        ("proof_expires", "failed"): "The signature has expired.",
        ("proof_context", "passed"): "The signature covers the same vocabulary as the certificate.",
        ("proof_context", "failed"): "The signature was made over a different vocabulary.",
        ("signature", "passed"): "{Who}'s signature is intact: nothing has changed since it was signed.",
        ("signature", "failed"): "The signature does not match: the certificate was changed after signing.",
        ("signature", "failed:malformed"): "The signature is damaged and cannot be checked.",
        ("signature", "skipped"): "The signature could not be checked: the key that made it was not found.",
        ("issuer_trust", "passed"): "It was issued by the cooperative itself.",
        ("issuer_trust", "passed:other"): "It was issued by an issuer the cooperative trusts.",
        ("issuer_trust", "failed"): "It was not issued by the cooperative, nor by an issuer it trusts.",
        ("issuer_trust", "skipped"): "Who issued it was not checked.",
        ("verification_method", "passed"): "The key that signed it is one {who} has published.",
        (
            "verification_method",
            "failed",
        ): "The key that signed it is not among the keys {who} has published.",
        ("verification_method", "unavailable"): "The published keys could not be reached just now.",
        ("issuer_key", "passed"): "The key that signed it is {who}'s own.",
        ("issuer_key", "failed"): "The key that signed it does not belong to {who}.",
        ("issuer_key", "failed:not_authorized"): "{Who} has not allowed that key to sign certificates.",
        ("issuer_key", "skipped"): "Whose key signed it could not be checked.",
        ("validity_period", "passed"): "It is within its period of validity.",
        ("validity_period", "failed"): "Its validity dates cannot be read.",
        ("validity_period", "failed:not_yet_valid"): "It is not valid yet.",
        ("validity_period", "failed:expired"): "It has expired.",
        ("revocation", "passed"): "{Who} has not revoked it.",
        ("revocation", "failed"): "The list of revoked certificates that was found is not one {who} signed.",
        ("revocation", "failed:revoked"): "{Who} has revoked it.",
        ("revocation", "failed:malformed"): "Its entry in the list of revoked certificates is damaged.",
        ("revocation", "unavailable"): "Whether it has been revoked could not be confirmed just now.",
        ("revocation", "skipped"): "It has no entry in a list of revoked certificates.",
        ("suspension", "passed"): "{Who} has not suspended it.",
        (
            "suspension",
            "failed",
        ): "The list of suspended certificates that was found is not one {who} signed.",
        ("suspension", "failed:suspended"): "{Who} has suspended it for now.",
        ("suspension", "failed:malformed"): "Its entry in the list of suspended certificates is damaged.",
        ("suspension", "unavailable"): "Whether it has been suspended could not be confirmed just now.",
        ("suspension", "skipped"): "It has no entry in a list of suspended certificates.",
        ("photo", "passed"): "The photo of the piece is the one that was signed.",
        ("photo", "failed"): "The photo of the piece has been replaced since it was signed.",
        (
            "photo",
            "unavailable",
        ): "The photo of the piece is no longer available (the signature still holds).",
        ("portrait", "passed"): "The maker's portrait is the one that was signed.",
        ("portrait", "failed"): "The maker's portrait has been replaced since it was signed.",
        ("portrait", "unavailable"): "The maker's portrait is no longer shown (the signature still holds).",
        ("workshop", "passed"): "The workshop photo is the one that was signed.",
        ("workshop", "failed"): "The workshop photo has been replaced since it was signed.",
        ("workshop", "unavailable"): "The workshop photo is no longer available (the signature still holds).",
        ("status", "skipped"): "It has no entry in a list of revoked or suspended certificates.",
        ("status", "unavailable"): "Its standing with {who} could not be confirmed just now.",
        ("status", "failed"): "Its entry in the list of revoked or suspended certificates is not valid.",
        ("media", "failed"): "A signed photo is not the one that was signed, or its reference is damaged.",
        ("media", "skipped"): "The certificate signs no photos.",
        ("*", "passed"): "This check passed.",
        ("*", "failed"): "This check failed.",
        ("*", "unavailable"): "This check could not be completed just now.",
        ("*", "skipped"): "This check was not needed.",
    },
    "id": {
        ("parse", "failed"): "Sertifikat tidak dapat dibaca: berkasnya bukan sertifikat yang utuh.",
        (
            "data_model",
            "passed",
        ): "Ini Verifiable Credential W3C standar yang bisa dibaca pemverifikasi mana pun.",
        ("data_model", "failed"): "Susunannya bukan susunan sertifikat standar.",
        ("proof", "passed"): "Sertifikat ini memuat tanda tangan digital standar.",
        ("proof", "failed"): "Tanda tangan digitalnya tidak ada atau jenisnya tidak dapat diperiksa.",
        ("proof_purpose", "passed"): "Tanda tangan dibuat untuk menjamin fakta yang dinyatakannya.",
        ("proof_purpose", "failed"): "Tanda tangan dibuat untuk tujuan lain, bukan untuk menjamin fakta ini.",
        ("proof_created", "passed"): "Tanda tangan memiliki tanggal.",
        ("proof_created", "failed"): "Tanggal tanda tangan tidak dapat dibaca.",
        ("proof_expires", "passed"): "Tanda tangan belum kedaluwarsa.",
        ("proof_expires", "failed"): "Tanda tangan sudah kedaluwarsa.",
        ("proof_context", "passed"): "Tanda tangan mencakup kosakata yang sama dengan sertifikat.",
        ("proof_context", "failed"): "Tanda tangan dibuat atas kosakata yang berbeda.",
        ("signature", "passed"): "Tanda tangan {who} utuh: tidak ada yang berubah sejak ditandatangani.",
        ("signature", "failed"): "Tanda tangan tidak cocok: sertifikat diubah setelah ditandatangani.",
        ("signature", "failed:malformed"): "Tanda tangan rusak dan tidak dapat diperiksa.",
        ("signature", "skipped"): "Tanda tangan tidak dapat diperiksa: kunci pembuatnya tidak ditemukan.",
        ("issuer_trust", "passed"): "Sertifikat ini diterbitkan oleh koperasi sendiri.",
        (
            "issuer_trust",
            "passed:other",
        ): "Sertifikat ini diterbitkan oleh penerbit yang dipercayai koperasi.",
        ("issuer_trust", "failed"): "Tidak diterbitkan oleh koperasi atau penerbit yang dipercayainya.",
        ("issuer_trust", "skipped"): "Siapa penerbitnya tidak diperiksa.",
        ("verification_method", "passed"): "Kunci penandatangannya adalah kunci yang diumumkan {who}.",
        (
            "verification_method",
            "failed",
        ): "Kunci penandatangannya tidak termasuk kunci yang diumumkan {who}.",
        ("verification_method", "unavailable"): "Daftar kunci yang diumumkan tidak dapat dijangkau saat ini.",
        ("issuer_key", "passed"): "Kunci penandatangannya milik {who} sendiri.",
        ("issuer_key", "failed"): "Kunci penandatangannya bukan milik {who}.",
        (
            "issuer_key",
            "failed:not_authorized",
        ): "{Who} tidak mengizinkan kunci itu menandatangani sertifikat.",
        ("issuer_key", "skipped"): "Pemilik kunci penandatangannya tidak dapat diperiksa.",
        ("validity_period", "passed"): "Sertifikat masih dalam masa berlakunya.",
        ("validity_period", "failed"): "Tanggal masa berlakunya tidak dapat dibaca.",
        ("validity_period", "failed:not_yet_valid"): "Sertifikat belum berlaku.",
        ("validity_period", "failed:expired"): "Masa berlaku sertifikat sudah habis.",
        ("revocation", "passed"): "{Who} tidak mencabutnya.",
        ("revocation", "failed"): "Daftar sertifikat yang dicabut yang ditemukan bukan tanda tangan {who}.",
        ("revocation", "failed:revoked"): "{Who} telah mencabutnya.",
        ("revocation", "failed:malformed"): "Entrinya dalam daftar sertifikat yang dicabut rusak.",
        ("revocation", "unavailable"): "Apakah sertifikat ini dicabut belum dapat dipastikan saat ini.",
        ("revocation", "skipped"): "Sertifikat ini tidak tercantum dalam daftar pencabutan.",
        ("suspension", "passed"): "{Who} tidak menangguhkannya.",
        (
            "suspension",
            "failed",
        ): "Daftar sertifikat yang ditangguhkan yang ditemukan bukan tanda tangan {who}.",
        ("suspension", "failed:suspended"): "{Who} menangguhkannya untuk sementara.",
        ("suspension", "failed:malformed"): "Entrinya dalam daftar sertifikat yang ditangguhkan rusak.",
        ("suspension", "unavailable"): "Apakah sertifikat ini ditangguhkan belum dapat dipastikan saat ini.",
        ("suspension", "skipped"): "Sertifikat ini tidak tercantum dalam daftar penangguhan.",
        ("photo", "passed"): "Foto barang ini sama dengan foto yang ditandatangani.",
        ("photo", "failed"): "Foto barang ini sudah diganti sejak ditandatangani.",
        ("photo", "unavailable"): "Foto barang ini tidak tersedia lagi (tanda tangan tetap berlaku).",
        ("portrait", "passed"): "Potret pembuatnya sama dengan yang ditandatangani.",
        ("portrait", "failed"): "Potret pembuatnya sudah diganti sejak ditandatangani.",
        ("portrait", "unavailable"): "Potret pembuatnya tidak ditampilkan lagi (tanda tangan tetap berlaku).",
        ("workshop", "passed"): "Foto bengkel kerja sama dengan yang ditandatangani.",
        ("workshop", "failed"): "Foto bengkel kerja sudah diganti sejak ditandatangani.",
        ("workshop", "unavailable"): "Foto bengkel kerja tidak tersedia lagi (tanda tangan tetap berlaku).",
        ("status", "skipped"): "Sertifikat ini tidak tercantum dalam daftar pencabutan atau penangguhan.",
        ("status", "unavailable"): "Statusnya di {who} belum dapat dipastikan saat ini.",
        ("status", "failed"): "Entrinya dalam daftar pencabutan atau penangguhan tidak sah.",
        ("media", "failed"): "Sebuah foto bukan foto yang ditandatangani, atau rujukannya rusak.",
        ("media", "skipped"): "Sertifikat ini tidak menandatangani foto apa pun.",
        ("*", "passed"): "Pemeriksaan ini lolos.",
        ("*", "failed"): "Pemeriksaan ini gagal.",
        ("*", "unavailable"): "Pemeriksaan ini belum dapat diselesaikan saat ini.",
        ("*", "skipped"): "Pemeriksaan ini tidak diperlukan.",
    },
}

# What each check verifies, for the technical detail under the sentence.
TECHNICAL: dict[str, dict[str, str]] = {
    "en": {
        "parse": "The credential's JSON text is parsed (I-JSON).",
        "data_model": "W3C VC Data Model 2.0: the first @context, the type VerifiableCredential, "
        "an issuer and a credentialSubject.",
        "proof": "A single DataIntegrityProof using the eddsa-jcs-2022 cryptosuite.",
        "proof_purpose": "The proof's proofPurpose is assertionMethod.",
        "proof_created": "The proof's created value is an XML Schema date-time.",
        "proof_expires": "The proof's expires value has not passed.",
        "proof_context": "The document's @context starts with the proof's @context.",
        "signature": "An Ed25519 signature over the SHA-256 hashes of the JCS-canonical proof options "
        "and credential.",
        "verification_method": "The proof's verificationMethod resolves, through the issuer's DID "
        "document, to an Ed25519 Multikey.",
        "issuer_key": "The issuer's DID controls the key and lists it under assertionMethod.",
        "issuer_trust": "The issuer is this cooperative's did:web or one named in ASAL_TRUSTED_ISSUERS.",
        "validity_period": "validFrom ≤ now ≤ validUntil.",
        "status": "The bit at statusListIndex of the issuer's signed BitstringStatusListCredential.",
        "media": "The SHA-256 digest (digestMultibase) of the file at this address equals the signed one.",
        "*": "A check of the verifier.",
    },
    "id": {
        "parse": "Teks JSON kredensial diurai (I-JSON).",
        "data_model": "W3C VC Data Model 2.0: @context pertama, tipe VerifiableCredential, "
        "issuer dan credentialSubject.",
        "proof": "Satu DataIntegrityProof dengan cryptosuite eddsa-jcs-2022.",
        "proof_purpose": "proofPurpose pada bukti adalah assertionMethod.",
        "proof_created": "Nilai created pada bukti adalah date-time XML Schema.",
        "proof_expires": "Nilai expires pada bukti belum lewat.",
        "proof_context": "@context dokumen diawali @context bukti.",
        "signature": "Tanda tangan Ed25519 atas hash SHA-256 dari opsi bukti dan kredensial dalam "
        "bentuk kanonik JCS.",
        "verification_method": "verificationMethod pada bukti ditemukan di dokumen DID penerbit "
        "sebagai Multikey Ed25519.",
        "issuer_key": "DID penerbit mengendalikan kunci itu dan mencantumkannya di assertionMethod.",
        "issuer_trust": "Penerbitnya did:web koperasi ini atau yang disebut di ASAL_TRUSTED_ISSUERS.",
        "validity_period": "validFrom ≤ sekarang ≤ validUntil.",
        "status": "Bit pada statusListIndex dalam BitstringStatusListCredential bertanda tangan penerbit.",
        "media": "Digest SHA-256 (digestMultibase) berkas di alamat ini sama dengan yang ditandatangani.",
        "*": "Salah satu pemeriksaan pemverifikasi.",
    },
}

# What a buyer looks at first: the signature, whose it is, its standing, its photos; the format
# checks last. A failed or unconfirmed check comes before every passed one.
ORDER = (
    "signature",
    "issuer_trust",
    "issuer_key",
    "revocation",
    "suspension",
    "status",
    "validity_period",
    "photo",
    "portrait",
    "workshop",
    "media",
    "verification_method",
    "proof",
    "proof_purpose",
    "proof_context",
    "proof_created",
    "proof_expires",
    "data_model",
    "parse",
)
_URGENCY = {CheckStatus.FAILED: 0, CheckStatus.UNAVAILABLE: 1}
# Passed checks of the credential's form: listed under "more checks", folded, on the page.
FORMAL = frozenset(ORDER[ORDER.index("verification_method") :])

WHO = {
    "en": {True: "the cooperative", False: "the issuer"},
    "id": {True: "koperasi", False: "penerbit"},
}

STATUS_WORDS = {
    "en": {"passed": "passed", "failed": "failed", "unavailable": "unconfirmed", "skipped": "not needed"},
    "id": {"passed": "lolos", "failed": "gagal", "unavailable": "belum pasti", "skipped": "tidak perlu"},
}


def _media_kinds(credential: Mapping[str, Any] | None) -> dict[str, str]:
    """What each signed image is, by its URL: the piece, a maker's portrait or a workshop photo."""
    subject = (credential or {}).get("credentialSubject")
    if not isinstance(subject, Mapping):
        return {}
    kinds: dict[str, str] = {}

    def note(reference: Any, kind: str) -> None:
        if isinstance(reference, Mapping) and isinstance(reference.get("id"), str):
            kinds.setdefault(reference["id"], kind)

    note(subject.get("photo"), "photo")
    for maker in subject.get("makers") or []:
        if isinstance(maker, Mapping):
            note(maker.get("portrait"), "portrait")
    for photo in subject.get("workshopPhotos") or []:
        note(photo, "workshop")
    return kinds


def _status_purposes(credential: Mapping[str, Any] | None) -> dict[str, str]:
    """The purpose of each status entry, by the id (or list URL) a status check names as its target."""
    entries = (credential or {}).get("credentialStatus")
    purposes: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, Mapping) and isinstance(entry.get("statusPurpose"), str):
            for key in (entry.get("id"), entry.get("statusListCredential")):
                if isinstance(key, str):
                    purposes.setdefault(key, entry["statusPurpose"])
    return purposes


def _topic(check: Check, media: dict[str, str], purposes: dict[str, str]) -> str:
    if check.name == "media" and check.target:
        return media.get(check.target, "photo")
    if check.name == "status":
        purpose = purposes.get(check.target or "", "")
        return purpose if purpose in ("revocation", "suspension") else "status"
    return check.name


def sentence(check: Check, language: str, *, topic: str, own_issuer: bool) -> str:
    """One plain sentence saying what the check found, in ``language``."""
    table = SENTENCES[language]
    status = check.status.value
    text = (
        (None if own_issuer else table.get((topic, f"{status}:other")))
        or table.get((topic, f"{status}:{check.code.value}"))
        or table.get((topic, status))
        or table.get((check.name, status))
        or table[("*", status)]
    )
    who = WHO[language][own_issuer]
    return text.format(who=who, Who=who[:1].upper() + who[1:])


def check_rows(
    checks: tuple[Check, ...] | list[Check],
    language: str,
    *,
    credential: Mapping[str, Any] | None,
    own_issuer: bool,
) -> list[dict[str, Any]]:
    """The page's rows for a report's checks: a sentence, a status word and the technical detail."""
    media, purposes = _media_kinds(credential), _status_purposes(credential)
    topics = [(check, _topic(check, media, purposes)) for check in checks]
    topics.sort(
        key=lambda pair: (
            _URGENCY.get(pair[0].status, 2),
            ORDER.index(pair[1]) if pair[1] in ORDER else len(ORDER),
        )
    )
    rows = []
    for check, topic in topics:
        rows.append(
            {
                "sentence": sentence(check, language, topic=topic, own_issuer=own_issuer),
                "status": check.status.value,
                "status_word": STATUS_WORDS[language][check.status.value],
                "technical": TECHNICAL[language].get(check.name, TECHNICAL[language]["*"]),
                "name": check.name,
                "code": check.code.value,
                "target": check.target or "",
                # The verifier's own words are English; the Indonesian page keeps to its own.
                "reason": check.reason if language == "en" else "",
                "ok": check.status is CheckStatus.PASSED,
                "formal": topic in FORMAL and check.status is CheckStatus.PASSED,
            }
        )
    return rows

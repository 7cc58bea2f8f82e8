"""The public item page's words in English and Indonesian, and how checks read to a person."""

from __future__ import annotations

from typing import Any

from provenance.vc.results import Check
from provenance.vc.verdict import Verdict

LANGUAGES = ("en", "id")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Certificate of origin",
        "made_by": "Made by",
        "village": "Village",
        "coordinates": "Village coordinates",
        "materials": "Materials",
        "techniques": "Techniques",
        "motif": "Motif",
        "period": "Made between",
        "harvest": "Harvested",
        "best_before": "Best before",
        "group": "Producer group",
        "serial": "Serial",
        "check_code": "Check code on the tag",
        "signature": "Signature and status",
        "signed_by": "Signed by",
        "key": "Key",
        "history": "Journey of this piece",
        "claims": "Ownership claims",
        "no_claims": "Nobody has claimed this piece yet.",
        "claim_title": "Claim this piece",
        "claim_help": "Enter the secret printed inside the packaging. Name and e-mail are optional.",
        "secret": "Secret",
        "name": "Name",
        "email": "E-mail",
        "country": "Country (2 letters)",
        "claim_button": "Claim",
        "claimed": "Ownership recorded. Your new secret, shown only once — keep it and hand it on with "
        "the item:",
        "valid": "Genuine: signed by the cooperative and in good standing.",
        "revoked": "Revoked by the cooperative.",
        "suspended": "Suspended by the cooperative.",
        "invalid": "Not genuine: this certificate does not verify.",
        "untrusted": "Not genuine: signed by someone other than this cooperative.",
        "unconfirmed": "Not confirmed: the signature holds, but its status could not be checked.",
        "not_claimable": "This piece can no longer be claimed: its certificate has been withdrawn.",
        "chain_ok": "Custody record intact.",
        "chain_broken": "Custody record is broken.",
        "map": "Map",
        "photo": "Photo",
        "download": "Credential (JSON)",
        "tag": "Printable tag",
        "switch": "Bahasa Indonesia",
    },
    "id": {
        "title": "Sertifikat asal",
        "made_by": "Dibuat oleh",
        "village": "Desa",
        "coordinates": "Koordinat desa",
        "materials": "Bahan",
        "techniques": "Teknik",
        "motif": "Motif",
        "period": "Dibuat antara",
        "harvest": "Dipanen",
        "best_before": "Baik digunakan sebelum",
        "group": "Kelompok produsen",
        "serial": "Nomor seri",
        "check_code": "Kode cek pada label",
        "signature": "Tanda tangan dan status",
        "signed_by": "Ditandatangani oleh",
        "key": "Kunci",
        "history": "Perjalanan barang ini",
        "claims": "Klaim kepemilikan",
        "no_claims": "Belum ada yang mengklaim barang ini.",
        "claim_title": "Klaim barang ini",
        "claim_help": "Masukkan kode rahasia yang tercetak di dalam kemasan. Nama dan e-mail tidak wajib.",
        "secret": "Kode rahasia",
        "name": "Nama",
        "email": "E-mail",
        "country": "Negara (2 huruf)",
        "claim_button": "Klaim",
        "claimed": "Kepemilikan tercatat. Kode rahasia baru Anda, hanya ditampilkan sekali — simpan dan "
        "serahkan bersama barang:",
        "valid": "Asli: ditandatangani koperasi dan berlaku.",
        "revoked": "Dicabut oleh koperasi.",
        "suspended": "Ditangguhkan oleh koperasi.",
        "invalid": "Tidak asli: sertifikat ini tidak dapat diverifikasi.",
        "untrusted": "Tidak asli: ditandatangani oleh pihak lain, bukan koperasi ini.",
        "unconfirmed": "Belum terkonfirmasi: tanda tangan sah, tetapi statusnya tidak dapat diperiksa.",
        "not_claimable": "Barang ini tidak dapat diklaim lagi: koperasi telah mencabut sertifikatnya.",
        "chain_ok": "Catatan perjalanan utuh.",
        "chain_broken": "Catatan perjalanan rusak.",
        "map": "Peta",
        "photo": "Foto",
        "download": "Kredensial (JSON)",
        "tag": "Label cetak",
        "switch": "English",
    },
}

EVENTS = {
    "en": {
        "PRODUCED": "Made",
        "CERTIFIED": "Certified",
        "SOLD": "Sold",
        "SHIPPED": "Shipped",
        "RETURNED": "Returned",
        "RESTOCKED": "Restocked",
        "OWNERSHIP_CLAIMED": "Ownership claimed",
        "TRANSFERRED": "Ownership transferred",
        "REVOKED": "Certificate revoked",
        "SUSPENDED": "Certificate suspended",
        "REINSTATED": "Certificate reinstated",
    },
    "id": {
        "PRODUCED": "Dibuat",
        "CERTIFIED": "Disertifikasi",
        "SOLD": "Terjual",
        "SHIPPED": "Dikirim",
        "RETURNED": "Dikembalikan",
        "RESTOCKED": "Masuk stok lagi",
        "OWNERSHIP_CLAIMED": "Kepemilikan diklaim",
        "TRANSFERRED": "Kepemilikan dialihkan",
        "REVOKED": "Sertifikat dicabut",
        "SUSPENDED": "Sertifikat ditangguhkan",
        "REINSTATED": "Sertifikat dipulihkan",
    },
}

CHECK_NAMES = {
    "en": {
        "data_model": "Credential format",
        "signature": "Signature",
        "verification_method": "Signing key",
        "issuer_key": "Issuer controls the key",
        "issuer_trust": "Issued by this cooperative",
        "validity_period": "Validity period",
        "proof": "Proof",
        "proof_purpose": "Proof purpose",
        "proof_context": "Proof context",
        "status": "Status",
        "media": "Media",
        "parse": "Credential",
    },
    "id": {
        "data_model": "Format kredensial",
        "signature": "Tanda tangan",
        "verification_method": "Kunci penanda",
        "issuer_key": "Penerbit memegang kunci",
        "issuer_trust": "Diterbitkan oleh koperasi ini",
        "validity_period": "Masa berlaku",
        "proof": "Bukti",
        "proof_purpose": "Tujuan bukti",
        "proof_context": "Konteks bukti",
        "status": "Status",
        "media": "Media",
        "parse": "Kredensial",
    },
}

STATUS_WORDS = {
    "en": {"passed": "passed", "failed": "failed", "unavailable": "unavailable", "skipped": "skipped"},
    "id": {"passed": "lolos", "failed": "gagal", "unavailable": "tidak tersedia", "skipped": "dilewati"},
}

ERRORS = {
    "en": {
        "INVALID_CLAIM_SECRET": "This secret is not valid for this item (it may have been used already).",
        "RATE_LIMITED": "Too many wrong secrets. Try again later.",
        "ALREADY_CLAIMED": "This piece was already claimed with this secret; its new secret was shown then.",
        "NOT_CLAIMABLE": "This piece can no longer be claimed: its certificate has been withdrawn.",
        "INVALID": "Check what you entered: the country is two letters (ISO 3166-1), e.g. DE, NL or JP.",
    },
    "id": {
        "INVALID_CLAIM_SECRET": "Kode rahasia ini tidak berlaku untuk barang ini (mungkin sudah dipakai).",
        "RATE_LIMITED": "Terlalu banyak kode salah. Coba lagi nanti.",
        "ALREADY_CLAIMED": "Barang ini sudah diklaim dengan kode ini; kode barunya ditampilkan saat itu.",
        "NOT_CLAIMABLE": "Barang ini tidak dapat diklaim lagi: koperasi telah mencabut sertifikatnya.",
        "INVALID": "Periksa isian Anda: negara ditulis dua huruf (ISO 3166-1), misalnya DE, NL atau JP.",
    },
}


def pick(values: list[dict[str, str]] | str, language: str) -> str:
    """The value in ``language`` from a list of JSON-LD language values, else the first."""
    if isinstance(values, str):
        return values
    for value in values:
        if value.get("@language") == language:
            return value["@value"]
    return values[0]["@value"] if values else ""


def check_row(check: Check, language: str) -> dict[str, Any]:
    return {
        "name": CHECK_NAMES[language].get(check.name, check.name),
        "status": check.status.value,
        "status_word": STATUS_WORDS[language][check.status.value],
        "reason": check.reason,
        "target": check.target or "",
    }


# verdict -> (css class, key of its sentence in TEXT)
VERDICTS = {
    Verdict.VALID: ("good", "valid"),
    Verdict.UNCONFIRMED: ("warn", "unconfirmed"),
    Verdict.SUSPENDED: ("warn", "suspended"),
    Verdict.REVOKED: ("bad", "revoked"),
    Verdict.UNTRUSTED_ISSUER: ("bad", "untrusted"),
    Verdict.INVALID: ("bad", "invalid"),
}


def verdict(report: Any, language: str) -> tuple[str, str]:
    """(css class, sentence) summarising a verification report."""
    css, key = VERDICTS[report.verdict]
    return css, TEXT[language][key]


def event_row(event: Any, language: str) -> dict[str, Any]:
    return {
        "label": EVENTS[language].get(event.type, event.type),
        "date": event.occurred_at.date().isoformat(),
        "country": event.country,
    }


def error_message(code: str, language: str) -> str:
    return ERRORS[language].get(code, ERRORS[language]["INVALID_CLAIM_SECRET"])

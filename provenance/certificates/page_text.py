"""The public item page's words in English and Indonesian, and how checks read to a person."""

from __future__ import annotations

from typing import Any

from provenance.vc.results import Check, CheckCode, CheckStatus

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
    },
    "id": {
        "INVALID_CLAIM_SECRET": "Kode rahasia ini tidak berlaku untuk barang ini (mungkin sudah dipakai).",
        "RATE_LIMITED": "Terlalu banyak kode salah. Coba lagi nanti.",
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


def verdict(report: Any, language: str) -> tuple[str, str]:
    """(css class, sentence) summarising a verification report."""
    text = TEXT[language]
    if CheckCode.REVOKED in report.status_codes:
        return "bad", text["revoked"]
    if CheckCode.SUSPENDED in report.status_codes:
        return "warn", text["suspended"]
    signature = report.check("signature")
    if report.verified and signature is not None and signature.status is CheckStatus.PASSED:
        return "good", text["valid"]
    return "bad", text["invalid"]


def event_row(event: Any, language: str) -> dict[str, Any]:
    return {
        "label": EVENTS[language].get(event.type, event.type),
        "date": event.occurred_at.date().isoformat(),
        "country": event.country,
    }


def error_message(code: str, language: str) -> str:
    return ERRORS[language].get(code, ERRORS[language]["INVALID_CLAIM_SECRET"])

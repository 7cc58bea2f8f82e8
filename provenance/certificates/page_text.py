"""The public item page's words in English and Indonesian: labels, verdicts, dates, countries.

Everything a reader sees on ``/p/<serial>?lang=id`` comes from here (the checks' sentences
from ``page_checks``, roles and areas from ``page_vocabulary``), so a test can look for
English left on the Indonesian page in one place. Names, places and the cooperative's own
words (a motif, a group's name) are shown as recorded: they are not English, they are names.
"""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any, NamedTuple

from babel import Locale
from babel.dates import format_date

from provenance.vc.verdict import Verdict

LANGUAGES = ("en", "id")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Certificate of origin",
        "made_by": "Made by",
        "unnamed_maker": "a maker who chose not to be named",
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
        "check_code_help": "The same code is printed on the piece's tag: if the code on your tag is "
        "different, the tag does not belong to this certificate.",
        "signature": "How this certificate was checked",
        "technical": "Technical detail",
        "more_checks": "{count} more checks of the certificate's form, all passed",
        "verifier_says": "Verifier's message",
        "result_code": "Check and result",
        "about_target": "About",
        "issuer_title": "Who signed it",
        "signed_by": "Signed by",
        "key": "Key",
        "history": "Journey of this piece",
        "claims": "Ownership",
        "claims_help": "Whoever holds the secret printed inside the packaging can record here that they "
        "own this piece. They then receive a new secret to hand on with it to the next owner.",
        "no_claims": "Nobody has claimed this piece yet.",
        "claim_title": "Claim this piece",
        "claim_help": "Enter the secret printed inside the packaging. Name and e-mail are optional and "
        "never shown on this page.",
        "secret": "Secret",
        "name": "Name",
        "email": "E-mail",
        "country": "Country (2 letters, e.g. NL)",
        "claim_button": "Claim",
        "claimed": "Ownership recorded. Your new secret, shown only once — keep it and hand it on with "
        "the item:",
        "valid": "Genuine: signed by the cooperative and in good standing.",
        "valid_meaning": "What this page says about the maker, the village and the materials is exactly "
        "what the cooperative signed when the piece was made.",
        "revoked": "Revoked by the cooperative.",
        "revoked_meaning": "The cooperative no longer stands behind this certificate: the piece was "
        "written off (lost, damaged or withdrawn) or the certificate was issued in error. It no longer "
        "proves where this piece comes from, and ownership of it cannot be recorded here. If you "
        "bought it as genuine, contact the seller.",
        "suspended": "Suspended by the cooperative.",
        "suspended_meaning": "The cooperative has put this certificate on hold while it looks into "
        "something about this piece, such as a report that it was lost or stolen. Until the "
        "cooperative lifts the suspension, do not rely on it to buy or sell the piece.",
        "unconfirmed": "Not confirmed: nothing failed, but it could not be fully checked just now.",
        "unconfirmed_meaning": "Nothing on this certificate failed, but something needed to confirm it could "
        "not be checked just now, usually whether the cooperative has since revoked or suspended it. Do not "
        "rely on it until it is confirmed: open this page again later.",
        "invalid": "Not genuine: this certificate does not verify.",
        "invalid_meaning": "It was changed after signing, or it was not signed by the cooperative. Do not "
        "rely on it; the checks below show which step failed.",
        "untrusted_issuer": "Not genuine: signed by someone other than this cooperative.",
        "untrusted_issuer_meaning": "The signature holds, but whoever signed it is neither the cooperative "
        "nor an issuer it trusts: anyone can sign a certificate naming a village. Do not rely on it.",
        "not_claimable": "This piece can no longer be claimed here: its certificate has been withdrawn.",
        "chain_ok": "Custody record intact.",
        "chain_broken": "Custody record is broken.",
        "map": "Map",
        "photo_title": "The piece this certificate signs",
        "photo_alt": "Photo of the piece",
        "photo_gone": "The photo signed with this certificate is no longer available.",
        "portrait_alt": "Portrait of {name}",
        "workshop_alt": "Workshop photo",
        "download": "Credential (JSON)",
        "tag": "Printable tag (PDF)",
        "qr": "QR code (SVG)",
        "switch": "Bahasa Indonesia",
        "not_found": "No certificate has this serial",
        "not_found_help": "Check the serial printed on the tag, under the QR code: it looks like the one "
        "below. Serials never use the letters I, L, O or U.",
        "tag_check_code": "Check code",
        "tag_made_by": "Made by",
        "tag_unnamed_maker": "a maker of Lombok",
    },
    "id": {
        "title": "Sertifikat asal",
        "made_by": "Dibuat oleh",
        "unnamed_maker": "perajin yang memilih tidak disebut namanya",
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
        "check_code_help": "Kode yang sama tercetak pada label barang: jika kode pada label Anda berbeda, "
        "label itu bukan pasangan sertifikat ini.",
        "signature": "Cara sertifikat ini diperiksa",
        "technical": "Detail teknis",
        "more_checks": "{count} pemeriksaan lain atas bentuk sertifikat, semuanya lolos",
        "verifier_says": "Pesan pemverifikasi",
        "result_code": "Pemeriksaan dan hasil",
        "about_target": "Tentang",
        "issuer_title": "Siapa yang menandatangani",
        "signed_by": "Ditandatangani oleh",
        "key": "Kunci",
        "history": "Perjalanan barang ini",
        "claims": "Kepemilikan",
        "claims_help": "Siapa pun yang memegang kode rahasia yang tercetak di dalam kemasan dapat mencatat "
        "di sini bahwa barang ini miliknya. Ia lalu menerima kode rahasia baru untuk diserahkan bersama "
        "barang kepada pemilik berikutnya.",
        "no_claims": "Belum ada yang mengklaim barang ini.",
        "claim_title": "Klaim barang ini",
        "claim_help": "Masukkan kode rahasia yang tercetak di dalam kemasan. Nama dan e-mail tidak wajib "
        "dan tidak pernah ditampilkan di halaman ini.",
        "secret": "Kode rahasia",
        "name": "Nama",
        "email": "E-mail",
        "country": "Negara (2 huruf, mis. ID)",
        "claim_button": "Klaim",
        "claimed": "Kepemilikan tercatat. Kode rahasia baru Anda, hanya ditampilkan sekali — simpan dan "
        "serahkan bersama barang:",
        "valid": "Asli: ditandatangani koperasi dan berlaku.",
        "valid_meaning": "Yang tertulis di halaman ini tentang pembuat, desa, dan bahan sama persis dengan "
        "yang ditandatangani koperasi saat barang ini dibuat.",
        "revoked": "Dicabut oleh koperasi.",
        "revoked_meaning": "Koperasi tidak lagi menjamin sertifikat ini: barangnya sudah dihapus dari "
        "catatan (hilang, rusak, atau ditarik) atau sertifikatnya keliru diterbitkan. Sertifikat ini tidak "
        "lagi membuktikan asal barang, dan kepemilikannya tidak dapat dicatat di sini. Jika Anda membelinya "
        "sebagai barang asli, hubungi penjualnya.",
        "suspended": "Ditangguhkan oleh koperasi.",
        "suspended_meaning": "Koperasi menahan sertifikat ini sementara ia memeriksa sesuatu tentang barang "
        "ini, misalnya laporan bahwa barang hilang atau dicuri. Selama penangguhan belum dicabut, jangan "
        "mengandalkannya untuk membeli atau menjual barang ini.",
        "unconfirmed": "Belum pasti: tidak ada yang gagal, tetapi belum dapat diperiksa sepenuhnya saat ini.",
        "unconfirmed_meaning": "Tidak ada pemeriksaan yang gagal, tetapi sesuatu yang diperlukan untuk "
        "memastikannya belum dapat diperiksa saat ini, biasanya apakah koperasi sejak itu mencabut atau "
        "menangguhkannya. Jangan mengandalkannya sampai pasti: buka lagi halaman ini nanti.",
        "invalid": "Tidak asli: sertifikat ini tidak dapat diverifikasi.",
        "invalid_meaning": "Sertifikat ini diubah setelah ditandatangani, atau tidak ditandatangani "
        "koperasi. Jangan mengandalkannya; pemeriksaan di bawah menunjukkan langkah yang gagal.",
        "untrusted_issuer": "Tidak asli: ditandatangani oleh pihak lain, bukan koperasi ini.",
        "untrusted_issuer_meaning": "Tanda tangannya sah, tetapi penandatangannya bukan koperasi ini dan "
        "bukan penerbit yang dipercayainya: siapa pun bisa menandatangani sertifikat yang menyebut sebuah "
        "desa. Jangan mengandalkannya.",
        "not_claimable": "Barang ini tidak dapat diklaim lagi di sini: sertifikatnya telah ditarik.",
        "chain_ok": "Catatan perjalanan utuh.",
        "chain_broken": "Catatan perjalanan rusak.",
        "map": "Peta",
        "photo_title": "Barang yang ditandatangani sertifikat ini",
        "photo_alt": "Foto barang",
        "photo_gone": "Foto yang ditandatangani bersama sertifikat ini tidak tersedia lagi.",
        "portrait_alt": "Potret {name}",
        "workshop_alt": "Foto bengkel kerja",
        "download": "Kredensial (JSON)",
        "tag": "Label cetak (PDF)",
        "qr": "Kode QR (SVG)",
        "switch": "English",
        "not_found": "Tidak ada sertifikat dengan nomor seri ini",
        "not_found_help": "Periksa nomor seri yang tercetak pada label, di bawah kode QR: bentuknya "
        "seperti contoh di bawah. Nomor seri tidak pernah memakai huruf I, L, O, atau U.",
        "tag_check_code": "Kode cek",
        "tag_made_by": "Dibuat oleh",
        "tag_unnamed_maker": "perajin Lombok",
    },
}

# The shop name may carry a tagline after a dash; a known tagline is shown in the reader's language.
TAGLINES = {"lombok crafts from their makers": "Kerajinan Lombok dari tangan perajinnya"}

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
        "*": "Recorded",
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
        "*": "Tercatat",
    },
}

ERRORS = {
    "en": {
        "INVALID_CLAIM_SECRET": "This secret is not valid for this item (it may have been used already).",
        "RATE_LIMITED": "Too many wrong secrets. Try again later.",
        "ALREADY_CLAIMED": "This piece was already claimed with this secret; its new secret was shown then.",
        "NOT_CLAIMABLE": "This piece can no longer be claimed: its certificate has been withdrawn.",
        "secret": "This secret is not valid for this item (it may have been used already).",
        "country": "The country must be two letters, such as NL or JP.",
        "name": "The name holds characters that cannot be recorded.",
        "email": "The e-mail address holds characters that cannot be recorded.",
        "*": "This claim could not be recorded.",
    },
    "id": {
        "INVALID_CLAIM_SECRET": "Kode rahasia ini tidak berlaku untuk barang ini (mungkin sudah dipakai).",
        "RATE_LIMITED": "Terlalu banyak kode salah. Coba lagi nanti.",
        "ALREADY_CLAIMED": "Barang ini sudah diklaim dengan kode ini; kode barunya ditampilkan saat itu.",
        "NOT_CLAIMABLE": "Barang ini tidak dapat diklaim lagi: sertifikatnya telah ditarik.",
        "secret": "Kode rahasia ini tidak berlaku untuk barang ini (mungkin sudah dipakai).",
        "country": "Negara harus dua huruf, misalnya ID atau JP.",
        "name": "Nama memuat karakter yang tidak dapat dicatat.",
        "email": "Alamat e-mail memuat karakter yang tidak dapat dicatat.",
        "*": "Klaim ini tidak dapat dicatat.",
    },
}


class PageVerdict(NamedTuple):
    """The page's one-line answer: a css class, the sentence, and what it means for the holder."""

    css: str
    sentence: str
    meaning: str
    kind: str


def language_from(chosen: str | None, accept_language: str) -> str:
    """``chosen`` when it is a page language, else the first page language the browser accepts."""
    if chosen in LANGUAGES:
        return chosen
    ranked = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower().split("-")[0]))
    for negative_quality, _, primary in sorted(ranked):
        if negative_quality < 0 and primary in LANGUAGES:
            return primary
    return "en"


def pick(values: list[dict[str, str]] | str, language: str) -> str:
    """The value in ``language`` from a list of JSON-LD language values, else the first."""
    if isinstance(values, str):
        return values
    for value in values:
        if value.get("@language") == language:
            return value["@value"]
    return values[0]["@value"] if values else ""


def shop_title(shop_name: str, language: str) -> str:
    """The shop's name with its tagline in ``language`` when the tagline is a known one."""
    name, dash, tagline = shop_name.partition(" — ")
    if not dash or language != "id":
        return shop_name
    translated = TAGLINES.get(" ".join(tagline.split()).casefold())
    return f"{name} — {translated}" if translated else shop_name


@cache
def _territories(language: str) -> dict[str, str]:
    # Two-letter codes only, and not CLDR's "ZZ" ("Unknown Region"): an unknown code is shown as given.
    return {
        code: name
        for code, name in Locale.parse(language).territories.items()
        if len(code) == 2 and code.isalpha() and code != "ZZ"
    }


def country_name(code: str, language: str) -> str:
    """A country's name in ``language`` from its ISO code; an unknown code as given."""
    return _territories(language).get(code.upper(), code) if code else ""


def date_text(value: datetime.date | str | None, language: str) -> str:
    """A date as people write it ("20 October 2026", "20 Oktober 2026"); unreadable text as given."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    else:
        day = value
    return format_date(day, "d MMMM y", locale=language)


# Each verdict's look; the verdict itself is the verifier's, decided once for the page, the API and
# the command line (``provenance.vc.verdict``).
VERDICT_CSS = {
    Verdict.VALID: "good",
    Verdict.UNCONFIRMED: "warn",
    Verdict.SUSPENDED: "warn",
    Verdict.REVOKED: "bad",
    Verdict.UNTRUSTED_ISSUER: "bad",
    Verdict.INVALID: "bad",
}


def verdict(report: Any, language: str) -> PageVerdict:
    """The verdict of a verification report, in ``language``, with what it means for the holder."""
    kind = Verdict(report.verdict)
    text = TEXT[language]
    return PageVerdict(VERDICT_CSS[kind], text[kind.value], text[f"{kind.value}_meaning"], kind.value)


def event_row(event: Any, language: str) -> dict[str, Any]:
    return {
        "label": EVENTS[language].get(event.type, EVENTS[language]["*"]),
        "date": date_text(event.occurred_at.date(), language),
        "country": country_name(event.country, language),
    }


def error_message(code: str, language: str, field: str | None = None) -> str:
    messages = ERRORS[language]
    return messages.get(code) or messages.get(field or "") or messages["*"]

"""The words of the order confirmation e-mail, in English and Bahasa Indonesia.

One table per language, chosen by the order's ``language_code`` (``id`` and ``id-*`` read
Indonesian, anything else English): the e-mail never mixes the two.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Order #{number} confirmed",
        "greeting": "Thank you for your order.",
        "intro": "We have received order #{number}. This is what you bought:",
        "quantity": "Quantity",
        "certificate": "Certificate of origin",
        "certificate_intro": "Each certified piece has its own page: who made it, where, and proof that "
        "its certificate is genuine.",
        "subtotal": "Subtotal",
        "shipping": "Shipping",
        "total": "Total",
        "import_vat_checkout": "Import VAT collected now: {amount}",
        "import_vat_import": "Import VAT and duties are paid to the carrier on delivery.",
        "ship_to": "Shipping to",
        "view_order": "Your order",
        "unpaid": "Payment for this order is still to be made.",
        "closing": "Terima kasih, from the makers of Lombok.",
    },
    "id": {
        "subject": "Pesanan #{number} dikonfirmasi",
        "greeting": "Terima kasih atas pesanan Anda.",
        "intro": "Kami telah menerima pesanan #{number}. Inilah yang Anda beli:",
        "quantity": "Jumlah",
        "certificate": "Sertifikat asal",
        "certificate_intro": "Setiap barang bersertifikat memiliki halamannya sendiri: siapa pembuatnya, di "
        "mana, dan bukti bahwa sertifikatnya asli.",
        "subtotal": "Subtotal",
        "shipping": "Pengiriman",
        "total": "Total",
        "import_vat_checkout": "PPN impor yang dipungut sekarang: {amount}",
        "import_vat_import": "PPN impor dan bea dibayarkan kepada kurir saat barang diterima.",
        "ship_to": "Dikirim ke",
        "view_order": "Pesanan Anda",
        "unpaid": "Pembayaran untuk pesanan ini belum dilakukan.",
        "closing": "Terima kasih, dari para perajin Lombok.",
    },
}


def email_language(language_code: str) -> str:
    """``"id"`` for Indonesian (``id``, ``id-ID``…), else ``"en"``."""
    return "id" if language_code.lower().replace("_", "-").split("-")[0] == "id" else "en"


def money_text(amount: Decimal, currency: str, language: str) -> str:
    """An amount as the reader writes it (``US$42.50``, ``Rp 650.000,00``)."""
    return format_currency(amount, currency, locale="id_ID" if language == "id" else "en_US")


# The e-mail of a payment returned because the order could not be placed (stock ran out, or a
# piece stopped being sold, between paying and the order): no order exists, so no number.
PAYMENT_RETURNED_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Your payment has been returned",
        "greeting": "We are sorry.",
        "intro": "You paid for these items, but before your order could be placed they were no longer "
        "available:",
        "returned": "We have returned your payment of {amount} in full. Depending on your bank it can "
        "take a few days to reach your account.",
        "no_order": "No order was placed and nothing will be sent.",
        "closing": "Terima kasih, from the makers of Lombok.",
    },
    "id": {
        "subject": "Pembayaran Anda telah dikembalikan",
        "greeting": "Mohon maaf.",
        "intro": "Anda telah membayar barang-barang ini, tetapi barang tersebut sudah tidak tersedia "
        "sebelum pesanan Anda dibuat:",
        "returned": "Kami telah mengembalikan seluruh pembayaran Anda sebesar {amount}. Tergantung bank "
        "Anda, dana dapat memerlukan beberapa hari untuk masuk ke rekening Anda.",
        "no_order": "Tidak ada pesanan yang dibuat dan tidak ada barang yang akan dikirim.",
        "closing": "Terima kasih, dari para perajin Lombok.",
    },
}


# The e-mail sent when a parcel leaves (``SHIPPING_CONFIRMATION``) or its tracking number changes
# (``TRACKING_UPDATED``): what is in the parcel, how to follow it, and each certified piece's page.
SHIPPED_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Order #{number} has been shipped",
        "subject_tracking": "Tracking number for order #{number}",
        "greeting": "Good news: your parcel is on its way.",
        "intro": "Parcel {parcel} of order #{number} contains:",
        "intro_tracking": "The tracking number of parcel {parcel} of order #{number} has changed.",
        "quantity": "Quantity",
        "tracking": "Tracking number",
        "no_tracking": "The carrier has not given a tracking number yet.",
        "certificate": "Certificate of origin",
        "certificate_intro": "Each certified piece has its own page: who made it, where, and proof that "
        "its certificate is genuine.",
        "ship_to": "Shipping to",
        "closing": "Terima kasih, from the makers of Lombok.",
    },
    "id": {
        "subject": "Pesanan #{number} telah dikirim",
        "subject_tracking": "Nomor resi untuk pesanan #{number}",
        "greeting": "Kabar baik: paket Anda sedang dalam perjalanan.",
        "intro": "Paket {parcel} dari pesanan #{number} berisi:",
        "intro_tracking": "Nomor resi paket {parcel} dari pesanan #{number} telah berubah.",
        "quantity": "Jumlah",
        "tracking": "Nomor resi",
        "no_tracking": "Kurir belum memberikan nomor resi.",
        "certificate": "Sertifikat asal",
        "certificate_intro": "Setiap barang bersertifikat memiliki halamannya sendiri: siapa pembuatnya, di "
        "mana, dan bukti bahwa sertifikatnya asli.",
        "ship_to": "Dikirim ke",
        "closing": "Terima kasih, dari para perajin Lombok.",
    },
}

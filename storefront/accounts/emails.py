"""Account e-mails (confirmation, password reset, deletion) in the buyer's language.

The words live in one table per language, as the certificate page's do (``page_text``): English
and Bahasa Indonesia; a buyer whose language has no table gets English. Each e-mail is short
plain text with the one link the buyer needs and a line on what to do if they did not ask.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mail


class AccountEmail(StrEnum):
    CONFIRM_ACCOUNT = "confirm-account"
    RESET_PASSWORD = "reset-password"
    DELETE_ACCOUNT = "delete-account"
    # A new staff account (staffCreate): a password-reset token, worded as a welcome.
    SET_STAFF_PASSWORD = "set-staff-password"


LANGUAGES = ("en", "id")

TEXT: dict[str, dict[AccountEmail, tuple[str, str]]] = {
    "en": {
        AccountEmail.CONFIRM_ACCOUNT: (
            "Confirm your account at {shop}",
            "Welcome to {shop}.\n\nOpen this link to confirm your e-mail address and start using your "
            "account:\n{link}\n\nThe link works once and for {hours} hours. If you did not sign up, "
            "ignore this message: nothing happens without the link.",
        ),
        AccountEmail.RESET_PASSWORD: (
            "Choose a new password for {shop}",
            "Someone, hopefully you, asked to choose a new password for your account at {shop}.\n\n"
            "Open this link to choose it:\n{link}\n\nThe link works once and for {hours} hours. If you "
            "did not ask, ignore this message: your password stays as it is.",
        ),
        AccountEmail.DELETE_ACCOUNT: (
            "Delete your account at {shop}",
            "You asked to delete your account at {shop}.\n\nOpen this link to delete it for good:\n"
            "{link}\n\nThe link works once and for {hours} hours. If you did not ask, ignore this "
            "message and consider changing your password.",
        ),
        AccountEmail.SET_STAFF_PASSWORD: (
            "Your staff account at {shop}",
            "A staff account at {shop} has been created for you.\n\nOpen this link to choose your "
            "password:\n{link}\n\nThe link works once and for {hours} hours. If you did not expect "
            "this, ignore this message: nobody can use the account without the link.",
        ),
    },
    "id": {
        AccountEmail.CONFIRM_ACCOUNT: (
            "Konfirmasi akun Anda di {shop}",
            "Selamat datang di {shop}.\n\nBuka tautan ini untuk mengonfirmasi alamat e-mail Anda dan "
            "mulai memakai akun Anda:\n{link}\n\nTautan ini hanya bisa dipakai sekali dan berlaku "
            "{hours} jam. Jika Anda tidak mendaftar, abaikan pesan ini: tanpa tautan ini tidak ada "
            "yang terjadi.",
        ),
        AccountEmail.RESET_PASSWORD: (
            "Pilih kata sandi baru untuk {shop}",
            "Ada permintaan untuk memilih kata sandi baru bagi akun Anda di {shop}.\n\nBuka tautan ini "
            "untuk memilihnya:\n{link}\n\nTautan ini hanya bisa dipakai sekali dan berlaku {hours} jam. "
            "Jika Anda tidak memintanya, abaikan pesan ini: kata sandi Anda tetap sama.",
        ),
        AccountEmail.DELETE_ACCOUNT: (
            "Hapus akun Anda di {shop}",
            "Anda meminta agar akun Anda di {shop} dihapus.\n\nBuka tautan ini untuk menghapusnya "
            "secara permanen:\n{link}\n\nTautan ini hanya bisa dipakai sekali dan berlaku {hours} jam. "
            "Jika Anda tidak memintanya, abaikan pesan ini dan sebaiknya ganti kata sandi Anda.",
        ),
        AccountEmail.SET_STAFF_PASSWORD: (
            "Akun staf Anda di {shop}",
            "Akun staf di {shop} telah dibuat untuk Anda.\n\nBuka tautan ini untuk memilih kata "
            "sandi Anda:\n{link}\n\nTautan ini hanya bisa dipakai sekali dan berlaku {hours} jam. "
            "Jika Anda tidak mengharapkannya, abaikan pesan ini: tanpa tautan ini akun tidak bisa dipakai.",
        ),
    },
}


def email_language(language_code: str) -> str:
    """The language an e-mail is written in for a user's ``language_code`` (``id-ID`` -> ``id``)."""
    base = (language_code or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def account_email_send(*, kind: AccountEmail, recipient: str, language_code: str, link: str) -> None:
    """Send one account e-mail through Django's mail (the console backend in the demo)."""
    subject, body = TEXT[email_language(language_code)][kind]
    values = {"shop": settings.SHOP_NAME, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    send_mail(
        subject.format(**values),
        body.format(**values),
        settings.DEFAULT_FROM_EMAIL,
        [recipient],
    )

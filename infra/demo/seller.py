"""The demo's seller of record: BUMDes Desa Loyok, the village enterprise of Loyok, Lombok Timur.

Demo only, and plausible rather than real: the NIB, NPWP and IOSS number have the right shape
(13 digits, 16 digits, ``IM`` + 10 digits) but belong to nobody. Set once, through the same
service as ``sellerOfRecordUpdate`` (so the audit log shows it, done by the system); a second
load, or settings staff have changed since, are left alone.
"""

from __future__ import annotations

from storefront.accounts.actor import Actor
from storefront.orders.incoterms import Incoterm
from storefront.orders.models import SellerOfRecord
from storefront.orders.seller import seller_of_record_update

LEGAL_NAME = "BUMDes Desa Loyok (Badan Usaha Milik Desa Loyok)"
ADDRESS = {
    "company_name": "BUMDes Desa Loyok",
    "street_address_1": "Jl. Raya Loyok No. 1",
    "city_area": "Sikur",
    "city": "Lombok Timur",
    "country_area": "Nusa Tenggara Barat",
    "postal_code": "83662",
    "country": "ID",
    "phone": "+62 376 000000",
}


def demo_seller_load() -> None:
    """Give the demo its seller of record, unless one is already saved."""
    if SellerOfRecord.objects.exists():
        return
    seller_of_record_update(
        actor=Actor.system(),
        legal_name=LEGAL_NAME,
        nib="9120001234567",
        npwp="0912 3456 7891 2000",
        # IM, 528 (the Netherlands, where the demo's EU intermediary would register), 7 digits.
        ioss_number="IM5280001234",
        default_incoterm=Incoterm.DAP,
        address=ADDRESS,
    )

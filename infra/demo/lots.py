"""Demo stock arrives the way real stock does: through production lots whose units are certified.

Each (variant, warehouse) gets one lot with a code derived from both, so a second
``load_demo`` finds it and changes nothing. One-of-a-kind pieces are lots of one, so the
demo shop shows that very piece's certificate before it is bought.
"""

from __future__ import annotations

import datetime
import hashlib

from provenance.certificates.keys import signing_key_generate
from provenance.certificates.models import ProductionLot, SigningKey
from provenance.certificates.services import MakerRole, lot_receive
from storefront.accounts.actor import Actor
from storefront.catalog.models import ProductVariant
from storefront.inventory.models import Warehouse

# A maker's role follows the craft of the product's first technique.
ROLE_BY_TECHNIQUE_WORD = {
    "plaiting": "weaver",
    "weaving": "weaver",
    "songket": "weaver",
    "ikat": "weaver",
    "pottery": "potter",
    "silversmith": "silversmith",
    "carving": "carver",
    "ferment": "grower",
    "roast": "roaster",
    "meliponiculture": "beekeeper",
    "coffee": "grower",
    "cur": "grower",
}
DEMO_TODAY = datetime.date(2026, 11, 1)


def demo_signing_key_ensure() -> None:
    if not SigningKey.objects.filter(is_active=True).exists():
        signing_key_generate()


def _role(variant: ProductVariant) -> str:
    technique = variant.product.techniques.order_by("pk").first()
    slug = technique.slug if technique else ""
    return next((role for word, role in ROLE_BY_TECHNIQUE_WORD.items() if word in slug), "maker")


def _stable(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def demo_stock_receive(
    *, variant: ProductVariant, warehouse: Warehouse, quantity: int, motif: str = "", is_food: bool = False
) -> ProductionLot | None:
    """Receive the demo stock of ``variant`` in ``warehouse`` as one certified lot (once)."""
    code = f"DEMO-{variant.sku}-{warehouse.slug}".upper()
    existing = ProductionLot.objects.filter(code=code).first()
    if existing is not None or quantity <= 0:
        return existing
    product = variant.product
    if product.origin is None:
        return None
    makers = list(product.makers.all())
    if not makers:
        return None
    seed = _stable(code)
    finished = DEMO_TODAY - datetime.timedelta(days=10 + seed % 60)
    started = finished - datetime.timedelta(days=3 + seed % 25)
    role = _role(variant)
    return lot_receive(
        actor=Actor.system(),
        code=code,
        variant=variant,
        warehouse=warehouse,
        quantity=quantity,
        origin=product.origin,
        makers=[MakerRole(maker=maker, role=role) for maker in makers],
        unit_makers=[makers[i % len(makers)] for i in range(quantity)] if len(makers) > 1 else None,
        materials=list(product.materials.all()),
        techniques=list(product.techniques.all()),
        motif=motif if motif and motif != "plain" else "",
        workshop=f"{product.origin.village} workshop",
        production_started_on=started,
        production_finished_on=finished,
        harvested_on=started if is_food else None,
        best_before=finished + datetime.timedelta(days=365) if is_food else None,
    )

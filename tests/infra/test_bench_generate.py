"""The benchmark's catalogue: every generated product gets a lot whose certificate is the one
``lot_receive`` would have signed, valid on the certificate page, and topping up is idempotent."""

from __future__ import annotations

import pytest

from infra.bench_generate import LOT_PREFIX, bench_catalogue_ensure
from provenance.certificates.credentials import certificate_subject
from provenance.certificates.custody import custody_chain_verify
from provenance.certificates.models import OriginCertificate
from provenance.certificates.verification import certificate_verify
from provenance.vc.verdict import Verdict
from storefront.catalog.models import Product

pytestmark = pytest.mark.django_db


def test_each_generated_product_has_one_certified_lot_and_topping_up_adds_only_the_difference() -> None:
    assert bench_catalogue_ensure(products=30) == (30, 30)
    assert bench_catalogue_ensure(products=30) == (0, 0)
    assert bench_catalogue_ensure(products=34) == (4, 4)

    generated = Product.objects.filter(slug__startswith="gen1-")
    assert generated.count() == 34
    assert all(
        p.variants.filter(production_lots__code__startswith=LOT_PREFIX).count() == 1 for p in generated
    )
    assert OriginCertificate.objects.filter(unit__lot__code__startswith=LOT_PREFIX).count() == 34


def test_generated_certificates_are_what_the_lot_service_signs_and_verify() -> None:
    """Lots after the first of a design and size reuse its claims: the subject must still be exactly
    what ``certificate_subject`` reads from the database for that unit."""
    bench_catalogue_ensure(products=40)
    certificates = list(
        OriginCertificate.objects.filter(unit__lot__code__startswith=LOT_PREFIX).select_related(
            "unit__lot__variant__product"
        )
    )
    designs = {(c.unit.lot.variant.product.slug[12:], c.unit.lot.variant.name) for c in certificates}
    assert len(designs) < len(certificates)  # some lots took their claims from another's

    for certificate in certificates:
        unit = certificate.unit
        assert certificate.credential["credentialSubject"] == certificate_subject(unit=unit)
        assert certificate_verify(certificate.credential).verdict == Verdict.VALID
        assert custody_chain_verify(unit=unit).ok
        assert custody_chain_verify(unit=unit).length == 2
    slots = [(c.revocation_list_id, c.revocation_index) for c in certificates]
    assert len(set(slots)) == len(slots)

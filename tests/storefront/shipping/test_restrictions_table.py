"""The restricted-goods table as the cooperative keeps it: replaced whole from rows or CSV, checked first."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from storefront.shipping.error_codes import ShippingError, ShippingErrorCode
from storefront.shipping.models import Restriction
from storefront.shipping.services import RestrictionRow, restrictions_replace

pytestmark = pytest.mark.django_db

HONEY = RestrictionRow(country="au", hs_code_prefix="0409", kind="forbidden", reason="Honey is refused.")


def test_replace_creates_changes_and_removes_rows():
    Restriction.objects.create(country="NZ", hs_code_prefix="0602", reason="Plants.")
    Restriction.objects.create(country="AU", hs_code_prefix="1209", reason="Seeds.", kind="RESTRICTED")
    changed = restrictions_replace(
        rows=[
            HONEY,
            RestrictionRow(
                country="AU", hs_code_prefix="12.09", kind="FORBIDDEN", reason="Seeds.", reason_id="Benih."
            ),
        ]
    )
    assert (changed.created, changed.updated, changed.deleted) == (1, 1, 1)
    rows = list(
        Restriction.objects.order_by("hs_code_prefix").values_list("country", "hs_code_prefix", "kind")
    )
    assert rows == [("AU", "0409", "FORBIDDEN"), ("AU", "1209", "FORBIDDEN")]
    again = restrictions_replace(rows=[HONEY, RestrictionRow("AU", "1209", "FORBIDDEN", "Seeds.", "Benih.")])
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)


def test_every_bad_row_is_reported_and_nothing_changes():
    Restriction.objects.create(country="NZ", hs_code_prefix="0602", reason="Plants.")
    with pytest.raises(ShippingError) as error:
        restrictions_replace(
            rows=[
                RestrictionRow(country="Australia", hs_code_prefix="0409", kind="FORBIDDEN", reason="x"),
                RestrictionRow(country="AU", hs_code_prefix="honey", kind="FORBIDDEN", reason="x"),
                RestrictionRow(country="AU", hs_code_prefix="0409", kind="MAYBE", reason=""),
                HONEY,
                HONEY,
            ]
        )
    found = [(e.code, e.field, e.details["row"]) for e in error.value.errors]
    assert found == [
        (ShippingErrorCode.INVALID, "country", 1),
        (ShippingErrorCode.INVALID, "hs_code_prefix", 2),
        (ShippingErrorCode.INVALID, "kind", 3),
        (ShippingErrorCode.REQUIRED, "reason", 3),
        (ShippingErrorCode.DUPLICATED_INPUT_ITEM, "hs_code_prefix", 5),
    ]
    assert list(Restriction.objects.values_list("hs_code_prefix", flat=True)) == ["0602"]


def test_the_command_exports_and_imports_csv(tmp_path):
    Restriction.objects.create(
        country="AU", hs_code_prefix="0409", reason="Honey, no.", reason_id="Madu, tidak."
    )
    out = io.StringIO()
    call_command("restrictions", "export", stdout=out)
    assert out.getvalue().splitlines() == [
        "country,hs_code_prefix,kind,reason,reason_id",
        'AU,0409,FORBIDDEN,"Honey, no.","Madu, tidak."',
    ]
    sheet = tmp_path / "restrictions.csv"
    sheet.write_text(out.getvalue() + "NZ,0409,FORBIDDEN,Honey,\n", encoding="utf-8")
    report = io.StringIO()
    call_command("restrictions", "import", str(sheet), stdout=report)
    assert "1 added, 0 changed, 0 removed" in report.getvalue()
    assert Restriction.objects.filter(country="NZ", hs_code_prefix="0409").exists()


def test_the_command_refuses_a_bad_sheet_and_changes_nothing(tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text("country,hs_code_prefix,kind,reason\nAU,04x9,FORBIDDEN,Honey\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Row 1"):
        call_command("restrictions", "import", str(sheet), stdout=io.StringIO())
    missing = tmp_path / "missing.csv"
    missing.write_text("country,kind\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lacks the columns"):
        call_command("restrictions", "import", str(missing), stdout=io.StringIO())
    assert not Restriction.objects.exists()

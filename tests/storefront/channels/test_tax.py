"""Tax per destination and import VAT: rates, fallbacks, each scheme's threshold either side, rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.channels.models import Channel, ImportVatScheme, TaxRate
from storefront.channels.tax import TaxCollectedAt, line_taxed, tax_decision, taxed
from storefront.core.money import Money

pytestmark = pytest.mark.django_db

EU = ["AT", "BE", "DE", "FR", "IT", "NL", "ES"]


def _channel(slug: str, currency: str, *, flat: str = "0", gross: bool = False) -> Channel:
    return Channel.objects.create(
        name=slug,
        slug=slug,
        currency_code=currency,
        default_country="ID",
        flat_tax_rate=Decimal(flat),
        prices_entered_with_tax=gross,
    )


@pytest.fixture
def eur() -> Channel:
    channel = _channel("tax-eur", "EUR")
    for country, rate in {"DE": "0.19", "FR": "0.20", "US": "0"}.items():
        TaxRate.objects.create(channel=channel, country=country, rate=Decimal(rate))
    ImportVatScheme.objects.create(
        channel=channel, code="EU_IOSS", name="EU IOSS", countries=EU, currency="EUR", threshold_amount=150
    )
    return channel


@pytest.fixture
def usd() -> Channel:
    channel = _channel("tax-usd", "USD")
    TaxRate.objects.create(channel=channel, country="GB", rate=Decimal("0.20"))
    TaxRate.objects.create(channel=channel, country="AU", rate=Decimal("0.10"))
    ImportVatScheme.objects.create(
        channel=channel,
        code="UK",
        name="UK low value",
        countries=["GB"],
        currency="USD",
        threshold_amount=170,
    )
    ImportVatScheme.objects.create(
        channel=channel,
        code="AU_LVG",
        name="Australia LVG",
        countries=["AU"],
        currency="USD",
        threshold_amount=650,
    )
    return channel


@pytest.fixture
def jpy() -> Channel:
    channel = _channel("tax-jpy", "JPY")
    TaxRate.objects.create(channel=channel, country="JP", rate=Decimal("0.10"))
    TaxRate.objects.create(channel=channel, country="AU", rate=Decimal("0.10"))
    ImportVatScheme.objects.create(
        channel=channel,
        code="AU_LVG",
        name="Australia LVG",
        countries=["AU"],
        currency="JPY",
        threshold_amount=98000,
    )
    return channel


def m(amount: str, currency: str) -> Money:
    return Money(Decimal(amount), currency)


def test_eu_ioss_collects_at_checkout_up_to_150_euros_and_at_import_above(eur):
    at = tax_decision(channel=eur, country="DE", goods_value=m("150.00", "EUR"))
    above = tax_decision(channel=eur, country="de", goods_value=m("150.01", "EUR"))
    assert (at.collected_at, at.scheme, at.rate, at.import_vat) == (
        TaxCollectedAt.CHECKOUT,
        "EU_IOSS",
        Decimal("0.19"),
        m("0", "EUR"),
    )
    assert (above.collected_at, above.scheme, above.rate) == ("IMPORT", "EU_IOSS", Decimal(0))
    assert above.import_vat == m("28.50", "EUR")  # 150.01 × 19% = 28.5019
    assert above.destination_rate == Decimal("0.19") and above.threshold == m("150", "EUR")


def test_with_gross_prices_the_threshold_applies_to_the_value_net_of_vat(eur):
    """€178.50 entered with German VAT is €150.00 of goods: inside IOSS; a cent more is not."""
    eur.prices_entered_with_tax = True
    at = tax_decision(channel=eur, country="DE", goods_value=m("178.50", "EUR"))
    above = tax_decision(channel=eur, country="DE", goods_value=m("178.51", "EUR"))
    assert (at.collected_at, at.goods_value_net) == ("CHECKOUT", m("150.00", "EUR"))
    assert (above.collected_at, above.goods_value_net, above.import_vat) == (
        "IMPORT",
        m("150.01", "EUR"),
        m("28.50", "EUR"),
    )


def test_lines_collected_at_import_are_charged_net(eur):
    above = tax_decision(channel=eur, country="DE", goods_value=m("200", "EUR"))
    inside = tax_decision(channel=eur, country="DE", goods_value=m("100", "EUR"))
    # Prices entered gross lose the destination's VAT, which customs will charge instead.
    assert line_taxed(m("119.00", "EUR"), above, True) == (m("100.00", "EUR"), m("100.00", "EUR"))
    assert line_taxed(m("100.00", "EUR"), above, False) == (m("100.00", "EUR"), m("100.00", "EUR"))
    assert line_taxed(m("119.00", "EUR"), inside, True) == (m("100.00", "EUR"), m("119.00", "EUR"))
    assert line_taxed(m("100.00", "EUR"), inside, False) == (m("100.00", "EUR"), m("119.00", "EUR"))


def test_uk_threshold_in_the_channels_currency(usd):
    at = tax_decision(channel=usd, country="GB", goods_value=m("170", "USD"))
    above = tax_decision(channel=usd, country="GB", goods_value=m("170.01", "USD"))
    assert (at.collected_at, at.rate, at.scheme) == ("CHECKOUT", Decimal("0.20"), "UK")
    assert (above.collected_at, above.rate, above.import_vat) == ("IMPORT", Decimal(0), m("34.00", "USD"))


def test_australian_threshold_in_yen_has_whole_yen_import_vat(jpy):
    at = tax_decision(channel=jpy, country="AU", goods_value=m("98000", "JPY"))
    above = tax_decision(channel=jpy, country="AU", goods_value=m("98005", "JPY"))
    assert (at.collected_at, at.rate) == ("CHECKOUT", Decimal("0.10"))
    assert (above.collected_at, above.import_vat) == ("IMPORT", m("9801", "JPY"))  # 9800.5 rounds half up


def test_a_destination_without_a_scheme_pays_its_rate_at_checkout(eur, usd, jpy):
    japan = tax_decision(channel=jpy, country="JP", goods_value=m("500000", "JPY"))
    america = tax_decision(channel=eur, country="US", goods_value=m("5000", "EUR"))
    assert (japan.collected_at, japan.scheme, japan.rate, japan.import_vat) == (
        "CHECKOUT",
        None,
        Decimal("0.10"),
        m("0", "JPY"),
    )
    assert (america.collected_at, america.rate) == ("CHECKOUT", Decimal(0))


def test_a_destination_without_a_row_falls_back_to_the_channels_flat_rate():
    idr = _channel("tax-idr", "IDR", flat="0.11")
    TaxRate.objects.create(channel=idr, country="SG", rate=Decimal("0"))
    assert tax_decision(channel=idr, country="ID", goods_value=m("100000", "IDR")).rate == Decimal("0.11")
    assert tax_decision(channel=idr, country="SG", goods_value=m("100000", "IDR")).rate == Decimal(0)


def test_a_scheme_country_without_a_rate_row_uses_the_flat_rate(eur):
    eur.flat_tax_rate = Decimal("0.21")
    decision = tax_decision(channel=eur, country="NL", goods_value=m("10", "EUR"))
    assert (decision.scheme, decision.rate) == ("EU_IOSS", Decimal("0.21"))


def test_tax_tables_cost_two_queries_then_none_and_changes_are_seen(eur):
    value = m("10", "EUR")
    TaxRate.objects.filter(country="FR").delete()  # a write forgets the cached table
    with CaptureQueriesContext(connection) as cold:
        tax_decision(channel=eur, country="DE", goods_value=value)
    with CaptureQueriesContext(connection) as warm:
        tax_decision(channel=eur, country="DE", goods_value=value)
    assert (len(cold), len(warm)) == (2, 0)
    rate = TaxRate.objects.get(channel=eur, country="DE")
    rate.rate = Decimal("0.16")
    rate.save()
    assert tax_decision(channel=eur, country="DE", goods_value=value).rate == Decimal("0.16")


@pytest.mark.parametrize(
    ("price", "rate", "gross_entered", "expected"),
    [
        (m("119.00", "EUR"), "0.19", True, (m("100.00", "EUR"), m("119.00", "EUR"))),
        (m("10.00", "USD"), "0.19", True, (m("8.40", "USD"), m("10.00", "USD"))),  # 8.4033…
        (m("10.00", "USD"), "0.19", False, (m("10.00", "USD"), m("11.90", "USD"))),
        (m("0.05", "GBP"), "0.20", False, (m("0.05", "GBP"), m("0.06", "GBP"))),
        (m("1000", "JPY"), "0.10", True, (m("909", "JPY"), m("1000", "JPY"))),  # 909.09…
        (m("1005", "JPY"), "0.10", False, (m("1005", "JPY"), m("1106", "JPY"))),  # 1105.5 half up
        (m("150000.00", "IDR"), "0.11", True, (m("135135.14", "IDR"), m("150000.00", "IDR"))),
        (m("42.00", "USD"), "0", True, (m("42.00", "USD"), m("42.00", "USD"))),
    ],
)
def test_taxed_rounds_net_and_gross_to_the_currencys_minor_unit(price, rate, gross_entered, expected):
    assert taxed(price, Decimal(rate), gross_entered) == expected

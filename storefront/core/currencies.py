"""ISO 4217 currency codes and their minor units: the kernel's data for ``Money``.

Source: the ISO 4217 code list maintained by SIX Financial Information for ISO ("List One",
current currency and funds codes), as published on 2024-06-25, plus XCG (Caribbean guilder),
which an amendment introduced for Curaçao and Sint Maarten in 2025. Entries whose minor unit is
"N.A." (precious metals, bond-market units, XDR, XSU, XUA, XTS, XXX) are left out: nobody prices a
basket in them. The minor unit is the number of decimals an amount is recorded with (JPY 0,
USD 2, KWD 3, CLF 4). It is not CLDR's display or cash precision, which says IDR and HUF have no
decimals because nobody pays in their minor units.

A code withdrawn by a later amendment stays here until nothing stored uses it (a price or an
order in that currency must still load): ANG while XCG replaces it, BGN after Bulgaria's move to
the euro. When SIX publishes an amendment, change the lists below and ``tests/storefront/core``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Codes grouped by minor unit, alphabetical within each group.
_NO_DECIMALS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_TWO_DECIMALS = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
    CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL
    GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD
    LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN
    PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB
    TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG
"""
_THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND"
_FOUR_DECIMALS = "CLF UYW"  # Chile's Unidad de Fomento and Uruguay's wage index unit: funds codes

ISO_4217_MINOR_UNITS: Mapping[str, int] = MappingProxyType(
    {
        code: minor_unit
        for codes, minor_unit in (
            (_NO_DECIMALS, 0),
            (_TWO_DECIMALS, 2),
            (_THREE_DECIMALS, 3),
            (_FOUR_DECIMALS, 4),
        )
        for code in codes.split()
    }
)

"""Saleor's ``CountryCode`` enum (every value), ``CountryDisplay``, and measurement units.

Country names come from CLDR (Babel) in English, as Saleor's default ``country`` names are.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from babel import Locale

_COUNTRY_CODES = """
AF AX AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BS BH BD BB BY BE BZ BJ BM BT BO BQ BA BW BV BR IO BN BG
BF BI CV KH CM CA KY CF TD CL CN CX CC CO KM CG CD CK CR CI HR CU CW CY CZ DK DJ DM DO EC EG SV GQ ER EE
SZ ET EU FK FO FJ FI FR GF PF TF GA GM GE DE GH GI GR GL GD GP GU GT GG GN GW GY HT HM VA HN HK HU IS IN
ID IR IQ IE IM IL IT JM JP JE JO KZ KE KI XK KW KG LA LV LB LS LR LY LI LT LU MO MG MW MY MV ML MT MH MQ
MR MU YT MX FM MD MC MN ME MS MA MZ MM NA NR NP NL NC NZ NI NE NG NU NF KP MK MP NO OM PK PW PS PA PG PY
PE PH PN PL PT PR QA RE RO RU RW BL SH KN LC MF PM VC WS SM ST SA SN RS SC SL SG SX SK SI SB SO ZA GS KR
SS ES LK SD SR SJ SE CH SY TW TJ TZ TH TL TG TK TO TT TN TR TM TC TV UG UA AE GB UM US UY UZ VU VE VN VG
VI WF EH YE ZM ZW
""".split()  # noqa: SIM905

# Enums built from data: mypy cannot type the functional Enum API.
CountryCode = strawberry.enum(  # type: ignore[call-overload]
    Enum("CountryCode", {code: code for code in _COUNTRY_CODES}),
    name="CountryCode",
    description="Country codes (ISO 3166-1 alpha-2, Saleor's values).",
)

_UNITS = """
MM CM DM M KM FT YD INCH SQ_MM SQ_CM SQ_DM SQ_M SQ_KM SQ_FT SQ_YD SQ_INCH CUBIC_MILLIMETER
CUBIC_CENTIMETER CUBIC_DECIMETER CUBIC_METER LITER CUBIC_FOOT CUBIC_INCH CUBIC_YARD QT PINT FL_OZ
ACRE_IN ACRE_FT G LB OZ KG TONNE
""".split()  # noqa: SIM905

MeasurementUnitsEnum = strawberry.enum(  # type: ignore[call-overload]
    Enum("MeasurementUnitsEnum", {unit: unit for unit in _UNITS}),
    name="MeasurementUnitsEnum",
    description="Units of measurement (Saleor's values).",
)


def country_name(code: str) -> str:
    """English name of an ISO 3166-1 alpha-2 country (``ID`` -> ``Indonesia``)."""
    return Locale("en").territories.get(code.upper(), code.upper())


@strawberry.type(description="Represents country display.")
class CountryDisplay:
    code: str = strawberry.field(description="Country code.")
    country: str = strawberry.field(description="Country name.")

    @classmethod
    def from_code(cls, code: str) -> CountryDisplay:
        return cls(code=code.upper(), country=country_name(code))


@strawberry.input
class CountryFilterInput:
    attached_to_shipping_zones: bool | None = strawberry.field(
        default=None, description="Boolean for filtering countries by having shipping zone assigned or not."
    )

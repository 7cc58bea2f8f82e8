"""The demo's shipping from Lombok: zones, postal and courier bands, tax rates, import-VAT schemes,
restricted goods, and default parcel sizes per product type.

Prices are in USD here and converted to each channel like product prices (``channel_price``).
"""

from __future__ import annotations

from decimal import Decimal

from babel import Locale

from infra.demo.data.reference import EU_COUNTRIES

EUROPE_OUTSIDE_EU = [
    "GB",
    "CH",
    "NO",
    "IS",
    "LI",
    "MC",
    "AD",
    "SM",
    "VA",
    "RS",
    "BA",
    "ME",
    "MK",
    "AL",
    "MD",
    "UA",
]
ASIA_PACIFIC = [
    "SG", "MY", "TH", "VN", "PH", "BN", "KH", "LA", "MM", "TL", "KR", "CN", "HK", "MO", "TW",
    "IN", "LK", "BD", "NP", "PG", "FJ", "NC", "PF", "WS", "TO", "VU", "SB",
]  # fmt: skip
AMERICAS = ["US", "CA", "MX", "BR", "AR", "CL", "CO", "PE", "UY", "EC", "CR", "PA", "PR", "DO", "JM", "GT"]
# Babel's territories that are no ISO 3166-1 country (regions, EU, unknown, Antarctica...).
_NOT_COUNTRIES = {
    "AC",
    "AQ",
    "CP",
    "CQ",
    "DG",
    "EA",
    "EU",
    "EZ",
    "IC",
    "QO",
    "TA",
    "UN",
    "XA",
    "XB",
    "XK",
    "ZZ",
}


def _rest_of_world(*named: list[str]) -> list[str]:
    taken = {code for codes in named for code in codes}
    codes = {code for code in map(str, Locale("en").territories) if len(code) == 2 and code.isalpha()}
    return sorted(codes - _NOT_COUNTRIES - taken)


_NAMED = {
    "Indonesia": ["ID"],
    "Japan": ["JP"],
    "Australia & New Zealand": ["AU", "NZ"],
    "Asia-Pacific": ASIA_PACIFIC,
    "European Union": EU_COUNTRIES,
    "Europe outside the EU": EUROPE_OUTSIDE_EU,
    "Americas": AMERICAS,
}

# Abroad: name, (min kg, max kg), USD before the zone's factor, delivery days, free above USD subtotal
POSTAL = "Pos Indonesia"
COURIER = "Express courier"
INTERNATIONAL_METHODS: list[tuple[str, str, str, str, tuple[int, int], str | None]] = [
    (f"{POSTAL}, up to 1 kg", "0", "1", "12", (10, 30), "150"),
    (f"{POSTAL}, 1 to 5 kg", "1.001", "5", "28", (10, 30), "150"),
    (f"{POSTAL}, 5 to 30 kg", "5.001", "30", "75", (10, 30), None),
    (f"{COURIER}, up to 2 kg", "0", "2", "35", (3, 7), None),
    (f"{COURIER}, 2 to 10 kg", "2.001", "10", "70", (3, 7), None),
    (f"{COURIER}, 10 to 30 kg", "10.001", "30", "140", (3, 7), None),
]
DOMESTIC_METHODS: list[tuple[str, str, str, str, tuple[int, int], str | None]] = [
    (f"{POSTAL}, up to 5 kg", "0", "5", "3", (2, 7), "40"),
    (f"{POSTAL}, 5 to 30 kg", "5.001", "30", "9", (2, 7), None),
    (f"{COURIER} (JNE YES), up to 30 kg", "0", "30", "8", (1, 3), None),
]

# Standard VAT/GST rates of the main destinations (2025). Countries without a row fall back to the
# channel's flat rate; a 0 row says no tax is collected from a foreign seller.
EU_VAT = {
    "AT": "0.20", "BE": "0.21", "BG": "0.20", "HR": "0.25", "CY": "0.19", "CZ": "0.21", "DK": "0.25",
    "EE": "0.22", "FI": "0.255", "FR": "0.20", "DE": "0.19", "GR": "0.24", "HU": "0.27", "IE": "0.23",
    "IT": "0.22", "LV": "0.21", "LT": "0.21", "LU": "0.17", "MT": "0.18", "NL": "0.21", "PL": "0.23",
    "PT": "0.23", "RO": "0.19", "SK": "0.23", "SI": "0.22", "ES": "0.21", "SE": "0.25",
}  # fmt: skip
TAX_RATES: dict[str, Decimal] = {
    code: Decimal(rate)
    for code, rate in {
        **EU_VAT, "GB": "0.20", "AU": "0.10", "NZ": "0.15", "JP": "0.10", "ID": "0.11",
        "US": "0", "CA": "0", "SG": "0", "CH": "0", "NO": "0", "KR": "0", "MY": "0",
    }.items()
}  # fmt: skip

# code, name, countries, threshold, its currency. Converted to each channel's currency and rounded
# down, so a consignment the scheme's own threshold excludes is never treated as inside it.
IMPORT_VAT_SCHEMES: list[tuple[str, str, list[str], Decimal, str]] = [
    ("EU_IOSS", "EU Import One-Stop Shop (consignments up to €150)", EU_COUNTRIES, Decimal(150), "EUR"),
    ("UK", "UK low-value imports (consignments up to £135)", ["GB"], Decimal(135), "GBP"),
    ("AU_LVG", "Australian GST on low-value imports (up to A$1,000)", ["AU"], Decimal(1000), "AUD"),
]
# Units of each currency per US dollar (the demo's price rules, plus sterling).
PER_USD = {"USD": Decimal(1), "EUR": Decimal("0.95"), "AUD": Decimal("1.55"), "JPY": Decimal(150),
           "IDR": Decimal(12000), "GBP": Decimal("0.79")}  # fmt: skip

# HS prefix, what it is (English, Indonesian), kind; the same rows for Australia and New Zealand.
_BIOSECURITY = [
    ("0409", "Honey", "Madu", "FORBIDDEN"),
    ("090111", "Unroasted coffee beans", "Biji kopi mentah", "FORBIDDEN"),
    ("1801", "Cocoa beans", "Biji kakao", "RESTRICTED"),
    ("1209", "Seeds for sowing", "Benih untuk ditanam", "FORBIDDEN"),
    ("0602", "Live plants", "Tanaman hidup", "FORBIDDEN"),
    ("0604", "Foliage and plant material", "Dedaunan dan bahan tanaman", "RESTRICTED"),
    ("4401", "Untreated wood and wood chips", "Kayu dan serpihan kayu yang tidak diolah", "FORBIDDEN"),
    ("4403", "Untreated wood in the rough", "Kayu gelondongan yang tidak diolah", "FORBIDDEN"),
]
_COUNTRY_NAMES = {"AU": ("Australia", "Australia"), "NZ": ("New Zealand", "Selandia Baru")}
_REASONS = {
    "FORBIDDEN": (
        "{what}: {country}'s biosecurity rules do not allow it in a parcel.",
        "{what}: aturan biosekuriti {country} tidak mengizinkannya dalam paket.",
    ),
    "RESTRICTED": (
        "{what}: {country} admits it only with an import permit the cooperative cannot get for you.",
        "{what}: {country} hanya mengizinkannya dengan izin impor, yang tidak dapat diurus oleh koperasi.",
    ),
}
# HS prefix, country, kind, reason (English), reason (Indonesian)
RESTRICTIONS: list[tuple[str, str, str, str, str]] = [
    (
        prefix,
        country,
        kind,
        _REASONS[kind][0].format(what=what, country=names[0]),
        _REASONS[kind][1].format(what=what_id, country=names[1]),
    )
    for country, names in _COUNTRY_NAMES.items()
    for prefix, what, what_id, kind in _BIOSECURITY
]

Method = tuple[str, str, str, str, tuple[int, int], str | None]
# name, countries, channels (slugs) that ship there, its methods, factor over their USD prices
ZONES: list[tuple[str, list[str], list[str], list[Method], Decimal]] = [
    ("Indonesia", ["ID"], ["id-idr", "intl-usd"], DOMESTIC_METHODS, Decimal("1")),
    ("Japan", ["JP"], ["jp-jpy", "intl-usd"], INTERNATIONAL_METHODS, Decimal("0.8")),
    ("Australia & New Zealand", ["AU", "NZ"], ["au-aud", "intl-usd"], INTERNATIONAL_METHODS, Decimal("0.9")),
    ("Asia-Pacific", ASIA_PACIFIC, ["intl-usd"], INTERNATIONAL_METHODS, Decimal("0.8")),
    ("European Union", EU_COUNTRIES, ["eu-eur", "intl-usd"], INTERNATIONAL_METHODS, Decimal("1")),
    ("Europe outside the EU", EUROPE_OUTSIDE_EU, ["intl-usd"], INTERNATIONAL_METHODS, Decimal("1")),
    ("Americas", AMERICAS, ["intl-usd"], INTERNATIONAL_METHODS, Decimal("1.1")),
    ("Rest of world", _rest_of_world(*_NAMED.values()), ["intl-usd"], INTERNATIONAL_METHODS, Decimal("1.3")),
]

# Default parcel of one unit per product type (cm); the demo's variants give their own.
PRODUCT_TYPE_PARCELS: dict[str, tuple[int, int, int]] = {
    "basketwork": (30, 30, 20),
    "handwoven-textile": (35, 25, 5),
    "narrow-woven-fabric": (25, 15, 3),
    "pottery": (25, 25, 30),
    "coconut-shell-craft": (15, 15, 10),
    "pearl-jewellery": (10, 8, 4),
    "cocoa": (15, 10, 5),
    "coffee": (18, 10, 6),
    "honey": (8, 8, 12),
    "vanilla": (20, 4, 3),
}

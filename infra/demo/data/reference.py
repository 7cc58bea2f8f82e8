"""Channels, places, producer groups, demo makers, materials, techniques and warehouses.

Places are real: the desa or kelurahan, its kecamatan and kabupaten/kota as Indonesia's
Ministry of Home Affairs names them, and coordinates of the village centre (approximate, to
about a kilometre; never a home). People are not: every maker is a fictional DEMO profile,
and every registration number is marked DEMO.
"""

from __future__ import annotations

from decimal import Decimal

EU_COUNTRIES = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
]  # fmt: skip

# slug, name, currency, default country, allowed countries, language, entered gross, flat rate
CHANNELS = [
    ("intl-usd", "International (USD)", "USD", "US", [], "en", False, Decimal("0")),
    ("eu-eur", "European Union (EUR)", "EUR", "DE", EU_COUNTRIES, "en", True, Decimal("0.1900")),
    ("au-aud", "Australia & New Zealand (AUD)", "AUD", "AU", ["AU", "NZ"], "en", True, Decimal("0.1000")),
    ("jp-jpy", "Japan (JPY)", "JPY", "JP", ["JP"], "en", True, Decimal("0.1000")),
    ("id-idr", "Indonesia (IDR)", "IDR", "ID", ["ID"], "id", True, Decimal("0.1100")),
]

# How a USD list price becomes a channel price: factor, then rounded to a step buyers expect.
PRICE_RULES = {
    "USD": (Decimal("1"), Decimal("1")),
    "EUR": (Decimal("0.95"), Decimal("0.50")),
    "AUD": (Decimal("1.55"), Decimal("1")),
    "JPY": (Decimal("150"), Decimal("100")),
    "IDR": (Decimal("12000"), Decimal("5000")),
}

NTB = "Nusa Tenggara Barat"

# slug, village, district (kecamatan), regency (kabupaten/kota), latitude, longitude, description
ORIGINS = [
    (
        "loyok",
        "Loyok",
        "Sikur",
        "Lombok Timur",
        "-8.612000",
        "116.466000",
        "Bamboo-plaiting village at the foot of Rinjani, some 5 km from Tetebatu.",
    ),
    (
        "beleka",
        "Beleka",
        "Praya Timur",
        "Lombok Tengah",
        "-8.729000",
        "116.383000",
        "Central Lombok village known for ketak and rattan weaving since the 1970s.",
    ),
    (
        "sukarara",
        "Sukarara",
        "Jonggat",
        "Lombok Tengah",
        "-8.663000",
        "116.243000",
        "Weaving village west of Praya where girls learn songket on the backstrap loom.",
    ),
    (
        "banyumulek",
        "Banyumulek",
        "Kediri",
        "Lombok Barat",
        "-8.637000",
        "116.127000",
        "Pottery village south of Mataram, working local clay into burnished terracotta.",
    ),
    (
        "karang-pule",
        "Karang Pule",
        "Sekarbela",
        "Kota Mataram",
        "-8.603000",
        "116.089000",
        "Kelurahan of Sekarbela, Mataram's centre of gold, silver and pearl jewellery.",
    ),
    (
        "sokong",
        "Sokong",
        "Tanjung",
        "Lombok Utara",
        "-8.364000",
        "116.156000",
        "North Lombok coastal village whose youth groups turn coconut shell into tableware.",
    ),
    (
        "genggelang",
        "Genggelang",
        "Gangga",
        "Lombok Utara",
        "-8.377000",
        "116.232000",
        "Hill village of cocoa, coffee and stingless-bee honey gardens.",
    ),
    (
        "senaru",
        "Senaru",
        "Bayan",
        "Lombok Utara",
        "-8.304000",
        "116.406000",
        "Gateway village to Mount Rinjani, with coffee gardens on its northern slopes.",
    ),
]

# slug, name, kind, registration number (marked DEMO), origin slug
PRODUCER_GROUPS = [
    ("bumdes-loyok", "BUMDes Desa Loyok", "BUMDES", "DEMO-BUMDES-5203-LOYOK-001", "loyok"),
    ("ikm-ketak-beleka", "IKM Anyaman Ketak Beleka", "IKM", "DEMO-NIB-9120105230011", "beleka"),
    ("ikm-songket-sukarara", "IKM Tenun Songket Sukarara", "IKM", "DEMO-NIB-9120105230028", "sukarara"),
    ("ikm-gerabah-banyumulek", "IKM Gerabah Banyumulek", "IKM", "DEMO-NIB-9120105230035", "banyumulek"),
    (
        "ikm-mutiara-sekarbela",
        "IKM Perhiasan Mutiara Sekarbela",
        "IKM",
        "DEMO-NIB-9120105230042",
        "karang-pule",
    ),
    ("ikm-batok-sokong", "IKM Kerajinan Batok Sokong", "IKM", "DEMO-NIB-9120105230059", "sokong"),
    (
        "koperasi-tani-lombok-utara",
        "Koperasi Tani Rinjani Utara",
        "COOPERATIVE",
        "DEMO-KOP-5208-0042",
        "genggelang",
    ),
]

# slug, name, Indonesian name, origin area
MATERIALS = [
    ("bamboo", "Bamboo (bambu tali)", "Bambu tali", "Bamboo groves of Sikur, East Lombok"),
    ("rattan", "Rattan", "Rotan", "Forests of Lombok and Sumbawa"),
    ("ketak", "Ketak grass", "Ketak", "Forest edges of Central and North Lombok"),
    ("cotton-thread", "Cotton thread", "Benang katun", "Indonesian spinning mills"),
    ("silk-thread", "Silk thread", "Benang sutra", "Imported reeled silk"),
    ("gold-thread", "Gold-coloured metallic thread", "Benang emas", "Indonesian thread makers"),
    ("clay", "Clay", "Tanah liat", "Rice-field clay of Banyumulek, West Lombok"),
    ("coconut-shell", "Coconut shell", "Batok kelapa", "Coconut groves of North Lombok"),
    ("pearls", "South Sea pearls", "Mutiara laut selatan", "Pinctada maxima farms, Sekotong, West Lombok"),
    ("silver", "Sterling silver", "Perak 925", "Refined silver bought in Mataram"),
    ("cocoa", "Cocoa beans", "Biji kakao", "Cocoa gardens of Gangga, North Lombok"),
    ("coffee", "Coffee beans", "Biji kopi", "Northern slopes of Mount Rinjani"),
    ("honey", "Stingless-bee honey", "Madu trigona", "Meliponaries of North Lombok"),
    ("vanilla", "Vanilla pods", "Polong vanili", "Forest gardens of North Lombok"),
    ("natural-dyes", "Natural dyes", "Pewarna alami", "Indigo, mahogany bark and turmeric grown on Lombok"),
]

# slug, name, Indonesian name, description
TECHNIQUES = [
    (
        "bamboo-plaiting",
        "Bamboo plaiting",
        "Anyaman bambu",
        "Thin bamboo strips split by hand and plaited in twill and hexagonal patterns.",
    ),
    ("rattan-weaving", "Rattan weaving", "Anyaman rotan", "Rattan cane soaked, bent and woven over a frame."),
    (
        "ketak-weaving",
        "Ketak weaving",
        "Anyaman ketak",
        "Dried ketak stems coiled and tightly woven, then smoked to a deep honey brown.",
    ),
    (
        "songket",
        "Songket supplementary-weft weaving",
        "Tenun songket",
        "Gold or silk supplementary weft picked out by hand on a backstrap loom (gedogan).",
    ),
    (
        "tenun-ikat",
        "Tenun ikat",
        "Tenun ikat",
        "Threads tied and dyed before weaving so the pattern emerges on the loom.",
    ),
    (
        "pottery-coiling",
        "Hand-built pottery",
        "Gerabah pilin",
        "Clay coiled and paddled by hand without a wheel, burnished with a stone and fired in straw.",
    ),
    (
        "silversmithing",
        "Silversmithing and pearl setting",
        "Kerajinan perak dan mutiara",
        "Silver drawn, soldered and filigreed by hand around each pearl.",
    ),
    (
        "coconut-carving",
        "Coconut-shell carving",
        "Ukir batok kelapa",
        "Shells cut, sanded and oiled; offcuts set as mosaic.",
    ),
    (
        "cocoa-fermentation",
        "Fermenting and sun-drying",
        "Fermentasi dan penjemuran",
        "Beans fermented in wooden boxes for five to six days, then dried on raised beds.",
    ),
    ("coffee-roasting", "Small-batch roasting", "Sangrai", "Sorted by hand and roasted in small batches."),
    (
        "meliponiculture",
        "Stingless-bee keeping",
        "Budidaya lebah trigona",
        "Honey drawn from the pots of Trigona hives without harming the colony.",
    ),
    (
        "vanilla-curing",
        "Vanilla curing",
        "Pemeraman vanili",
        "Pods blanched, sweated and slowly dried for months.",
    ),
]

_DEMO = "DEMO PROFILE: a fictional maker invented for the Asal demo shop; not a real person. "
_DEMO_ID = "PROFIL DEMO: pengrajin fiktif untuk toko demo Asal; bukan orang sungguhan. "

# slug, display name, origin, group, crafts, consents to publish, bio
MAKERS = [
    (
        "amaq-rusdi",
        "Amaq Rusdi",
        "loyok",
        "bumdes-loyok",
        ["bamboo-plaiting"],
        True,
        "Plaits gegandek bags and lamp shades in the twill patterns his father taught him.",
    ),
    (
        "inaq-sapiah",
        "Inaq Sapiah",
        "loyok",
        "bumdes-loyok",
        ["bamboo-plaiting", "rattan-weaving"],
        True,
        "Weaves rattan baskets and bamboo trays between harvests.",
    ),
    (
        "baiq-nuraini",
        "Baiq Nuraini",
        "beleka",
        "ikm-ketak-beleka",
        ["ketak-weaving"],
        True,
        "Coils round ketak boxes (cupu) and smokes them to a deep honey colour.",
    ),
    (
        "inaq-hartini",
        "Inaq Hartini",
        "beleka",
        "ikm-ketak-beleka",
        ["ketak-weaving", "rattan-weaving"],
        True,
        "Makes ketak handbags and placemats with her neighbours' weaving group.",
    ),
    (
        "inaq-sumiati",
        "Inaq Sumiati",
        "sukarara",
        "ikm-songket-sukarara",
        ["songket"],
        True,
        "Weaves songket with gold thread; one sarong takes her about a month.",
    ),
    (
        "baiq-wulandari",
        "Baiq Wulandari",
        "sukarara",
        "ikm-songket-sukarara",
        ["tenun-ikat", "songket"],
        True,
        "Ties and dyes ikat threads with indigo and mahogany bark.",
    ),
    (
        "inaq-rahmah",
        "Inaq Rahmah",
        "banyumulek",
        "ikm-gerabah-banyumulek",
        ["pottery-coiling"],
        True,
        "Builds vases and water jars by coiling and burnishes them with a river stone.",
    ),
    (
        "amaq-saprudin",
        "Amaq Saprudin",
        "banyumulek",
        "ikm-gerabah-banyumulek",
        ["pottery-coiling"],
        False,
        "Fires the group's pottery in straw; has not consented to publication (demo of the consent rule).",
    ),
    (
        "lalu-hendra",
        "Lalu Hendra",
        "karang-pule",
        "ikm-mutiara-sekarbela",
        ["silversmithing"],
        True,
        "Sets Lombok pearls in hand-drawn silver filigree.",
    ),
    (
        "amaq-jumadil",
        "Amaq Jumadil",
        "sokong",
        "ikm-batok-sokong",
        ["coconut-carving"],
        True,
        "Turns coconut shells into bowls, spoons and mosaic lamps.",
    ),
    (
        "inaq-murni",
        "Inaq Murni",
        "genggelang",
        "koperasi-tani-lombok-utara",
        ["cocoa-fermentation", "meliponiculture", "vanilla-curing"],
        True,
        "Ferments cocoa, keeps stingless bees and cures vanilla in her forest garden.",
    ),
    (
        "amaq-sahnan",
        "Amaq Sahnan",
        "senaru",
        "koperasi-tani-lombok-utara",
        ["coffee-roasting"],
        True,
        "Grows and roasts robusta and arabica on the northern slopes of Rinjani.",
    ),
]


def maker_bio(bio: str) -> str:
    """Every demo bio starts by saying, in English and Indonesian, that the profile is fictional."""
    return _DEMO + _DEMO_ID + bio


# slug, name, city, country area, street, channels (all when empty)
WAREHOUSES = [
    ("loyok", "Asal store room, Loyok", "Lombok Timur", NTB, "Jalan Raya Loyok, Desa Loyok, Kecamatan Sikur"),
    ("mataram", "Asal dispatch, Mataram", "Mataram", NTB, "Kecamatan Sekarbela, Kota Mataram"),
]

"""Words the item page shows that come from data: a maker's role and a material's area.

A certificate signs what the cooperative typed, in whichever language it was typed, and
signed words cannot be changed afterwards. So the page translates when it *shows* them:
a known word or phrase appears in the reader's language, whichever of the two languages it
was recorded in; anything else appears exactly as the cooperative recorded it (a place
name, a role nobody has listed here yet), never half translated. Add an entry here when
the cooperative starts using a new role or area.
"""

from __future__ import annotations

# English -> Indonesian. Roles are what a person did for this piece (``LotMaker.role``).
ROLES: dict[str, str] = {
    "maker": "pembuat",
    "craftsperson": "perajin",
    "artisan": "perajin",
    "weaver": "penenun",
    "plaiter": "penganyam",
    "basket maker": "perajin anyaman",
    "spinner": "pemintal",
    "dyer": "pencelup",
    "embroiderer": "penyulam",
    "tailor": "penjahit",
    "potter": "perajin gerabah",
    "carver": "pengukir",
    "woodworker": "perajin kayu",
    "silversmith": "perajin perak",
    "jeweller": "perajin perhiasan",
    "jeweler": "perajin perhiasan",
    "blacksmith": "pandai besi",
    "pearl farmer": "pembudidaya mutiara",
    "grower": "petani",
    "farmer": "petani",
    "harvester": "pemanen",
    "roaster": "penyangrai",
    "beekeeper": "peternak lebah",
    "designer": "perancang",
    "finisher": "penyelesai akhir",
    "packer": "pengemas",
}

# English -> Indonesian. Areas say where a material comes from (``Material.origin_area``).
AREAS: dict[str, str] = {
    "Lombok": "Lombok",
    "East Lombok": "Lombok Timur",
    "West Lombok": "Lombok Barat",
    "Central Lombok": "Lombok Tengah",
    "North Lombok": "Lombok Utara",
    "Sumbawa": "Sumbawa",
    "West Sumbawa": "Sumbawa Barat",
    "West Nusa Tenggara": "Nusa Tenggara Barat",
    "Bamboo groves of Sikur, East Lombok": "Rumpun bambu di Sikur, Lombok Timur",
    "Forests of Lombok and Sumbawa": "Hutan Lombok dan Sumbawa",
    "Forest edges of Central and North Lombok": "Tepi hutan Lombok Tengah dan Lombok Utara",
    "Indonesian spinning mills": "Pabrik pemintalan di Indonesia",
    "Imported reeled silk": "Sutra gulung impor",
    "Indonesian thread makers": "Produsen benang di Indonesia",
    "Rice-field clay of Banyumulek, West Lombok": "Tanah liat sawah Banyumulek, Lombok Barat",
    "Coconut groves of North Lombok": "Kebun kelapa di Lombok Utara",
    "Pinctada maxima farms, Sekotong, West Lombok": (
        "Budidaya mutiara Pinctada maxima, Sekotong, Lombok Barat"
    ),
    "Refined silver bought in Mataram": "Perak murni yang dibeli di Mataram",
    "Cocoa gardens of Gangga, North Lombok": "Kebun kakao di Gangga, Lombok Utara",
    "Northern slopes of Mount Rinjani": "Lereng utara Gunung Rinjani",
    "Meliponaries of North Lombok": "Peternakan lebah trigona di Lombok Utara",
    "Forest gardens of North Lombok": "Kebun hutan di Lombok Utara",
    "Indigo, mahogany bark and turmeric grown on Lombok": (
        "Nila, kulit kayu mahoni dan kunyit yang ditanam di Lombok"
    ),
}


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def _both_ways(english_to_indonesian: dict[str, str]) -> dict[str, dict[str, str]]:
    """Lookup tables keyed by either language's spelling (any case), answering in each language."""
    tables: dict[str, dict[str, str]] = {"en": {}, "id": {}}
    for english, indonesian in english_to_indonesian.items():
        for spelling in (english, indonesian):
            tables["en"].setdefault(_key(spelling), english)
            tables["id"].setdefault(_key(spelling), indonesian)
    return tables


_ROLE_TABLES = _both_ways(ROLES)
_AREA_TABLES = _both_ways(AREAS)


def role_text(role: str, language: str) -> str:
    """A maker's role in ``language`` when it is a known role, else as recorded."""
    return _ROLE_TABLES.get(language, {}).get(_key(role), role)


def area_text(area: str, language: str) -> str:
    """A material's area in ``language`` when it is a known area, else as recorded."""
    return _AREA_TABLES.get(language, {}).get(_key(area), area)

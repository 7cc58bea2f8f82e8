# ruff: noqa: E501  (data literals read better one record a line)
"""Categories, collections, attributes and product types of the demo catalogue (EN + ID)."""

from __future__ import annotations

# slug, parent slug, name, Indonesian name, one-line description, Indonesian description
CATEGORIES = [
    ("home-living", None, "Home & living", "Rumah & gaya hidup",
     "Baskets, lamps, pottery and tableware made by hand in Lombok villages.",
     "Keranjang, lampu, gerabah dan peralatan makan buatan tangan dari desa-desa di Lombok."),
    ("baskets-storage", "home-living", "Baskets & storage", "Keranjang & penyimpanan",
     "Bamboo, rattan and ketak baskets and boxes.", "Keranjang dan kotak dari bambu, rotan dan ketak."),
    ("lighting", "home-living", "Lighting", "Lampu",
     "Lamp shades of plaited bamboo and coconut shell.", "Kap lampu dari anyaman bambu dan batok kelapa."),
    ("tableware", "home-living", "Tableware", "Peralatan makan",
     "Trays, bowls and placemats for the table.", "Nampan, mangkuk dan alas piring untuk meja makan."),
    ("pottery", "home-living", "Pottery & ceramics", "Gerabah & keramik",
     "Burnished terracotta from Banyumulek.", "Gerabah terakota mengilap dari Banyumulek."),
    ("textiles", None, "Textiles", "Kain tenun",
     "Songket and ikat woven on backstrap looms.", "Songket dan ikat yang ditenun dengan alat tenun gedogan."),
    ("songket", "textiles", "Songket", "Songket",
     "Cloth with a gold or silk supplementary weft.", "Kain dengan pakan tambahan benang emas atau sutra."),
    ("tenun", "textiles", "Tenun & ikat", "Tenun & ikat",
     "Everyday handwoven cotton, tie-dyed before weaving.", "Kain katun tenun tangan, diikat dan dicelup sebelum ditenun."),
    ("bags-accessories", None, "Bags & accessories", "Tas & aksesori",
     "Bags and clutches woven from bamboo and ketak.", "Tas dan dompet dari anyaman bambu dan ketak."),
    ("jewellery", None, "Jewellery", "Perhiasan",
     "Lombok pearls set in silver in Sekarbela.", "Mutiara Lombok dalam perak dari Sekarbela."),
    ("pantry", None, "Pantry", "Dapur",
     "Cocoa, coffee, honey and vanilla from North Lombok.", "Kakao, kopi, madu dan vanili dari Lombok Utara."),
    ("cocoa", "pantry", "Cocoa", "Kakao",
     "Fermented cocoa beans and nibs from Genggelang.", "Biji dan nib kakao fermentasi dari Genggelang."),
    ("coffee", "pantry", "Coffee", "Kopi",
     "Rinjani coffee roasted in small batches.", "Kopi Rinjani yang disangrai dalam jumlah kecil."),
    ("honey-spices", "pantry", "Honey & spices", "Madu & rempah",
     "Stingless-bee honey and cured vanilla.", "Madu trigona dan vanili yang diperam."),
]  # fmt: skip

# slug, name, Indonesian name, description, Indonesian description
COLLECTIONS = [
    ("featured", "Featured", "Pilihan",
     "Pieces our cooperative is proudest of this season.", "Karya pilihan koperasi musim ini."),
    ("new-arrivals", "New arrivals", "Baru datang",
     "Just received from the villages.", "Baru tiba dari desa-desa pengrajin."),
    ("one-of-a-kind", "One of a kind", "Satu-satunya",
     "Single pieces: when it is sold, it is gone.", "Karya tunggal: bila terjual, tidak ada lagi."),
]  # fmt: skip

# slug, name, Indonesian name, input type, unit, values [(slug, name, Indonesian name, hex)]
ATTRIBUTES = [
    ("material", "Material", "Bahan", "MULTISELECT", "", [
        ("bamboo", "Bamboo", "Bambu", ""), ("rattan", "Rattan", "Rotan", ""), ("ketak", "Ketak", "Ketak", ""),
        ("cotton", "Cotton", "Katun", ""), ("silk", "Silk", "Sutra", ""), ("gold-thread", "Gold thread", "Benang emas", ""),
        ("clay", "Clay", "Tanah liat", ""), ("coconut-shell", "Coconut shell", "Batok kelapa", ""),
        ("pearl", "Pearl", "Mutiara", ""), ("silver", "Silver", "Perak", ""),
    ]),
    ("technique", "Technique", "Teknik", "DROPDOWN", "", [
        ("plaited", "Plaited", "Dianyam", ""), ("coiled", "Coiled", "Dipilin", ""),
        ("songket", "Songket", "Songket", ""), ("ikat", "Ikat", "Ikat", ""),
        ("hand-built", "Hand-built", "Dibentuk tangan", ""), ("carved", "Carved", "Diukir", ""),
        ("filigree", "Filigree", "Filigri", ""), ("fermented", "Fermented", "Difermentasi", ""),
        ("roasted", "Roasted", "Disangrai", ""), ("raw", "Raw", "Mentah", ""),
    ]),
    ("colour", "Colour", "Warna", "SWATCH", "", [
        ("natural", "Natural", "Alami", "#D8C3A5"), ("honey-brown", "Honey brown", "Cokelat madu", "#A0522D"),
        ("black", "Black", "Hitam", "#1F1F1F"), ("indigo", "Indigo", "Nila", "#2E3A87"),
        ("maroon", "Maroon", "Merah marun", "#7B1E2B"), ("gold", "Gold", "Emas", "#C9A227"),
        ("terracotta", "Terracotta", "Terakota", "#C06A45"), ("pearl-white", "Pearl white", "Putih mutiara", "#F4F1EA"),
        ("dark-brown", "Dark brown", "Cokelat tua", "#4B2E1E"),
    ]),
    ("motif", "Motif", "Motif", "DROPDOWN", "", [
        ("subahnale", "Subahnale", "Subahnale", ""), ("keker", "Keker (birds)", "Keker (burung)", ""),
        ("lumbung", "Lumbung (rice barn)", "Lumbung", ""), ("bintang", "Bintang (star)", "Bintang", ""),
        ("pucuk-rebung", "Pucuk rebung (bamboo shoot)", "Pucuk rebung", ""),
        ("kotak", "Check", "Kotak-kotak", ""), ("plain", "Plain", "Polos", ""),
    ]),
    ("size", "Size", "Ukuran", "DROPDOWN", "", [
        ("s", "S", "S", ""), ("m", "M", "M", ""), ("l", "L", "L", ""),
        ("40-cm", "40 cm", "40 cm", ""), ("50-cm", "50 cm", "50 cm", ""),
        ("ring-6", "Ring size 6", "Cincin no. 6", ""), ("ring-7", "Ring size 7", "Cincin no. 7", ""),
        ("ring-8", "Ring size 8", "Cincin no. 8", ""),
        ("100-g", "100 g", "100 g", ""), ("250-g", "250 g", "250 g", ""), ("500-g", "500 g", "500 g", ""),
    ]),
    ("care", "Care", "Perawatan", "PLAIN_TEXT", "", []),
    ("height-cm", "Height", "Tinggi", "NUMERIC", "CM", []),
    ("natural-dyes", "Natural dyes only", "Hanya pewarna alami", "BOOLEAN", "", []),
    ("single-origin", "Single origin", "Satu asal", "BOOLEAN", "", []),
]  # fmt: skip

CRAFT_ATTRIBUTES = ["material", "technique", "colour", "motif", "care", "height-cm", "natural-dyes"]
FOOD_ATTRIBUTES = ["technique", "care", "single-origin"]

# slug, name, HS code, default weight kg, food?, product attributes, has variants
PRODUCT_TYPES = [
    ("basketwork", "Basketwork", "4602", "0.400", False, CRAFT_ATTRIBUTES),
    ("handwoven-textile", "Handwoven textile", "5007", "0.500", False, CRAFT_ATTRIBUTES),
    ("narrow-woven-fabric", "Narrow woven fabric", "5806", "0.250", False, CRAFT_ATTRIBUTES),
    ("pottery", "Pottery", "6913", "1.500", False, CRAFT_ATTRIBUTES),
    ("coconut-shell-craft", "Coconut-shell craft", "1404", "0.300", False, CRAFT_ATTRIBUTES),
    ("pearl-jewellery", "Pearl jewellery", "7113", "0.050", False, CRAFT_ATTRIBUTES),
    ("cocoa", "Cocoa", "1801", "0.250", True, FOOD_ATTRIBUTES),
    ("coffee", "Coffee", "0901", "0.250", True, FOOD_ATTRIBUTES),
    ("honey", "Honey", "0409", "0.350", True, FOOD_ATTRIBUTES),
    ("vanilla", "Vanilla", "0905", "0.050", True, FOOD_ATTRIBUTES),
]

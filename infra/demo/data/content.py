# ruff: noqa: E501  (data literals read better one record a line)
"""The demo's pages (maker stories, villages, a care guide) in English and Indonesian, in our own words."""

from __future__ import annotations

from typing import Any

# name, Indonesian name, kind (category, collection, page or None: a heading), target slug, children
MenuRecord = tuple[str, str, str | None, str | None, list[Any]]

# slug, name, Indonesian name
PAGE_TYPES = [
    ("maker-story", "Maker story", "Kisah pengrajin"),
    ("village", "Village", "Desa"),
    ("guide", "Guide", "Panduan"),
]  # fmt: skip

# slug, page type, title, Indonesian title, Indonesian slug, [paragraphs], [Indonesian paragraphs]
PAGES = [
    ("loyok-bamboo-and-rattan", "maker-story", "Loyok: bamboo and rattan", "Loyok: bambu dan rotan", "loyok-bambu-dan-rotan",
     ["In Loyok, at the foot of Rinjani, bamboo is split into strips thinner than a fingernail before it is plaited into baskets, lamp shades and boxes.",
      "Families work on the verandas of their own houses; the BUMDes of the village buys, checks and ships what they make, and every piece carries the name of the hands that made it."],
     ["Di Loyok, di kaki Rinjani, bambu dibelah menjadi bilah yang lebih tipis dari kuku sebelum dianyam menjadi keranjang, kap lampu dan kotak.",
      "Keluarga-keluarga bekerja di beranda rumah mereka sendiri; BUMDes desa membeli, memeriksa dan mengirim hasilnya, dan setiap karya membawa nama tangan yang membuatnya."]),
    ("beleka-ketak", "maker-story", "Beleka: the ketak weavers", "Beleka: penganyam ketak", "beleka-penganyam-ketak",
     ["Ketak is a wild fern vine that turns a deep, glossy brown when it is smoked. In Beleka it is coiled so tightly that a finished bowl holds water for a while.",
      "A round box takes a weaver about a week; the smoking over coconut husk takes another three days."],
     ["Ketak adalah sulur pakis liar yang menjadi cokelat tua mengilap setelah diasapi. Di Beleka sulur itu dililit begitu rapat sehingga mangkuk yang jadi dapat menahan air untuk sementara.",
      "Sebuah kotak bundar dikerjakan sekitar seminggu; pengasapan dengan sabut kelapa memakan tiga hari lagi."]),
    ("sukarara-songket", "maker-story", "Sukarara: songket on the backstrap loom", "Sukarara: songket dengan gedogan", "sukarara-songket-gedogan",
     ["Every girl in Sukarara learns to weave before she marries. The patterns, subahnale among them, are counted thread by thread, with no drawing to follow.",
      "A sarong of songket can take a month of work at the loom; the gold or silk supplementary weft is what makes it shine."],
     ["Setiap gadis di Sukarara belajar menenun sebelum menikah. Motifnya, termasuk subahnale, dihitung helai demi helai tanpa gambar yang diikuti.",
      "Selembar sarung songket bisa memakan sebulan kerja di alat tenun; pakan tambahan dari benang emas atau sutra yang membuatnya berkilau."]),
    ("banyumulek-pottery", "maker-story", "Banyumulek: burnished terracotta", "Banyumulek: gerabah terakota", "banyumulek-gerabah-terakota",
     ["The potters of Banyumulek shape local clay by hand and with a paddle, then burnish it with a smooth stone until it shines without any glaze.",
      "The pieces are fired in open straw fires, which is why no two have quite the same colour."],
     ["Para perajin gerabah Banyumulek membentuk tanah liat setempat dengan tangan dan pemukul kayu, lalu menggosoknya dengan batu halus hingga mengilap tanpa glasir.",
      "Gerabah dibakar di tungku jerami terbuka, karena itu tidak ada dua karya yang warnanya persis sama."]),
    ("village-loyok", "village", "Visiting Loyok", "Berkunjung ke Loyok", "berkunjung-ke-loyok",
     ["Loyok lies in East Lombok, an hour's drive from Mataram. The village workshop welcomes visitors on weekday mornings."],
     ["Loyok terletak di Lombok Timur, satu jam berkendara dari Mataram. Bengkel desa menerima tamu pada pagi hari kerja."]),
    ("village-sukarara", "village", "Visiting Sukarara", "Berkunjung ke Sukarara", "berkunjung-ke-sukarara",
     ["Sukarara is in Central Lombok, on the road to the airport. Weavers work in front of their houses, and most will show you how a pattern is counted."],
     ["Sukarara berada di Lombok Tengah, di jalan menuju bandara. Para penenun bekerja di depan rumah, dan kebanyakan mau menunjukkan cara menghitung motif."]),
    ("care-guide", "guide", "Caring for handmade pieces", "Merawat karya buatan tangan", "merawat-karya-buatan-tangan",
     ["Bamboo, rattan and ketak like air: keep them out of closed plastic, dust them with a soft brush, and wipe them with a barely damp cloth.",
      "Wash songket and tenun by hand in cold water, never wring them, and dry them in the shade. Terracotta is porous: let it dry fully between uses."],
     ["Bambu, rotan dan ketak perlu udara: jangan simpan dalam plastik tertutup, bersihkan debunya dengan sikat lembut dan lap dengan kain yang sedikit lembap.",
      "Cuci songket dan tenun dengan tangan di air dingin, jangan diperas, dan jemur di tempat teduh. Terakota berpori: biarkan kering sepenuhnya setiap kali selesai dipakai."]),
]  # fmt: skip

FEATURED_PRODUCTS = (
    "loyok-bamboo-dedungki-basket",
    "loyok-rattan-round-basket",
    "beleka-ketak-round-box",
    "beleka-ketak-handbag",
    "sukarara-songket-keker-shawl",
    "sukarara-tenun-ikat-scarf",
    "banyumulek-kendi-water-jar",
    "banyumulek-serving-bowl",
)

# The storefront's header: (name, Indonesian name, kind, target, children)
NAVBAR: list[MenuRecord] = [
    ("Home & living", "Rumah & gaya hidup", "category", "home-living",
     [("Baskets & storage", "Keranjang & penyimpanan", "category", "baskets-storage", []),
      ("Pottery & ceramics", "Gerabah & keramik", "category", "pottery", [])]),
    ("Textiles", "Kain tenun", "category", "textiles", []),
    ("Featured", "Pilihan", "collection", "featured-products", []),
    ("Our makers", "Pengrajin kami", "page", "loyok-bamboo-and-rattan", []),
]  # fmt: skip

# The storefront's footer: columns (headings without a link) and their links.
FOOTER: list[MenuRecord] = [
    ("Makers", "Pengrajin", None, None,
     [("Loyok bamboo and rattan", "Bambu dan rotan Loyok", "page", "loyok-bamboo-and-rattan", []),
      ("Beleka ketak", "Ketak Beleka", "page", "beleka-ketak", []),
      ("Sukarara songket", "Songket Sukarara", "page", "sukarara-songket", []),
      ("Banyumulek pottery", "Gerabah Banyumulek", "page", "banyumulek-pottery", [])]),
    ("Help", "Bantuan", None, None,
     [("Caring for your pieces", "Merawat karya Anda", "page", "care-guide", []),
      ("Visit Loyok", "Kunjungi Loyok", "page", "village-loyok", []),
      ("Visit Sukarara", "Kunjungi Sukarara", "page", "village-sukarara", [])]),
]  # fmt: skip

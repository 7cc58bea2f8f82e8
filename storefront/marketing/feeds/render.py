"""Feed files from :class:`~storefront.marketing.feeds.items.FeedItem` lists.

- ``google_xml``: Google Merchant Center's RSS 2.0 with the ``g:`` namespace
  (http://base.google.com/ns/1.0): id, title, description, link, image_link (+ additional),
  availability, price (+ sale_price, and sale_price_effective_date when the promotion behind it
  ends), brand, gtin or identifier_exists ``no``, mpn, condition
  ``new``, item_group_id for variants, product_type (the category path), google_product_category
  (Google's taxonomy id or path, when the category or an ancestor has one), shipping per country and
  custom_label_0 (the village the goods come from).
- ``meta_csv``: Meta's catalogue CSV with the same facts under Meta's column names (Meta takes
  Google's taxonomy as ``google_product_category``).
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from storefront.channels.models import Channel
from storefront.marketing.feeds.items import FeedItem, effective_date_text, money_text

G = "http://base.google.com/ns/1.0"
ET.register_namespace("g", G)

META_COLUMNS = (
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "sale_price",
    "sale_price_effective_date",
    "link",
    "image_link",
    "additional_image_link",
    "brand",
    "gtin",
    "mpn",
    "item_group_id",
    "product_type",
    "google_product_category",
    "custom_label_0",
)


def _g(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{G}}}{name}")
    element.text = text
    return element


def google_xml(
    items: list[FeedItem], *, channel: Channel, title: str, link: str, language_code: str
) -> bytes:
    rss = ET.Element("rss", {"version": "2.0"})
    feed = ET.SubElement(rss, "channel")
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "link").text = link
    ET.SubElement(feed, "description").text = f"{title} ({channel.slug}, {language_code})"
    for item in items:
        entry = ET.SubElement(feed, "item")
        _g(entry, "id", item.id)
        ET.SubElement(entry, "title").text = item.title
        ET.SubElement(entry, "description").text = item.description
        ET.SubElement(entry, "link").text = item.link
        _g(entry, "image_link", item.image_link)
        for extra in item.additional_image_links:
            _g(entry, "additional_image_link", extra)
        _g(entry, "availability", "in_stock" if item.in_stock else "out_of_stock")
        _g(entry, "price", money_text(item.price))
        if item.sale_price is not None:
            _g(entry, "sale_price", money_text(item.sale_price))
            if item.sale_price_effective is not None:
                _g(entry, "sale_price_effective_date", effective_date_text(item.sale_price_effective))
        _g(entry, "brand", item.brand)
        if item.gtin:
            _g(entry, "gtin", item.gtin)
        else:
            _g(entry, "identifier_exists", "no")
        if item.mpn:
            _g(entry, "mpn", item.mpn)
        _g(entry, "condition", "new")
        if item.item_group_id:
            _g(entry, "item_group_id", item.item_group_id)
        if item.product_type:
            _g(entry, "product_type", item.product_type)
        if item.google_product_category:
            _g(entry, "google_product_category", item.google_product_category)
        if item.origin_village:
            _g(entry, "custom_label_0", item.origin_village)
        for shipping in item.shipping:
            block = _g(entry, "shipping", "")
            block.text = None
            _g(block, "country", shipping.country)
            _g(block, "service", shipping.service)
            _g(block, "price", money_text(shipping.price))
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def meta_csv(items: list[FeedItem]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(META_COLUMNS)
    for item in items:
        writer.writerow(
            [
                item.id,
                item.title,
                item.description,
                "in stock" if item.in_stock else "out of stock",
                "new",
                money_text(item.price),
                money_text(item.sale_price) if item.sale_price is not None else "",
                effective_date_text(item.sale_price_effective)
                if item.sale_price is not None and item.sale_price_effective is not None
                else "",
                item.link,
                item.image_link,
                ",".join(item.additional_image_links),
                item.brand,
                item.gtin,
                item.mpn,
                item.item_group_id,
                item.product_type,
                item.google_product_category,
                item.origin_village,
            ]
        )
    return out.getvalue().encode("utf-8")

"""The demo's pages, the ``featured-products`` collection and the ``navbar`` and ``footer`` menus.

Saleor's storefront asks for a collection ``featured-products`` on its home page and for menus
``navbar`` and ``footer`` in its layout; here they hold Lombok's goods and the makers' stories, in
English and Indonesian. Pages and menus go through the content services (so the audit log shows
them, done by the system); a page or menu that already exists is left as it is, so a second load
changes nothing and the marketing team's edits survive a restart.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from infra.demo.data import content as data
from infra.demo.loader import PUBLISHED_AT, Catalogue, editorjs
from storefront.accounts.actor import Actor
from storefront.catalog import services as catalog
from storefront.catalog.models import Category, Collection, Product
from storefront.content.menus import MenuItemFields, menu_create, menu_item_translate
from storefront.content.models import Menu, MenuItem, Page, PageType
from storefront.content.pages import PageFields, page_create, page_translate, page_type_create

FEATURED = "featured-products"


def _featured_collection(cat: Catalogue) -> Collection:
    products = list(Product.objects.filter(slug__in=data.FEATURED_PRODUCTS))
    products.sort(key=lambda product: data.FEATURED_PRODUCTS.index(product.slug))
    text = "Baskets, boxes, cloth and pottery from four Lombok villages, chosen by the cooperative."
    text_id = "Keranjang, kotak, kain dan gerabah dari empat desa di Lombok, dipilih oleh koperasi."
    collection = catalog.collection_upsert(
        slug=FEATURED,
        name="Featured products",
        description=editorjs(text, key=f"collection-{FEATURED}"),
        seo_title="Featured products",
        seo_description=text,
        products=products,
    )
    catalog.collection_translation_update(
        collection=collection,
        language_code="id",
        name="Produk pilihan",
        slug="produk-pilihan",
        description=editorjs(text_id, key=f"collection-{FEATURED}-id"),
        seo_title="Produk pilihan",
        seo_description=text_id,
    )
    catalog.collection_translation_update(
        collection=collection, language_code="ja", name="おすすめ商品", slug=None
    )
    for channel in cat.channels:
        catalog.collection_channel_listing_update(
            collection=collection, channel=channel, is_published=True, published_at=PUBLISHED_AT
        )
    return collection


def _pages(system: Actor) -> None:
    types = {}
    for slug, name, _name_id in data.PAGE_TYPES:
        types[slug] = PageType.objects.filter(slug=slug).first() or page_type_create(
            actor=system, name=name, slug=slug
        )
    for slug, kind, title, title_id, slug_id, text, text_id in data.PAGES:
        if Page.objects.filter(slug=slug).exists():
            continue
        page = page_create(
            actor=system,
            page_type=types[kind],
            fields=PageFields(
                title=title,
                slug=slug,
                content=editorjs(*text, key=f"page-{slug}"),
                seo_title=title[:70],
                seo_description=text[0][:300],
                is_published=True,
                published_at=PUBLISHED_AT,
            ),
        )
        page_translate(
            actor=system,
            page=page,
            language_code="id",
            fields=PageFields(
                title=title_id,
                slug=slugify(slug_id),
                content=editorjs(*text_id, key=f"page-{slug}-id"),
                seo_title=title_id[:70],
                seo_description=text_id[0][:300],
            ),
        )


def _target(kind: str | None, slug: str | None) -> dict[str, Any]:
    if kind == "category":
        return {"category": Category.objects.get(slug=slug)}
    if kind == "collection":
        return {"collection": Collection.objects.get(slug=slug)}
    if kind == "page":
        return {"page": Page.objects.get(slug=slug)}
    return {}


def _item(record: tuple[Any, ...]) -> MenuItemFields:
    name, _name_id, kind, slug, children = record
    return MenuItemFields(name=name, children=[_item(child) for child in children], **_target(kind, slug))


def _names_id(records: list[tuple[Any, ...]]) -> list[str]:
    """The Indonesian names in the order ``menu_create`` writes the items (depth first)."""
    found: list[str] = []
    for _name, name_id, _kind, _slug, children in records:
        found.append(name_id)
        found += _names_id(children)
    return found


def _menu(system: Actor, *, slug: str, name: str, records: list[tuple[Any, ...]]) -> None:
    if Menu.objects.filter(slug=slug).exists():
        return
    menu = menu_create(actor=system, name=name, slug=slug, items=[_item(record) for record in records])
    for item, name_id in zip(
        MenuItem.objects.filter(menu=menu).order_by("pk"), _names_id(records), strict=True
    ):
        menu_item_translate(actor=system, item=item, language_code="id", name=name_id)


def demo_content_load(cat: Catalogue) -> None:
    """Ensure the featured collection, the pages and the two menus the storefront asks for exist."""
    system = Actor.system()
    _featured_collection(cat)
    _pages(system)
    _menu(system, slug="navbar", name="navbar", records=data.NAVBAR)
    _menu(system, slug="footer", name="footer", records=data.FOOTER)

"""Indexes for the storefront listing's sorts and its count, so a page reads only its own rows.

- ``catalog_product_name_idx`` / ``_name_desc_idx``: ``sortBy: NAME`` (name, slug, id), both ways.
- ``catalog_product_created_idx`` / ``_created_desc_idx``: ``sortBy: CREATED_AT`` (created_at, id),
  both ways, with the ``NULLS LAST`` the sort asks for.
- ``catalog_pcl_price_idx`` / ``_price_desc_idx``: ``sortBy: PRICE`` per channel, read through
  the channel's listing (price, then name and id by an incremental sort of equal prices).
- ``catalog_pcl_product_cover_idx``: a product's listing in a channel with every column the
  listing reads, so joining a few dozen matches (a search, a category) is index-only, not a
  scan of every listing.
- ``catalog_product_category_cover_idx``, ``catalog_pvcl_price_idx``,
  ``catalog_variant_product_cover_idx``: counting a category's products, or those priced within a
  range, reads indexes only.
- ``catalog_pcl_listed_idx``: the buyer's listing in a channel (published, visible), whose
  ``published_at`` makes ``totalCount`` of the unfiltered listing an index-only scan.

Created on PostgreSQL only (the SQLite demo plans nothing), like ``0002``; the expressions and
directions match the ORDER BY that ``graphql_schema.catalog.filters`` and ``resolvers`` write.
"""

from django.db import migrations

INDEXES = {
    "catalog_product_name_idx": "catalog_product (name, slug, id)",
    "catalog_product_name_desc_idx": (
        "catalog_product (name DESC NULLS LAST, slug DESC NULLS LAST, id DESC)"
    ),
    "catalog_product_created_idx": "catalog_product (created_at, id)",
    "catalog_product_created_desc_idx": "catalog_product (created_at DESC NULLS LAST, id DESC)",
    "catalog_pcl_price_idx": "catalog_productchannellisting (channel_id, discounted_price_amount, product_id)",
    "catalog_pcl_price_desc_idx": (
        "catalog_productchannellisting (channel_id, discounted_price_amount DESC NULLS LAST, product_id)"
    ),
    "catalog_pcl_product_cover_idx": (
        "catalog_productchannellisting (product_id, channel_id) "
        "INCLUDE (is_published, visible_in_listings, published_at, available_for_purchase_at, id)"
    ),
    "catalog_product_category_cover_idx": "catalog_product (category_id, id)",
    "catalog_pvcl_price_idx": (
        "catalog_productvariantchannellisting (channel_id, price_amount) INCLUDE (variant_id)"
    ),
    "catalog_variant_product_cover_idx": "catalog_productvariant (id) INCLUDE (product_id)",
    "catalog_pcl_listed_idx": (
        "catalog_productchannellisting (channel_id, published_at, product_id) "
        "WHERE is_published AND visible_in_listings"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_fulfilment_earnings")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

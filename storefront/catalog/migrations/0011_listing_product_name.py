"""The product's name and category on each of its channel listings, kept by triggers, and the
price sort's indexes.

``sortBy: PRICE`` orders a channel's products by (price, name, id). The price lives on the
listing and the name on the product, so ``0005``'s index on (channel, price, product) yields the
prices in order but leaves every product sharing a boundary price to be fetched and sorted by
name: in a catalogue where many products share a price (at 100,000 products, thousands of them at
the cheapest price) a page of 20 read thousands of rows, and a category filter on top read them
all for the few in that category; and a category whose products cost more than most read every
cheaper listing of the channel first. With the name on the listing, ``catalog_pcl_price_name_idx``
(and its descending twin) yield the whole order, and with the category too,
``catalog_pcl_category_price_idx`` (and twin) yield one category's: a page reads its own rows
(and those a price filter skips) and stops.

``product_name`` and ``product_category_id`` are set by a ``BEFORE INSERT OR UPDATE`` trigger on
the listing (whatever the writer put there) and copied to every listing of a product whose name or
category changes (or that is inserted after its listings, which deferred foreign keys allow).
PostgreSQL only, like ``0002``; elsewhere the columns stay empty and the sort and the category
filter read the product's own (``graphql_schema.catalog.resolvers._listed``).
"""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION catalog_pcl_product_name() RETURNS trigger AS $$
BEGIN
    SELECT COALESCE(p.name, ''), p.category_id INTO NEW.product_name, NEW.product_category_id
    FROM catalog_product AS p WHERE p.id = NEW.product_id;
    IF NOT FOUND THEN
        NEW.product_name := '';
        NEW.product_category_id := NULL;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_product_name_to_listings() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.name IS NOT DISTINCT FROM NEW.name
            AND OLD.category_id IS NOT DISTINCT FROM NEW.category_id THEN
        RETURN NULL;
    END IF;
    UPDATE catalog_productchannellisting SET product_name = NEW.name, product_category_id = NEW.category_id
    WHERE product_id = NEW.id
        AND (product_name IS DISTINCT FROM NEW.name OR product_category_id IS DISTINCT FROM NEW.category_id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS catalog_pcl_product_name ON catalog_productchannellisting;
CREATE TRIGGER catalog_pcl_product_name
    BEFORE INSERT OR UPDATE OF product_id, product_name, product_category_id ON catalog_productchannellisting
    FOR EACH ROW EXECUTE FUNCTION catalog_pcl_product_name();

DROP TRIGGER IF EXISTS catalog_product_name_to_listings ON catalog_product;
CREATE TRIGGER catalog_product_name_to_listings
    AFTER INSERT OR UPDATE OF name, category_id ON catalog_product
    FOR EACH ROW EXECUTE FUNCTION catalog_product_name_to_listings();

UPDATE catalog_productchannellisting AS l SET product_name = p.name, product_category_id = p.category_id
FROM catalog_product AS p WHERE p.id = l.product_id;

CREATE INDEX IF NOT EXISTS catalog_pcl_price_name_idx
    ON catalog_productchannellisting (channel_id, discounted_price_amount, product_name, product_id);
CREATE INDEX IF NOT EXISTS catalog_pcl_price_name_desc_idx
    ON catalog_productchannellisting
    (channel_id, discounted_price_amount DESC NULLS LAST, product_name DESC NULLS LAST, product_id DESC);
CREATE INDEX IF NOT EXISTS catalog_pcl_category_price_idx
    ON catalog_productchannellisting
    (channel_id, product_category_id, discounted_price_amount, product_name, product_id);
CREATE INDEX IF NOT EXISTS catalog_pcl_category_price_desc_idx
    ON catalog_productchannellisting
    (channel_id, product_category_id, discounted_price_amount DESC NULLS LAST, product_name DESC NULLS LAST,
     product_id DESC);
"""

DROP = """
DROP INDEX IF EXISTS catalog_pcl_price_name_idx;
DROP INDEX IF EXISTS catalog_pcl_price_name_desc_idx;
DROP INDEX IF EXISTS catalog_pcl_category_price_idx;
DROP INDEX IF EXISTS catalog_pcl_category_price_desc_idx;
DROP TRIGGER IF EXISTS catalog_pcl_product_name ON catalog_productchannellisting;
DROP TRIGGER IF EXISTS catalog_product_name_to_listings ON catalog_product;
DROP FUNCTION IF EXISTS catalog_pcl_product_name();
DROP FUNCTION IF EXISTS catalog_product_name_to_listings();
"""


def _run(schema_editor, sql):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)  # no parameters: several statements in one go


def create(apps, schema_editor):
    _run(schema_editor, CREATE)


def drop(apps, schema_editor):
    _run(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0010_category_listed_counter")]

    operations = [
        migrations.AddField(
            model_name="productchannellisting",
            name="product_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=250),
        ),
        migrations.AddField(
            model_name="productchannellisting",
            name="product_category_id",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]

"""A counter per channel and category of the listings that show a product in buyers' listings,
kept by triggers; and the index of scheduled publications that bounds a kept count.

``catalog_category_listed_counter.listed`` is the number of ``catalog_productchannellisting`` rows
of the channel that are published and visible in listings, whatever their ``published_at``, whose
product is in the category (the category itself, not those below it). A category page's
``totalCount`` is the sum over the category and the categories below it, less the listings of
those categories whose publication date has not come yet (a range scan of
``catalog_pcl_listed_idx`` over the scheduled ones only), so it costs the same at 100 or 100,000
products (``storefront.catalog.selectors.category_listed_total``), as ``0006``'s counter per
channel does for the unfiltered listing.

Row triggers keep it on every insert, update and delete of a listing (its channel, product or
visibility changing) and of a product (its category changing; a product deleted or inserted
while its listings exist, which deferred foreign keys allow within a transaction): each change is
counted by exactly one of the two tables' triggers, whichever sees both rows. A ``TRUNCATE`` of
either table counts the whole table again. An update that changes none of those leaves the
counter untouched, so price changes do not contend on it.

``catalog_pcl_scheduled_idx``: the published listings by publication date. A filtered list's
count kept for the catalogue's generation (``storefront.catalog.sql.CountOf``) holds until the
earliest publication date after the instant it was counted at: the first entry after "now".

PostgreSQL only, like ``0002`` and ``0006``; elsewhere the total is counted.
"""

from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS catalog_category_listed_counter (
    channel_id bigint NOT NULL,
    category_id bigint NOT NULL,
    listed bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, category_id)
);

CREATE OR REPLACE FUNCTION catalog_category_listed_add(channel bigint, category bigint, delta integer)
RETURNS void AS $$
BEGIN
    IF category IS NULL OR delta = 0 THEN
        RETURN;
    END IF;
    INSERT INTO catalog_category_listed_counter AS c (channel_id, category_id, listed)
    VALUES (channel, category, delta)
    ON CONFLICT (channel_id, category_id) DO UPDATE SET listed = c.listed + delta;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_category_listed_listing_row() RETURNS trigger AS $$
DECLARE
    was boolean := false;
    now_listed boolean := false;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        was := OLD.is_published AND OLD.visible_in_listings;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        now_listed := NEW.is_published AND NEW.visible_in_listings;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.channel_id = NEW.channel_id AND OLD.product_id = NEW.product_id
            AND was = now_listed THEN
        RETURN NULL;
    END IF;
    -- A product already deleted (or not yet inserted) in this transaction has no row here: its
    -- own trigger counts its listings instead.
    IF was THEN
        PERFORM catalog_category_listed_add(
            OLD.channel_id, (SELECT category_id FROM catalog_product WHERE id = OLD.product_id), -1);
    END IF;
    IF now_listed THEN
        PERFORM catalog_category_listed_add(
            NEW.channel_id, (SELECT category_id FROM catalog_product WHERE id = NEW.product_id), 1);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_category_listed_product_row() RETURNS trigger AS $$
DECLARE
    listing record;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.category_id IS NOT DISTINCT FROM NEW.category_id AND OLD.id = NEW.id THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        FOR listing IN
            SELECT channel_id FROM catalog_productchannellisting
            WHERE product_id = OLD.id AND is_published AND visible_in_listings
        LOOP
            PERFORM catalog_category_listed_add(listing.channel_id, OLD.category_id, -1);
        END LOOP;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        FOR listing IN
            SELECT channel_id FROM catalog_productchannellisting
            WHERE product_id = NEW.id AND is_published AND visible_in_listings
        LOOP
            PERFORM catalog_category_listed_add(listing.channel_id, NEW.category_id, 1);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_category_listed_recount() RETURNS trigger AS $$
BEGIN
    DELETE FROM catalog_category_listed_counter;
    INSERT INTO catalog_category_listed_counter (channel_id, category_id, listed)
        SELECT l.channel_id, p.category_id, count(*)
        FROM catalog_productchannellisting l JOIN catalog_product p ON p.id = l.product_id
        WHERE l.is_published AND l.visible_in_listings AND p.category_id IS NOT NULL
        GROUP BY l.channel_id, p.category_id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS catalog_category_listed_listing_row ON catalog_productchannellisting;
CREATE TRIGGER catalog_category_listed_listing_row
    AFTER INSERT OR UPDATE OR DELETE ON catalog_productchannellisting
    FOR EACH ROW EXECUTE FUNCTION catalog_category_listed_listing_row();

DROP TRIGGER IF EXISTS catalog_category_listed_product_row ON catalog_product;
CREATE TRIGGER catalog_category_listed_product_row
    AFTER INSERT OR UPDATE OF category_id, id OR DELETE ON catalog_product
    FOR EACH ROW EXECUTE FUNCTION catalog_category_listed_product_row();

DROP TRIGGER IF EXISTS catalog_category_listed_listing_truncate ON catalog_productchannellisting;
CREATE TRIGGER catalog_category_listed_listing_truncate
    AFTER TRUNCATE ON catalog_productchannellisting
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_category_listed_recount();

DROP TRIGGER IF EXISTS catalog_category_listed_product_truncate ON catalog_product;
CREATE TRIGGER catalog_category_listed_product_truncate
    AFTER TRUNCATE ON catalog_product
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_category_listed_recount();

DELETE FROM catalog_category_listed_counter;
INSERT INTO catalog_category_listed_counter (channel_id, category_id, listed)
    SELECT l.channel_id, p.category_id, count(*)
    FROM catalog_productchannellisting l JOIN catalog_product p ON p.id = l.product_id
    WHERE l.is_published AND l.visible_in_listings AND p.category_id IS NOT NULL
    GROUP BY l.channel_id, p.category_id;

CREATE INDEX IF NOT EXISTS catalog_pcl_scheduled_idx
    ON catalog_productchannellisting (published_at) WHERE is_published;
"""

DROP = """
DROP INDEX IF EXISTS catalog_pcl_scheduled_idx;
DROP TRIGGER IF EXISTS catalog_category_listed_listing_row ON catalog_productchannellisting;
DROP TRIGGER IF EXISTS catalog_category_listed_product_row ON catalog_product;
DROP TRIGGER IF EXISTS catalog_category_listed_listing_truncate ON catalog_productchannellisting;
DROP TRIGGER IF EXISTS catalog_category_listed_product_truncate ON catalog_product;
DROP FUNCTION IF EXISTS catalog_category_listed_listing_row();
DROP FUNCTION IF EXISTS catalog_category_listed_product_row();
DROP FUNCTION IF EXISTS catalog_category_listed_recount();
DROP FUNCTION IF EXISTS catalog_category_listed_add(bigint, bigint, integer);
DROP TABLE IF EXISTS catalog_category_listed_counter;
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
    dependencies = [("catalog", "0009_product_search_vector_column")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

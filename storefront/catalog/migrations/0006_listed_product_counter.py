"""A counter per channel of the listings that show a product in buyers' listings, kept by triggers.

``catalog_listed_counter.listed`` is the number of ``catalog_productchannellisting`` rows of the
channel that are published and visible in listings, whatever their ``published_at``. The
storefront's unfiltered ``totalCount`` is that number less the listings whose publication date
has not come yet (a range scan of ``catalog_pcl_listed_idx`` over the scheduled ones only), so
it costs the same at 100 or 100,000 products (``storefront.catalog.selectors.listed_product_total``).

Row triggers keep it on every insert, update and delete (Django's ``bulk_create`` and cascades
included); a ``TRUNCATE`` of the listings empties it. An update that changes neither the channel
nor the listing's visibility leaves the counter row untouched, so price changes do not contend
on it. PostgreSQL only, like ``0002``; elsewhere the total is counted.
"""

from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS catalog_listed_counter (
    channel_id bigint PRIMARY KEY,
    listed bigint NOT NULL DEFAULT 0
);

CREATE OR REPLACE FUNCTION catalog_listed_counter_row() RETURNS trigger AS $$
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
    IF TG_OP = 'UPDATE' AND OLD.channel_id = NEW.channel_id AND was = now_listed THEN
        RETURN NULL;
    END IF;
    IF was THEN
        UPDATE catalog_listed_counter SET listed = listed - 1 WHERE channel_id = OLD.channel_id;
    END IF;
    IF now_listed THEN
        INSERT INTO catalog_listed_counter AS c (channel_id, listed) VALUES (NEW.channel_id, 1)
        ON CONFLICT (channel_id) DO UPDATE SET listed = c.listed + 1;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_listed_counter_truncate() RETURNS trigger AS $$
BEGIN
    DELETE FROM catalog_listed_counter;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS catalog_listed_counter_row ON catalog_productchannellisting;
CREATE TRIGGER catalog_listed_counter_row
    AFTER INSERT OR UPDATE OR DELETE ON catalog_productchannellisting
    FOR EACH ROW EXECUTE FUNCTION catalog_listed_counter_row();

DROP TRIGGER IF EXISTS catalog_listed_counter_truncate ON catalog_productchannellisting;
CREATE TRIGGER catalog_listed_counter_truncate
    AFTER TRUNCATE ON catalog_productchannellisting
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_listed_counter_truncate();

DELETE FROM catalog_listed_counter;
INSERT INTO catalog_listed_counter (channel_id, listed)
    SELECT channel_id, count(*) FROM catalog_productchannellisting
    WHERE is_published AND visible_in_listings GROUP BY channel_id;
"""

DROP = """
DROP TRIGGER IF EXISTS catalog_listed_counter_row ON catalog_productchannellisting;
DROP TRIGGER IF EXISTS catalog_listed_counter_truncate ON catalog_productchannellisting;
DROP FUNCTION IF EXISTS catalog_listed_counter_row();
DROP FUNCTION IF EXISTS catalog_listed_counter_truncate();
DROP TABLE IF EXISTS catalog_listed_counter;
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
    dependencies = [("catalog", "0005_listing_sort_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

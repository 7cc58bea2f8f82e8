"""The listings' counters (``0006``, ``0010``) kept once per statement instead of once per row.

The row triggers of ``0006`` and ``0010`` updated the channel's counter row (and the category's)
once for every listing row a statement wrote: a ``bulk_create`` of 100,000 listings updated the
same counter row 100,000 times in one transaction, each update a new version of the row that the
next had to step over, so bulk imports slowed down with their own size (about 14 minutes for
450,000 listings against 3 without the triggers). Statement triggers with transition tables read
the rows one statement inserted, updated or deleted together and add each channel's (and each
channel and category's) net change in one upsert, in key order; a statement whose net change is
nothing (a price update) leaves the counters untouched, as before, so price changes still do not
contend on them.

What is counted does not change: listings published and visible in listings, per channel, and per
channel and the product's category. A listing whose product is already deleted, or not yet
inserted, within the transaction (deferred foreign keys) is counted per category by the product's
own row trigger of ``0010``, which stays a row trigger (products are written one at a time, or
before their listings). The ``TRUNCATE`` triggers stay as they were. PostgreSQL only, like ``0006``
and ``0010``.
"""

import importlib

from django.db import migrations

# The net change of one statement: +1 for each listed row after it, -1 for each listed row before.
LISTED_AFTER = (
    "SELECT channel_id, product_id, 1 AS delta FROM listed_new WHERE is_published AND visible_in_listings"
)
LISTED_BEFORE = (
    "SELECT channel_id, product_id, -1 AS delta FROM listed_old WHERE is_published AND visible_in_listings"
)

APPLY = """
        WITH delta AS ({delta}),
        channels AS (
            INSERT INTO catalog_listed_counter AS c (channel_id, listed)
            SELECT channel_id, sum(delta) FROM delta
            GROUP BY channel_id HAVING sum(delta) <> 0 ORDER BY channel_id
            ON CONFLICT (channel_id) DO UPDATE SET listed = c.listed + EXCLUDED.listed
        )
        INSERT INTO catalog_category_listed_counter AS c (channel_id, category_id, listed)
        SELECT d.channel_id, p.category_id, sum(d.delta)
        FROM delta d JOIN catalog_product p ON p.id = d.product_id
        WHERE p.category_id IS NOT NULL
        GROUP BY d.channel_id, p.category_id HAVING sum(d.delta) <> 0 ORDER BY d.channel_id, p.category_id
        ON CONFLICT (channel_id, category_id) DO UPDATE SET listed = c.listed + EXCLUDED.listed;"""

CREATE = f"""
DROP TRIGGER IF EXISTS catalog_listed_counter_row ON catalog_productchannellisting;
DROP TRIGGER IF EXISTS catalog_category_listed_listing_row ON catalog_productchannellisting;
DROP FUNCTION IF EXISTS catalog_listed_counter_row();
DROP FUNCTION IF EXISTS catalog_category_listed_listing_row();

CREATE OR REPLACE FUNCTION catalog_listed_counters_statement() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN{APPLY.format(delta=LISTED_AFTER)}
    ELSIF TG_OP = 'UPDATE' THEN{APPLY.format(delta=f"{LISTED_AFTER} UNION ALL {LISTED_BEFORE}")}
    ELSE{APPLY.format(delta=LISTED_BEFORE)}
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS catalog_listed_counters_insert ON catalog_productchannellisting;
CREATE TRIGGER catalog_listed_counters_insert
    AFTER INSERT ON catalog_productchannellisting REFERENCING NEW TABLE AS listed_new
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_listed_counters_statement();
DROP TRIGGER IF EXISTS catalog_listed_counters_update ON catalog_productchannellisting;
CREATE TRIGGER catalog_listed_counters_update
    AFTER UPDATE ON catalog_productchannellisting REFERENCING OLD TABLE AS listed_old NEW TABLE AS listed_new
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_listed_counters_statement();
DROP TRIGGER IF EXISTS catalog_listed_counters_delete ON catalog_productchannellisting;
CREATE TRIGGER catalog_listed_counters_delete
    AFTER DELETE ON catalog_productchannellisting REFERENCING OLD TABLE AS listed_old
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_listed_counters_statement();
"""

DROP = """
DROP TRIGGER IF EXISTS catalog_listed_counters_insert ON catalog_productchannellisting;
DROP TRIGGER IF EXISTS catalog_listed_counters_update ON catalog_productchannellisting;
DROP TRIGGER IF EXISTS catalog_listed_counters_delete ON catalog_productchannellisting;
DROP FUNCTION IF EXISTS catalog_listed_counters_statement();
"""


def _run(schema_editor, sql):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)  # no parameters: several statements in one go


def create(apps, schema_editor):
    _run(schema_editor, CREATE)


def drop(apps, schema_editor):
    """Back to the row triggers: ``0006``'s and ``0010``'s own SQL (each recounts its counter)."""
    _run(schema_editor, DROP)
    for name in ("0006_listed_product_counter", "0010_category_listed_counter"):
        _run(schema_editor, importlib.import_module(f"storefront.catalog.migrations.{name}").CREATE)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_listing_product_name")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

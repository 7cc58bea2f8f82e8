"""A GIN index on the product search vector, so full-text search reads the index, not the table.

The expression is exactly ``storefront.catalog.search.product_search_vector()``; PostgreSQL uses
the index only when the query's expression matches. SQLite (the demo) has no full-text types
and searches by substring, so the index is created on PostgreSQL only.
"""

from django.db import migrations

INDEX = "catalog_product_search_vector_idx"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_document, ''::text)))"
)
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

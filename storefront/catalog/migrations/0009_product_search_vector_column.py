"""The product search vector kept in a column, so a search ranks its matches without parsing them.

``0002`` indexed the expression ``to_tsvector('simple', COALESCE(search_document, ''))``: the match
read the GIN index, but ranking the matches (``ts_rank``) parsed each matched document again, on
every request (about 80 µs a document, thousands of matches in a large catalogue). The column
``search_vector`` holds that same expression, computed by PostgreSQL whenever the row is written
(a stored generated column: no service has to maintain it), and the GIN index
``catalog_product_search_vector_idx`` now indexes the column. ``storefront.catalog.search`` matches
and ranks on it; the values, hence the matches and ranks, are exactly the expression's.

The column is not a model field: Django never reads or writes it (PostgreSQL computes it), and the
SQLite demo, which has no full-text types and searches by substring, has neither column nor index.
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "catalog_product_search_vector_idx"
EXPRESSION = "to_tsvector('simple'::regconfig, COALESCE(search_document, ''::text))"

FORWARD = [
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE catalog_product ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
    f"GENERATED ALWAYS AS ({EXPRESSION}) STORED",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product USING gin ({COLUMN})",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE catalog_product DROP COLUMN IF EXISTS {COLUMN}",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product USING gin ({EXPRESSION})",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_category_google_product_category")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]

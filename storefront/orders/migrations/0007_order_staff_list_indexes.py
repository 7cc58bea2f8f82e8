"""Indexes for the staff's order list (``orders`` with status and "ready to fulfil" filters).

Plain SQL so the models stay as they are: both PostgreSQL and SQLite accept these statements,
including the partial index of the orders still to pack (statuses ``UNFULFILLED`` and
``PARTIALLY_FULFILLED``), which the "ready to fulfil" view reads newest first.
"""

from django.db import migrations

INDEXES = {
    "order_status_number": "ON orders_order (status, number DESC)",
    "order_to_pack_number": (
        "ON orders_order (number DESC) WHERE status IN ('UNFULFILLED', 'PARTIALLY_FULFILLED')"
    ),
    "order_channel_number": "ON orders_order (channel_id, number DESC)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0006_fulfilment_earnings"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]

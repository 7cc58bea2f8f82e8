"""One URL per status list (a migration of its own: PostgreSQL alters no table with pending updates)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_status_list_url"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="statuslist",
            constraint=models.UniqueConstraint(fields=("url",), name="uniq_status_list_url"),
        ),
    ]

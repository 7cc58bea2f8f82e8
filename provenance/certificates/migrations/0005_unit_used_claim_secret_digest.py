from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_status_list_url_unique"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="used_claim_secret_digest",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    Maker = apps.get_model("origins", "Maker")
    for maker in Maker.objects.filter(public_id__isnull=True):
        maker.public_id = uuid.uuid4()
        maker.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("origins", "0001_initial")]

    operations = [
        migrations.AddField(model_name="maker", name="public_id", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="maker",
            name="public_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                unique=True,
                help_text="Stable pseudonymous identifier used in certificates instead of the name.",
            ),
        ),
    ]

"""Status lists keep the URL certificates name them by (it used to follow PUBLIC_URL)."""

from django.conf import settings
from django.db import migrations, models


def _named_url(OriginCertificate, status_list):
    """The statusListCredential URL an existing certificate signed for this list, if any."""
    field = "revocation_list" if status_list.purpose == "revocation" else "suspension_list"
    credential = (
        OriginCertificate.objects.filter(**{field: status_list}).values_list("credential", flat=True).first()
    )
    entries = (credential or {}).get("credentialStatus") or []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, dict) and entry.get("statusPurpose") == status_list.purpose:
            return entry.get("statusListCredential")
    return None


def fill_urls(apps, schema_editor):
    StatusList = apps.get_model("certificates", "StatusList")
    OriginCertificate = apps.get_model("certificates", "OriginCertificate")
    for status_list in StatusList.objects.all():
        # A list no certificate names was never published to anyone: today's URL is its first.
        status_list.url = _named_url(OriginCertificate, status_list) or (
            f"{settings.PUBLIC_URL}/status/{status_list.purpose}/{status_list.number}"
        )
        status_list.save(update_fields=["url"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_lot_photos"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuslist",
            name="url",
            field=models.URLField(
                default="", help_text="The list credential's id, as certificates name it.", max_length=255
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_urls, migrations.RunPython.noop),
    ]

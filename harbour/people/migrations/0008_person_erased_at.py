from django.db import migrations, models


class Migration(migrations.Migration):
    """Erased records (harbour.records): a nullable column, added without rewriting the table."""

    dependencies = [
        ("people", "0007_matchkey_key_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="erased_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="erased at"
            ),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="erased_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="erased at"
            ),
        ),
    ]

"""The incident summary table, filled from the incidents already recorded (one GROUP BY; from
then on the signals keep it, and ``manage.py insights_rebuild`` recounts it)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from django.db.models import Count, DateField
    from django.db.models.functions import TruncQuarter
    from django.utils import timezone

    Incident = apps.get_model("incidents", "Incident")
    IncidentSummary = apps.get_model("insights", "IncidentSummary")
    rows = (
        Incident.objects.using(schema_editor.connection.alias)
        .annotate(
            quarter=TruncQuarter(
                "occurred_at", output_field=DateField(), tzinfo=timezone.get_default_timezone()
            )
        )
        .values_list("local_authority_id", "quarter", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    IncidentSummary.objects.using(schema_editor.connection.alias).bulk_create(
        (
            IncidentSummary(local_authority_id=area, quarter=quarter, kind=kind, count=n)
            for area, quarter, kind, n in rows
        ),
        batch_size=5000,
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("regions", "0001_initial"),
        ("incidents", "0002_victim_draft"),
    ]

    operations = [
        migrations.CreateModel(
            name="IncidentSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("quarter", models.DateField(verbose_name="first day of the quarter")),
                ("kind", models.CharField(max_length=20, verbose_name="kind")),
                (
                    "count",
                    models.IntegerField(db_default=0, default=0, verbose_name="incidents"),
                ),
                (
                    "local_authority",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.localauthority",
                        verbose_name="area",
                    ),
                ),
            ],
            options={
                "verbose_name": "incident summary",
                "verbose_name_plural": "incident summaries",
                "indexes": [models.Index(fields=["quarter"], name="incident_summary_quarter")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("local_authority", "quarter", "kind"),
                        name="incident_summary_once",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("count__gte", 0)),
                        name="incident_summary_not_negative",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]

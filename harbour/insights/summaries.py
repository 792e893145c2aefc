"""Keeping the summary tables in step with the records they count.

Each write of an incident (recorded, corrected, deleted) moves its summary cell, area x quarter
x kind, by one, in the same transaction as the write (the incident services are atomic): a
``pre_save`` receiver reads the cell the stored incident was in, ``post_save`` moves the count
from that cell to the new one, ``post_delete`` takes it off. Writes that send no signals
(``QuerySet.update``, ``bulk_create``, raw SQL, a restore from backup) are put right by
``manage.py insights_rebuild``, which recounts from the raw records; ``summaries_differences``
says whether any cell is out of step.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, DateField, F
from django.db.models.functions import TruncQuarter
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from harbour.incidents.models import Incident
from harbour.insights.models import IncidentSummary
from harbour.statistics.periods import QUARTER

logger = logging.getLogger(__name__)

Key = tuple[int, datetime.date, str]  # (local authority id, first day of quarter, kind)
FIELDS = frozenset({"local_authority", "local_authority_id", "occurred_at", "kind"})


def quarter_of(moment: datetime.datetime) -> datetime.date:
    """The first day of the quarter (UK time) holding ``moment``."""
    day = timezone.localtime(moment, timezone.get_default_timezone()).date()
    return QUARTER.containing(day).start


def incident_key(local_authority_id: int, occurred_at: datetime.datetime, kind: str) -> Key:
    return (local_authority_id, quarter_of(occurred_at), kind)


def _adjust(key: Key, delta: int) -> None:
    area, quarter, kind = key
    if delta > 0:
        # One statement: add to the cell, making it if it is new. Writers to one cell queue on
        # its row lock; an insert that meets a cell a concurrent writer made becomes the update.
        table = IncidentSummary._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (local_authority_id, quarter, kind, count) "  # noqa: S608
                "VALUES (%s, %s, %s, %s) ON CONFLICT (local_authority_id, quarter, kind) "
                f"DO UPDATE SET count = {table}.count + EXCLUDED.count",
                [area, quarter, kind, delta],
            )
        return
    cell = IncidentSummary.objects.filter(local_authority_id=area, quarter=quarter, kind=kind)
    if not cell.update(count=F("count") + delta):
        # Nothing to take the incident off: the summary was already out of step (a write that
        # sent no signal). The rebuild command puts it right; never store a negative count.
        logger.warning("incident summary %s missing on delete: run insights_rebuild", key)


def _before_save(sender, instance: Incident, raw=False, update_fields=None, **kwargs) -> None:
    instance._insights_old_key = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not FIELDS & set(update_fields):
        instance._insights_unchanged = True
        return
    instance._insights_unchanged = False
    old = (
        Incident.objects.filter(pk=instance.pk)
        .values_list("local_authority_id", "occurred_at", "kind")
        .first()
    )
    if old is not None:
        instance._insights_old_key = incident_key(*old)


def _after_save(sender, instance: Incident, created=False, raw=False, **kwargs) -> None:
    if raw or getattr(instance, "_insights_unchanged", False):
        return
    new = incident_key(instance.local_authority_id, instance.occurred_at, instance.kind)
    old = getattr(instance, "_insights_old_key", None)
    if old == new:
        return
    if old is not None:
        _adjust(old, -1)
    _adjust(new, +1)


def _after_delete(sender, instance: Incident, **kwargs) -> None:
    _adjust(incident_key(instance.local_authority_id, instance.occurred_at, instance.kind), -1)


def connect() -> None:
    pre_save.connect(_before_save, sender=Incident, dispatch_uid="insights-incident-before")
    post_save.connect(_after_save, sender=Incident, dispatch_uid="insights-incident-after")
    post_delete.connect(_after_delete, sender=Incident, dispatch_uid="insights-incident-delete")


# Recounting -------------------------------------------------------------------------------


def incidents_recount() -> Counter:
    """{(area id, quarter, kind): incidents} counted afresh from the incidents table: one
    ``GROUP BY`` over the raw records."""
    rows = (
        Incident.objects.annotate(
            quarter=TruncQuarter(
                "occurred_at", output_field=DateField(), tzinfo=timezone.get_default_timezone()
            )
        )
        .values_list("local_authority_id", "quarter", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter({(area, quarter, kind): n for area, quarter, kind, n in rows if n})


def incidents_summarised() -> Counter:
    """The same, as the summary table holds it (cells of zero left out)."""
    rows = IncidentSummary.objects.filter(count__gt=0).values_list(
        "local_authority_id", "quarter", "kind", "count"
    )
    return Counter({(area, quarter, kind): n for area, quarter, kind, n in rows})


def summaries_differences() -> dict[Key, tuple[int, int]]:
    """{cell: (summary, recount)} for every cell where the two differ: empty when in step."""
    held, counted = incidents_summarised(), incidents_recount()
    return {
        key: (held[key], counted[key])
        for key in sorted(set(held) | set(counted), key=str)
        if held[key] != counted[key]
    }


@transaction.atomic
def summaries_rebuild() -> int:
    """Recount every summary cell from the raw records; returns the number of cells stored.

    On PostgreSQL the summary table is locked first (writers wait for the rebuild to commit, and
    the rebuild waits for writers already under way), so no write is lost or counted twice."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {IncidentSummary._meta.db_table} IN EXCLUSIVE MODE")
    counted = incidents_recount()
    IncidentSummary.objects.all().delete()
    IncidentSummary.objects.bulk_create(
        IncidentSummary(local_authority_id=area, quarter=quarter, kind=kind, count=n)
        for (area, quarter, kind), n in counted.items()
    )
    return len(counted)

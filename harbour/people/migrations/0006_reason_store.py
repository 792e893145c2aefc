"""Typed reasons on her records move to the reason store (decision 0003).

An emergency override, an access review and a version of her record referred to the reason a
user typed by holding a copy of it in plain text. Each now refers to the one encrypted copy in the
reason store (``audit.Reason``), the same one the log entry of that act refers to (migration
``audit.0005`` moved those); where no log entry matches, the reason is stored once here. The
plain copies are emptied. Models of this migration's state only: no live code is imported.
"""

import django.db.models.deletion
from django.db import migrations, models


REASON_PREFIX = "reason:"
REVIEW_KINDS = {
    "emergency_access": "emergency_access",
    "duplicate_link": "duplicate_link",
    "restriction_change": "restriction",
}


def _stored(apps, alias, *, kind, text, at, user_id, entries):
    """The reason in the store that one of ``entries`` (log entries of the same act) refers
    to, if its text is this one; else the reason, stored now."""
    for entry in entries.filter(reason_ref__isnull=False).select_related("reason_ref"):
        if entry.reason_ref.text[: len(text)] == text:
            return entry.reason_ref
    Reason = apps.get_model("audit", "Reason")
    return Reason.objects.using(alias).create(
        kind=kind, text=text, written_at=at, written_by_id=user_id
    )


def move_reasons(apps, schema_editor):
    alias = schema_editor.connection.alias
    AccessLogEntry = apps.get_model("audit", "AccessLogEntry")
    Person = apps.get_model("people", "Person")
    EmergencyAccess = apps.get_model("people", "EmergencyAccess")
    AccessReview = apps.get_model("people", "AccessReview")
    HistoricalPerson = apps.get_model("people", "HistoricalPerson")
    entries = AccessLogEntry.objects.using(alias)

    def public_id(person_id):
        return (
            Person.objects.using(alias)
            .filter(pk=person_id)
            .values_list("public_id", flat=True)
            .first()
        )

    grants = EmergencyAccess.objects.using(alias).filter(reason_ref__isnull=True).exclude(reason="")
    for grant in grants.iterator():
        stored = _stored(
            apps, alias, kind="emergency_access", text=grant.reason, at=grant.granted_at,
            user_id=grant.user_id,
            entries=entries.filter(action="override", detail__emergency_access=grant.public_id),
        )  # fmt: skip
        EmergencyAccess.objects.using(alias).filter(pk=grant.pk).update(reason="", reason_ref=stored)

    reviews = (
        AccessReview.objects.using(alias)
        .filter(reason_ref__isnull=True, kind__in=list(REVIEW_KINDS))
        .exclude(reason_given="")
    )
    for review in reviews.iterator():
        same = entries.none()
        if review.emergency_access_id:
            same = entries.filter(action="override")
        elif review.kind == "duplicate_link":
            same = entries.filter(action="link")
        elif review.kind == "restriction_change":
            same = entries.filter(action="update", detail__has_key="restricted")
        same = same.filter(user_id=review.subject_user_id, record_id=public_id(review.person_id))
        stored = _stored(
            apps, alias, kind=REVIEW_KINDS[review.kind], text=review.reason_given,
            at=review.created_at, user_id=review.subject_user_id, entries=same,
        )  # fmt: skip
        AccessReview.objects.using(alias).filter(pk=review.pk).update(
            reason_given="", reason_ref=stored
        )

    versions = (
        HistoricalPerson.objects.using(alias)
        .filter(history_change_reason__isnull=False)
        .exclude(history_change_reason__in=["", "created"])
        .exclude(history_change_reason__startswith=REASON_PREFIX)
    )
    for version in versions.iterator():
        stored = _stored(
            apps, alias, kind="correction", text=version.history_change_reason,
            at=version.history_date, user_id=version.history_user_id,
            entries=entries.filter(
                action="update", detail__has_key="fields", record_id=version.public_id,
                user_id=version.history_user_id,
            ),
        )  # fmt: skip
        HistoricalPerson.objects.using(alias).filter(pk=version.pk).update(
            history_change_reason=f"{REASON_PREFIX}{stored.public_id}"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_reason_store'),
        ('people', '0005_restricted_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='accessreview',
            name='reason_ref',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='audit.reason', verbose_name='reason given'),
        ),
        migrations.AddField(
            model_name='emergencyaccess',
            name='reason_ref',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='audit.reason', verbose_name='reason given'),
        ),
        migrations.AlterField(
            model_name='accessreview',
            name='reason_given',
            field=models.TextField(blank=True, editable=False, verbose_name='reason given'),
        ),
        migrations.AlterField(
            model_name='emergencyaccess',
            name='reason',
            field=models.TextField(blank=True, editable=False, verbose_name='reason'),
        ),
        migrations.RunPython(move_reasons, migrations.RunPython.noop, elidable=False),
    ]

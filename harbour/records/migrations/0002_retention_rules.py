"""The retention rules Harbour starts with, each with the reason for its period. A region
changes a period in the admin; the reasons say what a change must still satisfy."""

from django.db import migrations

SIX_YEARS = 2190

RULES = [
    (
        "people.person",
        "Person records",
        SIX_YEARS,
        "her last contact with any agency (the latest event on her timeline)",
        "Six years after the last contact: the period within which a claim about how agencies "
        "handled her case may be brought (Limitation Act 1980, s.2 and s.5), long enough for a "
        "MARAC repeat within twelve months and for a domestic homicide review to find her "
        "history.",
        "erase",
    ),
    (
        "incidents.incident",
        "Incidents",
        SIX_YEARS,
        "the latest of when it happened, was recorded and had its outcome recorded",
        "Six years after the incident's outcome, as for her record; police forces keep their "
        "own copy under the Management of Police Information code, which Harbour's copy does "
        "not replace.",
        "erase",
    ),
    (
        "risk.assessment",
        "Risk checklists",
        SIX_YEARS,
        "when the checklist was completed",
        "Six years: a checklist explains a MARAC referral and a risk decision that a review or "
        "a complaint may examine.",
        "erase",
    ),
    (
        "referrals.referral",
        "Referrals and needs assessments",
        SIX_YEARS,
        "the latest of sent, closed, declined or withdrawn",
        "Six years after the referral's close, the limitation period for a claim about the "
        "service she received.",
        "erase",
    ),
    (
        "referrals.selfreferral",
        "Self-referrals from the public form",
        730,
        "the latest of received and closed",
        "Two years: a self-referral that became a case lives on in her record; one that did "
        "not is kept only long enough to answer her if she comes back.",
        "erase",
    ),
    (
        "marac.maracreferral",
        "MARAC cases, hearings, information and actions",
        SIX_YEARS,
        "the latest of referred, closed or withdrawn",
        "Six years after the case closes: repeats are counted over twelve months, and a review "
        "of a death examines what the MARAC knew and decided.",
        "erase",
    ),
    (
        "followups.followup",
        "24-hour follow-ups",
        SIX_YEARS,
        "the latest of created, visited or closed",
        "Six years, as for the incident it follows.",
        "erase",
    ),
    (
        "records.subjectaccessrequest",
        "Copies released to her (subject access)",
        730,
        "the latest of recorded and released",
        "Two years after release: long enough to answer a complaint to the Information "
        "Commissioner about the copy; the request's log entries stay with the access log.",
        "erase",
    ),
    (
        "records.correctionrequest",
        "Correction requests",
        SIX_YEARS,
        "when the request was recorded",
        "Six years, as for her record, which the request is about.",
        "erase",
    ),
    (
        "audit.accesslogentry",
        "Access log",
        SIX_YEARS,
        "when the entry was written",
        "Six years (HARBOUR_AUDIT_RETENTION_DAYS, never less): Part 3 of the Data Protection "
        "Act 2018 requires logs of consultation, disclosure and erasure (s.62); she may ask who "
        "read her record, and a review may ask the same. Deleted only by the retention role "
        "(PostgreSQL's guard lets nothing else delete entries).",
        "prune",
    ),
    (
        "notifications.notification",
        "Emails in the outbox",
        365,
        "when the email was queued",
        "One year: emails say only that there is a task in Harbour; the outbox shows what was "
        "sent when something went wrong.",
        "prune",
    ),
    (
        "safety_reports.safetyreport",
        "Sex workers' safety reports, alerts and subscribers",
        730,
        "when the report arrived (see the safety reports' own periods)",
        "Applied daily by the safety reports' own task (HARBOUR_SAFETY_* settings): two years "
        "for reports, 90 days for rejected ones, hashes of identifiers one year.",
        "own_task",
    ),
]


def load(apps, schema_editor):
    RetentionRule = apps.get_model("records", "RetentionRule")
    for record_type, label, days, counted_from, reason, applied in RULES:
        RetentionRule.objects.update_or_create(
            record_type=record_type,
            defaults={
                "label": label,
                "period_days": days,
                "counted_from": counted_from,
                "reason": reason,
                "applied": applied,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

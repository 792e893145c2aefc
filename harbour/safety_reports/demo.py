"""Demo safety reports: two caseworkers of the sex-worker support project, reports under each
of the three choices (two of them about the same car, written differently), a published alert,
a rejected report, and vetted and unvetted subscribers. All synthetic: phone numbers are in
Ofcom's drama range, registrations and handles are made up."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.accounts.roles import Role
from harbour.accounts.services import totp_device_create_confirmed, user_create
from harbour.core.seeding import DemoContext
from harbour.safety_reports.choices import (
    Consent,
    ProcessingCondition,
    RejectReason,
    SubscriberPattern,
    ViolenceType,
    WorkingPattern,
)
from harbour.safety_reports.services import (
    alert_publish,
    report_accept,
    report_redact,
    report_reject,
    report_submit,
    subscriber_enrol,
    subscriber_vet,
)

PROJECT_USERS = [
    ("project.caseworker", "Nadia", "Quinlan"),
    ("project.lead", "Bea", "Okonjo"),
]


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def seed(ctx: DemoContext) -> None:
    agencies = ctx.shared["agencies"]
    areas = ctx.shared["areas"]
    project = agencies["sex_worker_project"]
    staff = {}
    for username, first, last in PROJECT_USERS:
        user = user_create(
            username=username,
            agency=project,
            role=Role.SPECIALIST_CASEWORKER,
            password=ctx.password,
            email=f"{username}@example.org",
            first_name=first,
            last_name=last,
        )
        totp_device_create_confirmed(user)
        staff[username] = user
        ctx.add_sign_in(username, f"{user.get_role_display()}, {project.name}")
    caseworker, lead = staff["project.caseworker"], staff["project.lead"]
    liverpool, sefton = areas["Liverpool"], areas["Sefton"]

    vetted = subscriber_enrol(
        handle="rosebud",
        passphrase=ctx.password,
        email="rosebud@example.org",
        areas=[liverpool],
        pattern=SubscriberPattern.STREET,
        by=caseworker,
    )
    subscriber_vet(subscriber=vetted, by=lead)
    online = subscriber_enrol(
        handle="skylark",
        passphrase=ctx.password,
        email="skylark@example.org",
        areas=[sefton, liverpool],
        pattern=SubscriberPattern.ONLINE,
        by=lead,
    )
    subscriber_vet(subscriber=online, by=caseworker)
    subscriber_enrol(
        handle="newcomer",
        passphrase=ctx.password,
        email="newcomer@example.org",
        areas=[liverpool],
        pattern=SubscriberPattern.BOTH,
        by=caseworker,
    )
    first = report_submit(
        consent=Consent.POLICE_ANONYMISED,
        pattern=WorkingPattern.STREET,
        local_authority=liverpool,
        happened_on=_ago(days=6).date(),
        happened_time="About 11pm",
        location="Near the retail park on the dock road",
        violence_types=[ViolenceType.PHYSICAL, ViolenceType.REFUSED_PAYMENT],
        contact_method="vehicle",
        account="He picked me up, drove somewhere dark, hit me and took the money back.",
        gender="man",
        age_range="35_44",
        build="Heavy",
        features="Shaved head, tattoo of a swallow on his left hand",
        vehicle="Silver estate car",
        registrations=["AB12 CDE"],
        phones=["07700 900123"],
        description="Spoke with a local accent, wore a grey hooded top.",
        received_at=_ago(days=5),
    )
    report_redact(
        report=first,
        by=caseworker,
        redacted_account="He drove her somewhere isolated, hit her and took the money back.",
        redacted_description=(
            "Man, 35 to 44, heavy build, shaved head, swallow tattoo on left hand, silver estate."
        ),
    )
    alert = alert_publish(
        report=first,
        by=caseworker,
        warning=(
            "A man in a silver estate car has assaulted a worker and taken money back in the "
            "Liverpool dock road area. Do not get in the car."
        ),
        description="Man, 35 to 44, heavy build, shaved head, swallow tattoo on left hand.",
        condition=ProcessingCondition.SAFEGUARDING,
    )
    second = report_submit(
        consent=Consent.POLICE_FULL,
        pattern=WorkingPattern.STREET,
        local_authority=liverpool,
        happened_on=_ago(days=2).date(),
        violence_types=[ViolenceType.THREATS],
        contact_method="vehicle",
        account="Same silver car as the warning. He threatened me when I said no.",
        gender="man",
        registrations=["ab12cde"],
        phones=["+44 7700 900123"],
        contact_name="Jade",
        contact_details="07700 900456",
        support_wanted=True,
        received_at=_ago(days=2),
    )
    report_accept(report=second, by=lead)
    report_submit(
        consent=Consent.ALERT_ONLY,
        pattern=WorkingPattern.ONLINE,
        local_authority=sefton,
        violence_types=[ViolenceType.ONLINE_ABUSE, ViolenceType.TIME_WASTER],
        contact_method="website",
        platform="An escort listings site",
        account="He booked, then sent threats when I asked for a deposit.",
        handles=["@night_owl_1979"],
        phones=["7700900789"],
        received_at=_ago(hours=20),
    )
    rejected = report_submit(
        consent=Consent.ALERT_ONLY,
        pattern=WorkingPattern.STREET,
        local_authority=liverpool,
        violence_types=[ViolenceType.OTHER],
        account="test test test",
        received_at=_ago(days=3),
    )
    report_reject(report=rejected, by=lead, reason=RejectReason.NOT_SAFETY)

    ctx.shared["safety_reports"] = {
        "users": staff,
        "alert": alert,
        "alerted_report": first,
        "police_report": second,
    }

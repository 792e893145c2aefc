"""Moderation by the project: redact, publish an alert or reject with a reason, all logged;
vetted subscribers told neutrally and reading alerts after signing in; retraction."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from harbour.audit.models import AccessLogEntry, Action
from harbour.safety_reports.choices import (
    AlertStatus,
    NoticeKind,
    NoticeStatus,
    ReportStatus,
    SubscriberPattern,
)
from harbour.safety_reports.models import (
    Alert,
    ReportEvent,
    SafetyReport,
    Subscriber,
    SubscriberNotice,
)
from harbour.safety_reports.retention import retention_apply
from harbour.safety_reports.services import (
    ModerationError,
    SubscriberError,
    alert_publish,
    alert_withdraw,
    subscriber_enrol,
    subscriber_vet,
)
from harbour.safety_reports.tasks import notice_send

from .conftest import SAME_ORIGIN, form_token
from .helpers import make_report

PASSPHRASE = "correct horse battery"


def _subscriber(world, handle, *, areas, pattern=SubscriberPattern.STREET, vetted=True):
    subscriber = subscriber_enrol(
        handle=handle,
        passphrase=PASSPHRASE,
        email=f"{handle}@example.org",
        areas=areas,
        pattern=pattern,
        by=world.caseworker,
    )
    if vetted:
        subscriber_vet(subscriber=subscriber, by=world.lead)
    return subscriber


def _sign_in(handle, passphrase=PASSPHRASE, *, address="198.51.100.5"):
    client = Client()
    token = form_token(client, "/safety/alerts/")
    return client.post(
        "/safety/alerts/",
        {"handle": handle, "passphrase": passphrase, "form_token": token},
        REMOTE_ADDR=address,
        **SAME_ORIGIN,
    )


def _send_all():
    for notice in SubscriberNotice.objects.filter(status=NoticeStatus.QUEUED):
        notice_send.call(notice.pk)


def _publish(world, staff_client, report):
    return staff_client(world.caseworker).post(
        f"/staff/safety/reports/{report.public_id}/publish/",
        {
            "warning": "Do not get into a blue van near the depot.",
            "description": "Man, slim, scar through left eyebrow.",
            "condition": "safeguarding",
            "days": "30",
        },
    )


def test_a_caseworker_redacts_and_publishes_and_vetted_subscribers_are_told(world, staff_client):
    here = _subscriber(world, "rosebud", areas=[world.liverpool])
    elsewhere = _subscriber(world, "seaside", areas=[world.sefton])
    online = _subscriber(world, "skylark", areas=[world.liverpool], pattern="online")
    unvetted = _subscriber(world, "newcomer", areas=[world.liverpool], vetted=False)
    report = make_report(world)
    client = staff_client(world.caseworker)
    assert client.get(f"/staff/safety/reports/{report.public_id}/").status_code == 200
    response = client.post(
        f"/staff/safety/reports/{report.public_id}/redact/",
        {"redacted_account": "He hit her.", "redacted_description": "Man in a blue van."},
    )
    assert response.status_code == 302
    assert _publish(world, staff_client, report).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ALERTED
    alert = Alert.objects.get()
    assert alert.condition == "safeguarding"
    assert alert.expires_at - alert.published_at == datetime.timedelta(days=30)
    told = set(SubscriberNotice.objects.values_list("subscriber__handle", flat=True))
    assert told == {here.handle}
    _send_all()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosebud@example.org"]
    assert message.subject == "There is a new safety alert for you"
    for secret in ("van", "depot", "scar", "Liverpool"):
        assert secret not in message.subject + message.body
    assert {e.kind for e in ReportEvent.objects.filter(report=report)} >= {
        "received",
        "redacted",
        "published",
    }
    assert AccessLogEntry.objects.filter(user=world.caseworker, record_id=alert.public_id).exists()
    # She reads it after signing in; nobody else in the wrong area, pattern or unvetted does.
    page = _sign_in("rosebud")
    assert page.status_code == 200
    assert "Do not get into a blue van" in page.content.decode()
    assert not page.cookies
    for other in (elsewhere, online):
        assert "blue van" not in _sign_in(other.handle).content.decode()
    refused = _sign_in(unvetted.handle)
    assert refused.status_code == 400
    assert "blue van" not in refused.content.decode()
    assert not SubscriberNotice.objects.filter(subscriber=unvetted).exists()


def test_a_wrong_passphrase_shows_nothing_and_repeated_failures_are_stopped(world, settings):
    settings.HARBOUR_SAFETY_SIGN_IN_FAILURES_PER_HOUR = 2
    _subscriber(world, "rosebud", areas=[world.liverpool])
    assert _sign_in("rosebud", "wrong").status_code == 400
    assert _sign_in("nobody", "wrong").status_code == 400
    assert _sign_in("rosebud").status_code == 429
    assert _sign_in("rosebud", address="203.0.113.9").status_code == 200


def test_the_person_who_enrolled_her_cannot_vet_her(world):
    subscriber = _subscriber(world, "rosebud", areas=[world.liverpool], vetted=False)
    with pytest.raises(SubscriberError):
        subscriber_vet(subscriber=subscriber, by=world.caseworker)


def test_a_rejection_needs_a_reason_and_is_logged(world, staff_client):
    report = make_report(world)
    client = staff_client(world.caseworker)
    url = f"/staff/safety/reports/{report.public_id}/reject/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Choose why the report is rejected" in response.content.decode()
    assert SafetyReport.objects.get().status == ReportStatus.NEW
    assert client.post(url, {"reason": "not_credible", "notes": "Test"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED and report.reject_reason == "not_credible"
    assert ReportEvent.objects.filter(report=report, kind="rejected", by=world.caseworker)
    assert AccessLogEntry.objects.filter(action=Action.REVIEW, record_id=report.public_id)
    # Reviewed once: publishing now changes nothing.
    assert _publish(world, staff_client, report).status_code == 409
    assert not Alert.objects.exists()


def test_a_publish_without_a_warning_is_refused_and_changes_nothing(world, staff_client):
    report = make_report(world)
    response = staff_client(world.caseworker).post(
        f"/staff/safety/reports/{report.public_id}/publish/",
        {"warning": "", "condition": "", "days": "0"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write the warning" in body and "Enter a number of days from 1 to 365" in body
    assert not Alert.objects.exists()
    with pytest.raises(ModerationError):
        alert_publish(
            report=report, by=world.caseworker, warning=" ", description="", condition="x"
        )


def test_a_retraction_withdraws_the_alert_and_tells_its_subscribers_neutrally(world, staff_client):
    _subscriber(world, "rosebud", areas=[world.liverpool])
    report = make_report(world)
    _publish(world, staff_client, report)
    _send_all()
    alert = Alert.objects.get()
    later = _subscriber(world, "latecomer", areas=[world.liverpool])
    client = staff_client(world.caseworker)
    url = f"/staff/safety/alerts/{alert.public_id}/withdraw/"
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "The report was false."}).status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.WITHDRAWN
    withdrawn = SubscriberNotice.objects.filter(kind=NoticeKind.ALERT_WITHDRAWN)
    assert list(withdrawn.values_list("subscriber__handle", flat=True)) == ["rosebud"]
    assert not SubscriberNotice.objects.filter(subscriber=later).exists()
    _send_all()
    assert mail.outbox[-1].subject == "A safety alert has been updated"
    assert "false" not in mail.outbox[-1].body
    assert "blue van" not in _sign_in("rosebud").content.decode()
    with pytest.raises(ModerationError):
        alert_withdraw(alert=alert, by=world.caseworker, reason="again")


def test_a_notice_is_sent_once(world, staff_client):
    _subscriber(world, "rosebud", areas=[world.liverpool])
    _publish(world, staff_client, make_report(world))
    notice = SubscriberNotice.objects.get()
    assert notice_send.call(notice.pk) == "sent"
    assert notice_send.call(notice.pk) == "sent"
    assert len(mail.outbox) == 1


def test_subscribers_and_their_outbox_are_for_the_project_alone(world, staff_client):
    _subscriber(world, "rosebud", areas=[world.liverpool])
    page = staff_client(world.caseworker).get("/staff/safety/subscribers/")
    assert page.status_code == 200 and "rosebud" in page.content.decode()
    assert "rosebud@example.org" not in page.content.decode()
    assert staff_client(world.caseworker).get("/staff/safety/outbox/").status_code == 200
    for user in (world.liaison, world.specialist, world.officer):
        assert staff_client(user).get("/staff/safety/subscribers/").status_code == 403
        assert staff_client(user).get("/staff/safety/outbox/").status_code == 403


def test_enrolling_through_the_page(world, staff_client):
    client = staff_client(world.caseworker)
    data = {
        "handle": "bluebell",
        "passphrase": "short",
        "email": "bluebell@example.org",
        "areas": [world.liverpool.pk],
        "pattern": "both",
    }
    response = client.post("/staff/safety/subscribers/", data)
    assert response.status_code == 400
    assert "at least 12 characters" in response.content.decode()
    data["passphrase"] = PASSPHRASE
    assert client.post("/staff/safety/subscribers/", data).status_code == 302
    enrolled = Subscriber.objects.get()
    assert enrolled.passphrase != PASSPHRASE and enrolled.status == "pending"
    vet = f"/staff/safety/subscribers/{enrolled.public_id}/vet/"
    assert client.post(vet).status_code == 409  # she who enrolled cannot vet
    assert staff_client(world.lead).post(vet).status_code == 302
    assert Subscriber.objects.get().status == "vetted"


def test_retention_expires_alerts_and_deletes_old_records(world, staff_client, settings):
    _subscriber(world, "rosebud", areas=[world.liverpool])
    report = make_report(world)
    _publish(world, staff_client, report)
    old = make_report(world, received_at=timezone.now() - datetime.timedelta(days=800))
    later = timezone.now() + datetime.timedelta(days=31)
    summary = retention_apply(now=later)
    assert summary["alerts_expired"] == 1
    assert Alert.objects.get().status == AlertStatus.EXPIRED
    assert summary["reports_deleted"] == 1
    assert not SafetyReport.objects.filter(pk=old.pk).exists()
    assert SafetyReport.objects.filter(pk=report.pk).exists()
    # Expired alerts are deleted a year after they expired; hashes after their own period.
    summary = retention_apply(now=later + datetime.timedelta(days=400))
    assert summary["alerts_deleted"] == 1
    assert summary["hashes_deleted"] == 2  # its phone number and registration
    assert not report.identifiers.exists()


def test_alert_pages_never_name_the_reporter(world, staff_client):
    _subscriber(world, "rosebud", areas=[world.liverpool])
    report = make_report(world)
    _publish(world, staff_client, report)
    body = _sign_in("rosebud").content.decode()
    assert "Kerry-Ann" not in body and "07700 900999" not in body
    assert re.search(r"Do not get into a blue van", body)


def test_a_replayed_sign_in_is_refused(world):
    _subscriber(world, "rosebud", areas=[world.liverpool])
    client = Client()
    data = {
        "handle": "rosebud",
        "passphrase": PASSPHRASE,
        "form_token": form_token(client, "/safety/alerts/"),
    }
    assert client.post("/safety/alerts/", data, **SAME_ORIGIN).status_code == 200
    replay = client.post("/safety/alerts/", data, **SAME_ORIGIN)
    assert replay.status_code == 400
    assert "already been sent" in replay.content.decode()


def test_the_retention_command_applies_and_schedules_once(world):
    from io import StringIO

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    out = StringIO()
    call_command("apply_safety_retention", "--schedule", stdout=out)
    call_command("apply_safety_retention", "--schedule", stdout=out)
    assert "daily retention task queued" in out.getvalue()
    assert "already queued" in out.getvalue()
    assert DBTaskResult.objects.filter(task_path__endswith="retention_run").count() == 1

"""What reaches the police: exactly what the reporter consented to, nothing more; a report
under (a) is invisible to the liaison officer in pages and exports."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from harbour.audit.models import AccessLogEntry, Action
from harbour.safety_reports.choices import Consent
from harbour.safety_reports.exports import ANONYMISED_FIELDS, FULL_FIELDS, police_export
from harbour.safety_reports.models import ReportEvent
from harbour.safety_reports.services import report_accept, report_redact

from .helpers import make_report


def _accepted(world, consent):
    report = make_report(world, consent=consent)
    report_redact(
        report=report,
        by=world.caseworker,
        redacted_account="He hit her.",
        redacted_description="Man in a blue van.",
    )
    return report_accept(report=report, by=world.caseworker)


def test_the_anonymised_export_holds_exactly_the_consented_fields(world):
    report = _accepted(world, Consent.POLICE_ANONYMISED)
    data = police_export(user=world.liaison, public_id=report.public_id)
    assert tuple(data) == ANONYMISED_FIELDS
    assert data["redacted_account"] == "He hit her."
    assert data["phones"] == ["07700 900123"]
    text = json.dumps(data)
    for secret in ("Kerry-Ann", "07700 900999", "bus depot", "red cap"):
        assert secret not in text
    assert ReportEvent.objects.filter(report=report, kind="exported").count() == 1
    entry = AccessLogEntry.objects.get(action=Action.EXPORT)
    assert entry.user == world.liaison and entry.record_id == report.public_id


def test_the_full_export_adds_her_account_and_contact_details(world):
    report = _accepted(world, Consent.POLICE_FULL)
    data = police_export(user=world.liaison, public_id=report.public_id)
    assert tuple(data) == FULL_FIELDS
    assert set(FULL_FIELDS) - set(ANONYMISED_FIELDS) >= {"contact_name", "contact_details"}
    assert data["contact_name"] == "Kerry-Ann"
    assert data["contact_details"] == "07700 900999"
    assert data["account"] == "My name is Kerry-Ann, he hit me."


def test_a_report_under_a_is_invisible_to_the_liaison_officer(world, staff_client):
    hidden = _accepted(world, Consent.ALERT_ONLY)
    shown = _accepted(world, Consent.POLICE_ANONYMISED)
    with pytest.raises(Http404):
        police_export(user=world.liaison, public_id=hidden.public_id)
    client = staff_client(world.liaison)
    listing = client.get("/staff/safety/")
    assert listing.status_code == 200
    assert shown.reference in listing.content.decode()
    assert hidden.reference not in listing.content.decode()
    assert client.get(f"/staff/safety/reports/{hidden.public_id}/").status_code == 404
    assert client.get(f"/staff/safety/reports/{hidden.public_id}/export/").status_code == 404
    refusals = AccessLogEntry.objects.filter(action=Action.DENIED, record_id=hidden.public_id)
    assert refusals.count() == 3


def test_unreviewed_and_rejected_reports_do_not_reach_the_police(world, staff_client):
    waiting = make_report(world, consent=Consent.POLICE_FULL)
    client = staff_client(world.liaison)
    assert client.get(f"/staff/safety/reports/{waiting.public_id}/").status_code == 404


def test_the_liaison_page_shows_only_what_was_consented(world, staff_client):
    report = _accepted(world, Consent.POLICE_ANONYMISED)
    page = staff_client(world.liaison).get(f"/staff/safety/reports/{report.public_id}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Man in a blue van." in body and "He hit her." in body
    assert "Physical assault" in body  # coded values by their labels
    for secret in ("Kerry-Ann", "07700 900999", "bus depot", "red cap"):
        assert secret not in body
    full = _accepted(world, Consent.POLICE_FULL)
    body = staff_client(world.liaison).get(f"/staff/safety/reports/{full.public_id}/").content
    assert b"07700 900999" in body and b"Kerry-Ann" in body


def test_the_export_download_is_json_and_logged(world, staff_client):
    report = _accepted(world, Consent.POLICE_ANONYMISED)
    response = staff_client(world.liaison).get(f"/staff/safety/reports/{report.public_id}/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert tuple(json.loads(response.content)) == ANONYMISED_FIELDS
    assert AccessLogEntry.objects.filter(action=Action.EXPORT).count() == 1


def test_only_the_liaison_officer_exports(world, staff_client):
    report = _accepted(world, Consent.POLICE_FULL)
    with pytest.raises(PermissionDenied):
        police_export(user=world.caseworker, public_id=report.public_id)
    for user in (world.caseworker, world.officer, world.specialist):
        url = f"/staff/safety/reports/{report.public_id}/export/"
        assert staff_client(user).get(url).status_code == 403


def test_other_staff_see_nothing(world, staff_client):
    report = _accepted(world, Consent.POLICE_FULL)
    for user in (world.officer, world.specialist):
        client = staff_client(user)
        assert client.get("/staff/safety/").status_code == 403
        assert client.get(f"/staff/safety/reports/{report.public_id}/").status_code == 403
        assert client.get("/staff/safety/subscribers/").status_code == 403
    # The liaison officer never sees subscribers, alerts or their outbox.
    liaison = staff_client(world.liaison)
    for url in ("/staff/safety/subscribers/", "/staff/safety/alerts/", "/staff/safety/outbox/"):
        assert liaison.get(url).status_code == 403


def test_the_liaison_officer_is_told_of_released_reports_only(world):
    from harbour.notifications.models import Notification

    _accepted(world, Consent.ALERT_ONLY)
    assert not Notification.objects.filter(recipient=world.liaison).exists()
    _accepted(world, Consent.POLICE_ANONYMISED)
    notice = Notification.objects.get(recipient=world.liaison)
    assert "Kerry" not in notice.body and "van" not in notice.body

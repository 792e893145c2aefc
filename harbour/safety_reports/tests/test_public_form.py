"""The public report form: no account, no cookies, no address or device data kept anywhere,
size limits and clear errors, cross-site posts and floods refused."""

from __future__ import annotations

import logging

from django.db import connection
from django.test import Client

from harbour.audit.models import AccessLogEntry
from harbour.safety_reports.choices import Consent
from harbour.safety_reports.models import ReportEvent, ReportIdentifier, SafetyReport

from .conftest import ADDRESS, SAME_ORIGIN, form_token, post_report, report_data


def test_the_form_sets_no_cookie_and_has_quick_exit(world):
    page = Client().get("/safety/report/")
    assert page.status_code == 200
    assert not page.cookies
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"
    assert "govuk-exit-this-page" in page.content.decode()
    assert 'name="viewport"' in page.content.decode()


def test_a_report_is_saved_encrypted_with_hashes_of_its_identifiers(world):
    response = post_report(Client())
    assert response.status_code == 302
    assert response["Location"] == "/safety/report/sent/"
    report = SafetyReport.objects.get()
    assert report.consent == Consent.POLICE_ANONYMISED
    assert report.phones == ["07700 900123"]
    assert report.local_authority == world.liverpool
    assert ReportIdentifier.objects.filter(report=report).count() == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT account, phones, location FROM safety_reports_safetyreport")
        row = " ".join(cursor.fetchone())
    assert "Kerry-Ann" not in row and "900123" not in row and "bus depot" not in row


def test_no_address_or_device_data_is_stored_or_logged(world, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(HTTP_USER_AGENT="Sneaky/1.0 (Phone)")
    response = post_report(client, address=ADDRESS)
    assert response.status_code == 302
    report = SafetyReport.objects.get()
    stored = [str(getattr(report, f.attname)) for f in SafetyReport._meta.concrete_fields]
    stored += [str(v) for v in ReportIdentifier.objects.values_list("digest", flat=True)]
    stored += [str(e.detail) for e in ReportEvent.objects.all()]
    for entry in AccessLogEntry.objects.all():
        stored += [entry.username, entry.reason, str(entry.detail), entry.record_id]
    text = " ".join(stored)
    assert ADDRESS not in text and "Sneaky" not in text
    # Nothing in the database at all holds the address: every text column of every table.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from Django
            for row in cursor.fetchall():
                assert ADDRESS not in " ".join(str(v) for v in row), table
    assert ADDRESS not in caplog.text and "Sneaky" not in caplog.text


def test_oversize_input_is_refused_with_a_message_and_saves_nothing(world):
    client = Client()
    response = post_report(client, account="x" * 5000)
    assert response.status_code == 400
    assert "Keep it to 4000 characters or fewer" in response.content.decode()
    response = post_report(client, description="y" * 40_000)
    assert response.status_code == 413
    assert "too long" in response.content.decode()
    response = post_report(client, phones="\n".join(f"07700 90{n:04d}" for n in range(11)))
    assert response.status_code == 400
    assert "at most 10" in response.content.decode()
    assert not SafetyReport.objects.exists()
    assert not ReportIdentifier.objects.exists()


def test_malformed_input_is_refused_with_a_message_and_saves_nothing(world):
    client = Client()
    cases = [
        ({"phones": "call me maybe"}, "Enter phone numbers like"),
        ({"happened_on": "31/02/2026"}, "Enter a real date"),
        ({"violence_types": []}, "Choose at least one thing that happened"),
        ({"violence_types": ["made-up"]}, "Select a valid choice"),
        ({"consent": ""}, "Choose what we may do with your report"),
        ({"consent": "police_full", "contact_details": ""}, "so the police can reach you"),
        ({"area": "E99999999"}, "Choose an area from the list"),
    ]
    for values, message in cases:
        response = post_report(client, **values)
        assert response.status_code == 400, values
        assert message in response.content.decode(), values
        # What she typed comes back.
        assert "Scar through left eyebrow" in response.content.decode()
    assert not SafetyReport.objects.exists()


def test_a_cross_site_post_is_refused_and_saves_nothing(world):
    client = Client()
    data = report_data(form_token=form_token(client))
    response = client.post("/safety/report/", data, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not SafetyReport.objects.exists()


def test_an_altered_token_is_refused(world):
    response = post_report(Client(), token="not-a-token")
    assert response.status_code == 400
    assert not SafetyReport.objects.exists()


def test_a_flood_from_one_address_is_stopped_and_others_are_heard(world, settings):
    settings.HARBOUR_SAFETY_REPORTS_PER_CLIENT_PER_HOUR = 2
    client = Client()
    assert post_report(client).status_code == 302
    assert post_report(client).status_code == 302
    refused = post_report(client)
    assert refused.status_code == 429
    assert "nothing has been saved" in refused.content.decode()
    assert post_report(client, address="203.0.113.40").status_code == 302
    assert SafetyReport.objects.count() == 3


def test_a_busy_network_is_flagged_not_refused(world, settings):
    settings.HARBOUR_SAFETY_REPORTS_PER_NETWORK_PER_HOUR = 1
    client = Client()
    assert post_report(client, address="203.0.113.1").status_code == 302
    assert post_report(client, address="203.0.113.2").status_code == 302
    flags = list(SafetyReport.objects.order_by("received_at").values_list("flagged_network"))
    assert flags == [(False,), (True,)]


def test_the_confirmation_says_nothing_of_what_was_sent(world):
    client = Client()
    page = client.get("/safety/report/sent/", **SAME_ORIGIN)
    assert page.status_code == 200
    assert not page.cookies


def test_a_replayed_form_is_refused_and_counts_once(world):
    client = Client()
    token = form_token(client)
    assert post_report(client, token=token).status_code == 302
    replay = post_report(client, token=token)
    assert replay.status_code == 400
    assert "already been sent" in replay.content.decode()
    # From another address too: the form, not the sender, is what was used.
    assert post_report(client, token=token, address="203.0.113.50").status_code == 400
    assert SafetyReport.objects.count() == 1
    assert ReportIdentifier.objects.count() == 3


def test_the_answer_never_says_whether_a_number_is_already_known(world):
    """A man probing the form with his own number learns nothing from the answer."""
    client = Client()
    first = post_report(client, phones="07700 900123", address="203.0.113.61")
    known = post_report(client, phones="+44 7700 900123", address="203.0.113.62")
    unknown = post_report(client, phones="07700 900555", address="203.0.113.63")
    assert first.status_code == known.status_code == unknown.status_code == 302
    assert first["Location"] == known["Location"] == unknown["Location"]
    pages = [client.get(r["Location"]).content for r in (first, known, unknown)]
    assert pages[0] == pages[1] == pages[2]

"""Who gets what from the safety pages, beside the staff matrix (tests/staff_pages): subscribers
(not staff) and anonymous visitors, and the project's home-page panel."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from harbour.core.navigation import home_panels_for
from harbour.safety_reports.choices import SubscriberPattern
from harbour.safety_reports.services import (
    alert_publish,
    subscriber_enrol,
    subscriber_suspend,
    subscriber_vet,
)

from .conftest import SAME_ORIGIN, form_token
from .helpers import make_report

PASSPHRASE = "correct horse battery"
WARNING = "Do not get into a blue van near the depot."


def _alerts_page(handle: str):
    client = Client()
    token = form_token(client, "/safety/alerts/")
    return client.post(
        "/safety/alerts/",
        {"handle": handle, "passphrase": PASSPHRASE, "form_token": token},
        **SAME_ORIGIN,
    )


def test_subscribers_by_status_on_the_alerts_page(world):
    subscribers = {}
    for handle in ("vetted", "pending", "suspended"):
        subscribers[handle] = subscriber_enrol(
            handle=handle,
            passphrase=PASSPHRASE,
            email=f"{handle}@example.org",
            areas=[world.liverpool],
            pattern=SubscriberPattern.BOTH,
            by=world.caseworker,
        )
    subscriber_vet(subscriber=subscribers["vetted"], by=world.lead)
    subscriber_vet(subscriber=subscribers["suspended"], by=world.lead)
    subscriber_suspend(subscriber=subscribers["suspended"], by=world.lead)
    alert_publish(
        report=make_report(world),
        by=world.caseworker,
        warning=WARNING,
        description="",
        condition="safeguarding",
    )
    expected = {"vetted": 200, "pending": 400, "suspended": 400, "nobody": 400}
    for handle, status in expected.items():
        page = _alerts_page(handle)
        assert page.status_code == status, handle
        assert (WARNING in page.content.decode()) == (status == 200), handle
        assert not page.cookies


def test_anonymous_visitors_and_subscribers_are_sent_to_the_staff_sign_in(world):
    report = make_report(world)
    client = Client()
    for name, args in (
        ("safety_reports:list", []),
        ("safety_reports:detail", [report.public_id]),
        ("safety_reports:export", [report.public_id]),
        ("safety_reports:alerts", []),
        ("safety_reports:subscribers", []),
        ("safety_reports:outbox", []),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert "/staff/sign-in/" in response["Location"], name


def test_the_project_sees_how_many_reports_wait(world):
    make_report(world)
    make_report(world)
    panels = [p for p in home_panels_for(world.caseworker) if p.url == "/staff/safety/"]
    assert [p.count for p in panels] == [2]
    for user in (world.specialist, world.officer):
        assert not [p for p in home_panels_for(user) if p.url == "/staff/safety/"]
    # The liaison officer's panel counts only reports passed to the police: none yet.
    liaison = [p for p in home_panels_for(world.liaison) if p.url == "/staff/safety/"]
    assert [(str(p.title), p.count) for p in liaison] == [
        ("Safety reports passed to the police", 0)
    ]

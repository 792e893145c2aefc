"""The referral pages: making a referral from her record (or from another app's record), the
lists, and the decision forms; bad input gets the error summary and saves nothing."""

from __future__ import annotations

import pytest

from harbour.directory.queries import need_get
from harbour.people.models import LawfulBasis, Share
from harbour.referrals.models import Referral

from .conftest import accepted_by_hub, send_to_hub

SOURCE = "incidents.incident:0123456789abcdef"


def _basis(code: str) -> int:
    return LawfulBasis.objects.get(code=code).pk


def _url(world, **extra):
    query = f"person={world.person.public_id}"
    for key, value in extra.items():
        query += f"&{key}={value}"
    return f"/staff/referrals/new/?{query}"


def test_the_url_other_apps_link_to(world):
    from django.urls import reverse

    assert reverse("referrals:create") == "/staff/referrals/new/"


def test_a_police_officer_refers_to_the_hub_from_an_incident(world, staff_client):
    client = staff_client(world.officer)
    url = _url(world, source=SOURCE)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nadia Farrow" in text
    assert "Test Victim Care Hub" in text
    assert "From incident 01234567" in text or " 01234567" in text
    details = client.post(
        url,
        {
            "action": "continue",
            "to_agency": world.hub.pk,
            "reason": "Wants help to stay safe.",
            "circumstances": "Officers attended after a call.",
            "risk_level": "high",
            "risk_reasons": "Fourteen yes answers.",
        },
    )
    assert details.status_code == 302
    footing = client.post(details["Location"], {"situation": "law_enforcement"})
    check = client.get(footing["Location"])["Location"]
    sent = client.post(check)
    assert sent.status_code == 302
    referral = Referral.objects.get()
    assert referral.source == SOURCE
    assert sent["Location"] == f"/staff/referrals/{referral.public_id}/sent/"
    detail = client.get(f"/staff/referrals/{referral.public_id}/").content.decode()
    assert "Referral to Test Victim Care Hub" in detail


def test_bad_input_shows_the_error_summary_and_saves_nothing(world, staff_client):
    client = staff_client(world.officer)
    response = client.post(
        _url(world),
        {"action": "continue", "to_agency": world.hub.pk, "reason": "", "risk_level": ""},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Say why you are referring her" in text
    assert "Choose the risk level" in text
    assert not Referral.objects.exists()
    # A footing the sharing check refuses: the message comes back on the page, and nothing is
    # shared. (Her agreement is relied on, and none is on record.)
    details = client.post(
        _url(world),
        {"action": "continue", "to_agency": world.hub.pk, "reason": "Help", "risk_level": "medium"},
    )
    footing = client.post(details["Location"], {"situation": "agreement"})["Location"]
    response = client.post(footing, {})
    assert response.status_code == 400
    assert "Choose her agreement to this referral, or record it." in response.content.decode()
    assert not Referral.objects.exists()
    assert not Share.objects.filter(agency=world.hub).exists()


def test_a_bad_source_reference_is_refused(world, staff_client):
    response = staff_client(world.officer).get(_url(world, source="nonsense"))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_a_person_the_user_may_not_read_cannot_be_referred(world, staff_client):
    response = staff_client(world.other_specialist).get(_url(world))
    assert response.status_code == 404
    assert "Nadia" not in response.content.decode()


def test_finding_a_service_posts_the_search_and_says_which_are_outside(world, staff_client):
    hub_referral = accepted_by_hub(world)
    client = staff_client(world.hub_worker)
    url = f"/staff/referrals/new/find-service/?person={world.person.public_id}"
    page = client.get(url)
    assert page.status_code == 200
    assert "selected>Liverpool" in page.content.decode().replace('value="E08000012" ', "")
    bad = client.post(url, {"need": "", "area": ""})
    assert bad.status_code == 400
    assert "Choose the kind of support she needs" in bad.content.decode()
    found = client.post(url, {"need": "forced-marriage", "area": "E08000012"})
    text = found.content.decode()
    assert "Forced marriage casework" in text
    assert "Independent forced marriage helpline" in text
    assert "Outside the partnership" in text
    # Choosing the outside service explains, and offers no form.
    outside = client.post(
        _url(world, onward=hub_referral.public_id),
        {"action": "choose", "service": world.outside_service.public_id},
    )
    assert outside.status_code == 200
    assert "cannot receive referrals in Harbour" in outside.content.decode()
    assert "0151 496 0555" in outside.content.decode()
    assert "Send the referral" not in outside.content.decode()


def test_lists_of_incoming_and_outgoing_referrals(world, staff_client):
    referral = send_to_hub(world)
    incoming = staff_client(world.hub_worker).get("/staff/referrals/").content.decode()
    assert referral.reference in incoming and "Nadia Farrow" in incoming
    outgoing = (
        staff_client(world.officer).get("/staff/referrals/?direction=outgoing").content.decode()
    )
    assert referral.reference in outgoing
    nothing = staff_client(world.other_specialist).get("/staff/referrals/").content.decode()
    assert referral.reference not in nothing
    filtered = staff_client(world.hub_worker).get("/staff/referrals/?status=closed")
    assert referral.reference not in filtered.content.decode()


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("decline", {"reason": ""}, "Choose why the referral is declined"),
        ("decline", {"reason": "other", "details": ""}, "Say why the referral is declined"),
    ],
)
def test_decision_forms_need_their_reasons(world, staff_client, path, data, message):
    referral = send_to_hub(world)
    response = staff_client(world.hub_worker).post(
        f"/staff/referrals/{referral.public_id}/{path}/", data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_accept_decline_and_close_through_the_pages(world, staff_client):
    referral = send_to_hub(world)
    officer = staff_client(world.officer)
    forbidden = officer.post(f"/staff/referrals/{referral.public_id}/accept/")
    assert forbidden.status_code == 403
    hub = staff_client(world.hub_worker)
    assert hub.post(f"/staff/referrals/{referral.public_id}/accept/").status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"
    again = hub.post(f"/staff/referrals/{referral.public_id}/accept/", follow=True)
    assert "this one is accepted" in again.content.decode()
    closed = hub.post(
        f"/staff/referrals/{referral.public_id}/close/", {"outcome": "support_completed"}
    )
    assert closed.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "closed"


def test_withdraw_through_the_page(world, staff_client):
    referral = send_to_hub(world)
    officer = staff_client(world.officer)
    bad = officer.post(f"/staff/referrals/{referral.public_id}/withdraw/", {"reason": ""})
    assert bad.status_code == 400
    assert "Say why the referral is withdrawn" in bad.content.decode()
    done = officer.post(f"/staff/referrals/{referral.public_id}/withdraw/", {"reason": "Error"})
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "withdrawn"


def test_her_record_offers_a_referral(world, staff_client):
    page = staff_client(world.officer).get(f"/staff/people/{world.person.public_id}/")
    assert f"/staff/referrals/new/?person={world.person.public_id}" in page.content.decode()


def test_the_matrix_page(world, staff_client):
    page = staff_client(world.specialist).get("/staff/referrals/what-agencies-see/")
    assert page.status_code == 200
    assert "Background (what happened)" in page.content.decode()


def test_need_choice_limited_to_the_service(world, staff_client):
    referral = accepted_by_hub(world)
    client = staff_client(world.hub_worker)
    page = client.post(
        _url(world, onward=referral.public_id),
        {"action": "choose", "service": world.casework.public_id},
    ).content.decode()
    assert need_get("forced-marriage").name in page
    assert need_get("sexual-violence").name not in page

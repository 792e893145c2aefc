"""The police journey through the pages, and bad input getting clear errors."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.incidents.choices import ActionKind, Relationship
from harbour.incidents.factories import incident_make
from harbour.incidents.models import Incident, IncidentAction, IncidentHarmer, OffenceType
from harbour.people.models import Involvement, InvolvementKind

pytestmark = pytest.mark.django_db


def people_recorded() -> int:
    """Person records created so far (each creation involves its recorder as ``recorded``)."""
    return Involvement.objects.filter(kind=InvolvementKind.RECORDED).count()


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def incident_data(area, **overrides) -> dict:
    now = timezone.now()
    data = {
        "occurred_at": local(now - datetime.timedelta(hours=3)),
        "visited_at": local(now - datetime.timedelta(hours=2)),
        "local_authority": str(area.pk),
        "offences": [
            str(OffenceType.objects.get(code="physical_assault").pk),
            str(OffenceType.objects.get(code="strangulation").pk),
        ],
        "summary": "Assaulted at home; marks to her neck.",
        "children_present": "yes",
        "children_in_household": "yes",
        "children_count": "2",
        "supports_action": "yes",
    }
    data.update(overrides)
    return data


def harmer_data(**overrides) -> dict:
    data = {
        "given_name": "Leon",
        "family_name": "Brackley",
        "date_of_birth": "4/9/1985",
        "relationship": Relationship.FORMER_PARTNER,
        "action": "check",
    }
    data.update(overrides)
    return data


def test_recording_an_incident_for_a_new_person(base, staff_client):
    client = staff_client(base.officer)
    assert client.get(reverse("incidents:new")).status_code == 200
    # Step 1: who was harmed, checked for an existing record first (none here), then the
    # other question pages from the task list.
    response = client.post(
        reverse("incidents:new"),
        {"given_name": "Rosa", "family_name": "Quigley", "date_of_birth": "2/2/1992"},
    )
    assert response.status_code == 302
    tasks = response["Location"]
    draft_id = tasks.rstrip("/").split("/")[-1]
    safe = reverse("incidents:victim-section", args=[draft_id, "safe-contact"])
    assert client.post(safe, {"safe_times": "Weekday mornings"}).status_code == 302
    response = client.post(tasks, {"action": "create"})
    assert response.status_code == 302
    person_id = response["Location"].rstrip("/").split("/")[-1]
    # Step 2: what happened.
    form_url = reverse("incidents:new-for-person", args=[person_id])
    page = client.get(form_url).content.decode()
    assert "When did the police first visit her?" in page
    assert "Is she aged 16 or over?" not in page  # worked out from her date of birth
    response = client.post(form_url, incident_data(base.area))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert response["Location"] == reverse("incidents:harmer-new", args=[incident.public_id])
    # Step 3: the person harming her, with the duplicate check.
    response = client.post(response["Location"], harmer_data())
    assert response.status_code == 302
    assert IncidentHarmer.objects.filter(incident=incident).count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "Leon Brackley" in detail and "Rosa Quigley" in detail
    assert "Confirm whether this is domestic abuse" in detail
    assert "Referral to children&#x27;s social care" in detail
    # Step 4: domestic abuse, then the checklist.
    da_url = reverse("incidents:domestic-abuse", args=[incident.public_id])
    page = client.get(da_url).content.decode()
    assert "On what is recorded, the test says: Yes" in page
    response = client.post(da_url, {"domestic_abuse": "yes"})
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("risk:new", args=["police-checklist", person_id])
    )
    assert f"incident={incident.public_id}" in response["Location"]


def test_bad_incident_input_gets_clear_errors_and_saves_nothing(base, staff_client):
    client = staff_client(base.officer)
    url = reverse("incidents:new-for-person", args=[base.victim.public_id])
    now = timezone.now()
    before = (Incident.objects.count(), IncidentAction.objects.count())
    response = client.post(
        url,
        incident_data(
            base.area,
            occurred_at=local(now - datetime.timedelta(hours=1)),
            visited_at=local(now - datetime.timedelta(hours=2)),  # before it happened
            offences=[],
            supports_action="",
            children_present="",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    for message in (
        "The visit must be after the incident happened",
        "Choose at least one offence",
        "Say whether she supports police action",
        "Say whether children were present",
    ):
        assert message in page
    # Radios link to their first option from the error summary.
    assert 'href="#id_supports_action_1"' in page
    assert (Incident.objects.count(), IncidentAction.objects.count()) == before


def test_a_time_the_clocks_skip_gets_a_clear_error(base, staff_client):
    client = staff_client(base.officer)
    url = reverse("incidents:new-for-person", args=[base.victim.public_id])
    response = client.post(
        url, incident_data(base.area, occurred_at="29/3/2026 01:30", visited_at="29/3/2026 03:00")
    )
    assert response.status_code == 400
    assert "The clocks changed at that time" in response.content.decode()
    assert not Incident.objects.exists()


def test_harmer_step_offers_an_existing_record_and_uses_it(base, staff_client):
    client = staff_client(base.officer)
    incident = incident_make(by=base.officer, victim=base.victim, harmers=[], domestic_abuse=None)
    url = reverse("incidents:harmer-new", args=[incident.public_id])
    typed = harmer_data(given_name="Gareth", family_name="Pollitt", date_of_birth="3/2/1987")
    page = client.post(url, typed).content.decode()
    assert "Your agency already works with Gareth Pollitt" in page
    assert "Use the record of Gareth Pollitt" in page
    people = people_recorded()
    response = client.post(url, {**typed, "action": "use", "use-person": base.harmer.public_id})
    assert response.status_code == 302
    assert people_recorded() == people  # found again, not recorded twice
    assert IncidentHarmer.objects.get(incident=incident).person_id == base.harmer.pk


def test_bad_harmer_input_saves_nothing(base, staff_client):
    client = staff_client(base.officer)
    incident = incident_make(by=base.officer, victim=base.victim, harmers=[], domestic_abuse=None)
    url = reverse("incidents:harmer-new", args=[incident.public_id])
    people = people_recorded()
    response = client.post(
        url, harmer_data(family_name="", relationship="", date_of_birth="", aged_16_or_over="")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose what this person is to her" in page
    assert "say whether they are aged 16 or over" in page
    assert people_recorded() == people
    # Naming the victim as the person harming her is refused, and her record is not touched.
    response = client.post(
        url, {**harmer_data(), "action": "use", "use-person": base.victim.public_id}
    )
    assert response.status_code == 400
    assert "cannot be the victim herself" in response.content.decode()
    assert not IncidentHarmer.objects.filter(incident=incident).exists()


def test_incident_page_shows_repeats_and_people_harming_several_victims(base, staff_client):
    from harbour.people.factories import person_make

    incident_make(
        by=base.officer,
        victim=base.victim,
        harmers=[base.harmer],
        occurred_at=timezone.now() - datetime.timedelta(days=40),
    )
    incident_make(by=base.officer, victim=person_make(by=base.officer), harmers=[base.harmer])
    latest = incident_make(by=base.officer, victim=base.victim, harmers=[base.harmer])
    page = (
        staff_client(base.officer)
        .get(reverse("incidents:detail", args=[latest.public_id]))
        .content.decode()
    )
    assert "Gareth Pollitt" in page
    assert "Repeat" in page
    assert "2, this one included (2 in the last 12 months)" in page
    assert "Harms several people" in page
    # The IDVA may read her but not him: the relationship is shown, not who he is, nor the
    # count of his other victims.
    page = (
        staff_client(base.idva)
        .get(reverse("incidents:detail", args=[latest.public_id]))
        .content.decode()
    )
    assert "Gareth" not in page and "Pollitt" not in page
    assert "A person whose record your agency does not work with" in page
    assert "Former partner" in page
    assert "Harms several people" not in page


def test_officer_work_queue_lists_what_incidents_need(base, staff_client):
    incident = incident_make(
        by=base.officer, victim=base.victim, harmers=[base.harmer], children=True
    )
    page = staff_client(base.officer).get(reverse("core:staff-home")).content.decode()
    assert "Tell the school about the incident" in page
    assert "Refer the children to children&#x27;s social care" in page
    assert "Complete the risk checklist for the incident" in page
    assert incident.public_id in page
    assert "Nadia" not in page  # no names in the queue
    undecided = incident_make(by=base.officer, victim=base.victim, harmers=[], domestic_abuse=None)
    page = staff_client(base.officer).get(reverse("core:staff-home")).content.decode()
    assert "Confirm whether the incident" in page and undecided.public_id in page
    assert (
        staff_client(base.other_officer)
        .get(reverse("core:staff-home"))
        .content.decode()
        .count(incident.public_id)
        == 0
    )


def test_completing_a_prompted_action(base, staff_client):
    incident = incident_make(
        by=base.officer, victim=base.victim, harmers=[base.harmer], children=True
    )
    action = incident.actions.get(kind=ActionKind.SCHOOL_NOTICE)
    url = reverse("incidents:action", args=[incident.public_id, action.public_id])
    client = staff_client(base.officer)
    refused = client.post(url, {"status": "not_needed", "note": ""})
    assert refused.status_code == 400 and "Say why it is not needed" in refused.content.decode()
    assert (
        client.post(url, {"status": "done", "note": "Told the designated lead"}).status_code == 302
    )
    action.refresh_from_db()
    assert action.status == "done" and action.completed_by == base.officer


def test_list_shows_the_agencys_incidents_to_those_who_may_read_her(base, staff_client):
    incident_make(by=base.officer, victim=base.victim, harmers=[base.harmer])
    page = staff_client(base.officer).get(reverse("incidents:list")).content.decode()
    assert "Nadia Ellery" in page and "Record an incident" in page
    other = staff_client(base.other_officer).get(reverse("incidents:list")).content.decode()
    assert "Nadia" not in other


def test_person_page_shows_incidents_both_ways(base, staff_client):
    incident_make(by=base.officer, victim=base.victim, harmers=[base.harmer])
    client = staff_client(base.officer)
    her = client.get(reverse("people:detail", args=[base.victim.public_id])).content.decode()
    assert "Where she was harmed" in her and "Record an incident where she was harmed" in her
    him = client.get(reverse("people:detail", args=[base.harmer.public_id])).content.decode()
    assert "Named as harming 1 person" in him and "Nadia Ellery" in him


def test_no_referral_link_while_there_is_no_referral_form(base, staff_client, monkeypatch):
    from django.urls import NoReverseMatch

    from harbour.incidents import links

    def no_referral_form(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr(links, "reverse", no_referral_form)
    incident = incident_make(by=base.officer, victim=base.victim, harmers=[base.harmer])
    page = staff_client(base.officer).get(reverse("incidents:detail", args=[incident.public_id]))
    assert page.status_code == 200
    assert "Refer to the victim care hub" not in page.content.decode()


def test_without_an_app_keeping_checklists_none_is_listed_or_asked_for(
    base, staff_client, monkeypatch
):
    from harbour.incidents import checklists

    monkeypatch.setattr(checklists, "_source", None)
    incident = incident_make(by=base.officer, victim=base.victim, harmers=[base.harmer])
    client = staff_client(base.officer)
    page = client.get(reverse("incidents:detail", args=[incident.public_id])).content.decode()
    assert "Risk checklists" in page and "None yet." in page
    assert "Complete the risk checklist" not in page
    home = client.get(reverse("core:staff-home")).content.decode()
    assert "Complete the risk checklist" not in home
    undecided = incident_make(by=base.officer, victim=base.victim, harmers=[], domestic_abuse=None)
    home = client.get(reverse("core:staff-home")).content.decode()
    assert "Confirm whether the incident" in home and undecided.public_id in home


def test_linking_the_person_harming_her_to_a_record_another_agency_holds(base, staff_client):
    from harbour.accounts.factories import UserFactory
    from harbour.accounts.roles import Role
    from harbour.people.factories import person_make
    from harbour.people.models import AccessReview, ReviewKind

    elsewhere = person_make(
        by=UserFactory(role=Role.SPECIALIST_CASEWORKER),
        given_name="Callum",
        family_name="Roscoe",
        date_of_birth=datetime.date(1979, 7, 7),
    )
    incident = incident_make(by=base.officer, victim=base.victim, harmers=[], domestic_abuse=None)
    url = reverse("incidents:harmer-new", args=[incident.public_id])
    typed = harmer_data(given_name="Calum", family_name="Roscoe", date_of_birth="7/7/1979")
    client = staff_client(base.officer)
    page = client.post(url, typed).content.decode()
    assert "An existing record agrees with what you entered" in page
    assert "Callum" not in page and elsewhere.public_id not in page
    ref = page.split('name="link-ref" value="')[1].split('"')[0]
    response = client.post(
        url,
        {**typed, "action": "link", "link-ref": ref, "link-reason": "Same man: date of birth"},
    )
    assert response.status_code == 302
    assert IncidentHarmer.objects.get(incident=incident).person_id == elsewhere.pk
    assert AccessReview.objects.filter(kind=ReviewKind.DUPLICATE_LINK).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "Callum Roscoe" in detail


def test_an_idva_records_abuse_she_disclosed(base, staff_client):
    client = staff_client(base.idva)
    person_page = client.get(reverse("people:detail", args=[base.victim.public_id]))
    assert "Record abuse she disclosed" in person_page.content.decode()
    assert "Record an incident where she was harmed" not in person_page.content.decode()
    url = reverse("incidents:disclosure-new", args=[base.victim.public_id])
    refused = client.post(url, {"occurred_at": "not a date", "local_authority": ""})
    assert refused.status_code == 400
    assert "Enter a date and time, like 27/3/2026 21:30" in refused.content.decode()
    assert not Incident.objects.exists()
    response = client.post(
        url,
        {
            "occurred_at": local(timezone.now() - datetime.timedelta(days=2)),
            "local_authority": str(base.area.pk),
            "offences": [str(OffenceType.objects.get(code="coercive_control").pk)],
            "children_present": "no",
            "children_in_household": "not_known",
        },
    )
    assert response.status_code == 302
    disclosure = Incident.objects.get()
    assert disclosure.kind == "disclosure" and disclosure.recorded_by_agency == base.idva.agency
    response = client.post(
        reverse("incidents:harmer-new", args=[disclosure.public_id]),
        harmer_data(given_name="Ross", family_name="Keeling", date_of_birth="1/1/1980"),
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Ross Keeling" in page and "First police visit" not in page
    # The police cannot change the IDVA service's record, nor record disclosures.
    assert (
        staff_client(base.officer)
        .get(reverse("incidents:support", args=[disclosure.public_id]))
        .status_code
        == 403
    )
    assert staff_client(base.officer).get(url).status_code == 403

"""The IDVA's queue and follow-up page: risk level, offences and children, "Assigned to me" and
sorting; which 01:30 on the night the clocks go back; the "if you spoke with her" block
revealed, and checked, only when she was reached; "Contacted" for a call; the offer to make a
referral to the victim care hub."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from harbour.followups import queries
from harbour.followups.models import Followup
from harbour.followups.rules import repeated_hour, uk_datetime
from harbour.followups.services import followup_assign
from harbour.risk.definitions import Level

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def uk(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _assess(base, followup, level):
    from harbour.risk.definitions import Answer
    from harbour.risk.queries import risk_tool_current
    from harbour.risk.services import assessment_record

    questions = risk_tool_current(key="police-checklist").definition.questions
    return assessment_record(
        by=base.officer,
        person=followup.incident.victim,
        tool_key="police-checklist",
        answers={q.id: Answer.NO for q in questions},
        officer_level=level,
        officer_reasons="Synthetic reasons for the grade.",
        incident=followup.incident,
    )


def test_queue_shows_risk_offences_and_children_and_sorts_by_risk(base, staff_client):
    standard = base.followup()
    high = base.followup(children=True)
    unassessed = base.followup()
    _assess(base, standard, Level.STANDARD)
    _assess(base, high, Level.HIGH)

    rows = queries.followups_for_user(user=base.idva, sort=queries.SORT_RISK)
    assert [r.followup.pk for r in rows] == [high.pk, standard.pk, unassessed.pk]
    by_pk = {r.followup.pk: r for r in rows}
    assert by_pk[high.pk].risk_level == "high" and by_pk[high.pk].risk_label == "High"
    assert by_pk[unassessed.pk].risk_level == ""
    assert by_pk[standard.pk].children == "no" and by_pk[high.pk].children == "yes"
    assert by_pk[high.pk].offences  # from the incident

    page = staff_client(base.idva).get(reverse("followups:list") + "?sort=risk").content.decode()
    assert "Risk level" in page and 'data-risk="high"' in page and "No checklist yet" in page
    assert "Offences" in page and "Children" in page
    assert page.index(high.public_id) < page.index(standard.public_id)

    detail = staff_client(base.idva).get(reverse("followups:detail", args=[high.public_id]))
    assert 'id="risk-level"' in detail.content.decode()
    assert "govuk-tag--red" in detail.content.decode()


def test_assigned_to_me(base, staff_client):
    mine = base.followup()
    theirs = base.followup()
    followup_assign(followup=mine, by=base.idva)
    followup_assign(followup=theirs, by=base.manager)

    rows = queries.followups_for_user(user=base.idva, mine=True)
    assert [r.followup.pk for r in rows] == [mine.pk]
    assert {r.followup.pk for r in queries.followups_for_user(user=base.idva)} == {
        mine.pk,
        theirs.pk,
    }
    assert queries.followup_counts(user=base.idva, mine=True)["open"] == 1

    page = staff_client(base.idva).get(reverse("followups:list") + "?mine=1").content.decode()
    assert mine.public_id in page and theirs.public_id not in page
    assert 'id="mine" name="mine" type="checkbox" value="1" checked' in page


def test_which_0130_on_the_night_the_clocks_go_back():
    first = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)  # 01:30 BST
    second = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC)  # 01:30 GMT
    assert repeated_hour(first) == "before" and repeated_hour(second) == "after"
    assert uk_datetime(first) == "25 October 2026, 01:30 BST, before the clocks go back"
    assert uk_datetime(second) == "25 October 2026, 01:30 GMT, after the clocks go back"
    # Any other time, the spring change included, reads as before.
    assert uk_datetime(datetime.datetime(2026, 10, 25, 3, 0, tzinfo=datetime.UTC)) == (
        "25 October 2026, 03:00"
    )
    assert repeated_hour(datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC)) == ""


def test_the_deadline_says_which_0130(base, staff_client):
    # Police visit at 00:30 GMT on 24 October... the deadline 24 hours later is 01:30 GMT on
    # the 25th, after the clocks went back.
    followup = base.followup()
    Followup.objects.filter(pk=followup.pk).update(
        police_visited_at=datetime.datetime(2026, 10, 24, 0, 30, tzinfo=LONDON),
        due_at=datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC),
    )
    page = staff_client(base.idva).get(reverse("followups:detail", args=[followup.public_id]))
    assert "25 October 2026, 01:30 GMT, after the clocks go back" in page.content.decode()


def test_the_spoke_with_her_block_is_a_conditional_reveal(base, staff_client):
    followup = base.followup()
    page = staff_client(base.idva).get(reverse("followups:contact", args=[followup.public_id]))
    html = page.content.decode()
    assert 'data-harbour-opens="conditional-spoke-with-her"' in html
    assert "harbour/follow-ons" in html  # the reveal without aria-expanded (decision 0013)
    assert 'class="govuk-radios__conditional govuk-radios__conditional--hidden"' in html
    assert html.index('id="id_contact_made"') < html.index('conditional-spoke-with-her">')


def test_what_was_hidden_is_neither_checked_nor_kept_when_she_was_not_reached(base, staff_client):
    followup = base.followup()
    client = staff_client(base.idva)
    url = reverse("followups:contact", args=[followup.public_id])
    at = uk(followup.police_visited_at + datetime.timedelta(minutes=30))
    # Not reached: the hidden block's values (even bad ones) are ignored; the note is required.
    bad = client.post(url, {"at": at, "method": "phone", "contact_made": "no"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "<title>Error:" in html and "Say what happened" in html
    response = client.post(
        url,
        {
            "at": at,
            "method": "phone",
            "contact_made": "no",
            "note": "No answer",
            "safety_plan": "yes",
            "referrals": ["not-a-service"],
            "supports_prosecution": "yes",
        },
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == "open" and followup.referrals == [] and followup.safety_plan == ""
    # Reached: the block is checked, each error naming its question.
    missing = client.post(url, {"at": at, "method": "phone", "contact_made": "yes"})
    assert missing.status_code == 400
    html = missing.content.decode()
    assert "Say whether a safety plan was done" in html
    assert "Say whether she supports a prosecution" in html
    bad_choice = client.post(
        url,
        {
            "at": at,
            "method": "phone",
            "contact_made": "yes",
            "safety_plan": "no",
            "supports_prosecution": "undecided",
            "referrals": ["not-a-service"],
        },
    )
    assert bad_choice.status_code == 400
    assert "Choose the services you referred her to from the list" in bad_choice.content.decode()


def test_a_call_reads_contacted_and_the_hub_referral_is_offered(base, staff_client):
    followup = base.followup()
    client = staff_client(base.idva)
    url = reverse("followups:contact", args=[followup.public_id])
    response = client.post(
        url,
        {
            "at": uk(followup.police_visited_at + datetime.timedelta(hours=1)),
            "method": "phone",
            "contact_made": "yes",
            "safety_plan": "no",
            "referrals": ["victim_care_hub"],
            "supports_prosecution": "undecided",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("followups:detail", args=[followup.public_id])).content.decode()
    assert "Contacted within 24 hours" in page and "Visited within 24 hours" not in page
    assert 'id="hub-referral"' in page
    assert "/referrals/new/?person=" in page
    assert f"source=followups.followup%3A{followup.public_id}" in page


def test_queue_items_carry_no_raw_identifier(base):
    from harbour.core.queues import work_for

    followup = base.followup()
    titles = [item.title for item in work_for(base.idva)]
    assert titles and all(followup.public_id[:8] not in t for t in titles)
    assert any("Knowsley" in t for t in titles)

"""Making a referral as a journey: where to and why (filled in from what Harbour knows), why her
information can be shared (from the situation, with only what that needs), her agreement
recorded without leaving it, check your answers, then the confirmation. What is entered is kept
in an encrypted draft with an expiry, never in the session."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from harbour.audit.models import AccessLogEntry, Action
from harbour.people.models import Agreement, Share
from harbour.referrals.models import Referral, ReferralDraft
from harbour.referrals.services import referral_draft_save
from harbour.risk.models import Assessment
from harbour.risk.queries import risk_tool_current

from .conftest import accepted_by_hub

SOURCE = "incidents.incident:0123456789abcdef"
REASON = "Wants help to stay safe at home."
BACKGROUND = "Officers attended after a neighbour called."


def _checklist(world, level: str = "high") -> Assessment:
    return Assessment.objects.create(
        tool_version=risk_tool_current(key="police-checklist"),
        person=world.person,
        level=level,
        tool_level=level,
        yes_count=15,
        not_known_count=0,
        question_count=27,
        assessed_by=world.officer,
        assessed_by_agency=world.officer.agency,
    )


def _start(world, **query) -> str:
    url = f"/staff/referrals/new/?person={world.person.public_id}"
    for key, value in query.items():
        url += f"&{key}={value}"
    return url


def _draft_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _title(response) -> str:
    return re.search(r"<title>\s*(.*?)\s*</title>", response.content.decode(), re.S).group(1)


def test_the_risk_level_is_filled_in_from_the_checklist_just_made(world, staff_client):
    assessment = _checklist(world, "high")
    client = staff_client(world.officer)
    page = client.get(_start(world, source=f"risk.assessment:{assessment.public_id}"))
    assert page.status_code == 200
    text = page.content.decode()
    assert re.search(r'value="high"[^>]*checked', text)
    assert "Filled in from her risk checklist" in text
    assert "Her area, from her record: Liverpool" in text


def test_a_police_referral_goes_through_check_your_answers_to_a_confirmation(world, staff_client):
    _checklist(world, "high")
    client = staff_client(world.officer)
    url = _start(world, source=SOURCE)
    details = client.post(
        url,
        {
            "action": "continue",
            "to_agency": world.hub.pk,
            "reason": REASON,
            "circumstances": BACKGROUND,
            "risk_level": "high",
        },
    )
    sharing = _draft_url(details)
    assert sharing.endswith("/sharing/")
    assert not Referral.objects.exists() and not Share.objects.exists()
    draft = ReferralDraft.objects.get()
    assert draft.owner == world.officer and draft.person == world.person
    assert draft.expires_at > timezone.now()
    # Encrypted at rest: the reason is not in the table's text, nor in any session.
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM referrals_referraldraft")
        (stored,) = cursor.fetchone()
    assert REASON not in stored and "high" not in stored
    for session in Session.objects.all():
        assert REASON not in str(session.get_decoded())

    page = client.get(sharing)
    text = page.content.decode()
    # The police share under Part 3: no MARAC or safeguarding conditions to choose.
    assert "a law-enforcement purpose" in text
    assert "Schedule 1" not in text and "precondition" not in text.lower()
    footing = _draft_url(client.post(sharing, {"situation": "law_enforcement"}))
    check = _draft_url(client.get(footing))  # nothing more is needed
    assert check.endswith("/check/")
    page = client.get(check)
    text = page.content.decode()
    assert _title(page).startswith("Check your answers before sending the referral")
    assert REASON in text and BACKGROUND in text
    assert "DPA 2018 s.35(2)(b)" in text
    assert "What Test Victim Care Hub will see" in text
    shared = re.search(r'id="check-shared">(.*?)</ul>', text, re.S).group(1)
    assert "Background (what happened)" in shared
    assert "All her contact details (address, phone, email)" in shared
    assert not Referral.objects.exists()

    sent = client.post(check)
    referral = Referral.objects.get()
    assert sent["Location"] == f"/staff/referrals/{referral.public_id}/sent/"
    assert referral.source == SOURCE and referral.risk_level == "high"
    assert referral.share.basis.code == "dpa-35-2-b-law-enforcement-task"
    assert not ReferralDraft.objects.exists()
    confirmation = client.get(sent["Location"])
    assert "Referral sent" in confirmation.content.decode()
    assert referral.reference in confirmation.content.decode()
    # The draft has gone: its pages say so and share nothing.
    assert client.get(check).status_code == 404


def test_check_your_answers_shows_what_will_be_shared(world, staff_client):
    hub_referral = accepted_by_hub(world)
    client = staff_client(world.hub_worker)
    url = _start(world, onward=hub_referral.public_id)
    chosen = client.post(url, {"service": world.casework.public_id})
    assert "Refer her to Forced marriage casework" in chosen.content.decode()
    sharing = _draft_url(
        client.post(
            url,
            {
                "action": "continue",
                "service": world.casework.public_id,
                "need": "forced-marriage",
                "reason": "Wants advice about pressure to marry.",
                "risk_level": "high",
            },
        )
    )
    footing = _draft_url(client.post(sharing, {"situation": "marac"}))
    page = client.get(footing)
    text = page.content.decode()
    # Only the conditions of the statutory-purposes condition, not every condition's.
    assert "function conferred on the agency by an enactment" in text
    assert "She is under 18" not in text
    from harbour.people.models import ProcessingCondition

    p6 = ProcessingCondition.objects.get(code="dpa-sch1-p6-statutory-purposes")
    check = _draft_url(client.post(footing, {"preconditions_confirmed": p6.preconditions}))
    text = client.get(check).content.decode()
    shared = re.search(r'id="check-shared">(.*?)</ul>', text, re.S).group(1)
    assert "<li>Name</li>" in shared
    assert "Safe-contact preferences and code word" in shared
    assert "The contact details for her safe ways to be contacted" in shared
    assert "Date of birth" not in shared and "Children in the household" not in shared
    assert "Background" not in shared  # a specialist service never sees the background
    assert "offences and allegations" in text.lower()
    assert "UK GDPR Article 6(1)(e): Public task" in text
    assert "Schedule 1 paragraph 6" in text


def test_a_public_task_without_a_condition_is_refused_in_words_a_caseworker_understands(
    world, staff_client
):
    hub_referral = accepted_by_hub(world)
    client = staff_client(world.hub_worker)
    url = _start(world, onward=hub_referral.public_id)
    sharing = _draft_url(
        client.post(
            url,
            {
                "action": "continue",
                "service": world.casework.public_id,
                "need": "forced-marriage",
                "reason": "Wants advice about pressure to marry.",
                "risk_level": "medium",
            },
        )
    )
    page = client.get(sharing).content.decode()
    assert "going to a MARAC" not in page  # offered for a high-risk case only
    footing = _draft_url(client.post(sharing, {"situation": "other"}))
    refused = client.post(footing, {"basis": "gdpr-6-1-e-public-task", "condition": ""})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert _title(refused).startswith("Error:")
    assert (
        "A referral tells Test Harmful Practices that she is the victim of an alleged offence, "
        "so Public task alone is not enough to share it." in text
    )
    assert not Referral.objects.filter(onward_from=hub_referral).exists()
    assert not Share.objects.filter(agency=world.harmful).exists()


def test_her_agreement_is_recorded_inside_the_journey_without_losing_the_form(world, staff_client):
    hub_referral = accepted_by_hub(world)
    client = staff_client(world.hub_worker)
    url = _start(world, onward=hub_referral.public_id)
    reason = "Wants advice about pressure to marry."
    sharing = _draft_url(
        client.post(
            url,
            {
                "action": "continue",
                "service": world.casework.public_id,
                "need": "forced-marriage",
                "reason": reason,
                "risk_level": "high",
            },
        )
    )
    footing = _draft_url(client.post(sharing, {"situation": "agreement"}))
    page = client.get(footing).content.decode()
    assert "There is no current agreement on her record naming Test Harmful Practices" in page
    agreement_url = footing.replace("/what-sharing-needs/", "/her-agreement/")
    refused = client.post(agreement_url, {"purpose": "Referral", "given_how": "phone"})
    assert refused.status_code == 400
    assert _title(refused).startswith("Error:")
    text = refused.content.decode()
    assert "Enter when she agreed." in text
    assert "Confirm that she agreed explicitly" in text
    assert not Agreement.objects.exists()
    recorded = client.post(
        agreement_url,
        {
            "purpose": "Referral for forced marriage casework",
            "given_at": timezone.localtime(timezone.now() - datetime.timedelta(minutes=5)).strftime(
                "%d/%m/%Y %H:%M"
            ),
            "given_how": "phone",
            "explicit": "on",
        },
    )
    assert _draft_url(recorded) == footing
    agreement = Agreement.objects.get()
    assert list(agreement.agencies.all()) == [world.harmful] and agreement.explicit
    page = client.get(footing).content.decode()
    assert "Referral for forced marriage casework" in page
    check = _draft_url(client.post(footing, {"agreement": agreement.public_id}))
    text = client.get(check).content.decode()
    assert reason in text  # what was entered before is all there
    assert "Referral for forced marriage casework" in text
    client.post(check)
    referral = Referral.objects.get(onward_from=hub_referral)
    assert referral.share.agreement == agreement
    assert referral.share.condition.code == "dpa-sch1-p29-consent-criminal"


def test_errors_name_their_fields_and_titles_start_with_error(world, staff_client):
    client = staff_client(world.officer)
    response = client.post(_start(world), {"action": "continue", "to_agency": world.hub.pk})
    assert response.status_code == 400
    assert _title(response).startswith("Error:")
    text = response.content.decode()
    assert "Say why you are referring her." in text
    assert "Choose the risk level from her latest risk assessment." in text
    assert not ReferralDraft.objects.exists()


def test_a_draft_is_its_makers_alone_and_expires(world, staff_client):
    client = staff_client(world.officer)
    sharing = _draft_url(
        client.post(
            _start(world),
            {
                "action": "continue",
                "to_agency": world.hub.pk,
                "reason": REASON,
                "risk_level": "high",
            },
        )
    )
    from harbour.accounts.factories import UserFactory

    colleague = UserFactory(role=world.officer.role, agency=world.officer.agency)
    gone = staff_client(colleague).get(sharing)
    assert gone.status_code == 404
    assert "This referral was not sent" in gone.content.decode()
    ReferralDraft.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    gone = client.get(sharing)
    assert gone.status_code == 404
    assert "This referral was not sent" in gone.content.decode()
    assert not ReferralDraft.objects.exists()
    # Both logged as refusals: the colleague's as no draft of hers, the maker's as expired.
    refusals = AccessLogEntry.objects.filter(
        action=Action.DENIED, record_type="referrals.referraldraft"
    )
    assert {(entry.user, entry.reason) for entry in refusals} == {
        (colleague, "no such draft of the user's"),
        (world.officer, "expired"),
    }


def test_a_referral_draft_lasts_two_hours_and_the_expiry_task_removes_it(world):
    from harbour.core.drafts import draft_get, draft_lifetime
    from harbour.core.tasks import drafts_expire
    from harbour.incidents.models import VictimDraft

    # Its own lifetime, not HARBOUR_DRAFT_HOURS (which the victim's draft keeps).
    assert draft_lifetime(ReferralDraft) == datetime.timedelta(hours=2)
    assert draft_lifetime(VictimDraft) == datetime.timedelta(hours=settings.HARBOUR_DRAFT_HOURS)
    before = timezone.now()
    draft = referral_draft_save(by=world.officer, person=world.person, answers={"reason": "x"})
    assert before + datetime.timedelta(hours=2) <= draft.expires_at
    assert draft.expires_at <= timezone.now() + datetime.timedelta(hours=2)
    # Saved again: answers merged, its two hours start again.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1), tick=False):
        draft = referral_draft_save(
            by=world.officer, person=world.person, draft=draft, answers={"need": "y"}
        )
        assert draft.data == {"reason": "x", "need": "y"}
        assert drafts_expire.call() == "removed 0"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2, minutes=30), tick=False):
        assert draft_get(ReferralDraft, owner=world.officer, draft_id=draft.public_id) == draft
        assert drafts_expire.call() == "removed 0"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3, minutes=1), tick=False):
        assert draft_get(ReferralDraft, owner=world.officer, draft_id=draft.public_id) is None
        assert drafts_expire.call() == "removed 1"
    assert not ReferralDraft.objects.exists()


def test_a_draft_is_saved_only_by_its_owner_for_its_person(world):
    from django.core.exceptions import PermissionDenied

    from harbour.accounts.factories import UserFactory

    draft = referral_draft_save(by=world.officer, person=world.person, answers={"reason": "x"})
    colleague = UserFactory(role=world.officer.role, agency=world.officer.agency)
    with pytest.raises(PermissionDenied):
        referral_draft_save(by=colleague, person=world.person, draft=draft, answers={"reason": "y"})
    ReferralDraft.objects.update(expires_at=timezone.now())
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        referral_draft_save(by=world.officer, person=world.person, draft=draft, answers={})
    assert draft.data == {"reason": "x"}


@pytest.mark.parametrize("level", ["high", "medium"])
def test_a_marac_is_offered_only_for_a_high_risk_case(world, staff_client, level):
    hub_referral = accepted_by_hub(world)
    client = staff_client(world.hub_worker)
    sharing = _draft_url(
        client.post(
            _start(world, onward=hub_referral.public_id),
            {
                "action": "continue",
                "service": world.casework.public_id,
                "need": "forced-marriage",
                "reason": "Advice.",
                "risk_level": level,
            },
        )
    )
    text = client.get(sharing).content.decode()
    assert ("Her case is going to a MARAC" in text) is (level == "high")

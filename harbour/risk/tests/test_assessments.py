"""Assessments: the checklists' levels at their edges through the service and the pages, the
police officer's grade, judgement, escalation from recorded call-outs, the tool version an
assessment keeps, follow-on questions without JavaScript, bad input, and need-to-know."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.audit.models import AccessLogEntry, Action
from harbour.incidents.factories import incident_make
from harbour.people.factories import person_make
from harbour.people.models import InvolvementKind
from harbour.people.services import involvement_add
from harbour.risk.definitions import Answer, Level
from harbour.risk.models import Assessment, RiskToolVersion
from harbour.risk.queries import risk_tool_current
from harbour.risk.scoring import MaracCriterion
from harbour.risk.services import assessment_record, risk_tool_load

pytestmark = pytest.mark.django_db

RIC = "practitioner-checklist"
POLICE = "police-checklist"


@dataclass
class Case:
    officer: object
    idva: object
    outsider: object
    victim: object
    harmer: object


@pytest.fixture
def case(db) -> Case:
    officer = UserFactory(role=Role.POLICE_OFFICER)
    idva = UserFactory(role=Role.IDVA)
    outsider = UserFactory(
        role=Role.IDVA, agency=AgencyFactory(name="Far IDVA Service", kind=AgencyKind.IDVA_SERVICE)
    )
    victim = person_make(by=officer, given_name="Maya", family_name="Orrell")
    harmer = person_make(by=officer, given_name="Dean", family_name="Orrell")
    involvement_add(person=victim, agency=idva.agency, kind=InvolvementKind.ASSIGNMENT, by=officer)
    return Case(officer=officer, idva=idva, outsider=outsider, victim=victim, harmer=harmer)


def answers(key: str, *, yes: int = 0, not_known: int = 0) -> dict[str, str]:
    """``yes`` plain questions answered yes (questions that open follow-ons stay "no")."""
    definition = risk_tool_current(key=key).definition
    plain = [q.id for q in definition.questions if not q.opens]
    result = {q.id: Answer.NO for q in definition.questions}
    for qid in plain[:yes]:
        result[qid] = Answer.YES
    for qid in plain[yes : yes + not_known]:
        result[qid] = Answer.NOT_KNOWN
    return result


def post_data(values: dict[str, str], **extra) -> dict[str, str]:
    return {**{f"q_{k}": v for k, v in values.items()}, **extra}


# Through the service -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "level"),
    [(9, Level.STANDARD), (10, Level.MEDIUM), (13, Level.MEDIUM), (14, Level.HIGH)],
)
def test_practitioner_checklist_edges_through_the_service(case, yes, level):
    assessment = assessment_record(
        by=case.idva, person=case.victim, tool_key=RIC, answers=answers(RIC, yes=yes)
    )
    assessment.refresh_from_db()
    assert assessment.level == level == assessment.tool_level
    assert assessment.yes_count == yes and assessment.question_count == 24
    assert (MaracCriterion.HIGH_RISK in assessment.marac_criteria) is (level == Level.HIGH)
    assert f"{yes} of 24 questions answered yes" in assessment.reasons[0]
    assert assessment.assessed_by == case.idva and assessment.assessed_by_agency == case.idva.agency
    assert len(assessment.answers) == 24


def test_not_known_never_counts_as_yes(case):
    assessment = assessment_record(
        by=case.idva, person=case.victim, tool_key=RIC, answers=answers(RIC, yes=13, not_known=6)
    )
    assert assessment.level == Level.MEDIUM
    assert assessment.not_known_count == 6
    assert any("6 questions not known" in reason for reason in assessment.reasons)


def test_judgement_raises_but_never_lowers(case):
    raised = assessment_record(
        by=case.idva,
        person=case.victim,
        tool_key=RIC,
        answers=answers(RIC, yes=9),
        judgement_level=Level.HIGH,
        judgement_reason="Strangulation last night; she fears for her life.",
    )
    assert (raised.tool_level, raised.level) == (Level.STANDARD, Level.HIGH)
    assert raised.judgement_reason.startswith("Strangulation")
    assert raised.marac_criteria == [MaracCriterion.PROFESSIONAL_JUDGEMENT]
    before = Assessment.objects.count()
    with pytest.raises(ValidationError) as error:
        assessment_record(
            by=case.idva,
            person=case.victim,
            tool_key=RIC,
            answers=answers(RIC, yes=14),
            judgement_level=Level.MEDIUM,
            judgement_reason="She says it is not that bad.",
        )
    assert "never lower" in error.value.message_dict["judgement_level"][0]
    assert Assessment.objects.count() == before


@pytest.mark.parametrize(("callouts", "flagged"), [(2, False), (3, True)])
def test_escalation_is_counted_from_police_callouts(case, callouts, flagged):
    for days in range(callouts):
        incident_make(
            by=case.officer,
            victim=case.victim,
            harmers=[case.harmer],
            occurred_at=timezone.now() - datetime.timedelta(days=20 + days * 90),
        )
    assessment = assessment_record(
        by=case.idva, person=case.victim, tool_key=RIC, answers=answers(RIC, yes=2)
    )
    assert assessment.police_callouts_12_months == callouts
    assert assessment.potential_escalation is flagged
    assert (MaracCriterion.POTENTIAL_ESCALATION in assessment.marac_criteria) is flagged
    assert assessment.level == Level.STANDARD  # a referral criterion, not a level


def test_police_checklist_is_graded_by_the_officer_with_reasons(case):
    incident = incident_make(by=case.officer, victim=case.victim, harmers=[case.harmer])
    assessment = assessment_record(
        by=case.officer,
        person=case.victim,
        tool_key=POLICE,
        answers=answers(POLICE, yes=5),
        officer_level=Level.HIGH,
        officer_reasons="Threats to kill with a knife; she has just separated from him.",
        incident=incident,
    )
    assert assessment.level == Level.HIGH and assessment.yes_count == 5
    assert assessment.question_count == 27
    assert assessment.officer_reasons.startswith("Threats to kill")
    assert any("Graded high risk by the officer: Threats to kill" in r for r in assessment.reasons)
    assert assessment.incident == incident
    with pytest.raises(ValidationError) as error:
        assessment_record(
            by=case.officer, person=case.victim, tool_key=POLICE, answers=answers(POLICE, yes=5)
        )
    assert "officer_level" in error.value.message_dict


def test_each_role_completes_its_own_tool(case):
    with pytest.raises(PermissionDenied):
        assessment_record(by=case.officer, person=case.victim, tool_key=RIC, answers={})
    with pytest.raises(PermissionDenied):
        assessment_record(by=case.idva, person=case.victim, tool_key=POLICE, answers={})
    with pytest.raises(PermissionDenied):
        assessment_record(by=case.outsider, person=case.victim, tool_key=RIC, answers={})


def test_an_assessment_keeps_its_tool_version_after_a_new_one_is_loaded(case, staff_client):
    old = assessment_record(
        by=case.idva, person=case.victim, tool_key=RIC, answers=answers(RIC, yes=10)
    )
    document = json.loads(json.dumps(risk_tool_current(key=RIC).document))
    document["version"] = "2"
    document["sections"][0]["questions"][0]["text"] = "Were you hurt in the most recent incident?"
    document["scoring"]["bands"][1]["min_yes"] = 11  # a stricter medium band in version 2
    risk_tool_load(document=document)
    new = assessment_record(
        by=case.idva, person=case.victim, tool_key=RIC, answers=answers(RIC, yes=10)
    )
    old.refresh_from_db()
    assert old.tool_version.version == "1" and old.level == Level.MEDIUM
    assert new.tool_version.version == "2" and new.level == Level.STANDARD
    page = staff_client(case.idva).get(reverse("risk:assessment", args=[old.public_id]))
    text = page.content.decode()
    assert "version 1" in text and "Were you injured in the latest incident?" in text
    assert RiskToolVersion.objects.filter(tool__key=RIC).count() == 2


def test_answers_and_reasons_are_encrypted_at_rest(case):
    assessment = assessment_record(
        by=case.officer,
        person=case.victim,
        tool_key=POLICE,
        answers=answers(POLICE, yes=3),
        officer_level=Level.MEDIUM,
        officer_reasons="Pregnant and frightened of him",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers, reasons, officer_reasons, level FROM risk_assessment WHERE id = %s",
            [assessment.pk],
        )
        stored_answers, stored_reasons, stored_officer, level = cursor.fetchone()
    for stored in (stored_answers, stored_reasons, stored_officer):
        assert "injury" not in stored and "Pregnant" not in stored and "yes" not in stored
    assert level == Level.MEDIUM  # the level stays countable


# Through the pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "heading"),
    [(9, "Standard risk"), (10, "Medium risk"), (13, "Medium risk"), (14, "High risk")],
)
def test_practitioner_checklist_edges_through_the_pages(case, staff_client, yes, heading):
    client = staff_client(case.idva)
    url = reverse("risk:new", args=[RIC, case.victim.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, post_data(answers(RIC, yes=yes)))
    assert response.status_code == 302
    result = client.get(response["Location"]).content.decode()
    assert f'<h1 class="govuk-heading-xl govuk-!-margin-bottom-2">{heading}</h1>' in result
    assert f"{yes} of 24 questions answered yes" in result


def test_judgement_through_the_page(case, staff_client):
    client = staff_client(case.idva)
    url = reverse("risk:new", args=[RIC, case.victim.public_id])
    no_reason = client.post(url, post_data(answers(RIC, yes=9), judgement_level="high"))
    assert no_reason.status_code == 400
    assert "Say why your judgement raises the level" in no_reason.content.decode()
    lower = client.post(
        url, post_data(answers(RIC, yes=14), judgement_level="medium", judgement_reason="x")
    )
    assert lower.status_code == 400
    assert "may raise the level, never lower it" in lower.content.decode()
    assert not Assessment.objects.exists()
    raised = client.post(
        url,
        post_data(answers(RIC, yes=9), judgement_level="high", judgement_reason="Recent threats"),
    )
    result = client.get(raised["Location"]).content.decode()
    assert ">High risk</h1>" in result
    assert "professional judgement raised it to high" in result
    assert "Professional judgement" in result  # the MARAC criterion met


@pytest.mark.parametrize(("callouts", "shown"), [(2, False), (3, True)])
def test_escalation_on_the_result_page(case, staff_client, callouts, shown):
    for days in range(callouts):
        incident_make(
            by=case.officer,
            victim=case.victim,
            harmers=[case.harmer],
            occurred_at=timezone.now() - datetime.timedelta(days=10 + days * 30),
        )
    client = staff_client(case.idva)
    response = client.post(
        reverse("risk:new", args=[RIC, case.victim.public_id]), post_data(answers(RIC, yes=1))
    )
    result = client.get(response["Location"]).content.decode()
    assert f"{callouts} police call-outs to her" in result
    assert ("Potential escalation" in result) is shown


def test_police_checklist_page_with_the_officers_grade(case, staff_client):
    incident = incident_make(by=case.officer, victim=case.victim, harmers=[case.harmer])
    client = staff_client(case.officer)
    url = (
        reverse("risk:new", args=[POLICE, case.victim.public_id])
        + f"?incident={incident.public_id}"
    )
    page = client.get(url).content.decode()
    assert "Your grading of the risk" in page and "27." in page
    missing = client.post(url, post_data(answers(POLICE, yes=6), incident=incident.public_id))
    assert missing.status_code == 400
    assert "Choose the level of risk: standard, medium or high" in missing.content.decode()
    no_reasons = client.post(
        url, post_data(answers(POLICE, yes=6), incident=incident.public_id, officer_level="high")
    )
    assert "Give the reasons for the level you chose" in no_reasons.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(
        url,
        post_data(
            answers(POLICE, yes=6),
            incident=incident.public_id,
            officer_level="high",
            officer_reasons="Non-fatal strangulation; threats to kill",
        ),
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.incident == incident and assessment.level == Level.HIGH
    result = client.get(response["Location"]).content.decode()
    assert ">High risk</h1>" in result
    assert "Graded high risk by the officer: Non-fatal strangulation; threats to kill" in result
    assert "This case meets the criteria for a MARAC referral" in result


def test_missing_and_bad_answers_get_clear_errors_and_save_nothing(case, staff_client):
    client = staff_client(case.idva)
    url = reverse("risk:new", args=[RIC, case.victim.public_id])
    partial = answers(RIC, yes=3)
    del partial["frightened"]  # question 2
    partial["weapons"] = "maybe"
    response = client.post(url, post_data(partial))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select a valid choice" in page  # the bad value, refused by the form
    response = client.post(url, post_data({**partial, "weapons": "no"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Question 2: answer yes, no or not known" in page
    assert 'href="#id_q_frightened_1"' in page
    assert not Assessment.objects.exists()


def test_follow_on_questions_without_javascript_come_as_a_second_step(case, staff_client):
    client = staff_client(case.idva)
    url = reverse("risk:new", args=[RIC, case.victim.public_id])
    first = answers(RIC, yes=4)
    first["stalking"] = Answer.YES
    step = client.post(url, post_data(first))
    assert step.status_code == 200
    page = step.content.decode()
    assert "Her answers open further questions" in page
    assert "harbour-follow-ons--open" in page
    assert 'name="shown" value="stalking"' in page
    assert not Assessment.objects.exists()
    # Sent again without the follow-on answers: now they are errors.
    again = client.post(url, post_data(first, shown="stalking"))
    assert again.status_code == 400
    assert (
        "Stalking and harassment, question 1: answer yes, no or not known" in again.content.decode()
    )
    follow_ons = {
        q.id: Answer.NO
        for q in risk_tool_current(key=RIC).definition.follow_on("stalking").questions
    }
    follow_ons["st_tracking"] = Answer.YES
    done = client.post(url, post_data({**first, **follow_ons}, shown="stalking"))
    assert done.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.answers["st_tracking"] == Answer.YES
    assert assessment.yes_count == 5  # follow-ons do not count


def test_follow_on_answers_for_a_question_answered_no_are_dropped(case, staff_client):
    client = staff_client(case.idva)
    url = reverse("risk:new", args=[RIC, case.victim.public_id])
    # With JavaScript she said yes, answered a follow-on, then changed her answer to no.
    response = client.post(url, post_data(answers(RIC, yes=2), q_st_tracking="yes"))
    assert response.status_code == 302
    assert "st_tracking" not in Assessment.objects.get().answers


def test_outsiders_cannot_open_an_assessment_or_a_checklist(case, staff_client):
    assessment = assessment_record(
        by=case.idva, person=case.victim, tool_key=RIC, answers=answers(RIC, yes=14)
    )
    client = staff_client(case.outsider)
    response = client.get(reverse("risk:assessment", args=[assessment.public_id]))
    assert response.status_code == 404 and "Maya" not in response.content.decode()
    assert AccessLogEntry.objects.filter(
        user=case.outsider,
        action=Action.DENIED,
        record_type="risk.assessment",
        record_id=assessment.public_id,
    ).exists()
    for guess in ["7", "0123456789abcdef"]:
        assert client.get(f"/staff/risk/assessments/{guess}/").status_code == 404
        assert AccessLogEntry.objects.filter(
            user=case.outsider, action=Action.DENIED, record_id=guess
        ).exists()
    checklist = client.get(reverse("risk:new", args=[RIC, case.victim.public_id]))
    assert checklist.status_code == 404
    other_force = UserFactory(
        role=Role.POLICE_OFFICER,
        agency=AgencyFactory(name="Other Force", kind=AgencyKind.POLICE),
    )
    assert (
        staff_client(other_force)
        .get(reverse("risk:assessment", args=[assessment.public_id]))
        .status_code
        == 404
    )
    # The involved IDVA reads it, and the read is logged.
    assert (
        staff_client(case.idva)
        .get(reverse("risk:assessment", args=[assessment.public_id]))
        .status_code
        == 200
    )
    assert AccessLogEntry.objects.filter(
        user=case.idva, action=Action.VIEW, record_id=assessment.public_id
    ).exists()


def test_a_role_cannot_open_another_roles_checklist(case, staff_client):
    officer_page = staff_client(case.officer).get(
        reverse("risk:new", args=[RIC, case.victim.public_id])
    )
    assert officer_page.status_code == 403
    idva_page = staff_client(case.idva).get(
        reverse("risk:new", args=[POLICE, case.victim.public_id])
    )
    assert idva_page.status_code == 403


def test_a_checklist_entered_later_counts_call_outs_as_of_when_it_was_completed(case):
    now = timezone.now()
    for days in (400, 380, 370):  # three call-outs a year ago, none since
        incident_make(
            by=case.officer,
            victim=case.victim,
            harmers=[case.harmer],
            occurred_at=now - datetime.timedelta(days=days),
        )
    then = now - datetime.timedelta(days=365)
    earlier = assessment_record(
        by=case.idva, person=case.victim, tool_key=RIC, answers=answers(RIC), assessed_at=then
    )
    assert earlier.assessed_at == then and earlier.potential_escalation is True
    today = assessment_record(by=case.idva, person=case.victim, tool_key=RIC, answers=answers(RIC))
    assert today.police_callouts_12_months == 0 and today.potential_escalation is False
    with pytest.raises(ValidationError):
        assessment_record(
            by=case.idva,
            person=case.victim,
            tool_key=RIC,
            answers=answers(RIC),
            assessed_at=now + datetime.timedelta(hours=1),
        )


def test_a_region_names_the_roles_for_a_tool_it_loads(settings):
    from django.core.exceptions import ImproperlyConfigured

    from harbour.risk.conf import roles_for_tool

    settings.HARBOUR_RISK_TOOL_ROLES = "dara=police_officer; police-checklist=police_officer,idva"
    assert roles_for_tool("dara") == ("police_officer",)
    assert roles_for_tool("police-checklist") == ("police_officer", "idva")
    assert "idva" in roles_for_tool("practitioner-checklist")  # defaults stay
    settings.HARBOUR_RISK_TOOL_ROLES = "dara=constable"
    with pytest.raises(ImproperlyConfigured, match="constable"):
        roles_for_tool("dara")

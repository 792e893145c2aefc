"""The builder: analysts of the running agency build a consultation; nobody else sees it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from harbour.audit.models import AccessLogEntry
from harbour.consultations import services
from harbour.consultations.models import AboutYou, Consultation, Question, QuestionKind


def test_an_analyst_builds_a_consultation_with_topics_and_questions(world, staff_client):
    client = staff_client(world.analyst)
    response = client.post(
        "/staff/consultations/new/",
        {
            "title": "Prevention in schools",
            "audiences": ["survivors", "public"],
            "opens_on": "1/3/2026",
            "closes_on": "31/5/2026",
            "topics": "Education\nCampaigns\n",
        },
    )
    consultation = Consultation.objects.get(title="Prevention in schools")
    assert response.status_code == 302
    assert [t.title for t in consultation.topics.all()] == ["Education", "Campaigns"]
    assert consultation.agency == world.analyst.agency
    topic = consultation.topics.first()
    added = client.post(
        f"/staff/consultations/{consultation.public_id}/questions/new/",
        {
            "kind": "single",
            "text": "Did you have lessons?",
            "topic": topic.pk,
            "choices": "Yes\nNo",
        },
    )
    assert added.status_code == 302
    about = client.post(
        f"/staff/consultations/{consultation.public_id}/questions/new/",
        {"kind": "text", "about_you": "ethnicity", "required": "on"},
    )
    assert about.status_code == 302
    ethnicity = consultation.questions.get(about_you=AboutYou.ETHNICITY)
    assert ethnicity.required is False  # asked to be required, it is not
    assert ethnicity.kind == QuestionKind.SINGLE and "Prefer not to say" in ethnicity.choices
    page = client.get(f"/staff/consultations/{consultation.public_id}/")
    assert "Did you have lessons?" in page.content.decode()


def test_bad_input_gets_a_clear_message_and_changes_nothing(world, staff_client):
    client = staff_client(world.analyst)
    before = Consultation.objects.count()
    response = client.post(
        "/staff/consultations/new/",
        {"title": "X", "audiences": [], "opens_on": "1/6/2026", "closes_on": "1/3/2026"},
    )
    assert response.status_code == 400
    assert "Choose at least one audience" in response.content.decode()
    assert Consultation.objects.count() == before
    consultation = world.consultation
    count = consultation.questions.count()
    response = client.post(
        f"/staff/consultations/{consultation.public_id}/questions/new/",
        {"kind": "single", "text": "Only one choice?", "choices": "Yes"},
    )
    assert response.status_code == 400
    assert "at least two choices" in response.content.decode()
    assert consultation.questions.count() == count


def test_about_you_questions_are_never_required_even_in_the_database(world):
    question = world.consultation.questions.get(about_you=AboutYou.AREA)
    with pytest.raises(ValidationError):
        question.required = True
        question.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Question.objects.filter(pk=question.pk).update(required=True)


def test_a_rating_scale_needs_a_known_number_of_points(world):
    with pytest.raises(ValidationError):
        services.question_add(
            consultation=world.consultation,
            by=world.analyst,
            kind=QuestionKind.RATING,
            text="Rate it",
            scale_points=6,
        )


def test_an_analyst_of_another_agency_gets_not_found_and_it_is_logged(world, staff_client):
    url = f"/staff/consultations/{world.consultation.public_id}/"
    response = staff_client(world.other_analyst).get(url)
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=world.other_analyst, action="denied", record_id=world.consultation.public_id
    ).exists()
    assert world.consultation.title not in response.content.decode()


def test_other_roles_are_refused_the_builder(world, staff_client):
    assert staff_client(world.idva).get("/staff/consultations/").status_code == 403
    url = f"/staff/consultations/{world.consultation.public_id}/"
    assert staff_client(world.idva).get(url).status_code == 403


def test_a_question_with_answers_cannot_be_removed(world, staff_client):
    question = world.questions["Have you used a service?"]
    services.response_submit(
        consultation=world.consultation,
        audience="public",
        route="public",
        answers={question: "Yes"},
    )
    client = staff_client(world.analyst)
    client.post(
        f"/staff/consultations/{world.consultation.public_id}/questions/{question.public_id}/remove/"
    )
    assert Question.objects.filter(pk=question.pk).exists()

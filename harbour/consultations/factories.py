"""Test factories for consultations (synthetic data)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.consultations import services
from harbour.consultations.models import AboutYou, Audience, Consultation, QuestionKind


def consultation_make(
    *,
    by,
    audiences=(Audience.SURVIVORS, Audience.PROFESSIONALS, Audience.PUBLIC),
    open_now: bool = True,
) -> Consultation:
    """A consultation with one question of each kind and two "about you" questions."""
    today = timezone.localdate()
    start = today - datetime.timedelta(days=5) if open_now else today - datetime.timedelta(days=60)
    consultation = services.consultation_create(
        by=by,
        title="Services in the region",
        introduction="Tell us about services.",
        audiences=list(audiences),
        opens_on=start,
        closes_on=start + datetime.timedelta(days=30),
        topics=["How services work together", "Funding"],
    )
    topic = consultation.topics.first()
    services.question_add(
        consultation=consultation,
        by=by,
        kind=QuestionKind.SINGLE,
        topic=topic,
        text="Have you used a service?",
        choices=["Yes", "No"],
        required=True,
    )
    services.question_add(
        consultation=consultation,
        by=by,
        kind=QuestionKind.MULTIPLE,
        topic=topic,
        text="Which services?",
        choices=["Police", "Hub", "Refuge"],
    )
    services.question_add(
        consultation=consultation,
        by=by,
        kind=QuestionKind.RATING,
        topic=topic,
        text="How well do services work together?",
        scale_points=5,
        scale_low_label="Badly",
        scale_high_label="Well",
    )
    services.question_add(
        consultation=consultation,
        by=by,
        kind=QuestionKind.TEXT,
        topic=topic,
        text="What would make the biggest difference?",
    )
    services.question_add(
        consultation=consultation,
        by=by,
        kind=QuestionKind.SINGLE,
        text="Where do you live?",
        about_you=AboutYou.AREA,
        areas=["Liverpool", "Knowsley"],
    )
    services.question_add(
        consultation=consultation,
        by=by,
        kind=QuestionKind.SINGLE,
        text="How old are you?",
        about_you=AboutYou.AGE_BAND,
    )
    return consultation

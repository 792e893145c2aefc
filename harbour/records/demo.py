"""Synthetic demo data for records over their life: a domestic homicide review with a hold and
recommendations, her own copy waiting for review, an erasure request waiting for a second
person, and a correction she asked for. No real person."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.core import doors
from harbour.core.seeding import DemoContext
from harbour.records.models import CorrectionRequest, Review
from harbour.records.services import (
    correction_request_record,
    erasure_request,
    hold_place,
    recommendation_add,
    recommendation_complete,
    subject_access_request,
)
from harbour.records.tasks import retention_schedule


def seed(ctx: DemoContext) -> None:
    agencies = ctx.shared["agencies"]
    users = ctx.shared["users"]
    people = ctx.shared["people"]
    today = timezone.localdate()
    chair = users["marac.coordinator"]
    with doors.opened("demo seeding"):
        review = Review.objects.create(
            kind=Review.Kind.DOMESTIC_HOMICIDE,
            reference=f"DHR {today:%Y}/01 Wirral",
            chair=chair,
            started_on=today - datetime.timedelta(days=21),
        )
        hold_place(review=review, person=people["Dorota Nowak"], by=chair)
        for agency, text, due in (
            (
                "police",
                "Record every call-out to the address on one incident history, so that "
                "officers attending see earlier call-outs.",
                60,
            ),
            (
                "idva:Liverpool",
                "Offer an interpreter at the first contact when her preferred language is not "
                "English.",
                30,
            ),
            (
                "hub",
                "Ask about the children in the household at every needs assessment.",
                -7,
            ),
        ):
            recommendation = recommendation_add(
                review=review,
                by=chair,
                text=text,
                agency=agencies[agency],
                due_on=today + datetime.timedelta(days=due),
            )
        recommendation_complete(
            recommendation=recommendation,
            by=users["hub.caseworker"],
            note="Question added to the needs assessment; staff briefed.",
        )

        officer = users["police.officer"]
        subject_access_request(
            person=people["Aisha Rahman"],
            by=officer,
            received_on=today - datetime.timedelta(days=5),
        )
        erasure_request(
            person=people["Bethany Cole"],
            by=officer,
            reason="She asked for her record to be erased; she moved out of the region.",
        )
        correction_request_record(
            person=people["Aisha Rahman"],
            by=users["idva.liverpool"],
            received_on=today - datetime.timedelta(days=3),
            asked="Her preferred language is Sylheti, not Bengali.",
            outcome=CorrectionRequest.Outcome.MADE,
            outcome_reason="Her record was corrected on the day.",
        )
    retention_schedule()

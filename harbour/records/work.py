"""The records app on the person page and in the work queues."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.core.queues import Priority, WorkItem
from harbour.people.queries import may_work_with_people
from harbour.people.sections import PersonSection
from harbour.records.models import Recommendation, SubjectAccessRequest
from harbour.records.retention import person_is_held


def records_section(user, person) -> PersonSection | None:
    """Links to her own copy, corrections and erasure, for casework users reading her record
    (the people getter applied need-to-know and logged the read)."""
    if not may_work_with_people(user):
        return None
    return PersonSection(
        title=_("Her records"),
        template="records/_person_section.html",
        context={"held": person_is_held(person.pk)},
        order=90,
    )


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def records_work(user):
    """Copies her agency must send, by their statutory date; the review recommendations its
    agency has to complete."""
    if not may_work_with_people(user):
        return []
    items = [
        WorkItem(
            kind=_("Her own copy"),
            title=_("Review and release a copy of her records")
            if sar.state == SubjectAccessRequest.State.BUILT
            else _("Release a reviewed copy of her records"),
            url=reverse("records:subject-access", args=[sar.public_id]),
            priority=Priority.HIGH,
            due=_end_of(sar.due_on),
            created=sar.recorded_at,
        )
        for sar in SubjectAccessRequest.objects.filter(agency_id=user.agency_id).exclude(
            state=SubjectAccessRequest.State.RELEASED
        )[:50]
    ]
    items += [
        WorkItem(
            kind=_("Review recommendation"),
            title=_("Complete a recommendation of %(review)s") % {"review": rec.review.reference},
            url=reverse("records:recommendation", args=[rec.public_id]),
            due=_end_of(rec.due_on),
            created=rec.added_at,
        )
        for rec in Recommendation.objects.filter(
            agency_id=user.agency_id, status=Recommendation.Status.OPEN
        ).select_related("review")[:50]
    ]
    return items

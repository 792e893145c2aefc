"""Helpers for other apps' tests: synthetic incidents made through the services."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role
from harbour.incidents.choices import Relationship, Support, YesNoNotKnown


def area_make(name: str = "Liverpool", gss_code: str = "E08000012"):
    from harbour.regions.models import LocalAuthority

    return LocalAuthority.objects.get_or_create(gss_code=gss_code, defaults={"name": name})[0]


def incident_make(
    *,
    by=None,
    victim=None,
    harmers: Iterable = (),
    relationship: str = Relationship.FORMER_PARTNER,
    occurred_at: datetime.datetime | None = None,
    visited_at: datetime.datetime | None = None,
    offences: Iterable[str] = ("physical_assault",),
    domestic_abuse: bool | None = True,
    children: bool = False,
    supports_action: str = Support.YES,
    local_authority=None,
):
    """A police incident recorded by ``by`` (a new police officer if not given) for ``victim``
    (a new person if not given), naming each of ``harmers`` as harming her, and with the
    domestic-abuse decision confirmed unless ``domestic_abuse`` is None."""
    from harbour.incidents.models import OffenceType
    from harbour.incidents.services import (
        incident_domestic_abuse_confirm,
        incident_harmer_add,
        incident_record,
    )
    from harbour.people.factories import person_make

    by = by or UserFactory(role=Role.POLICE_OFFICER)
    victim = victim or person_make(by=by)
    occurred_at = occurred_at or timezone.now() - datetime.timedelta(hours=3)
    visited_at = visited_at or occurred_at + datetime.timedelta(minutes=40)
    yes_no = YesNoNotKnown.YES if children else YesNoNotKnown.NO
    incident = incident_record(
        by=by,
        victim=victim,
        occurred_at=occurred_at,
        visited_at=visited_at,
        local_authority=local_authority or victim.local_authority or area_make(),
        offences=OffenceType.objects.filter(code__in=offences),
        supports_action=supports_action,
        children_present=yes_no,
        children_in_household=yes_no,
        victim_aged_16_or_over=YesNoNotKnown.YES,
    )
    for harmer in harmers:
        incident_harmer_add(
            incident=incident,
            person=harmer,
            by=by,
            relationship=relationship,
            aged_16_or_over=YesNoNotKnown.YES,
        )
    if domestic_abuse is not None and harmers:
        incident_domestic_abuse_confirm(
            incident=incident, by=by, domestic_abuse=domestic_abuse, note="Test decision"
        )
    return incident

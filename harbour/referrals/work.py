"""Work-queue providers (``harbour.core.queues``): what each role must do next about referrals.

Titles carry references, agencies, needs and risk levels, never names: the staff home page may
be read over a shoulder. Within a priority, the oldest comes first.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from harbour.core.queues import Priority, WorkItem
from harbour.people.queries import may_work_with_people
from harbour.referrals.choices import ReceivingView, RiskLevel, SelfReferralStatus, Status
from harbour.referrals.models import Referral, SelfReferral

# How soon a decision is due after a referral arrives, by risk level.
DECISION_HOURS = {RiskLevel.HIGH: 24, RiskLevel.MEDIUM: 48}
DECISION_HOURS_OTHERWISE = 72
ASSESSMENT_HOURS = {RiskLevel.HIGH: 24, RiskLevel.MEDIUM: 72}
ASSESSMENT_HOURS_OTHERWISE = 120
SELF_REFERRAL_HOURS = 24
DECLINE_HOURS = 48

PRIORITY = {RiskLevel.HIGH: Priority.URGENT, RiskLevel.MEDIUM: Priority.HIGH}


def _priority(risk_level: str) -> int:
    return PRIORITY.get(risk_level, Priority.NORMAL)


def _hours(table: dict, otherwise: int, risk_level: str) -> datetime.timedelta:
    return datetime.timedelta(hours=table.get(risk_level, otherwise))


def _detail(referral: Referral) -> str:
    bits = [str(_("Risk: %(level)s") % {"level": referral.get_risk_level_display()})]
    if referral.need:
        bits.append(referral.need.name)
    return " · ".join(bits)


def decisions_waiting(user) -> Iterable[WorkItem]:
    """Referrals sent to the user's agency, waiting for a decision: high risk first."""
    if not may_work_with_people(user):
        return []
    referrals = Referral.objects.filter(to_agency_id=user.agency_id, status=Status.SENT)
    return [
        WorkItem(
            kind=_("Referral to decide"),
            title=_("Decide on referral %(ref)s from %(agency)s")
            % {"ref": r.reference, "agency": r.from_agency.name},
            url=reverse("referrals:detail", args=[r.public_id]),
            priority=_priority(r.risk_level),
            due=r.sent_at + _hours(DECISION_HOURS, DECISION_HOURS_OTHERWISE, r.risk_level),
            created=r.sent_at,
            detail=_detail(r),
        )
        for r in referrals.select_related("from_agency", "need")
    ]


def assessments_waiting(user) -> Iterable[WorkItem]:
    """The hub's accepted referrals that still need a needs assessment."""
    from harbour.referrals.queries import triage_referrals_without_assessment

    if not may_work_with_people(user):
        return []
    return [
        WorkItem(
            kind=_("Needs assessment"),
            title=_("Assess needs for referral %(ref)s") % {"ref": r.reference},
            url=reverse("referrals:assessment", args=[r.public_id]),
            priority=_priority(r.risk_level),
            due=r.accepted_at + _hours(ASSESSMENT_HOURS, ASSESSMENT_HOURS_OTHERWISE, r.risk_level),
            created=r.sent_at,
            detail=_detail(r),
        )
        for r in triage_referrals_without_assessment(user.agency_id)
        if r.receiving_view == ReceivingView.TRIAGE
    ]


def self_referrals_waiting(user) -> Iterable[WorkItem]:
    """Self-referrals from the public site waiting for the hub to triage them."""
    if not may_work_with_people(user):
        return []
    waiting = SelfReferral.objects.filter(agency_id=user.agency_id, status=SelfReferralStatus.NEW)
    # Messages the flood limits flagged come after the others, so a flood does not bury them.
    return [
        WorkItem(
            kind=_("Self-referral"),
            title=(
                _("Triage a flagged self-referral (%(ref)s)")
                if s.flagged
                else _("Triage a self-referral (%(ref)s)")
            )
            % {"ref": s.public_id[:8].upper()},
            url=reverse("referrals:self-referral", args=[s.public_id]),
            priority=Priority.NORMAL if s.flagged else Priority.HIGH,
            due=s.received_at + datetime.timedelta(hours=SELF_REFERRAL_HOURS),
            created=s.received_at,
        )
        for s in waiting
    ]


def declines_to_act_on(user) -> Iterable[WorkItem]:
    """Referrals the user's agency sent that were declined: find other support."""
    if not may_work_with_people(user):
        return []
    declined = Referral.objects.filter(
        from_agency_id=user.agency_id,
        status=Status.DECLINED,
        decline_dealt_with_at__isnull=True,
    ).select_related("to_agency", "need")
    return [
        WorkItem(
            kind=_("Declined referral"),
            title=_("Referral %(ref)s was declined by %(agency)s: find other support")
            % {"ref": r.reference, "agency": r.to_agency.name},
            url=reverse("referrals:detail", args=[r.public_id]),
            priority=_priority(r.risk_level),
            due=r.declined_at + datetime.timedelta(hours=DECLINE_HOURS),
            created=r.sent_at,
            detail=_detail(r),
        )
        for r in declined
    ]


PROVIDERS = (decisions_waiting, assessments_waiting, self_referrals_waiting, declines_to_act_on)

"""Demo referrals: several states between the demo agencies, a completed needs assessment, an
onward referral accepted by a specialist service, and two self-referrals. All synthetic."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.core.seeding import DemoContext
from harbour.directory.models import Service
from harbour.directory.queries import need_get
from harbour.people.models import LawfulBasis, ProcessingCondition, Regime
from harbour.people.services import agreement_record
from harbour.referrals.choices import DeclineReason, Domain, NeedLevel, Outcome, RiskLevel
from harbour.referrals.models import Referral, SelfReferral
from harbour.referrals.services import (
    SharingBasis,
    needs_assessment_record,
    referral_accept,
    referral_close,
    referral_decline,
    referral_send,
    self_referral_submit,
)


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def _backdate(referral: Referral, when: datetime.datetime) -> None:
    Referral.objects.filter(pk=referral.pk).update(sent_at=when)
    referral.sent_at = when


def seed(ctx: DemoContext) -> None:
    users = ctx.shared["users"]
    agencies = ctx.shared["agencies"]
    people = ctx.shared["people"]  # by name
    areas = ctx.shared["areas"]
    officer = users["police.officer"]
    hub_worker = users["hub.caseworker"]
    specialist = users["specialist.caseworker"]
    hub = agencies["hub"]
    police_basis = SharingBasis(
        regime=Regime.DPA_PART_3,
        basis=LawfulBasis.objects.get(code="dpa-35-2-b-law-enforcement-task"),
    )
    statutory = ProcessingCondition.objects.get(code="dpa-sch1-p6-statutory-purposes")
    # A referral tells the agency she is the victim of an alleged offence: under UK GDPR a public
    # task needs a condition that covers offence information (decision 0040).
    public_task = SharingBasis(
        regime=Regime.UK_GDPR,
        basis=LawfulBasis.objects.get(code="gdpr-6-1-e-public-task"),
        condition=statutory,
        preconditions_confirmed=statutory.preconditions,
    )
    aisha, bethany, dorota, esther, fiona = (
        people[name]
        for name in (
            "Aisha Rahman",
            "Bethany Cole",
            "Dorota Nowak",
            "Esther Adeyemi",
            "Fiona Gallagher",
        )
    )

    def from_police(person, *, risk, reason, background, reasons="", days=0, hours=0):
        referral = referral_send(
            person=person,
            by=officer,
            to_agency=hub,
            reason=reason,
            circumstances=background,
            risk_level=risk,
            risk_reasons=reasons,
            need=need_get("domestic-abuse"),
            sharing=police_basis,
        )
        _backdate(referral, _ago(days=days, hours=hours))
        return referral

    # Waiting for the hub: high risk, sent this morning.
    from_police(
        bethany,
        risk=RiskLevel.HIGH,
        reason="Needs safety planning and support after a police call-out. Agrees to the hub "
        "calling her.",
        background="Officers attended after a neighbour called. Third call-out this year.",
        reasons="Visible high risk on the police checklist: strangulation, escalation, separation.",
        hours=3,
    )

    # Accepted by the hub, needs assessed, referred on to outreach (waiting for a decision).
    esther_referral = from_police(
        esther,
        risk=RiskLevel.MEDIUM,
        reason="Wants help with housing and money after leaving her partner.",
        background="Reported controlling behaviour and financial abuse.",
        days=4,
    )
    esther_referral = referral_accept(referral=esther_referral, by=hub_worker)
    needs_assessment_record(
        referral=esther_referral,
        by=hub_worker,
        levels={
            Domain.SAFETY: (NeedLevel.MEDIUM, "Safety plan agreed on the phone."),
            Domain.HEALTH: (NeedLevel.LOW, ""),
            Domain.HOUSING: (NeedLevel.HIGH, "Staying with a friend; needs somewhere to live."),
            Domain.MONEY: (NeedLevel.HIGH, "No access to her own bank account."),
            Domain.LEGAL: (NeedLevel.LOW, ""),
            Domain.CHILDREN: (NeedLevel.NONE, ""),
            Domain.EMOTIONAL: (NeedLevel.MEDIUM, "Would like someone to talk to."),
        },
        support_needs=[need_get("domestic-abuse")],
        summary="Priorities: housing and money. Outreach support suggested.",
    )
    outreach_service = Service.objects.get(name="Domestic abuse community outreach")
    referral_send(
        person=esther,
        by=hub_worker,
        to_agency=outreach_service.organisation.agency,
        service=outreach_service,
        need=need_get("domestic-abuse"),
        reason="Needs help to find somewhere to live and to open her own bank account.",
        risk_level=RiskLevel.MEDIUM,
        onward_from=esther_referral,
        sharing=public_task,
    )

    # Accepted by the hub and referred on, with her agreement, to the harmful-practices
    # service, which accepted it.
    aisha_referral = from_police(
        aisha,
        risk=RiskLevel.HIGH,
        reason="Frightened about family pressure to marry; asked for specialist support.",
        background="Disclosed threats from relatives during a police visit.",
        reasons="Professional judgement: threats of so-called honour-based violence.",
        days=6,
    )
    aisha_referral = referral_accept(referral=aisha_referral, by=hub_worker)
    needs_assessment_record(
        referral=aisha_referral,
        by=hub_worker,
        levels={
            Domain.SAFETY: (NeedLevel.HIGH, "Safety plan; code word agreed."),
            Domain.HEALTH: (NeedLevel.NONE, ""),
            Domain.HOUSING: (NeedLevel.MEDIUM, ""),
            Domain.MONEY: (NeedLevel.LOW, ""),
            Domain.LEGAL: (NeedLevel.MEDIUM, "May want a forced marriage protection order."),
            Domain.CHILDREN: (NeedLevel.NONE, ""),
            Domain.EMOTIONAL: (NeedLevel.HIGH, ""),
        },
        support_needs=[need_get("forced-marriage")],
    )
    agreement = agreement_record(
        person=aisha,
        by=hub_worker,
        agencies=[agencies["harmful_practices"]],
        purpose="Specialist harmful-practices support",
        given_at=_ago(days=5),
        given_how="phone",
        explicit=True,
    )
    casework = Service.objects.get(name="Forced marriage and honour-based abuse casework")
    onward = referral_send(
        person=aisha,
        by=hub_worker,
        to_agency=agencies["harmful_practices"],
        service=casework,
        need=need_get("forced-marriage"),
        reason="Wants advice and support about pressure to marry. Speaks Bengali; an "
        "interpreter helps.",
        risk_level=RiskLevel.HIGH,
        onward_from=aisha_referral,
        sharing=SharingBasis(
            regime=Regime.UK_GDPR,
            basis=LawfulBasis.objects.get(code="gdpr-6-1-a-consent"),
            condition=ProcessingCondition.objects.get(code="dpa-sch1-p29-consent-criminal"),
            agreement=agreement,
        ),
    )
    referral_accept(referral=onward, by=specialist)

    # Declined by the hub: she lives outside the area it covers.
    fiona_referral = from_police(
        fiona,
        risk=RiskLevel.STANDARD,
        reason="Asked for support after a reported incident.",
        background="Verbal abuse from an ex-partner.",
        days=2,
    )
    referral_decline(
        referral=fiona_referral,
        by=hub_worker,
        reason=DeclineReason.OUTSIDE_AREA,
        details="Halton is covered by the Cheshire victim service.",
    )

    # Closed after support.
    dorota_referral = from_police(
        dorota,
        risk=RiskLevel.MEDIUM,
        reason="Wanted emotional support and information about court.",
        background="Harassment by an ex-partner; a court date is set.",
        days=30,
    )
    dorota_referral = referral_accept(referral=dorota_referral, by=hub_worker)
    referral_close(
        referral=dorota_referral,
        by=hub_worker,
        outcome=Outcome.SUPPORT_COMPLETED,
        notes="Supported through the court date.",
    )

    # Two self-referrals waiting for triage.
    first = self_referral_submit(
        safe_channels=["text_message"],
        phone="07700 900777",
        name="Grace",
        safe_times="Weekdays after 10am",
        voicemail_ok="no",
        code_word="Marigold",
        help_with=[Domain.SAFETY, Domain.HOUSING],
        message="My partner checks my phone in the evenings. Please only text.",
        local_authority=areas["Sefton"],
    )
    second = self_referral_submit(
        safe_channels=["email"],
        email="helen.w@example.org",
        help_with=[Domain.EMOTIONAL],
        language="English",
    )
    SelfReferral.objects.filter(pk=first.pk).update(received_at=_ago(hours=20))
    SelfReferral.objects.filter(pk=second.pk).update(received_at=_ago(hours=2))

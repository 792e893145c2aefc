"""Demo: the region dashboard's earlier quarter of referrals and risk assessments (decision 0054).

The follow-up seeder records incidents, with the officer's checklist, in the last quarter already
released, for the figures. Here most of those women, and 45 more women in each area (each
with a checklist), get a referral to the victim care hub from the police (a few their own),
decided within days and closed since, and some of those the hub accepted are referred on to
their area's IDVA service, so the quarter's releases of
``referrals.referrals``, ``referrals.flows`` and ``risk.levels`` have figures to show. Nothing
here is left open in anyone's queue. All synthetic; runs before the statistics seeder that
makes the releases.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.accounts.roles import AgencyKind
from harbour.core.seeding import DemoContext
from harbour.directory.queries import need_get
from harbour.incidents.models import Incident
from harbour.people.services import person_create
from harbour.referrals.choices import DeclineReason, Outcome, ReceivingView, RiskLevel, Status
from harbour.referrals.models import Referral
from harbour.risk.definitions import Level
from harbour.risk.models import Assessment
from harbour.risk.queries import risk_tool_current
from harbour.statistics.periods import QUARTER

NEEDS = ["domestic-abuse"] * 6 + [
    "housing",
    "housing",
    "emotional-support",
    "money",
    "legal-advice",
]
LEVELS = [Level.STANDARD] * 5 + [Level.MEDIUM] * 3 + [Level.HIGH] * 2
DAYS_TO_ACCEPT = [0, 0, 0, 1, 1, 2, 2, 4, 5, 6, 9, 12]


WOMEN_PER_AREA = 45  # more women, beside the follow-up seeder's, so every area has figures
GIVEN = ["Alison", "Bridget", "Ciara", "Deborah", "Eleanor", "Gemma", "Hannah", "Jodie"]
FAMILY = ["Ashworth", "Brady", "Corless", "Dunne", "Fairclough", "Griffiths", "Hesketh"]


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    users, agencies = ctx.shared["users"], ctx.shared["agencies"]
    officer, hub_worker = users["police.officer"], users["hub.caseworker"]
    police, hub = agencies["police"], agencies["hub"]
    quarter = QUARTER.containing(timezone.localdate() - datetime.timedelta(days=15)).previous()
    start, end = quarter.datetimes(timezone.get_current_timezone())
    span = int((end - start).total_seconds() // 3600) - 24 * 12
    tool = risk_tool_current(key="police-checklist")
    women = []  # (woman, her area, when she was seen, her risk level)
    for incident in (
        Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .exclude(visited_at=None)
        .select_related("victim", "local_authority")
        .order_by("occurred_at", "pk")
    ):
        checklist = incident.assessments.order_by("-assessed_at").first()
        level = checklist.level if checklist else Level.STANDARD
        women.append((incident.victim, incident.local_authority, incident.visited_at, level))
    for area in ctx.shared["areas"].values():
        for _ in range(WOMEN_PER_AREA):
            seen = start + datetime.timedelta(hours=rng.randint(12, span))
            woman = person_create(
                by=officer,
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                date_of_birth=datetime.date(
                    rng.randint(1970, 2003), rng.randint(1, 12), rng.randint(1, 28)
                ),
                local_authority=area,
            )
            level = rng.choice(LEVELS)
            Assessment.objects.create(
                tool_version=tool,
                person=woman,
                level=level,
                tool_level=level,
                yes_count={Level.STANDARD: 3, Level.MEDIUM: 9, Level.HIGH: 15}[level],
                not_known_count=0,
                question_count=27,
                assessed_by=officer,
                assessed_by_agency=police,
                assessed_at=seen,
            )
            women.append((woman, area, seen, level))
    needs = {code: need_get(code) for code in set(NEEDS)}
    for woman, area, seen, level in women:
        if rng.random() < 0.15:
            continue  # she did not want a referral
        own = rng.random() < 0.1
        sent = seen + datetime.timedelta(hours=rng.randint(2, 30))
        need = needs[rng.choice(NEEDS)]
        first = _referral(
            ctx,
            person=woman,
            from_agency=None if own else police,
            to_agency=hub,
            need=need,
            risk=RiskLevel(level),
            sent=sent,
            decider=hub_worker,
        )
        idva = agencies.get(f"idva:{area.name}")
        if first.accepted_at and idva and rng.random() < 0.5:
            onward = first.accepted_at + datetime.timedelta(hours=rng.randint(1, 20))
            if onward < end:  # kept in the quarter it is shown in
                _referral(
                    ctx,
                    person=woman,
                    from_agency=hub,
                    to_agency=idva,
                    need=need,
                    risk=RiskLevel(level),
                    sent=onward,
                    decider=hub_worker,
                )


def _referral(
    ctx: DemoContext, *, person, from_agency, to_agency, need, risk, sent, decider
) -> Referral:
    """A referral as it stands once decided and closed (or withdrawn before a decision)."""
    rng = ctx.rng
    fate = rng.random()
    fields: dict = {}
    if fate < 0.7:
        accepted = sent + datetime.timedelta(days=rng.choice(DAYS_TO_ACCEPT), hours=1)
        fields = {
            "status": Status.CLOSED,
            "accepted_at": accepted,
            "accepted_by": decider,
            "closed_at": accepted + datetime.timedelta(days=30),
            "closed_by": decider,
            "outcome": rng.choice([Outcome.SUPPORT_COMPLETED, Outcome.REFERRED_ON]),
        }
    elif fate < 0.9:
        declined = sent + datetime.timedelta(days=rng.choice([0, 1, 2]), hours=2)
        fields = {
            "status": Status.DECLINED,
            "declined_at": declined,
            "declined_by": decider,
            "decline_reason": rng.choice([DeclineReason.NO_CAPACITY, DeclineReason.SHE_DECLINED]),
            "decline_dealt_with_at": declined + datetime.timedelta(days=1),
            "decline_dealt_with_by": decider,
        }
    else:
        fields = {
            "status": Status.WITHDRAWN,
            "withdrawn_at": sent + datetime.timedelta(days=1),
            "withdrawn_by": decider,
            "withdraw_reason": "She is already getting support elsewhere.",
        }
    hub = to_agency.kind == AgencyKind.VICTIM_CARE_HUB
    view = ReceivingView.TRIAGE if hub else ReceivingView.ADVOCACY
    return Referral.objects.create(
        person=person,
        from_agency=from_agency,
        to_agency=to_agency,
        need=need,
        receiving_view=view,
        reason="Support after a police call-out (synthetic demo record).",
        risk_level=risk,
        sent_at=sent,
        **fields,
    )

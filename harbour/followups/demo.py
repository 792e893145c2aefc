"""Synthetic demo data for the 24-hour follow-up. No real person or event.

- Knowsley and St Helens take part (Knowsley shares on the public task with the statutory
  purposes condition; St Helens only with her agreement), from a day in 2026.
- Today's follow-ups in every state: one waiting for the police officer to record what she was
  told, one due soon, one overdue after a failed attempt, one visited in time whose decision
  changed, one visited late, one she declined, one never shared (she could not be asked), one
  withdrawn after a correction, one closed without a visit (she could not be reached).
- Earlier months: incidents in the pilot areas and in Sefton and Wirral, so that the figures
  page has something to compare (most small counts are withheld, as they should be).

Sign-ins added: ``idva.knowsley`` and ``idva.sthelens`` (IDVAs) and ``idva.manager`` (the
Knowsley service's manager, its escalation contact).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.accounts.roles import Role
from harbour.accounts.services import totp_device_create_confirmed, user_create
from harbour.core.seeding import DemoContext
from harbour.followups.choices import (
    CloseReason,
    ContactMethod,
    NoticeAnswer,
    Prosecution,
    ReferralService,
)
from harbour.followups.models import Followup, FollowupScheme
from harbour.followups.services import (
    followup_close,
    followup_contact_record,
    followup_decision_record,
    followup_notice_record,
)
from harbour.incidents.choices import Relationship, Support, YesNoNotKnown
from harbour.incidents.models import OffenceType
from harbour.incidents.services import (
    incident_domestic_abuse_confirm,
    incident_harmer_add,
    incident_record,
    incident_support_record,
)
from harbour.people.models import LawfulBasis, ProcessingCondition
from harbour.people.services import person_create
from harbour.risk.definitions import Answer, Level
from harbour.risk.queries import risk_tool_current
from harbour.risk.services import assessment_record

GIVEN = [
    "Amy",
    "Bernadette",
    "Carly",
    "Donna",
    "Elaine",
    "Gemma",
    "Hayley",
    "Jade",
    "Kerry",
    "Leanne",
    "Megan",
    "Nicola",
    "Paula",
    "Rachel",
    "Shauna",
    "Tanya",
    "Vicky",
    "Zoe",
]
FAMILY = [
    "Ashton",
    "Brennan",
    "Croft",
    "Dunne",
    "Everett",
    "Fairclough",
    "Gillespie",
    "Heaton",
    "Irwin",
    "Jolley",
    "Kavanagh",
    "Lomax",
    "McArdle",
    "Norris",
    "Oakes",
    "Prescott",
]
HARMER_GIVEN = ["Carl", "Dean", "Gary", "Jason", "Lee", "Mark", "Ryan", "Scott", "Wayne"]

STATUTORY_PURPOSES = "dpa-sch1-p6-statutory-purposes"


def _users(ctx: DemoContext) -> dict:
    agencies = ctx.shared["agencies"]
    made = {}
    for username, agency_key, first, last, title in [
        ("idva.knowsley", "idva:Knowsley", "Maria", "Quinlan", "IDVA"),
        ("idva.sthelens", "idva:St Helens", "Grace", "Ibekwe", "IDVA"),
        ("idva.manager", "idva:Knowsley", "Ruth", "Appleby", "IDVA service manager"),
    ]:
        user = user_create(
            username=username,
            agency=agencies[agency_key],
            role=Role.IDVA,
            password=ctx.password,
            email=f"{username}@example.org",
            first_name=first,
            last_name=last,
            job_title=title,
        )
        totp_device_create_confirmed(user)
        made[username] = user
        ctx.add_sign_in(username, f"{title}, {user.agency.name}")
    ctx.shared["users"].update(made)
    return made


def _schemes(ctx: DemoContext, users: dict) -> None:
    areas = ctx.shared["areas"]
    agencies = ctx.shared["agencies"]
    starts_on = min(datetime.date(2026, 4, 1), timezone.localdate() - datetime.timedelta(days=200))
    statutory = ProcessingCondition.objects.get(code=STATUTORY_PURPOSES)
    knowsley = FollowupScheme.objects.create(
        local_authority=areas["Knowsley"],
        starts_on=starts_on,
        idva_service=agencies["idva:Knowsley"],
        share_regime="uk_gdpr",
        share_basis=LawfulBasis.objects.get(code="gdpr-6-1-e-public-task"),
        share_condition=statutory,
        share_preconditions_confirmed=list(statutory.preconditions),
        share_justification=(
            "Merseyside Police and the Knowsley IDVA Service data-sharing agreement for the "
            "24-hour follow-up: safeguarding duties and the Victims' Code referral to support."
        ),
    )
    knowsley.escalation_contacts.set([users["idva.manager"]])
    FollowupScheme.objects.create(
        local_authority=areas["St Helens"],
        starts_on=starts_on + datetime.timedelta(days=14),
        # No IDVA service named: the one covering St Helens is used.
        share_regime="uk_gdpr",
        share_basis=LawfulBasis.objects.get(code="gdpr-6-1-a-consent"),
        share_condition=ProcessingCondition.objects.get(code="dpa-sch1-p29-consent-criminal"),
    )


class _Maker:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.officer = ctx.shared["users"]["police.officer"]
        self.areas = ctx.shared["areas"]
        self.offences = list(
            OffenceType.objects.filter(
                code__in=["physical_assault", "coercive_control", "stalking_harassment"]
            )
        )
        self.now = timezone.now()
        self.n = 0

    def incident(self, *, area: str, visited_ago: datetime.timedelta, support: str):
        rng = self.ctx.rng
        self.n += 1
        visited = self.now - visited_ago
        victim = person_create(
            by=self.officer,
            given_name=rng.choice(GIVEN),
            family_name=f"{rng.choice(FAMILY)}",
            date_of_birth=datetime.date(
                rng.randint(1970, 2003), rng.randint(1, 12), rng.randint(1, 28)
            ),
            local_authority=self.areas[area],
        )
        harmer = person_create(
            by=self.officer,
            given_name=rng.choice(HARMER_GIVEN),
            family_name=victim.family_name,
            date_of_birth=datetime.date(
                rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28)
            ),
            local_authority=self.areas[area],
        )
        incident = incident_record(
            by=self.officer,
            victim=victim,
            occurred_at=visited - datetime.timedelta(minutes=rng.choice([20, 35, 50, 75])),
            visited_at=visited,
            local_authority=self.areas[area],
            offences=[rng.choice(self.offences)] if self.offences else [],
            supports_action=support,
            children_present=YesNoNotKnown.NO,
            children_in_household=YesNoNotKnown.NO,
            force_reference=f"MP-{visited:%y%m%d}-{rng.randint(1000, 9999)}",
        )
        incident_harmer_add(
            incident=incident,
            person=harmer,
            by=self.officer,
            relationship=rng.choice([Relationship.PARTNER, Relationship.FORMER_PARTNER]),
            aged_16_or_over=YesNoNotKnown.YES,
        )
        incident_domestic_abuse_confirm(incident=incident, by=self.officer, domestic_abuse=True)
        if visited_ago > datetime.timedelta(days=1):
            # Officers complete the checklist at the scene; only today's incidents still wait.
            self.checklist(incident, victim)
        return incident

    def checklist(self, incident, victim) -> None:
        definition = risk_tool_current(key="police-checklist").definition
        plain = [q.id for q in definition.questions if not q.opens]
        yes = set(self.ctx.rng.sample(plain, self.ctx.rng.randint(2, 7)))
        answers = {q.id: Answer.YES if q.id in yes else Answer.NO for q in definition.questions}
        level = Level.MEDIUM if len(yes) > 4 else Level.STANDARD
        assessment_record(
            by=self.officer,
            person=victim,
            tool_key="police-checklist",
            answers=answers,
            officer_level=level,
            officer_reasons="Graded on the answers, her account and the scene.",
            incident=incident,
            assessed_at=incident.visited_at + datetime.timedelta(minutes=30),
        )

    def tell(self, incident, answer=NoticeAnswer.AGREES) -> Followup | None:
        followup = Followup.objects.filter(incident=incident).first()
        if followup is None:
            return None
        told = incident.visited_at if answer != NoticeAnswer.NOT_TOLD else None
        return followup_notice_record(
            followup=followup, by=self.officer, answer=answer, told_at=told
        )

    def visit(self, followup, idva, *, after: datetime.timedelta, decision: str, attempts: int = 0):
        at = followup.police_visited_at
        for i in range(attempts):
            followup_contact_record(
                followup=followup,
                by=idva,
                at=at + after * (i + 1) / (attempts + 2),
                method=ContactMethod.PHONE,
                contact_made=False,
                note="No answer; left no message, as her safe-contact notes ask.",
            )
        followup_contact_record(
            followup=followup,
            by=idva,
            at=at + after,
            method=self.ctx.rng.choice([ContactMethod.IN_PERSON, ContactMethod.PHONE]),
            contact_made=True,
            safety_plan="yes",
            safety_plan_summary="Safe word agreed with her sister; bag packed at a friend's house.",
            referrals=self.ctx.rng.sample(
                [ReferralService.OUTREACH, ReferralService.HOUSING, ReferralService.LEGAL], k=2
            ),
            supports_prosecution=decision,
        )


def _earlier(rng) -> datetime.timedelta:
    """How long ago a visit for the figures was: a moment in the last quarter already released
    (quarters are released a fortnight after they end), so the figures page has figures."""
    from harbour.statistics.periods import QUARTER

    quarter = QUARTER.containing(timezone.localdate() - datetime.timedelta(days=15)).previous()
    start, end = quarter.datetimes(timezone.get_current_timezone())
    hours = int((end - start).total_seconds() // 3600)
    return timezone.now() - (start + datetime.timedelta(hours=rng.randint(12, hours - 12)))


def seed(ctx: DemoContext) -> None:
    users = _users(ctx)
    _schemes(ctx, users)
    make = _Maker(ctx)
    rng = ctx.rng
    knowsley, sthelens = users["idva.knowsley"], users["idva.sthelens"]
    hours = lambda h: datetime.timedelta(hours=h)  # noqa: E731

    # Earlier months, for the figures: enough that some shares survive disclosure control.
    for area, idva in (("Knowsley", knowsley), ("St Helens", sthelens)):
        visits = ["within"] * 13 + ["later"] * 6 + ["declined"] * 5
        decisions = [Prosecution.YES] * 9 + [Prosecution.NO] * 5 + [Prosecution.UNDECIDED] * 5
        supports = [Support.YES] * 8 + [Support.NO] * 8 + [Support.UNDECIDED] * 8
        for items in (visits, decisions, supports):
            rng.shuffle(items)
        for visit, support in zip(visits, supports, strict=True):
            incident = make.incident(area=area, visited_ago=_earlier(rng), support=support)
            if visit == "declined":
                make.tell(incident, NoticeAnswer.DECLINES)
                continue
            followup = make.tell(incident)
            decision = decisions.pop()
            after = (
                rng.choice([3, 8, 15, 20, 22]) if visit == "within" else rng.choice([26, 30, 40])
            )
            make.visit(followup, idva, after=hours(after), decision=decision)
            if decision == Prosecution.YES and support != Support.YES:
                incident_support_record(
                    incident=incident,
                    by=make.officer,
                    value=Support.YES,
                    note="Changed her mind after talking with the IDVA.",
                )
    supports = [Support.YES] * 8 + [Support.NO] * 8 + [Support.UNDECIDED] * 8
    rng.shuffle(supports)
    for index, support in enumerate(supports):
        area = "Sefton" if index % 2 else "Wirral"
        make.incident(area=area, visited_ago=_earlier(rng), support=support)

    # Today: every state.
    make.incident(area="Knowsley", visited_ago=hours(1), support=Support.UNDECIDED)  # awaiting
    make.tell(make.incident(area="Knowsley", visited_ago=hours(21), support=Support.YES))  # soon
    overdue = make.tell(make.incident(area="Knowsley", visited_ago=hours(27), support=Support.NO))
    followup_contact_record(
        followup=overdue,
        by=knowsley,
        at=overdue.police_visited_at + hours(6),
        method=ContactMethod.PHONE,
        contact_made=False,
        note="Phone switched off.",
    )
    changed = make.tell(
        make.incident(area="Knowsley", visited_ago=hours(40), support=Support.UNDECIDED)
    )
    make.visit(changed, knowsley, after=hours(16), decision=Prosecution.UNDECIDED, attempts=1)
    followup_decision_record(
        followup=changed, by=knowsley, value=Prosecution.YES, note="Decided after talking it over."
    )
    late = make.tell(make.incident(area="St Helens", visited_ago=hours(34), support=Support.NO))
    make.visit(late, sthelens, after=hours(28), decision=Prosecution.NO, attempts=2)
    make.tell(
        make.incident(area="St Helens", visited_ago=hours(5), support=Support.NO),
        NoticeAnswer.DECLINES,
    )
    make.tell(
        make.incident(area="St Helens", visited_ago=hours(3), support=Support.UNDECIDED),
        NoticeAnswer.NOT_TOLD,
    )
    corrected = make.incident(area="Knowsley", visited_ago=hours(8), support=Support.NO)
    make.tell(corrected)
    incident_domestic_abuse_confirm(  # withdrawn: corrected on review
        incident=corrected,
        by=make.officer,
        domestic_abuse=False,
        note="Corrected on review: marked as domestic abuse in error.",
    )
    # Closed without a visit: she could not be reached after several tries.
    unreached = make.tell(
        make.incident(area="St Helens", visited_ago=hours(30), support=Support.NO)
    )
    for tried_after, note in (
        (2, "No answer."),
        (9, "No answer; no voicemail left."),
        (20, "Number unobtainable."),
    ):
        followup_contact_record(
            followup=unreached,
            by=sthelens,
            at=unreached.police_visited_at + hours(tried_after),
            method=ContactMethod.PHONE,
            contact_made=False,
            note=note,
        )
    followup_close(
        followup=unreached,
        by=sthelens,
        reason=CloseReason.NO_CONTACT,
        note="Three calls over a day; the number no longer works. The police were told.",
    )

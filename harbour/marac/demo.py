"""Synthetic demo MARAC data: a MARAC for every area of the region (run by its council, with the
recorded sharing bases), and for Liverpool a history of meetings. No real person or event.

- two meetings in the last completed reporting year (October to September), every case heard
  and closed: one woman is heard twice, the second time as a repeat (a new incident by the same
  man within 12 months), so the figures page has something to show (small counts withheld);
- a meeting about two weeks ago: two cases heard, actions agreed for the police and the
  Liverpool IDVA service, one of them overdue;
- a meeting in about ten days: two cases on the agenda, the agencies invited, the police's
  research recorded;
- Aisha Rahman's referral (made when the police checklist graded her high risk, in the
  incidents demo) is waiting for a meeting; so are Bethany Cole's (Knowsley) and Esther
  Adeyemi's (St Helens).

Past meetings are built through the services as meetings to come, then moved to their dates:
the services rightly refuse to schedule a meeting in the past.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.core.seeding import DemoContext
from harbour.incidents.choices import Relationship, Support, YesNoNotKnown
from harbour.incidents.models import OffenceType
from harbour.incidents.services import (
    incident_domestic_abuse_confirm,
    incident_harmer_add,
    incident_record,
)
from harbour.marac import rules
from harbour.marac.choices import ClosureOutcome, HearingOutcome
from harbour.marac.models import (
    Hearing,
    Information,
    Invitation,
    MaracAction,
    MaracReferral,
    Meeting,
    ReferralReason,
)
from harbour.marac.services import (
    BasisSpec,
    action_complete,
    action_record,
    hearing_add,
    hearing_outcome_record,
    information_record,
    invitations_send,
    marac_setup,
    meeting_schedule,
    referral_close,
)
from harbour.people.models import LawfulBasis, ProcessingCondition, Regime
from harbour.people.services import person_create
from harbour.risk.definitions import Answer, Level
from harbour.risk.queries import risk_tool_current
from harbour.risk.services import assessment_record

PROTOCOL = "Merseyside MARAC information-sharing protocol (synthetic demo, version 3)"

PARTNER, FORMER, SPOUSE = Relationship.PARTNER, Relationship.FORMER_PARTNER, Relationship.SPOUSE

# given, family, born; the person harming her: given, family, born, relationship
LIVERPOOL_CASES = [
    ("Grace", "Tierney", (1989, 4, 11), ("Liam", "Tierney", (1987, 2, 2), PARTNER)),
    ("Hannah", "Okoro", (1993, 8, 23), ("Daniel", "Price", (1990, 5, 17), FORMER)),
    ("Isla", "Murphy", (1998, 1, 5), ("Ryan", "Doyle", (1996, 9, 30), PARTNER)),
    ("Jade", "Whitlow", (1985, 12, 19), ("Craig", "Whitlow", (1983, 7, 7), SPOUSE)),
    ("Kerry", "Ansell", (1979, 3, 2), ("Paul", "Lunt", (1976, 10, 12), FORMER)),
    ("Leanne", "Sharpe", (1991, 6, 28), ("Jordan", "Keane", (1992, 1, 16), PARTNER)),
    ("Mia", "Costa", (2000, 10, 9), ("Tyler", "Reid", (1999, 4, 4), FORMER)),
    ("Nina", "Volkova", (1987, 5, 14), ("Sergei", "Volkov", (1984, 8, 21), SPOUSE)),
    ("Olivia", "Brandt", (1995, 2, 27), ("Max", "Hollins", (1994, 11, 3), PARTNER)),
    ("Rosa", "Delaney", (1983, 9, 1), ("Gavin", "Delaney", (1981, 3, 19), SPOUSE)),
]  # fmt: skip


def _bases() -> list[BasisSpec]:
    def basis(code: str):
        return LawfulBasis.objects.get(code=code)

    def condition(code: str):
        return ProcessingCondition.objects.get(code=code)

    p6 = condition("dpa-sch1-p6-statutory-purposes")
    sch8 = condition("dpa-35-5-sch8-p1-statutory")
    return [
        BasisSpec(
            regime=Regime.UK_GDPR,
            basis=basis("gdpr-6-1-e-public-task"),
            condition=p6,
            preconditions_confirmed=list(p6.preconditions),
            purpose="Crime and Disorder Act 1998 s.115; Domestic Abuse Act 2021",
        ),
        BasisSpec(
            regime=Regime.DPA_PART_3,
            basis=basis("dpa-35-2-b-law-enforcement-task"),
            condition=sch8,
            preconditions_confirmed=list(sch8.preconditions),
            purpose="Prevention and detection of crime; protecting her from harm",
        ),
    ]


def _answers() -> dict[str, str]:
    definition = risk_tool_current(key="police-checklist").definition
    yes = {"injury", "frightened", "afraid_of", "separation", "getting_worse", "threats_to_kill"}
    return {q.id: Answer.YES if q.id in yes else Answer.NO for q in definition.questions}


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), rules.LONDON)


class _Liverpool:
    """The Liverpool MARAC's history, made through the services."""

    def __init__(self, ctx: DemoContext, marac):
        users = ctx.shared["users"]
        self.ctx = ctx
        self.marac = marac
        self.area = marac.local_authority
        self.officer = users["police.officer"]
        self.idva = users["idva.liverpool"]
        self.coordinator = users["marac.coordinator"]
        self.offences = list(OffenceType.objects.filter(code__in=["physical_assault"]))
        self.answers = _answers()

    def incident(self, victim, harmer, relationship, occurred: datetime.datetime):
        record = incident_record(
            by=self.officer,
            victim=victim,
            occurred_at=occurred,
            visited_at=occurred + datetime.timedelta(minutes=50),
            local_authority=self.area,
            offences=self.offences,
            supports_action=Support.YES,
            children_present=YesNoNotKnown.NO,
            children_in_household=YesNoNotKnown.NO,
            force_reference=f"MP-{occurred:%y%m%d}-{self.ctx.rng.randint(1000, 9999)}",
        )
        incident_harmer_add(
            incident=record, person=harmer, by=self.officer, relationship=relationship
        )
        incident_domestic_abuse_confirm(incident=record, by=self.officer, domestic_abuse=True)
        return record

    def referred(self, victim, harmer, relationship, occurred) -> MaracReferral:
        """A police incident graded high risk: Harbour refers her (or, for a repeat, the
        incident itself does); the referral is dated an hour after the checklist."""
        record = self.incident(victim, harmer, relationship, occurred)
        checked = record.visited_at + datetime.timedelta(minutes=30)
        assessment_record(
            by=self.officer,
            person=victim,
            tool_key="police-checklist",
            answers=self.answers,
            officer_level=Level.HIGH,
            officer_reasons="Threats to kill at separation; injuries; getting worse.",
            incident=record,
            assessed_at=checked,
        )
        referral = MaracReferral.objects.get(person=victim, status="open")
        when = checked + datetime.timedelta(hours=1)
        MaracReferral.objects.filter(pk=referral.pk).update(referred_at=when)
        ReferralReason.objects.filter(referral=referral).update(at=when)
        referral.referred_at = when
        return referral

    def meeting(
        self, *, on: datetime.date, referrals, research: bool, actions, heard: bool, close: bool
    ):
        """A meeting hearing ``referrals``, built as one to come, then moved to ``on`` (10:00
        UK time) before the agencies are invited."""
        meeting = meeting_schedule(
            marac=self.marac,
            by=self.coordinator,
            starts_at=timezone.now() + datetime.timedelta(days=60),
            venue="Liverpool City Council, meeting room 4 (and online)",
        )
        hearings = [
            hearing_add(meeting=meeting, referral=referral, by=self.coordinator)
            for referral in referrals
        ]
        starts = _at(on, 10)
        listed = starts - datetime.timedelta(days=7)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=starts, created_at=listed - datetime.timedelta(days=7)
        )
        Hearing.objects.filter(meeting=meeting).update(listed_at=listed)
        invitations_send(meeting=meeting, by=self.coordinator)
        Invitation.objects.filter(hearing__meeting=meeting).update(invited_at=listed)
        for hearing in hearings:
            if research:
                information_record(
                    hearing=hearing,
                    by=self.officer,
                    text="Two call-outs this year; bail conditions not to contact her; he has "
                    "previous convictions for violence against a former partner.",
                )
                information_record(
                    hearing=hearing,
                    by=self.idva,
                    text="She is engaging with the IDVA service and wants to stay at home "
                    "with a safety plan; the locks need changing.",
                )
            Information.objects.filter(hearing=hearing).update(
                recorded_at=starts - datetime.timedelta(days=2)
            )
        if not heard:
            return meeting, hearings
        for hearing in hearings:
            made = []
            for owner, text, due_days, done in actions:
                action = action_record(
                    hearing=hearing,
                    by=self.coordinator,
                    agency=owner.agency,
                    description=text,
                    due_on=timezone.localdate(),
                )
                due = on + datetime.timedelta(days=due_days)
                MaracAction.objects.filter(pk=action.pk).update(due_on=due, created_at=starts)
                if done:
                    action_complete(action=action, by=owner, note="Done as agreed.")
                    finished = _at(min(due, timezone.localdate()), 15)
                    MaracAction.objects.filter(pk=action.pk).update(completed_at=finished)
                made.append(action)
            hearing_outcome_record(
                hearing=hearing,
                by=self.coordinator,
                outcome=HearingOutcome.ACTIONS_AGREED if made else HearingOutcome.NO_ACTIONS,
                summary="Risk discussed; safety plan agreed with the agencies present.",
            )
            Hearing.objects.filter(pk=hearing.pk).update(
                outcome_at=starts + datetime.timedelta(hours=2)
            )
            if close:
                referral_close(
                    referral=hearing.referral,
                    by=self.coordinator,
                    outcome=ClosureOutcome.ACTIONS_COMPLETED if made else ClosureOutcome.NO_ACTIONS,
                )
                MaracReferral.objects.filter(pk=hearing.referral_id).update(
                    closed_at=starts + datetime.timedelta(days=30)
                )
        return meeting, hearings


def seed(ctx: DemoContext) -> None:
    agencies = ctx.shared["agencies"]
    areas = ctx.shared["areas"]
    maracs = {
        name: marac_setup(
            local_authority=area,
            agency=agencies[f"council:{name}"],
            name=f"{name} MARAC",
            protocol=PROTOCOL,
            bases=_bases(),
            venue=f"{agencies[f'council:{name}'].name} (and online)",
        )
        for name, area in areas.items()
    }
    ctx.shared["maracs"] = maracs
    liverpool = _Liverpool(ctx, maracs["Liverpool"])
    officer = liverpool.officer
    people = []
    for given, family, born, (h_given, h_family, h_born, relationship) in LIVERPOOL_CASES:
        victim = person_create(
            by=officer,
            given_name=given,
            family_name=family,
            date_of_birth=datetime.date(*born),
            local_authority=liverpool.area,
            phone=f"07700 900{ctx.rng.randint(400, 999)}",
        )
        harmer = person_create(
            by=officer,
            given_name=h_given,
            family_name=h_family,
            date_of_birth=datetime.date(*h_born),
            local_authority=liverpool.area,
        )
        people.append((victim, harmer, relationship))

    today = timezone.localdate()
    year_start, _year_end = rules.reporting_year_bounds(rules.last_completed_reporting_year(today))
    first_meeting = year_start + datetime.timedelta(days=60)
    second_meeting = year_start + datetime.timedelta(days=150)
    police_action = (officer, "Check bail conditions and flag the address for urgent response", 14)
    idva_action = (liverpool.idva, "Complete a safety plan with her and arrange new locks", 7)

    # The completed year: three cases, then three more and the first woman again (a repeat).
    first = [
        liverpool.referred(
            victim, harmer, relationship, _at(first_meeting - datetime.timedelta(days=20), 22)
        )
        for victim, harmer, relationship in people[:3]
    ]
    liverpool.meeting(
        on=first_meeting,
        referrals=first,
        research=True,
        actions=[(*police_action, True), (*idva_action, True)],
        heard=True,
        close=True,
    )
    second = [
        liverpool.referred(
            victim, harmer, relationship, _at(second_meeting - datetime.timedelta(days=25), 21)
        )
        for victim, harmer, relationship in people[3:6]
    ]
    grace, grace_harmer, grace_relationship = people[0]
    liverpool.incident(  # a new incident by the same man: Harbour refers her again, a repeat
        grace,
        grace_harmer,
        grace_relationship,
        _at(second_meeting - datetime.timedelta(days=12), 23),
    )
    repeat = MaracReferral.objects.get(person=grace, status="open")
    MaracReferral.objects.filter(pk=repeat.pk).update(
        referred_at=_at(second_meeting - datetime.timedelta(days=12), 23, 55)
    )
    liverpool.meeting(
        on=second_meeting,
        referrals=[*second, repeat],
        research=False,
        actions=[(*police_action, True)],
        heard=True,
        close=True,
    )

    # About two weeks ago: heard, actions still open (one overdue).
    recent = today - datetime.timedelta(days=13)
    recent_referrals = [
        liverpool.referred(
            victim, harmer, relationship, _at(recent - datetime.timedelta(days=10), 20)
        )
        for victim, harmer, relationship in people[6:8]
    ]
    liverpool.meeting(
        on=recent,
        referrals=recent_referrals,
        research=True,
        actions=[(*police_action[:2], 10, False), (*idva_action[:2], 28, False)],
        heard=True,
        close=False,
    )

    # In about ten days: on the agenda, the agencies invited, the police's research recorded.
    upcoming = [
        liverpool.referred(
            victim, harmer, relationship, _at(today - datetime.timedelta(days=5 + n), 1)
        )
        for n, (victim, harmer, relationship) in enumerate(people[8:10])
    ]
    meeting = meeting_schedule(
        marac=liverpool.marac,
        by=liverpool.coordinator,
        starts_at=_at(today + datetime.timedelta(days=10), 10),
    )
    hearings = [
        hearing_add(meeting=meeting, referral=referral, by=liverpool.coordinator)
        for referral in upcoming
    ]
    invitations_send(meeting=meeting, by=liverpool.coordinator)
    information_record(
        hearing=hearings[0],
        by=officer,
        text="One previous call-out; he breached a non-molestation order last month.",
    )

"""Synthetic demo incidents and risk checklists across the region. No real person or event.

- Aisha Rahman (Liverpool): forced marriage and so-called honour-based violence by three family
  members; police checklist graded high, with the honour-based violence follow-on questions.
- Bethany Cole (Knowsley): three call-outs in a year by her former partner (a repeat pair and
  potential escalation); the IDVA's practitioner checklist is high.
- Dorota Nowak (Wirral): harmed by the same man as Bethany (one person, two victims).
- Esther Adeyemi (St Helens): two incidents by her partner (a repeat); children in the
  household, the school told, the referral to children's social care still to do.
- Fiona Gallagher (Halton): coercive control by her adult son; she withdrew her support for
  police action, outcome 16.
- a recent stalking incident by an acquaintance of Bethany's, the domestic-abuse decision still
  to confirm (the officer's work queue).

Chloe Marsden's record is restricted to named hub users, so the police demo officer cannot
record for her: the demo shows that, too.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.core.seeding import DemoContext
from harbour.incidents.choices import Relationship, Support, YesNoNotKnown
from harbour.incidents.models import OffenceType, OutcomeCode
from harbour.incidents.services import (
    incident_action_complete,
    incident_domestic_abuse_confirm,
    incident_harmer_add,
    incident_outcome_record,
    incident_record,
    incident_support_record,
    reference_data_load,
)
from harbour.people.services import person_create
from harbour.risk.definitions import Answer, Level
from harbour.risk.queries import risk_tool_current
from harbour.risk.services import assessment_record

# given, family, date of birth, area
HARMERS = {
    "rashid": ("Rashid", "Rahman", datetime.date(1962, 8, 19), "Liverpool"),
    "imran": ("Imran", "Rahman", datetime.date(1988, 1, 5), "Liverpool"),
    "farook": ("Farook", "Miah", datetime.date(1966, 11, 30), "Liverpool"),
    "kieran": ("Kieran", "Walsh", datetime.date(1984, 4, 22), "Knowsley"),
    "marcus": ("Marcus", "Bell", datetime.date(1993, 6, 9), "St Helens"),
    "connor": ("Connor", "Gallagher", datetime.date(1999, 2, 14), "Halton"),
    "shane": ("Shane", "Pryce", datetime.date(1990, 10, 3), "Sefton"),
}


def _answers(key: str, *, yes: set[str], not_known: frozenset[str] = frozenset()) -> dict:
    definition = risk_tool_current(key=key).definition
    result = {
        q.id: Answer.YES if q.id in yes else Answer.NOT_KNOWN if q.id in not_known else Answer.NO
        for q in definition.questions
    }
    for group in definition.follow_ons:
        opened = any(
            result.get(q.id) == Answer.YES and group.id in q.opens for q in definition.questions
        )
        if opened:
            result.update({q.id: Answer.YES if q.id in yes else Answer.NO for q in group.questions})
    return result


def seed(ctx: DemoContext) -> None:
    if not OffenceType.objects.exists():  # a flushed database has lost the loaded rows
        reference_data_load()
    users = ctx.shared["users"]
    areas = ctx.shared["areas"]
    people = ctx.shared["people"]
    officer = users["police.officer"]
    idva = users["idva.liverpool"]
    now = timezone.now()
    offences = {o.code: o for o in OffenceType.objects.all()}

    harmers = {
        key: person_create(
            by=officer,
            given_name=given,
            family_name=family,
            date_of_birth=born,
            local_authority=areas.get(area),
        )
        for key, (given, family, born, area) in HARMERS.items()
    }

    def at(days: int, hour: int | None) -> datetime.datetime:
        latest = now - datetime.timedelta(hours=2)
        if hour is None:
            return latest
        day = timezone.localtime(now - datetime.timedelta(days=days))
        moment = day.replace(hour=hour, minute=ctx.rng.choice([5, 20, 35, 50]), second=0)
        return min(moment, latest)

    def incident(
        victim, *, days, hour, area, codes, named, support=Support.YES, children=False, confirm=True
    ):
        occurred = at(days, hour)
        record = incident_record(
            by=officer,
            victim=victim,
            occurred_at=occurred,
            visited_at=min(occurred + datetime.timedelta(minutes=45), now),
            local_authority=areas[area],
            offences=[offences[c] for c in codes],
            supports_action=support,
            children_present=YesNoNotKnown.YES if children else YesNoNotKnown.NO,
            children_in_household=YesNoNotKnown.YES if children else YesNoNotKnown.NO,
            children_count=2 if children else None,
            force_reference=f"MP-{occurred:%y%m%d}-{ctx.rng.randint(1000, 9999)}",
        )
        for key, relationship in named:
            incident_harmer_add(
                incident=record, person=harmers[key], by=officer, relationship=relationship
            )
        if named and confirm:
            incident_domestic_abuse_confirm(incident=record, by=officer, domestic_abuse=True)
        return record

    def police_checklist(record, victim, *, yes, level, reasons):
        return assessment_record(
            by=officer,
            person=victim,
            tool_key="police-checklist",
            answers=_answers("police-checklist", yes=yes),
            officer_level=level,
            officer_reasons=reasons,
            incident=record,
            assessed_at=record.visited_at + datetime.timedelta(minutes=30),
        )

    # Forced marriage and so-called honour-based violence: several family members.
    aisha = people["Aisha Rahman"]
    record = incident(
        aisha,
        days=6,
        hour=22,
        area="Liverpool",
        codes=["forced_marriage", "honour_based", "physical_assault"],
        named=[
            ("rashid", Relationship.PARENT),
            ("imran", Relationship.SIBLING),
            ("farook", Relationship.OTHER_RELATIVE),
        ],
    )
    police_checklist(
        record,
        aisha,
        yes={
            "injury", "frightened", "afraid_of", "isolated", "controlling", "threats_to_kill",
            "other_threat", "hbv_family_pressure", "hbv_forced_marriage", "hbv_family_involved",
            "hbv_shame", "hbv_travel", "hbv_threats_from_family",
        },
        level=Level.HIGH,
        reasons="Family plan to take her abroad to marry; passport taken; threats from her "
        "father and uncle.",
    )  # fmt: skip

    # A repeat pair with potential escalation, and one man harming two women.
    bethany = people["Bethany Cole"]
    for days, hour, codes, level in (
        (300, 23, ["physical_assault"], Level.STANDARD),
        (120, 1, ["stalking_harassment", "coercive_control"], Level.MEDIUM),
        (9, 21, ["physical_assault", "strangulation"], None),
    ):
        last = incident(
            bethany,
            days=days,
            hour=hour,
            area="Knowsley",
            codes=codes,
            named=[("kieran", Relationship.FORMER_PARTNER)],
        )
        if level:
            police_checklist(
                last,
                bethany,
                yes={"injury", "frightened", "separation"},
                level=level,
                reasons="Injury at separation; she is frightened of further contact.",
            )
    police_checklist(
        last,
        bethany,
        yes={"injury", "frightened", "afraid_of", "separation", "stalking", "getting_worse",
             "strangulation", "st_frightened", "st_turning_up", "st_tracking"},
        level=Level.HIGH,
        reasons="Non-fatal strangulation; third call-out this year; stalking since separation.",
    )  # fmt: skip
    assessment_record(
        by=idva,
        person=bethany,
        tool_key="practitioner-checklist",
        answers=_answers(
            "practitioner-checklist",
            yes={
                "injury", "frightened", "afraid_of", "separation", "child_contact", "stalking",
                "more_often", "getting_worse", "controlling", "strangulation", "threats_to_kill",
                "breached_orders", "criminal_history", "money", "substances", "st_frightened",
                "st_turning_up",
            },
        ),
    )  # fmt: skip
    dorota = people["Dorota Nowak"]
    record = incident(
        dorota,
        days=45,
        hour=19,
        area="Wirral",
        codes=["physical_assault"],
        named=[("kieran", Relationship.FORMER_PARTNER)],
        support=Support.UNDECIDED,
    )
    police_checklist(
        record,
        dorota,
        yes={"injury", "frightened", "separation", "controlling", "money", "criminal_history"},
        level=Level.MEDIUM,
        reasons="Injury and fear; known violent history with a previous partner.",
    )

    # A repeat with children in the household: the school has been told.
    esther = people["Esther Adeyemi"]
    earlier = incident(
        esther,
        days=240,
        hour=20,
        area="St Helens",
        codes=["coercive_control"],
        named=[("marcus", Relationship.PARTNER)],
    )
    police_checklist(
        earlier,
        esther,
        yes={"controlling", "money", "frightened", "depressed"},
        level=Level.MEDIUM,
        reasons="Controlling and isolating; she depends on him for money.",
    )
    record = incident(
        esther,
        days=1,
        hour=20,
        area="St Helens",
        codes=["physical_assault", "sexual_assault"],
        named=[("marcus", Relationship.PARTNER)],
        children=True,
    )
    school = record.actions.get(kind="school_notice")
    incident_action_complete(
        action=school,
        by=officer,
        completed_at=min(school.due_at - datetime.timedelta(hours=1), now),
        note="Told the designated safeguarding lead by phone",
    )
    police_checklist(
        record,
        esther,
        yes={"injury", "frightened", "afraid_of", "pregnancy", "more_often", "getting_worse",
             "sexual_abuse", "controlling", "weapons", "children_not_theirs"},
        level=Level.HIGH,
        reasons="Sexual assault, pregnant, weapon used; abuse increasing.",
    )  # fmt: skip

    # Coercive control by her adult son; she withdrew her support: outcome 16.
    fiona = people["Fiona Gallagher"]
    record = incident(
        fiona,
        days=70,
        hour=17,
        area="Halton",
        codes=["coercive_control"],
        named=[("connor", Relationship.CHILD)],
    )
    police_checklist(
        record,
        fiona,
        yes={"frightened", "money", "substances"},
        level=Level.STANDARD,
        reasons="Controlling over money linked to his drug use; no violence disclosed.",
    )
    incident_support_record(
        incident=record, by=officer, value=Support.NO, note="Does not want her son prosecuted"
    )
    incident_outcome_record(incident=record, by=officer, outcome=OutcomeCode.objects.get(code="16"))

    # A recent incident whose domestic-abuse decision the officer has still to confirm.
    record = incident(
        bethany,
        days=0,
        hour=None,
        area="Knowsley",
        codes=["stalking_harassment"],
        named=[("shane", Relationship.FRIEND)],
        support=Support.UNDECIDED,
        confirm=False,
    )

"""Synthetic demo people: survivors with involvements of demo agencies. No real person."""

from __future__ import annotations

import datetime

from django.utils import timezone

from harbour.core.seeding import DemoContext
from harbour.people.choices import ContactChannel, Ethnicity, YesNoUnknown
from harbour.people.models import InvolvementKind, LawfulBasis, Regime
from harbour.people.queries import person_get_for_user
from harbour.people.services import (
    agreement_record,
    involvement_add,
    person_create,
    person_restrict,
    share_record,
)

# given, family, date of birth, area, language, interpreter, channels, safe times, voicemail
PEOPLE = [
    ("Aisha", "Rahman", datetime.date(1991, 3, 14), "Liverpool", "Bengali", True,
     [ContactChannel.TEXT_MESSAGE], "Weekdays 10:00 to 14:00", YesNoUnknown.NO),
    ("Bethany", "Cole", datetime.date(1986, 11, 2), "Knowsley", "English", False,
     [ContactChannel.PHONE_CALL, ContactChannel.TEXT_MESSAGE], "Any time before 17:00",
     YesNoUnknown.YES),
    ("Chloe", "Marsden", datetime.date(2001, 7, 23), "Sefton", "English", False,
     [ContactChannel.THROUGH_PROFESSIONAL], "Only through her IDVA", YesNoUnknown.NO),
    ("Dorota", "Nowak", datetime.date(1979, 1, 30), "Wirral", "Polish", True,
     [ContactChannel.PHONE_CALL], "Mornings while the children are at school", YesNoUnknown.NO),
    ("Esther", "Adeyemi", datetime.date(1995, 9, 8), "St Helens", "English", False,
     [ContactChannel.EMAIL, ContactChannel.IN_PERSON], "Weekday afternoons",
     YesNoUnknown.NOT_KNOWN),
    ("Fiona", "Gallagher", datetime.date(1972, 5, 17), "Halton", "English", False,
     [ContactChannel.LETTER], "Letters to her sister's address only", YesNoUnknown.NO),
]  # fmt: skip


def seed(ctx: DemoContext) -> None:
    areas = ctx.shared["areas"]  # loaded by the regions seeder, by name
    agencies = ctx.shared["agencies"]
    users = ctx.shared["users"]
    officer = users["police.officer"]
    idva = users["idva.liverpool"]
    hub = users["hub.caseworker"]
    people = []
    for index, row in enumerate(PEOPLE):
        given, family, dob, area, language, interpreter, channels, times, voicemail = row
        person = person_create(
            by=officer,
            given_name=given,
            family_name=family,
            date_of_birth=dob,
            address=f"{10 + index} Example Street\n{area}",
            postcode=f"L{index + 1} 0XX",
            phone=f"07700 900{100 + index:03d}",
            email=f"{given.lower()}.{family.lower()}@example.org",
            local_authority=areas.get(area),
            language=language,
            interpreter_needed=interpreter,
            children_in_household=ctx.rng.randint(0, 3),
            safe_channels=[str(c) for c in channels],
            safe_times=times,
            voicemail_ok=str(voicemail),
            code_word=ctx.rng.choice(["Bluebell", "Harbour light", "Sunday roast", "Ferry"]),
            ethnicity=ctx.rng.choice([Ethnicity.WHITE_BRITISH, Ethnicity.BLACK_AFRICAN, ""]),
            # She works for the council: every read of her record is reviewed.
            works_for_partner_agency=family == "Gallagher",
        )
        people.append(person)
        involvement_add(
            person=person,
            agency=agencies["idva:Liverpool"],
            kind=InvolvementKind.ASSIGNMENT,
            by=officer,
            note="24-hour follow-up",
        )
        if index % 2 == 0:
            involvement_add(
                person=person, agency=agencies["hub"], kind=InvolvementKind.REFERRAL, by=officer
            )
    # Later seeders (incidents, referrals) find the demo people by name.
    ctx.shared["people"] = {f"{p.given_name} {p.family_name}": p for p in people}
    # Her agreement to share with the outreach service, and a share relying on it.
    first = people[0]
    agreement = agreement_record(
        person=first,
        by=idva,
        agencies=[agencies["outreach"], agencies["harmful_practices"]],
        purpose="Support from specialist services",
        given_at=timezone.now() - datetime.timedelta(days=2),
        given_how="in_person",
        explicit=True,
    )
    share_record(
        person=first,
        by=idva,
        agency=agencies["outreach"],
        purpose="Outreach support",
        categories=["identity", "contact"],
        regime=Regime.UK_GDPR,
        basis=LawfulBasis.objects.get(code="gdpr-6-1-a-consent"),
        agreement=agreement,
    )
    # A restricted record: the person harming her works in an agency.
    person_restrict(person=people[2], by=hub, reason="Person harming her works in a partner agency")
    # Fiona Gallagher works for the council, so every read of her record is put to review: the
    # IDVA's read waits on the administrators' reviews page.
    person_get_for_user(
        user=idva,
        person_id=people[5].public_id,
        reason="Checking her safe contact times before a visit",
    )

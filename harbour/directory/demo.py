"""The demo region's directory: the partnership's agencies and a few others, with their services.

Everything is synthetic: phone numbers come from Ofcom's ranges kept for drama (0151 496 0xxx,
07700 900xxx), addresses are invented, email addresses and websites are at example.org.

Coverage is uneven on purpose, as in a real region: every kind of support is offered in some
areas and missing in others, so the gaps show up for commissioners. (Halton, in the reference
region, is policed by a neighbouring force, so Merseyside's police and hub services do not cover
it.)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from harbour.core.seeding import DemoContext
from harbour.directory.choices import FeedbackKind, Gender, LocationType, ServiceStatus
from harbour.directory.models import Location, Organisation, Service
from harbour.directory.queries import need_terms
from harbour.directory.services import (
    OpeningTimes,
    entry_report_create,
    location_save,
    organisation_save,
    service_save,
    taxonomies_load_standard,
)

MERSEYSIDE = ["Liverpool", "Knowsley", "Sefton", "St Helens", "Wirral"]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]
EVERY_DAY = [*WEEKDAYS, "SA", "SU"]


def _t(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


OFFICE_HOURS = [OpeningTimes(days=WEEKDAYS, opens_at=_t("09:00"), closes_at=_t("17:00"))]
ALWAYS = [
    OpeningTimes(
        days=EVERY_DAY,
        opens_at=_t("00:00"),
        closes_at=_t("23:59"),
        description="24 hours a day, every day",
    )
]


@dataclass
class PlaceSpec:
    key: str
    name: str
    area: str
    address_1: str = ""
    postal_code: str = ""
    confidential: bool = False
    accessibility: list[str] = field(default_factory=list)
    county: str = "Merseyside"
    description: str = ""


@dataclass
class ServiceSpec:
    name: str
    description: str
    needs: list[str]
    areas: list[str]
    phone: str = ""
    phone_description: str = ""
    email: str = ""
    url: str = ""
    gender: str = Gender.ALL
    minimum_age: int | None = None
    maximum_age: int | None = None
    eligibility: str = ""
    self_referral: bool = True
    professional_referral: bool = True
    how_to_access: str = ""
    languages: list[str] = field(default_factory=lambda: ["en"])
    places: list[str] = field(default_factory=list)
    times: list[OpeningTimes] = field(default_factory=lambda: list(OFFICE_HOURS))
    status: str = ServiceStatus.ACTIVE
    alert: str = ""


@dataclass
class OrganisationSpec:
    name: str
    description: str
    agency: str | None  # key in ctx.shared["agencies"], or None outside the partnership
    slug: str
    places: list[PlaceSpec] = field(default_factory=list)
    services: list[ServiceSpec] = field(default_factory=list)


def _idva(area: str, number: int, *, status: str = ServiceStatus.ACTIVE, alert: str = ""):
    slug = area.lower().replace(" ", "-")
    return OrganisationSpec(
        name=f"{area} IDVA Service",
        description=(
            f"Independent domestic violence advisers (IDVAs) for people in {area} at high risk "
            "of serious harm from a partner, ex-partner or family member."
        ),
        agency=f"idva:{area}",
        slug=f"idva-{slug}",
        services=[
            ServiceSpec(
                name=f"{area} independent domestic violence advisers",
                description=(
                    "An IDVA works with you from the point of crisis: safety planning, support "
                    "through court, help with housing and money, and a voice for you at the "
                    "multi-agency risk assessment conference (MARAC)."
                ),
                needs=["domestic-abuse", "stalking"],
                areas=[area],
                phone=f"0151 496 0{100 + number:03d}",
                email=f"idva-{slug}@example.org",
                minimum_age=16,
                eligibility="For people assessed as being at high risk of serious harm.",
                how_to_access=(
                    "Most people are referred by the police or another professional after a "
                    "risk assessment. You can also call and ask to speak to an IDVA."
                ),
                languages=["en", "pl", "ar"] if area == "Liverpool" else ["en"],
                status=status,
                alert=alert,
            )
        ],
    )


ORGANISATIONS: list[OrganisationSpec] = [
    OrganisationSpec(
        name="Merseyside Police",
        description="The police force for Liverpool, Knowsley, Sefton, St Helens and Wirral.",
        agency="police",
        slug="police",
        services=[
            ServiceSpec(
                name="Reporting domestic abuse and stalking to the police",
                description=(
                    "Specially trained officers take reports of domestic abuse and stalking, "
                    "assess the risk to you and your children, and can apply for protection "
                    "orders. In an emergency always call 999."
                ),
                needs=["domestic-abuse", "stalking"],
                areas=MERSEYSIDE,
                phone="0151 496 0001",
                phone_description="Non-emergency line, every day",
                url="https://www.example.org/police-report-abuse",
                times=ALWAYS,
                languages=["en", "bfi"],
            ),
            ServiceSpec(
                name="Sex worker liaison officers",
                description=(
                    "Named officers who sex workers can report violence to in confidence. "
                    "Crimes against sex workers are treated as hate crimes; you choose what "
                    "happens with your report."
                ),
                needs=["sex-worker-support"],
                areas=["Liverpool", "Sefton"],
                phone="07700 900001",
                minimum_age=18,
                professional_referral=False,
            ),
        ],
    ),
    OrganisationSpec(
        name="Merseyside Victim Care Hub",
        description=(
            "One front door for every victim of crime in Merseyside: a needs assessment and "
            "referral to the right specialist service."
        ),
        agency="hub",
        slug="victim-care-hub",
        places=[
            PlaceSpec(
                "hub",
                "Victim Care Hub, Mercer Court",
                "Liverpool",
                "3 Mercer Court, Wrenfield Street",
                "L2 9ZQ",
                accessibility=["step-free", "accessible-toilet", "hearing-loop", "quiet-room"],
            )
        ],
        services=[
            ServiceSpec(
                name="Victim care: assessment and referral",
                description=(
                    "Whatever happened and whether or not you reported it to the police, a "
                    "caseworker will talk through what you need and refer you to specialist "
                    "support."
                ),
                needs=["domestic-abuse", "sexual-violence", "stalking"],
                areas=MERSEYSIDE,
                phone="0151 496 0002",
                phone_description="Monday to Friday 8am to 8pm, Saturday 9am to 5pm",
                email="hub@example.org",
                url="https://www.example.org/victim-care",
                languages=["en", "pl", "ar", "ur", "so", "ro"],
                places=["hub"],
                times=[
                    OpeningTimes(days=WEEKDAYS, opens_at=_t("08:00"), closes_at=_t("20:00")),
                    OpeningTimes(days=["SA"], opens_at=_t("09:00"), closes_at=_t("17:00")),
                ],
            )
        ],
    ),
    OrganisationSpec(
        name="Safe Voices Harmful Practices Service",
        description=(
            "Specialist support for people affected by forced marriage, so-called honour-based "
            "abuse and female genital mutilation."
        ),
        agency="harmful_practices",
        slug="safe-voices",
        places=[
            PlaceSpec(
                "safe-voices",
                "Safe Voices, Larkspur House",
                "Liverpool",
                "Larkspur House, 40 Quayside Walk",
                "L8 9ZX",
                accessibility=["step-free", "quiet-room", "children-welcome"],
            )
        ],
        services=[
            ServiceSpec(
                name="Forced marriage and honour-based abuse casework",
                description=(
                    "Caseworkers who speak community languages help you stay safe, plan what "
                    "to do, and get protection orders. Help is also there for professionals "
                    "worried about someone."
                ),
                needs=["forced-marriage", "honour-based-abuse"],
                areas=["Liverpool", "Knowsley", "Sefton", "Wirral"],
                phone="0151 496 0010",
                email="safevoices@example.org",
                url="https://www.example.org/safe-voices",
                languages=["en", "ur", "pa", "bn", "ar", "ku", "fa", "ps", "so"],
                places=["safe-voices"],
            ),
            ServiceSpec(
                name="FGM specialist support clinic",
                description=(
                    "A women-only clinic with a specialist midwife and a support worker for "
                    "women and girls who have had, or are at risk of, female genital "
                    "mutilation."
                ),
                needs=["fgm"],
                areas=["Liverpool"],
                phone="0151 496 0011",
                gender=Gender.WOMEN,
                languages=["en", "so", "ar", "ti", "fr"],
                places=["safe-voices"],
                times=[OpeningTimes(days=["TH"], opens_at=_t("10:00"), closes_at=_t("16:00"))],
            ),
        ],
    ),
    OrganisationSpec(
        name="Mersey Sexual Violence Aftercare",
        description="Support and counselling after rape, sexual assault and sexual abuse.",
        agency="sexual_violence",
        slug="sv-aftercare",
        places=[
            PlaceSpec(
                "aftercare",
                "Aftercare centre, Alder Yard",
                "Sefton",
                "Unit 4, Alder Yard, Brookmere Road",
                "L20 9ZW",
                accessibility=["step-free", "accessible-toilet", "quiet-room"],
            )
        ],
        services=[
            ServiceSpec(
                name="Sexual assault aftercare and counselling",
                description=(
                    "Independent sexual violence advisers (ISVAs), counselling and help to "
                    "decide whether to report, for anyone aged 16 or over, however long ago it "
                    "happened."
                ),
                needs=["sexual-violence"],
                areas=MERSEYSIDE,
                phone="0151 496 0020",
                phone_description="Support line, every day",
                email="aftercare@example.org",
                url="https://www.example.org/aftercare",
                minimum_age=16,
                places=["aftercare"],
                times=ALWAYS,
                languages=["en", "pl", "bfi"],
            ),
            ServiceSpec(
                name="Children and young people's sexual abuse support",
                description=(
                    "Children's ISVAs and play and talking therapies for children and young "
                    "people who have been sexually abused, and support for their families."
                ),
                needs=["sexual-violence", "children-young-people"],
                areas=["Liverpool", "Sefton"],
                phone="0151 496 0021",
                minimum_age=4,
                maximum_age=18,
                places=["aftercare"],
            ),
        ],
    ),
    OrganisationSpec(
        name="Mersey Domestic Abuse Outreach",
        description="Outreach, refuge and advocacy for people experiencing domestic abuse.",
        agency="outreach",
        slug="da-outreach",
        places=[
            PlaceSpec(
                "refuge",
                "Refuge (address given on referral)",
                "Knowsley",
                "8 Linnet Close",
                "L36 9ZZ",
                confidential=True,
                accessibility=["children-welcome"],
            ),
            PlaceSpec(
                "outreach",
                "Outreach office, Willow Chambers",
                "St Helens",
                "Willow Chambers, 9 Glasshouse Lane",
                "WA10 9ZP",
                accessibility=["step-free"],
            ),
        ],
        services=[
            ServiceSpec(
                name="Domestic abuse community outreach",
                description=(
                    "Outreach workers meet you somewhere safe, help you plan for your safety, "
                    "and support you with housing, money, and the courts."
                ),
                needs=["domestic-abuse"],
                areas=["Liverpool", "Knowsley", "St Helens"],
                phone="0151 496 0030",
                email="outreach@example.org",
                url="https://www.example.org/outreach",
                minimum_age=16,
                languages=["en", "pl", "lt", "ro"],
                places=["outreach"],
            ),
            ServiceSpec(
                name="Women's refuge",
                description=(
                    "Safe, self-contained rooms for women and their children who need to leave "
                    "home because of domestic abuse, with support workers on site."
                ),
                needs=["domestic-abuse"],
                areas=["Liverpool", "Knowsley", "Sefton"],
                phone="0151 496 0031",
                phone_description="Referrals line, every day",
                gender=Gender.WOMEN,
                minimum_age=16,
                how_to_access=(
                    "Call the referrals line. The address is given when a place is offered."
                ),
                places=["refuge"],
                times=ALWAYS,
            ),
            ServiceSpec(
                name="Stalking advocacy",
                description=(
                    "Stalking advocates help you record what is happening, plan for your "
                    "safety and work with the police towards a stalking protection order."
                ),
                needs=["stalking"],
                areas=["Liverpool", "Wirral"],
                phone="0151 496 0032",
                email="stalking@example.org",
                minimum_age=16,
            ),
            ServiceSpec(
                name="Men's domestic abuse support",
                description=(
                    "Confidential support for men experiencing domestic abuse from a partner, "
                    "ex-partner or family member."
                ),
                needs=["domestic-abuse"],
                areas=["Wirral", "Sefton"],
                phone="07700 900030",
                gender=Gender.MEN,
                minimum_age=18,
            ),
        ],
    ),
    OrganisationSpec(
        name="Mersey Sex Worker Support Project",
        description="Health, safety and advocacy for people who sell or exchange sex.",
        agency="sex_worker_project",
        slug="sex-worker-project",
        places=[
            PlaceSpec(
                "drop-in",
                "Drop-in, Tannery Lane",
                "Liverpool",
                "2 Tannery Lane",
                "L3 9ZT",
                accessibility=["step-free", "quiet-room"],
            )
        ],
        services=[
            ServiceSpec(
                name="Sex worker outreach and safety",
                description=(
                    "Night outreach, a weekly drop-in, sexual health clinics, and help to "
                    "report violence anonymously. Alerts about dangerous individuals go to "
                    "registered members."
                ),
                needs=["sex-worker-support"],
                areas=["Liverpool", "Sefton", "Wirral"],
                phone="07700 900040",
                phone_description="Text or call, day or night",
                email="swproject@example.org",
                minimum_age=18,
                languages=["en", "ro", "pl", "cs", "sk"],
                places=["drop-in"],
                times=[
                    OpeningTimes(
                        days=["WE"],
                        opens_at=_t("18:00"),
                        closes_at=_t("22:00"),
                        description="Drop-in",
                    ),
                    OpeningTimes(
                        days=["FR", "SA"],
                        opens_at=_t("21:00"),
                        closes_at=_t("23:59"),
                        description="Night outreach",
                    ),
                ],
            )
        ],
    ),
    OrganisationSpec(
        name="Open Stage Relationships Education",
        description=(
            "A theatre company that brings plays and workshops about relationship abuse to "
            "schools and youth groups."
        ),
        agency="education",
        slug="open-stage",
        services=[
            ServiceSpec(
                name="Healthy relationships theatre and workshops",
                description=(
                    "A short play about a teenage relationship that turns controlling, then "
                    "workshops on consent, jealousy and where to get help. Schools and youth "
                    "groups book the programme."
                ),
                needs=["education-prevention", "children-young-people"],
                areas=["Liverpool", "Knowsley", "Sefton", "St Helens"],
                phone="0151 496 0050",
                email="bookings@example.org",
                url="https://www.example.org/open-stage",
                minimum_age=11,
                maximum_age=18,
                self_referral=False,
                how_to_access="A school, college or youth group books the programme.",
            )
        ],
    ),
    OrganisationSpec(
        name="Wirral Council",
        description="The local authority for Wirral.",
        agency="council:Wirral",
        slug="wirral-council",
        services=[
            ServiceSpec(
                name="Changing Ways behaviour change programme",
                description=(
                    "A 26-week group programme for people who have been abusive to a partner "
                    "and want to change, with support offered to their partners alongside."
                ),
                needs=["perpetrator-programmes"],
                areas=["Wirral", "Sefton"],
                phone="0151 496 0060",
                email="changingways@example.org",
                minimum_age=18,
                how_to_access="Call to self-refer, or ask a social worker or probation officer.",
            )
        ],
    ),
    OrganisationSpec(
        name="Halton Borough Council",
        description="The local authority for Halton.",
        agency="council:Halton",
        slug="halton-council",
        services=[
            ServiceSpec(
                name="Early help for children and families",
                description=(
                    "Family support workers for children and young people living with "
                    "domestic abuse at home, working with schools and the family."
                ),
                needs=["children-young-people"],
                areas=["Halton"],
                phone="0151 496 0070",
                email="earlyhelp-halton@example.org",
                maximum_age=18,
            )
        ],
    ),
    OrganisationSpec(
        name="Liverpool City Council",
        description="The local authority for Liverpool.",
        agency="council:Liverpool",
        slug="liverpool-council",
        services=[
            ServiceSpec(
                name="Domestic abuse housing options",
                description=(
                    "Housing advisers help you stay safely in your home, with extra security "
                    "if needed, or find somewhere else to live."
                ),
                needs=["domestic-abuse", "housing"],
                areas=["Liverpool"],
                phone="0151 496 0080",
                email="housing-options@example.org",
                minimum_age=16,
            )
        ],
    ),
    OrganisationSpec(
        name="Halton Women's Centre",
        description="A community centre for women in Halton: courses, advice and a café.",
        agency=None,
        slug="halton-womens-centre",
        places=[
            PlaceSpec(
                "centre",
                "Halton Women's Centre",
                "Halton",
                "17 Ferry Row",
                "WA8 9ZR",
                county="Cheshire",
                accessibility=["step-free", "accessible-toilet", "children-welcome", "parking"],
            )
        ],
        services=[
            ServiceSpec(
                name="Understanding abuse: a course for women",
                description=(
                    "A 12-week group course about recognising abusive and controlling "
                    "behaviour and rebuilding confidence, with a crèche."
                ),
                needs=["education-prevention"],
                areas=["Halton"],
                phone="0151 496 0090",
                email="halton-centre@example.org",
                gender=Gender.WOMEN,
                minimum_age=18,
                professional_referral=True,
                places=["centre"],
                times=[OpeningTimes(days=["TU"], opens_at=_t("10:00"), closes_at=_t("12:30"))],
            ),
            ServiceSpec(
                name="Money and legal advice drop-in",
                description=(
                    "Advisers help with debts, benefits and bills left in your name, and "
                    "explain protective orders and what happens at court."
                ),
                needs=["money", "legal-advice"],
                areas=["Halton", "Knowsley"],
                phone="0151 496 0091",
                email="halton-advice@example.org",
                gender=Gender.WOMEN,
                minimum_age=18,
                places=["centre"],
                times=[OpeningTimes(days=["TH"], opens_at=_t("13:00"), closes_at=_t("16:00"))],
            ),
            ServiceSpec(
                name="Counselling after abuse",
                description=(
                    "Up to 12 counselling sessions with a woman counsellor, in person or by "
                    "phone, for the effects of abuse at any time in your life."
                ),
                needs=["emotional-support"],
                areas=["Halton", "Sefton"],
                phone="0151 496 0092",
                email="halton-counselling@example.org",
                gender=Gender.WOMEN,
                minimum_age=16,
                places=["centre"],
            ),
        ],
    ),
    _idva("Liverpool", 1),
    _idva("Knowsley", 2),
    _idva("Sefton", 3),
    _idva("St Helens", 4),
    _idva("Wirral", 5),
    _idva(
        "Halton",
        6,
        status=ServiceStatus.INACTIVE,
        alert="Not taking new referrals while the service is re-commissioned.",
    ),
]


def seed(ctx: DemoContext) -> None:
    taxonomies_load_standard()
    areas = ctx.shared["areas"]
    agencies = ctx.shared["agencies"]
    editor = ctx.shared["users"]["admin"]
    needs = {term.code: term for term in need_terms()}
    services: dict[str, Service] = {}
    for spec in ORGANISATIONS:
        organisation = organisation_save(
            organisation=Organisation(
                name=spec.name,
                description=spec.description,
                email=f"{spec.slug}@example.org",
                website=f"https://www.example.org/{spec.slug}",
                agency=agencies[spec.agency] if spec.agency else None,
            ),
            by=editor,
        )
        places: dict[str, Location] = {}
        for place in spec.places:
            places[place.key] = location_save(
                location=Location(
                    organisation=organisation,
                    name=place.name,
                    description=place.description,
                    location_type=LocationType.PHYSICAL,
                    address_1=place.address_1,
                    city=areas[place.area].name if place.area != "Sefton" else "Bootle",
                    state_province=place.county,
                    postal_code=place.postal_code,
                    local_authority=areas[place.area],
                    address_confidential=place.confidential,
                    accessibility=place.accessibility,
                ),
                by=editor,
            )
        for item in spec.services:
            services[item.name] = service_save(
                service=Service(
                    organisation=organisation,
                    name=item.name,
                    description=item.description,
                    status=item.status,
                    alert=item.alert,
                    phone=item.phone,
                    phone_description=item.phone_description,
                    email=item.email,
                    url=item.url,
                    gender=item.gender,
                    minimum_age=item.minimum_age,
                    maximum_age=item.maximum_age,
                    eligibility_description=item.eligibility,
                    self_referral=item.self_referral,
                    professional_referral=item.professional_referral,
                    how_to_access=item.how_to_access,
                    languages=item.languages,
                ),
                by=editor,
                needs=[needs[code] for code in item.needs],
                areas=[areas[name] for name in item.areas],
                locations=[places[key] for key in item.places],
                opening_times=item.times,
            )
    ctx.shared["directory_services"] = services
    # A member of the public has said an entry is out of date: the editors' reports page.
    entry_report_create(
        service=services["Sex worker outreach and safety"],
        kind=FeedbackKind.TIMES,
        details="The drop-in was closed on Thursday evening although the page says it is open.",
    )

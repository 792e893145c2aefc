"""Demo agencies, one user for each role and a second administrator (who approves the first's
requests), and one new account waiting for approval. All names are synthetic."""

from __future__ import annotations

from harbour.accounts.models import Agency
from harbour.accounts.roles import AgencyKind, Role
from harbour.accounts.services import (
    account_request_new,
    agency_create,
    totp_device_create_confirmed,
    user_create,
)
from harbour.core.seeding import DemoContext

AREAS = ["Liverpool", "Knowsley", "Sefton", "St Helens", "Wirral", "Halton"]

AGENCIES: list[tuple[str, str, str]] = [
    ("police", "Merseyside Police", AgencyKind.POLICE),
    ("hub", "Merseyside Victim Care Hub", AgencyKind.VICTIM_CARE_HUB),
    ("harmful_practices", "Safe Voices Harmful Practices Service", AgencyKind.SPECIALIST_SERVICE),
    ("sexual_violence", "Mersey Sexual Violence Aftercare", AgencyKind.SPECIALIST_SERVICE),
    ("outreach", "Mersey Domestic Abuse Outreach", AgencyKind.SPECIALIST_SERVICE),
    ("sex_worker_project", "Mersey Sex Worker Support Project", AgencyKind.SEX_WORKER_PROJECT),
    ("education", "Open Stage Relationships Education", AgencyKind.EDUCATION_PROVIDER),
    (
        "combined_authority",
        "City Region Combined Authority and PCC Office",
        AgencyKind.COMBINED_AUTHORITY,
    ),
]
COUNCILS = {
    "Liverpool": "Liverpool City Council",
    "Knowsley": "Knowsley Council",
    "Sefton": "Sefton Council",
    "St Helens": "St Helens Borough Council",
    "Wirral": "Wirral Council",
    "Halton": "Halton Borough Council",
}

# username, agency key, role, first name, last name
USERS: list[tuple[str, str, str, str, str]] = [
    ("police.officer", "police", Role.POLICE_OFFICER, "Dana", "Whitfield"),
    ("idva.liverpool", "idva:Liverpool", Role.IDVA, "Priya", "Okafor"),
    ("hub.caseworker", "hub", Role.HUB_CASEWORKER, "Sam", "Kerrigan"),
    ("specialist.caseworker", "harmful_practices", Role.SPECIALIST_CASEWORKER, "Amira", "Haddad"),
    ("marac.coordinator", "council:Liverpool", Role.MARAC_COORDINATOR, "Joan", "Mercer"),
    ("liaison.officer", "sex_worker_project", Role.LIAISON_OFFICER, "Rhian", "Doyle"),
    ("education.provider", "education", Role.EDUCATION_PROVIDER, "Tom", "Ashworth"),
    ("analyst", "combined_authority", Role.ANALYST, "Lena", "Marsh"),
    ("commissioner", "combined_authority", Role.COMMISSIONER, "Nadia", "Brennan"),
    ("returns.officer", "harmful_practices", Role.RETURNS_OFFICER, "Owen", "Pritchard"),
    ("plan.lead", "education", Role.ACTION_PLAN_LEAD, "Grace", "Fenwick"),
    ("board.member", "combined_authority", Role.PARTNERSHIP_BOARD, "Hugh", "Castell"),
    ("admin", "combined_authority", Role.ADMINISTRATOR, "Alex", "Rowe"),
    ("second.admin", "combined_authority", Role.ADMINISTRATOR, "Kit", "Lowe"),
]


def seed(ctx: DemoContext) -> None:
    region = ctx.shared["areas"]
    agencies: dict[str, Agency] = {}
    for key, name, kind in AGENCIES:
        agencies[key] = agency_create(
            name=name, kind=kind, email=f"{key}@example.org", areas=region.values()
        )
    for area in AREAS:
        slug = area.lower().replace(" ", "-")
        agencies[f"idva:{area}"] = agency_create(
            name=f"{area} IDVA Service",
            kind=AgencyKind.IDVA_SERVICE,
            email=f"idva-{slug}@example.org",
            areas=[region[area]],
        )
        agencies[f"council:{area}"] = agency_create(
            name=COUNCILS[area],
            kind=AgencyKind.COUNCIL,
            email=f"council-{slug}@example.org",
            areas=[region[area]],
        )
    ctx.shared["agencies"] = agencies

    users = {}
    for username, agency_key, role, first, last in USERS:
        agency = agencies[agency_key]
        user = user_create(
            username=username,
            agency=agency,
            role=role,
            password=ctx.password,
            email=f"{username}@example.org",
            first_name=first,
            last_name=last,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        totp_device_create_confirmed(user)
        users[username] = user
        ctx.add_sign_in(username, f"{user.get_role_display()}, {agency.name}")
    ctx.shared["users"] = users

    # The first administrator has asked for a new hub caseworker; the second decides.
    account_request_new(
        by=users["admin"],
        username="new.caseworker",
        email="new.caseworker@example.org",
        first_name="Morgan",
        last_name="Ellery",
        agency=agencies["hub"],
        role=Role.HUB_CASEWORKER,
        job_title="Caseworker",
    )

"""Agency kinds, user roles, and which roles each kind of agency may hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    POLICE = "police", _("Police force")
    IDVA_SERVICE = "idva_service", _("IDVA service")
    VICTIM_CARE_HUB = "victim_care_hub", _("Victim care hub")
    SPECIALIST_SERVICE = "specialist_service", _("Specialist service")
    SEX_WORKER_PROJECT = "sex_worker_project", _("Sex-worker support project")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")
    COUNCIL = "council", _("Council")
    COMBINED_AUTHORITY = "combined_authority", _("Combined Authority / PCC office")


class Role(models.TextChoices):
    POLICE_OFFICER = "police_officer", _("Police officer")
    IDVA = "idva", _("IDVA")
    HUB_CASEWORKER = "hub_caseworker", _("Hub caseworker")
    SPECIALIST_CASEWORKER = "specialist_caseworker", _("Specialist caseworker")
    MARAC_COORDINATOR = "marac_coordinator", _("MARAC coordinator")
    LIAISON_OFFICER = "liaison_officer", _("Sex-worker liaison officer")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")
    ANALYST = "analyst", _("Analyst")
    COMMISSIONER = "commissioner", _("Commissioner")
    RETURNS_OFFICER = "returns_officer", _("Returns officer")
    ACTION_PLAN_LEAD = "action_plan_lead", _("Action plan lead")
    PARTNERSHIP_BOARD = "partnership_board", _("Partnership board member")
    ADMINISTRATOR = "administrator", _("Administrator")


# Every partner agency has an action plan lead (who reports its progress on the actions it
# leads) and may have members of the partnership board; the providers the Combined Authority
# funds make their quarterly returns through a returns officer (decision 0033).
_PLAN = frozenset({Role.ACTION_PLAN_LEAD, Role.PARTNERSHIP_BOARD})
_PROVIDER = _PLAN | {Role.RETURNS_OFFICER}

# Which roles a user may hold at each kind of agency. Administrators may sit anywhere.
ROLES_BY_AGENCY_KIND: dict[str, frozenset[str]] = {
    AgencyKind.POLICE: _PLAN
    | {Role.POLICE_OFFICER, Role.MARAC_COORDINATOR, Role.LIAISON_OFFICER, Role.ANALYST},
    AgencyKind.IDVA_SERVICE: _PROVIDER | {Role.IDVA, Role.MARAC_COORDINATOR},
    AgencyKind.VICTIM_CARE_HUB: _PROVIDER | {Role.HUB_CASEWORKER, Role.ANALYST},
    AgencyKind.SPECIALIST_SERVICE: _PROVIDER | {Role.SPECIALIST_CASEWORKER, Role.IDVA},
    AgencyKind.SEX_WORKER_PROJECT: _PROVIDER | {Role.LIAISON_OFFICER, Role.SPECIALIST_CASEWORKER},
    AgencyKind.EDUCATION_PROVIDER: _PROVIDER | {Role.EDUCATION_PROVIDER},
    AgencyKind.COUNCIL: _PLAN | {Role.MARAC_COORDINATOR, Role.ANALYST, Role.EDUCATION_PROVIDER},
    AgencyKind.COMBINED_AUTHORITY: _PLAN | {Role.ANALYST, Role.COMMISSIONER},
}


def role_allowed_at(role: str, agency_kind: str) -> bool:
    return role == Role.ADMINISTRATOR or role in ROLES_BY_AGENCY_KIND.get(agency_kind, frozenset())


# Roles that work with individual survivors' records (case work).
CASEWORK_ROLES = frozenset(
    {
        Role.POLICE_OFFICER,
        Role.IDVA,
        Role.HUB_CASEWORKER,
        Role.SPECIALIST_CASEWORKER,
        Role.MARAC_COORDINATOR,
    }
)

# New accounts in these roles wait for a second administrator's approval: they read people's
# records (case work, intelligence passed to the police) or manage accounts. Every change of
# role, agency or email waits for approval whatever the role.
ROLES_NEEDING_APPROVAL = CASEWORK_ROLES | {Role.LIAISON_OFFICER, Role.ADMINISTRATOR}

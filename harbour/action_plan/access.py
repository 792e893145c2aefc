"""Who may do what with the action plan (see ``docs/action_plan.md`` and decision 0033).

- The plan names no survivor: every member of staff who works on it reads it (the progress
  page and the printable report), among them the **partnership board** and the **commissioner**.
  Administrators manage accounts, not the plan; a provider's returns officer makes returns only.
- Only an agency's **action plan lead** (``Role.ACTION_PLAN_LEAD``) records progress on the
  milestones of the actions that agency leads, and is reminded of them.
"""

from __future__ import annotations

from harbour.accounts.roles import Role

READER_ROLES = frozenset(Role.values) - {Role.ADMINISTRATOR, Role.RETURNS_OFFICER}
LEAD_ROLES = frozenset({Role.ACTION_PLAN_LEAD})


def is_reader(user) -> bool:
    agency = getattr(user, "agency", None)
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) in READER_ROLES
        and agency is not None
        and agency.is_active
    )


def is_lead(user) -> bool:
    """An action plan lead at an active agency (of any milestone its agency leads)."""
    return is_reader(user) and user.role in LEAD_ROLES


def may_update(user, milestone) -> bool:
    """The action plan lead of the agency that leads the milestone's action."""
    return is_lead(user) and milestone.action.lead_id == user.agency_id

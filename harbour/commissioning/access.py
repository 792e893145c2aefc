"""Who may do what in commissioning (see ``docs/commissioning.md`` and decision 0033).

- A **commissioner** (``Role.COMMISSIONER``, held only at the Combined Authority / PCC office):
  funds, contracts, budgets, every return, the figures and the open-data export.
- A provider's **returns officer** (``Role.RETURNS_OFFICER``) of the partnership agency behind
  the contracted organisation (``Organisation.agency``): that agency's contracts and their
  returns, nothing else. Caseworkers make no returns and see no contract.
"""

from __future__ import annotations

from harbour.accounts.roles import AgencyKind, Role

COMMISSIONER_ROLES = frozenset({Role.COMMISSIONER})
RETURN_ROLES = frozenset({Role.RETURNS_OFFICER})
# Everyone the commissioning pages may admit; each page narrows it by agency.
PAGE_ROLES = COMMISSIONER_ROLES | RETURN_ROLES


def is_commissioner(user) -> bool:
    agency = getattr(user, "agency", None)
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) in COMMISSIONER_ROLES
        and agency is not None
        and agency.kind == AgencyKind.COMBINED_AUTHORITY
        and agency.is_active
    )


def is_returns_officer(user) -> bool:
    agency = getattr(user, "agency", None)
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) in RETURN_ROLES
        and agency is not None
        and agency.is_active
    )


def may_submit_for(user, contract) -> bool:
    """Whether ``user`` returns figures for ``contract``: staff of its provider's agency."""
    agency_id = contract.organisation.agency_id
    return is_returns_officer(user) and agency_id is not None and agency_id == user.agency_id

"""Who may do what in prevention.

- An **education provider** (``Role.EDUCATION_PROVIDER``) runs its own agency's programmes:
  adds them, records their sessions and questionnaire answers, reads their results.
- The **commissioner** (``Role.COMMISSIONER``, at the Combined Authority / PCC office) reads
  every programme and its results, and changes nothing.
"""

from __future__ import annotations

from harbour.accounts.roles import AgencyKind, Role

PAGE_ROLES = frozenset({Role.EDUCATION_PROVIDER, Role.COMMISSIONER})


def is_educator(user) -> bool:
    agency = getattr(user, "agency", None)
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) == Role.EDUCATION_PROVIDER
        and agency is not None
        and agency.is_active
    )


def is_reader(user) -> bool:
    """The commissioner: reads every programme."""
    agency = getattr(user, "agency", None)
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "role", None) == Role.COMMISSIONER
        and agency is not None
        and agency.kind == AgencyKind.COMBINED_AUTHORITY
        and agency.is_active
    )


def may_run(user, programme) -> bool:
    return is_educator(user) and programme.agency_id == user.agency_id

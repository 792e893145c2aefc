"""The staff navigation's link to safety reports: for the liaison officer, and for specialist
caseworkers only at the sex-worker support project (the role alone is not enough: specialist
caseworkers at other services are refused by the pages, so they are not offered the link)."""

from __future__ import annotations

from dataclasses import dataclass

from harbour.accounts.roles import AgencyKind, Role
from harbour.core.navigation import NavItem


@dataclass(frozen=True)
class SafetyNavItem(NavItem):
    def allows(self, user) -> bool:
        role = getattr(user, "role", None)
        if role == Role.LIAISON_OFFICER:
            return True
        agency = getattr(user, "agency", None)
        return (
            role == Role.SPECIALIST_CASEWORKER
            and agency is not None
            and agency.kind == AgencyKind.SEX_WORKER_PROJECT
        )


@dataclass(frozen=True)
class SafetyFiguresNavItem(NavItem):
    """The published figures: for analysts and commissioners, and the project's caseworkers."""

    def allows(self, user) -> bool:
        if getattr(user, "role", None) == Role.ANALYST:
            return True
        return SafetyNavItem.allows(self, user) and user.role != Role.LIAISON_OFFICER

"""Settings of risk identification, with their defaults (see docs/risk.md)."""

from __future__ import annotations

from django.conf import settings

from harbour.accounts.roles import Role

# Which roles complete which tool (by the tool's key). A region that loads another tool (for
# example a force moving to DARA) names the roles that use it in HARBOUR_RISK_TOOL_ROLES.
DEFAULT_TOOL_ROLES: dict[str, tuple[str, ...]] = {
    "police-checklist": (Role.POLICE_OFFICER,),
    "practitioner-checklist": (
        Role.IDVA,
        Role.HUB_CASEWORKER,
        Role.SPECIALIST_CASEWORKER,
        Role.MARAC_COORDINATOR,
    ),
}


def tool_roles() -> dict[str, tuple[str, ...]]:
    configured = getattr(settings, "HARBOUR_RISK_TOOL_ROLES", None)
    roles = dict(DEFAULT_TOOL_ROLES)
    if configured:
        roles.update({key: tuple(value) for key, value in configured.items()})
    return roles


def roles_for_tool(key: str) -> tuple[str, ...]:
    return tool_roles().get(key, ())

"""Settings of risk identification, with their defaults (see docs/risk.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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


def parse_tool_roles(raw: str) -> dict[str, tuple[str, ...]]:
    """``"dara=police_officer; other-tool=idva,hub_caseworker"`` -> a mapping; a bad entry or
    an unknown role fails loudly."""
    roles: dict[str, tuple[str, ...]] = {}
    for entry in (part.strip() for part in raw.split(";")):
        if not entry:
            continue
        key, equals, names = entry.partition("=")
        chosen = tuple(name.strip() for name in names.split(",") if name.strip())
        unknown = sorted(set(chosen) - set(Role.values))
        if not equals or not key.strip() or unknown:
            raise ImproperlyConfigured(
                "HARBOUR_RISK_TOOL_ROLES must look like 'tool-key=role,role; other-key=role' "
                f"with roles among {', '.join(Role.values)}; {entry!r} is not."
            )
        roles[key.strip()] = chosen
    return roles


def tool_roles() -> dict[str, tuple[str, ...]]:
    configured = getattr(settings, "HARBOUR_RISK_TOOL_ROLES", "")
    roles = dict(DEFAULT_TOOL_ROLES)
    if isinstance(configured, str):
        roles.update(parse_tool_roles(configured))
    else:
        roles.update({key: tuple(value) for key, value in configured.items()})
    return roles


def roles_for_tool(key: str) -> tuple[str, ...]:
    return tool_roles().get(key, ())

"""Panels on administrators' home page: account changes waiting, and sign-in alerts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from harbour.accounts.queries import account_changes_for_approver, sign_in_alerts_recent
from harbour.accounts.roles import Role
from harbour.audit.models import Action
from harbour.core.navigation import HomePanel


def approvals_panel(user) -> HomePanel | None:
    if not user.has_role(Role.ADMINISTRATOR):
        return None
    waiting = account_changes_for_approver(user).count()
    return HomePanel(
        title=_("Account changes waiting for approval"),
        url=reverse("accounts:users"),
        count=waiting,
        description=_(
            "New accounts and changes of role, agency or email another administrator asked for."
        ),
        urgent=waiting > 0,
        order=11,
    )


def sign_in_alerts_panel(user) -> HomePanel | None:
    if not user.has_role(Role.ADMINISTRATOR):
        return None
    alerts = sign_in_alerts_recent()
    if not alerts:
        return None
    query = urlencode({"action": Action.SIGN_IN_FAILED, "flagged": "on"})
    return HomePanel(
        title=_("Failed sign-ins from many addresses"),
        url=f"{reverse('audit:search')}?{query}",
        count=alerts,
        description=_("Accounts whose sign-in Harbour slowed down in the last 24 hours."),
        urgent=True,
        order=12,
    )

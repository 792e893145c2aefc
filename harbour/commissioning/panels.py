"""The staff home page's panel: returns still to make (a provider's) or overdue (everyone's,
for the commissioner)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harbour.commissioning.access import is_commissioner, is_returns_officer
from harbour.commissioning.queries import contracts_for_user, returns_missing
from harbour.core.navigation import HomePanel


def returns_panel(user) -> HomePanel | None:
    commissioner = is_commissioner(user)
    if not commissioner and not (
        is_returns_officer(user) and contracts_for_user(user=user).exists()
    ):
        return None
    today = timezone.localdate()
    missing = returns_missing(user=user, today=today)
    overdue = [item for item in missing if item.overdue_on(today)]
    shown = overdue if commissioner else missing
    return HomePanel(
        title=_("Quarterly returns overdue") if commissioner else _("Quarterly returns to make"),
        url=reverse("commissioning:home"),
        count=len(shown),
        description=_("Returns of spend, referrals, people supported and outcomes."),
        urgent=bool(overdue),
        order=60,
        items=[
            (
                f"{item.contract.reference} {item.period_label}",
                reverse("commissioning:contract", args=[item.contract.public_id]),
            )
            for item in shown[:5]
        ],
    )

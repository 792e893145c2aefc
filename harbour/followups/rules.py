"""Rules of the 24-hour follow-up that need no database: the deadline, and what a scheme needs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.followups.conf import DEADLINE


def deadline_for(visited_at: datetime.datetime) -> datetime.datetime:
    """24 elapsed hours after the first police visit, in UTC.

    Adding a ``timedelta`` to a time in Europe/London adds wall-clock time (Python keeps the
    zone and its rules), which across a clock change is 23 or 25 real hours. The sum is done in
    UTC, so it is always 24 hours; shown in UK time it reads 23:xx or 01:xx beside the visit
    when the clocks change in between.
    """
    if timezone.is_naive(visited_at):
        raise ValueError("the visit time must carry its time zone")
    return visited_at.astimezone(datetime.UTC) + DEADLINE


@dataclass(frozen=True)
class ClockChange:
    """The clocks changed between the visit and the deadline, by ``hours`` (+1 in March)."""

    hours: int


def clock_change_between(start: datetime.datetime, end: datetime.datetime) -> ClockChange | None:
    before = timezone.localtime(start).utcoffset()
    after = timezone.localtime(end).utcoffset()
    if before == after:
        return None
    return ClockChange(hours=int((after - before).total_seconds() // 3600))


def scheme_errors(scheme) -> dict[str, str]:
    """What is wrong with a scheme's dates, IDVA service and sharing basis (as field errors)."""
    from harbour.accounts.roles import AgencyKind
    from harbour.people.models import SPECIAL_CATEGORY_DATA, DataCategory, Regime

    errors: dict[str, str] = {}
    if scheme.starts_on and scheme.ends_on and scheme.ends_on < scheme.starts_on:
        errors["ends_on"] = _("The scheme must end on or after the day it starts.")
    if scheme.idva_service_id and scheme.idva_service.kind != AgencyKind.IDVA_SERVICE:
        errors["idva_service"] = _("Choose an IDVA service.")
    categories = list(scheme.share_categories or [])
    if not categories or any(c not in DataCategory.values for c in categories):
        errors["share_categories"] = _("Give the kinds of information shared, from: %(codes)s.") % {
            "codes": ", ".join(DataCategory.values)
        }
    basis = scheme.share_basis if scheme.share_basis_id else None
    condition = scheme.share_condition if scheme.share_condition_id else None
    if basis is not None and (basis.regime != scheme.share_regime or not basis.is_active):
        errors["share_basis"] = _("Choose a lawful basis in use under the regime chosen.")
    special = bool(SPECIAL_CATEGORY_DATA.intersection(categories))
    criminal = DataCategory.CRIMINAL_OFFENCE in categories
    needs_condition = special or (criminal and scheme.share_regime != Regime.DPA_PART_3)
    if condition is None and needs_condition:
        errors["share_condition"] = _(
            "Special-category or criminal-offence information needs a condition."
        )
    if condition is not None:
        if condition.regime != scheme.share_regime or not condition.is_active:
            errors["share_condition"] = _("Choose a condition in use under the regime chosen.")
        elif not condition.applies_to(special_category=special, criminal_offence=criminal):
            errors["share_condition"] = _("That condition does not cover what is shared.")
        confirmed = list(scheme.share_preconditions_confirmed or [])
        if any(p not in confirmed for p in condition.preconditions):
            errors["share_preconditions_confirmed"] = _(
                "Confirm each precondition of the condition, word for word: the scheme's "
                "data-sharing agreement must cover every one."
            )
        if condition.requires_justification and not scheme.share_justification.strip():
            errors["share_justification"] = _("This condition needs a written justification.")
    return errors


def scheme_relies_on_agreement(scheme) -> bool:
    return bool(
        scheme.share_basis.relies_on_agreement
        or (scheme.share_condition_id and scheme.share_condition.relies_on_agreement)
    )

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


def repeated_hour(moment: datetime.datetime) -> str:
    """Whether ``moment``, shown in UK time, falls in the hour the clocks repeat when they go
    back (01:00 to 01:59 on the last Sunday of October): "before" (the first, BST), "after"
    (the second, GMT), or "" for any other time."""
    local = timezone.localtime(moment)
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() == local.utcoffset():
        return ""
    return "after" if local.fold else "before"


def uk_datetime(moment: datetime.datetime | None) -> str:
    """A time in UK time, like "25 October 2026, 23:30"; in the hour the clocks repeat, it
    says which: "25 October 2026, 01:30 GMT, after the clocks go back" (BST, before)."""
    if moment is None:
        return ""
    from django.utils.formats import date_format

    local = timezone.localtime(moment)
    text = date_format(local, "j F Y, H:i")
    which = repeated_hour(moment)
    if which == "after":
        return _("%(when)s GMT, after the clocks go back") % {"when": text}
    if which == "before":
        return _("%(when)s BST, before the clocks go back") % {"when": text}
    return text


# The sharing check's names (harbour.people.sharing.FIELDS) as the scheme's fields.
_SCHEME_FIELDS = {
    "categories": "share_categories",
    "basis": "share_basis",
    "condition": "share_condition",
    "preconditions": "share_preconditions_confirmed",
    "justification": "share_justification",
}


def scheme_errors(scheme) -> dict[str, str]:
    """What is wrong with a scheme's dates, IDVA service and sharing basis (as field errors)."""
    from harbour.accounts.roles import AgencyKind
    from harbour.people.models import DataCategory
    from harbour.people.sharing import footing_errors

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
    # The one sharing check (harbour.people.sharing), under the scheme's own field names; a
    # missing basis is the form's own error (the field is required).
    footing = footing_errors(
        regime=scheme.share_regime,
        basis=basis,
        condition=condition,
        categories=categories,
        preconditions_confirmed=scheme.share_preconditions_confirmed or [],
        justification=scheme.share_justification,
    )
    footing.pop("categories", None)  # reported above, with the codes to choose from
    if basis is None:
        footing.pop("basis", None)
    for name, message in footing.items():
        errors[_SCHEME_FIELDS[name]] = message
    return errors


def scheme_relies_on_agreement(scheme) -> bool:
    from harbour.people.sharing import relies_on_agreement

    return relies_on_agreement(
        basis=scheme.share_basis,
        condition=scheme.share_condition if scheme.share_condition_id else None,
    )

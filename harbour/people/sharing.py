"""Whether a lawful basis and condition allow a share: one check, used everywhere a footing for
sharing is chosen or recorded.

- a share through ``harbour.people.services.share_record`` (her record, a referral, a MARAC
  hearing, a follow-up);
- a follow-up scheme's recorded basis (``harbour.followups.rules.scheme_errors``);
- a MARAC's recorded basis for each regime (``harbour.marac.models.MaracSharingBasis.clean``),
  checked against everything a MARAC shares.

The rules (see ``docs/people.md``, "Sharing"):

1. something is shared, from the categories of ``DataCategory``;
2. the basis is in use and belongs to the regime;
3. special-category information (health, equality), and criminal-offence information under UK
   GDPR, needs a condition; under Part 3 offences are what law enforcement processes, so only
   sensitive processing (special-category information) needs one (s.35(3)-(5));
4. the condition is in use, belongs to the regime and covers what is shared;
5. each of the condition's preconditions is confirmed, word for word, and a condition that asks
   for one has a written justification.

Whether her agreement is needed (:func:`relies_on_agreement`) is part of the footing; whether a
given agreement will do (current, hers, naming the agency, explicit where the condition relies on
it) is :func:`agreement_errors`, given her record's agreement.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from harbour.people.models import (
    SPECIAL_CATEGORY_DATA,
    DataCategory,
    LawfulBasis,
    ProcessingCondition,
    Regime,
)

__all__ = [
    "FIELDS",
    "agreement_errors",
    "footing_errors",
    "needs_condition",
    "relies_on_agreement",
]

# The names under which footing_errors reports, in order.
FIELDS = ("categories", "basis", "condition", "preconditions", "justification")


def needs_condition(*, regime: str, categories: Iterable[str]) -> bool:
    """Whether sharing ``categories`` under ``regime`` needs a processing condition."""
    shared = set(categories)
    special = bool(SPECIAL_CATEGORY_DATA.intersection(shared))
    criminal = DataCategory.CRIMINAL_OFFENCE in shared
    return special or (criminal and regime != Regime.DPA_PART_3)


def relies_on_agreement(
    *, basis: LawfulBasis | None, condition: ProcessingCondition | None
) -> bool:
    """Whether the basis or the condition relies on her agreement."""
    return bool(
        (basis is not None and basis.relies_on_agreement)
        or (condition is not None and condition.relies_on_agreement)
    )


def footing_errors(
    *,
    regime: str,
    basis: LawfulBasis | None,
    condition: ProcessingCondition | None,
    categories: Iterable[str],
    preconditions_confirmed: Iterable[str] = (),
    justification: str = "",
) -> dict[str, str]:
    """What is wrong with sharing ``categories`` under ``regime`` on ``basis`` and ``condition``,
    as ``{name: message}`` with names from :data:`FIELDS`; empty when the footing holds.

    A missing ``basis`` is reported (every share needs one); callers whose forms require the
    basis separately may drop that message."""
    errors: dict[str, str] = {}
    shared = list(dict.fromkeys(categories))
    if not shared:
        errors["categories"] = _("Choose what is being shared.")
    elif any(c not in DataCategory.values for c in shared):
        errors["categories"] = _("Choose what is being shared from the list.")
    if basis is None:
        errors["basis"] = _("Choose a lawful basis.")
    elif not basis.is_active or basis.regime != regime:
        errors["basis"] = _("Choose a lawful basis in use under the regime chosen.")
    special = bool(SPECIAL_CATEGORY_DATA.intersection(shared))
    criminal = DataCategory.CRIMINAL_OFFENCE in shared
    if condition is None:
        if needs_condition(regime=regime, categories=shared):
            errors["condition"] = _(
                "Special-category or criminal-offence information needs a condition: choose one."
            )
        return errors
    if not condition.is_active or condition.regime != regime:
        errors["condition"] = _("Choose a condition in use under the regime chosen.")
    elif not condition.applies_to(special_category=special, criminal_offence=criminal):
        errors["condition"] = _("That condition does not cover the information chosen.")
    confirmed = set(preconditions_confirmed)
    if any(p not in confirmed for p in condition.preconditions):
        errors["preconditions"] = _("Confirm every precondition of the condition chosen.")
    if condition.requires_justification and not (justification or "").strip():
        errors["justification"] = _(
            "Explain why this condition applies, including why she was not asked."
        )
    return errors


def agreement_errors(
    *,
    basis: LawfulBasis | None,
    condition: ProcessingCondition | None,
    agreement,
    person_id: int,
    agency_id: int,
) -> dict[str, str]:
    """What is wrong with the agreement a footing relies on, as ``{"agreement": message}``;
    empty when the footing does not rely on her agreement or ``agreement`` will do: hers, not
    withdrawn, naming the agency, and explicit where the condition relies on it."""
    if not relies_on_agreement(basis=basis, condition=condition):
        return {}
    if agreement is None:
        return {"agreement": _("This basis relies on her agreement: choose it.")}
    if (
        agreement.person_id != person_id
        or not agreement.is_active
        or not agreement.agencies.filter(pk=agency_id).exists()
    ):
        return {"agreement": _("Her agreement must be current and name the agency.")}
    if condition is not None and condition.relies_on_agreement and not agreement.explicit:
        return {"agreement": _("This condition needs her explicit agreement.")}
    return {}

"""Every write in commissioning: funders, funds, contracts, budgets and quarterly returns.

Each function checks who is acting (``harbour.commissioning.access``) and raises
``PermissionDenied`` otherwise, validates, and writes in one transaction: bad input changes
nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.audit.services import Action, access_log
from harbour.commissioning.access import is_commissioner, may_submit_for
from harbour.commissioning.models import (
    Budget,
    Contract,
    Funder,
    FundingStream,
    QuarterlyReturn,
    ReturnSource,
    quarter_end,
    year_label,
)
from harbour.commissioning.spreadsheets import Problem, read_returns


def _commissioner(by) -> None:
    if not is_commissioner(by):
        raise PermissionDenied("only a commissioner may do this")


@transaction.atomic
def funder_create(*, name: str, identifier: str, website: str = "", by) -> Funder:
    _commissioner(by)
    funder = Funder(name=name, identifier=identifier, website=website)
    funder.full_clean()
    funder.save()
    access_log(user=by, action=Action.CREATE, record=funder, reason="commissioning")
    return funder


@transaction.atomic
def stream_create(
    *,
    funder: Funder,
    code: str,
    name: str,
    total: Decimal,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
    by,
) -> FundingStream:
    _commissioner(by)
    stream = FundingStream(
        funder=funder,
        code=code,
        name=name,
        description=description,
        total=total,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    stream.full_clean()
    stream.save()
    access_log(user=by, action=Action.CREATE, record=stream, reason="commissioning")
    return stream


def _check_contract(contract: Contract, services: Iterable, areas: Iterable) -> None:
    services = list(services)
    errors: dict[str, list[str]] = {}
    if not services:
        errors["services"] = [_("Choose at least one of the provider's services.")]
    elif any(service.organisation_id != contract.organisation_id for service in services):
        errors["services"] = [_("Choose only services the provider itself runs.")]
    if not list(areas):
        errors["areas"] = [_("Choose at least one area the contract serves.")]
    stream = contract.stream
    if (
        contract.starts_on
        and contract.ends_on
        and (contract.starts_on < stream.starts_on or contract.ends_on > stream.ends_on)
    ):
        errors.setdefault("ends_on", []).append(
            _("The contract must fall within the fund's dates (%(start)s to %(end)s).")
            % {"start": stream.starts_on.isoformat(), "end": stream.ends_on.isoformat()}
        )
    if contract.amount is not None:
        others = stream.contracts.exclude(pk=contract.pk).values_list("amount", flat=True)
        if sum(others, Decimal(0)) + contract.amount > stream.total:
            errors.setdefault("amount", []).append(
                _("The fund's contracts would add up to more than its total of £%(total)s.")
                % {"total": f"{stream.total:,.2f}"}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_create(
    *,
    stream: FundingStream,
    organisation,
    reference: str,
    title: str,
    description: str,
    services: Iterable,
    areas: Iterable,
    amount: Decimal,
    awarded_on: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    by,
) -> Contract:
    """Set up a contract with a directory organisation for some of its services."""
    _commissioner(by)
    services, areas = list(services), list(areas)
    contract = Contract(
        stream=FundingStream.objects.select_for_update().get(pk=stream.pk),
        organisation=organisation,
        reference=reference,
        title=title,
        description=description,
        amount=amount,
        awarded_on=awarded_on,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    contract.full_clean()
    _check_contract(contract, services, areas)
    contract.save()
    contract.services.set(services)
    contract.areas.set(areas)
    access_log(user=by, action=Action.CREATE, record=contract, reason="commissioning")
    return contract


@transaction.atomic
def budget_set(*, contract: Contract, year: int, amount: Decimal, by) -> Budget:
    """Set (or change) a contract's budget for one financial year."""
    _commissioner(by)
    years = {quarter[0] for quarter in contract.quarters()}
    if year not in years:
        raise ValidationError(
            {"year": _("The contract does not run in %(year)s.") % {"year": year_label(year)}}
        )
    others = contract.budgets.exclude(year=year).values_list("amount", flat=True)
    if sum(others, Decimal(0)) + amount > contract.amount:
        raise ValidationError(
            {
                "amount": _(
                    "The contract's budgets would add up to more than its award of £%(total)s."
                )
                % {"total": f"{contract.amount:,.2f}"}
            }
        )
    budget, _created = Budget.objects.update_or_create(
        contract=contract,
        year=year,
        defaults={"amount": amount, "set_by": by, "set_at": timezone.now()},
    )
    budget.full_clean()
    Contract.objects.filter(pk=contract.pk).update(modified_at=timezone.now())
    access_log(user=by, action=Action.UPDATE, record=contract, reason="budget")
    return budget


def _return_problems(
    contract: Contract, year: int, quarter: int, today: datetime.date
) -> list[str]:
    problems = []
    if (year, quarter) not in contract.quarters():
        problems.append(
            _("The contract does not run in %(period)s Q%(quarter)s.")
            % {"period": year_label(year), "quarter": quarter}
        )
    elif quarter_end(year, quarter) >= today:
        problems.append(_("A quarter can be returned only once it has ended."))
    if QuarterlyReturn.objects.filter(contract=contract, year=year, quarter=quarter).exists():
        problems.append(
            _("A return for %(period)s Q%(quarter)s has already been made.")
            % {"period": year_label(year), "quarter": quarter}
        )
    return problems


@transaction.atomic
def return_submit(
    *,
    contract: Contract,
    year: int,
    quarter: int,
    spend: Decimal,
    referrals_received: int,
    people_supported: int,
    outcomes_achieved: int,
    notes: str = "",
    by,
    source: str = ReturnSource.FORM,
) -> QuarterlyReturn:
    """Record a provider's return for one quarter of its contract."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not may_submit_for(by, contract):
        raise PermissionDenied("only the provider's staff return its figures")
    problems = _return_problems(contract, year, quarter, timezone.localdate())
    if problems:
        raise ValidationError(problems)
    record = QuarterlyReturn(
        contract=contract,
        year=year,
        quarter=quarter,
        spend=spend,
        referrals_received=referrals_received,
        people_supported=people_supported,
        outcomes_achieved=outcomes_achieved,
        notes=notes,
        source=source,
        submitted_by=by,
    )
    record.full_clean()
    record.save()
    access_log(user=by, action=Action.CREATE, record=record, reason="quarterly return")
    return record


class ImportRefused(Exception):
    """A file of returns with problems: nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def returns_import(*, name: str, data: bytes, by) -> list[QuarterlyReturn]:
    """Import every return in an uploaded spreadsheet, or none: ``ImportRefused`` lists every
    problem (a cell of the wrong type, an unknown contract or one of another provider, a quarter
    returned already or twice in the file, a formula, a file too large)."""
    parsed = read_returns(name=name, data=data)
    problems = list(parsed.problems)
    if any(problem.row is None for problem in problems):  # the file itself: no rows to check
        raise ImportRefused(problems)
    today = timezone.localdate()
    with transaction.atomic():
        references = {row.contract for row in parsed.rows}
        contracts = {
            contract.reference: contract
            for contract in Contract.objects.select_for_update()
            .select_related("organisation")
            .filter(reference__in=references)
        }
        seen: dict[tuple[str, int, int], int] = {}
        for row in parsed.rows:
            contract = contracts.get(row.contract)
            if contract is None or not may_submit_for(by, contract):
                # The same words for a contract that does not exist and one of another
                # provider: the file cannot be used to learn others' references.
                problems.append(
                    Problem(
                        row.row,
                        "contract",
                        _("“%(reference)s” is not a contract you return figures for")
                        % {"reference": row.contract},
                    )
                )
                continue
            key = (row.contract, row.year, row.quarter)
            if key in seen:
                problems.append(
                    Problem(
                        row.row,
                        "quarter",
                        _("the same quarter is on row %(row)s too") % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = row.row
            for message in _return_problems(contract, row.year, row.quarter, today):
                problems.append(Problem(row.row, "quarter", message))
        if problems:
            raise ImportRefused(sorted(problems, key=lambda problem: problem.row or 0))
        created = [
            return_submit(
                contract=contracts[row.contract],
                year=row.year,
                quarter=row.quarter,
                spend=row.spend,
                referrals_received=row.referrals_received,
                people_supported=row.people_supported,
                outcomes_achieved=row.outcomes_achieved,
                notes=row.notes,
                by=by,
                source=ReturnSource.UPLOAD,
            )
            for row in parsed.rows
        ]
    return created

"""Reads of commissioning records, each limited to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from harbour.audit.services import Action, access_log
from harbour.commissioning.access import is_commissioner, is_returns_officer
from harbour.commissioning.models import Contract, quarter_end, year_label

RETURN_DUE_DAYS = 30
"""A quarter's return is due this many days after the quarter ends."""


class ContractNotFound(Exception):
    """No such contract, or not one the user may see (the same answer for both)."""


def contracts_for_user(*, user) -> QuerySet[Contract]:
    contracts = Contract.objects.select_related("organisation", "stream", "stream__funder")
    if is_commissioner(user):
        return contracts.all()
    if is_returns_officer(user):
        return contracts.filter(organisation__agency=user.agency_id)
    return contracts.none()


def contract_get_for_user(*, user, contract_id: str) -> Contract:
    """The contract, if the user is a commissioner or on its provider's staff; a refusal is
    logged and answers as a contract that does not exist."""
    contract = contracts_for_user(user=user).filter(public_id=contract_id).first()
    if contract is None:
        access_log(
            user=user,
            action=Action.DENIED,
            record_type="commissioning.contract",
            record_id=contract_id[:40],
            reason="not a contract of the user's",
        )
        raise ContractNotFound(contract_id)
    return contract


@dataclass(frozen=True)
class DueReturn:
    contract: Contract
    year: int
    quarter: int
    due_on: datetime.date

    @property
    def period_label(self) -> str:
        return f"{year_label(self.year)} Q{self.quarter}"

    def overdue_on(self, today: datetime.date) -> bool:
        return self.due_on < today


def return_due_on(year: int, quarter: int) -> datetime.date:
    return quarter_end(year, quarter) + datetime.timedelta(days=RETURN_DUE_DAYS)


def returns_missing(*, user, today: datetime.date | None = None) -> list[DueReturn]:
    """Every ended quarter of the user's contracts with no return yet, oldest first."""
    today = today or timezone.localdate()
    missing = []
    for contract in contracts_for_user(user=user).prefetch_related("returns"):
        made = {(item.year, item.quarter) for item in contract.returns.all()}
        for year, quarter in contract.quarters():
            if quarter_end(year, quarter) >= today or (year, quarter) in made:
                continue
            missing.append(DueReturn(contract, year, quarter, return_due_on(year, quarter)))
    return sorted(missing, key=lambda item: (item.due_on, item.contract.reference))


def returns_overdue(*, user, today: datetime.date | None = None) -> list[DueReturn]:
    today = today or timezone.localdate()
    return [item for item in returns_missing(user=user, today=today) if item.overdue_on(today)]

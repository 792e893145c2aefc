"""Test factories for commissioning (synthetic data), for this app's and others' tests.

``contract_make(by=commissioner)`` sets up a funder, a fund and a contract with a provider of the
directory (a new one unless given) through the services, as a commissioner would.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from harbour.commissioning.models import Contract, FundingStream
from harbour.commissioning.services import contract_create, funder_create, stream_create
from harbour.directory.factories import LocalAuthorityFactory, OrganisationFactory, ServiceFactory

_numbers = itertools.count(1)


def stream_make(*, by, total: Decimal = Decimal("3000000"), starts_on=None, ends_on=None):
    number = next(_numbers)
    funder = funder_create(name=f"Funder {number}", identifier=f"GB-TEST-{number}", by=by)
    starts_on = starts_on or datetime.date(2025, 4, 1)
    return stream_create(
        funder=funder,
        code=f"fund-{number}",
        name=f"Fund {number}",
        total=total,
        starts_on=starts_on,
        ends_on=ends_on or datetime.date(starts_on.year + 3, 3, 31),
        by=by,
    )


def contract_make(
    *,
    by,
    stream: FundingStream | None = None,
    organisation=None,
    agency=None,
    reference: str | None = None,
    amount: Decimal = Decimal("300000"),
    areas=None,
    **kwargs,
) -> Contract:
    stream = stream or stream_make(by=by)
    organisation = organisation or OrganisationFactory(agency=agency)
    service = ServiceFactory(organisation=organisation)
    areas = areas or [LocalAuthorityFactory()]
    number = next(_numbers)
    values = {
        "reference": reference or f"C-{number}",
        "title": f"Contract {number}",
        "description": "Support for women and girls.",
        "services": [service],
        "areas": areas,
        "amount": amount,
        "awarded_on": stream.starts_on,
        "starts_on": stream.starts_on,
        "ends_on": stream.ends_on,
    }
    values.update(kwargs)
    return contract_create(stream=stream, organisation=organisation, by=by, **values)

"""Helpers for other apps' tests: synthetic people made through the services."""

from __future__ import annotations

import datetime
import itertools

from harbour.accounts.factories import UserFactory
from harbour.accounts.roles import Role

_counter = itertools.count(1)


def person_make(*, by=None, **values):
    """A synthetic person recorded by ``by`` (a new police officer if not given)."""
    from harbour.people.services import person_create

    n = next(_counter)
    by = by or UserFactory(role=Role.POLICE_OFFICER)
    defaults = {
        "given_name": "Test",
        "family_name": f"Person{n}",
        "date_of_birth": datetime.date(1990, 1, 1) + datetime.timedelta(days=n),
        "phone": f"07700 9{n:05d}",
        "address": f"{n} Example Street",
        "postcode": "L1 0XX",
    }
    defaults.update(values)
    return person_create(by=by, **defaults)

"""Rates (per 10,000, say) from a protected count table and published denominators."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from harbour.statistics.published import ProtectedTable
from harbour.statistics.rules import Reason
from harbour.statistics.tables import Text


def rates_per_10000(
    *,
    counts: ProtectedTable,
    denominators: Mapping[str, int | None],
    dimension: str,
    per: int = 10_000,
    decimals: int = 1,
    name: str | None = None,
    title: Text = "",
) -> ProtectedTable:
    """Rate of every cell of ``counts`` per ``per`` of the denominator of its category.

    ``denominators`` gives, for each category of ``dimension`` (e.g. GSS code -> women aged
    16+), the population the rate is of; the total's denominator is their sum. The rate uses the
    count *as published* (rounded, if the rules round): a rate from the true count, beside a
    published denominator, would give the true count back. A rate is withheld (``Reason.RATE``)
    where its count is withheld or under the rules' ``derived_minimum``, or its denominator is
    withheld, unknown or zero.
    """
    if per < 1 or decimals < 0:
        raise ValueError("per must be positive and decimals not negative")
    axis_dimension = counts.dimension(dimension)
    axis = counts.dimensions.index(axis_dimension)
    known = [denominators.get(key) for key in axis_dimension.categories]
    total = None if any(not value for value in known) else sum(known)  # type: ignore[arg-type]
    by_position = [*known, total]
    step = Decimal(1).scaleb(-decimals)

    shape = tuple(d.size + 1 for d in counts.dimensions)
    values = np.full(shape, None, dtype=object)
    reasons = np.full(shape, None, dtype=object)
    for position in np.ndindex(shape):
        cell = counts.cell_at(position)
        denominator = by_position[position[axis]]
        if cell.value is None or not denominator or cell.value < counts.rules.derived_minimum:
            reasons[position] = Reason.RATE
            continue
        rate = Decimal(cell.value) * per / Decimal(denominator)
        values[position] = rate.quantize(step, rounding=ROUND_HALF_UP)
    return ProtectedTable(
        name=name or f"{counts.name}_rate",
        title=title,
        dimensions=counts.dimensions,
        rules=counts.rules,
        values=values,
        reasons=reasons,
        rate_per=per,
    )

"""Figures derived from counts (shares, ratios, means, medians, model estimates), under the
output-checking rules of ``docs/statistics.md``:

1. worked out only from **protected** counts, as published (rounded, if the rules round);
2. withheld (``Reason.RATE``) where any count behind them is withheld;
3. withheld where fewer than ``rules.derived_minimum`` cases are behind them (10 by default,
   20 under the 10-5 rule);
4. no extreme values: no least or greatest value of a group is ever published; use bands;
5. a model estimate only with every count it rests on published and at least the minimum,
   and at least the minimum of residual degrees of freedom.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from harbour.statistics.published import PublishedCell
from harbour.statistics.rules import Reason, SuppressionRules


def _withheld(rules: SuppressionRules) -> PublishedCell:
    return PublishedCell(value=None, reason=Reason.RATE, marker=rules.marker)


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _base_ok(cells: Sequence[PublishedCell], base: int | None, rules: SuppressionRules) -> bool:
    if any(cell.value is None for cell in cells):
        return False
    return base is not None and base >= rules.derived_minimum


def ratio(
    numerator: PublishedCell,
    denominator: PublishedCell,
    *,
    rules: SuppressionRules,
    per: int = 1,
    decimals: int = 1,
) -> PublishedCell:
    """``numerator / denominator * per`` from two published counts (a share with ``per=100``)."""
    base = denominator.value
    if not _base_ok([numerator, denominator], base, rules):  # type: ignore[arg-type]
        return _withheld(rules)
    value = Decimal(numerator.value) * per / Decimal(base)  # type: ignore[arg-type]
    return PublishedCell(value=_round(value, decimals))


def share(
    part: PublishedCell,
    of: Sequence[PublishedCell],
    *,
    rules: SuppressionRules,
    decimals: int = 0,
) -> PublishedCell:
    """``part`` as a percentage of the sum of ``of`` (all published counts)."""
    if any(cell.value is None for cell in (part, *of)):
        return _withheld(rules)
    base = sum(cell.value for cell in of)  # type: ignore[misc]
    if base < rules.derived_minimum:
        return _withheld(rules)
    return PublishedCell(value=_round(Decimal(100) * part.value / base, decimals))  # type: ignore[operator]


def mean_from_bands(
    bands: Sequence[tuple[PublishedCell, Decimal | int]],
    *,
    rules: SuppressionRules,
    decimals: int = 1,
) -> PublishedCell:
    """A mean from published counts by band, each at its band's middle value."""
    cells = [cell for cell, _middle in bands]
    total = sum(cell.value or 0 for cell in cells)
    if not _base_ok(cells, total, rules):
        return _withheld(rules)
    value = sum(Decimal(cell.value) * Decimal(middle) for cell, middle in bands) / total  # type: ignore[arg-type]
    return PublishedCell(value=_round(value, decimals))


def median_band(
    bands: Sequence[tuple[PublishedCell, str]], *, rules: SuppressionRules
) -> str | None:
    """The label of the band holding the median, from published counts by band; None when a
    count is withheld or too few cases are behind it."""
    cells = [cell for cell, _label in bands]
    total = sum(cell.value or 0 for cell in cells)
    if not _base_ok(cells, total, rules):
        return None
    running = 0
    for cell, label in bands:
        running += cell.value  # type: ignore[operator]
        if 2 * running >= total:
            return label
    return bands[-1][1]


def estimate(
    value: Decimal,
    *,
    bases: Sequence[PublishedCell],
    rules: SuppressionRules,
    residual_df: int | None = None,
    decimals: int = 2,
) -> PublishedCell:
    """A model estimate (an evaluation's effect, say), published only when every count it rests
    on is published and at least the minimum, and it leaves enough residual degrees of freedom."""
    if any(cell.value is None or cell.value < rules.derived_minimum for cell in bases):
        return _withheld(rules)
    if residual_df is not None and residual_df < rules.derived_minimum:
        return _withheld(rules)
    return PublishedCell(value=_round(Decimal(value), decimals))

"""Disclosure control for every figure Harbour publishes.

Published counts come from fixed table sets declared in :mod:`harbour.statistics.registry`;
:func:`harbour.statistics.protect.protect_table_set` applies primary suppression, secondary
suppression and rounding to a whole set at once. See ``docs/statistics.md``.
"""

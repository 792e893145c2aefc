"""Reads of areas used by published statistics."""

from __future__ import annotations

from typing import Literal

from harbour.regions.models import LocalAuthority

Denominator = Literal["population_all_ages", "women_16_plus"]


def area_categories() -> list[tuple[str, str]]:
    """``(gss_code, name)`` of every area, by name: the categories of an "area" dimension."""
    return list(LocalAuthority.objects.values_list("gss_code", "name"))


def area_denominators(*, field: Denominator = "women_16_plus") -> dict[str, int | None]:
    """``{gss_code: population}`` for rates; ``None`` where an area's figure is unknown."""
    if field not in ("population_all_ages", "women_16_plus"):
        raise ValueError(f"{field!r} is not a population of an area")
    return dict(LocalAuthority.objects.values_list("gss_code", field))

"""Template helpers for published figures: ``{% load published_figures %}``.

``{{ cell|figure }}`` shows a cell (its value with thousands separators, or the marker);
``{% published_table table %}`` renders a protected table with its footnotes;
``{% release_header release %}`` says which period a release covers, when it was published,
how it was revised and why, and how much information protection cost.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from harbour.statistics.published import ProtectedTable, PublishedCell
from harbour.statistics.render import grid

register = template.Library()


@register.filter
def figure(cell: PublishedCell | None) -> str:
    if cell is not None and cell.structural:
        return str(cell)
    if cell is None or cell.value is None:
        return cell.marker if cell is not None else ""
    return number_format(cell.value, force_grouping=True)


@register.inclusion_tag("statistics/published_table.html")
def published_table(table: ProtectedTable, caption: str = "") -> dict[str, Any]:
    return {"grid": grid(table), "caption": caption or table.title}


@register.inclusion_tag("statistics/release_header.html")
def release_header(release, heading: str = "") -> dict[str, Any]:
    """``release`` is a :class:`harbour.statistics.releases.StoredRelease`."""
    return {
        "release": release,
        "heading": heading,
        "published": release.first_published,
        "notes": release.revision_notes(),
        "lost": release.information_lost_note(),
    }

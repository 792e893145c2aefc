"""Template filters of the follow-up pages."""

from __future__ import annotations

from django import template

from harbour.followups.rules import uk_datetime

register = template.Library()


@register.filter(name="uk_datetime")
def uk_datetime_filter(moment) -> str:
    """A time in UK time, saying which 01:30 it is on the night the clocks go back."""
    return uk_datetime(moment)

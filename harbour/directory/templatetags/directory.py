"""Template helpers for directory pages: ``{% load directory %}``."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from harbour.directory.choices import ACCESSIBILITY_NAMES, LANGUAGE_NAMES, Weekday
from harbour.directory.models import Schedule, Service

register = template.Library()

DAY_NAMES = dict(Weekday.choices)
EVERY_DAY = [day.value for day in Weekday]
WEEKDAYS = EVERY_DAY[:5]


@register.filter
def age_range(service: Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is None and high is None:
        return _("Any age")
    if high is None:
        return _("%(low)s and over") % {"low": low}
    if low is None or low == 0:
        return _("Up to %(high)s") % {"high": high}
    return _("%(low)s to %(high)s") % {"low": low, "high": high}


@register.filter
def language_names(codes: list[str]) -> str:
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in codes)


@register.filter
def accessibility_names(codes: list[str]) -> list[str]:
    return [str(ACCESSIBILITY_NAMES.get(code, code)) for code in codes]


@register.filter
def day_names(schedule: Schedule) -> str:
    days = schedule.days
    if days == EVERY_DAY:
        return _("Every day")
    if days == WEEKDAYS:
        return _("Monday to Friday")
    return ", ".join(str(DAY_NAMES[day]) for day in days)


@register.filter
def hours(schedule: Schedule) -> str:
    if (
        schedule.opens_at.hour == 0
        and schedule.opens_at.minute == 0
        and (schedule.closes_at.hour == 23 and schedule.closes_at.minute == 59)
    ):
        return _("24 hours")
    return f"{schedule.opens_at:%H:%M} – {schedule.closes_at:%H:%M}"

"""Sections other apps add to the person page (incidents, risk assessments, referrals...).

An app registers a provider in its ``AppConfig.ready()``; the provider takes the signed-in user
and the person she has read through ``person_get_for_user`` and returns a section, or ``None``
when it has nothing for her to see. Each provider applies its own need-to-know and logging::

    def incidents_section(user, person) -> PersonSection | None:
        ...
    register_person_section(incidents_section)

The template is rendered with the section's ``context`` plus ``person``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class PersonSection:
    title: str | Promise
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


SectionProvider = Callable[[object, object], PersonSection | None]
_providers: list[SectionProvider] = []


def register_person_section(provider: SectionProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def person_sections_for(*, user, person) -> list[PersonSection]:
    sections = (provider(user, person) for provider in _providers)
    return sorted((s for s in sections if s is not None), key=lambda s: s.order)
